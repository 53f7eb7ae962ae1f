// snappy: libsnappy (C++), so libstdc++, libgcc_s and libm: compress a buffer,
// check it, uncompress it, and compare.
#include <snappy.h>

#include <cstdio>
#include <string>

int main() {
  std::string input;
  for (int i = 0; i < 2000; i++) input += "dryad loads snappy " + std::to_string(i % 37) + "; ";
  std::string compressed;
  size_t n = snappy::Compress(input.data(), input.size(), &compressed);
  std::printf("input %zu bytes, compressed %zu bytes (returned %zu)\n", input.size(),
              compressed.size(), n);
  std::printf("valid: %d\n", (int)snappy::IsValidCompressedBuffer(compressed.data(), compressed.size()));
  size_t ulen = 0;
  snappy::GetUncompressedLength(compressed.data(), compressed.size(), &ulen);
  std::string output;
  bool ok = snappy::Uncompress(compressed.data(), compressed.size(), &output);
  std::printf("uncompressed %zu bytes (header says %zu), ok=%d, equal=%d\n", output.size(), ulen,
              (int)ok, (int)(output == input));
  std::string garbage = "not snappy at all";
  std::printf("garbage valid: %d\n", (int)snappy::IsValidCompressedBuffer(garbage.data(), garbage.size()));
  return output == input ? 0 : 1;
}

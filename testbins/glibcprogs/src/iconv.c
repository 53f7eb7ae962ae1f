/* iconv: character-set conversion through libc's gconv modules, which libc
 * dlopens from /usr/lib/x86_64-linux-gnu/gconv (EUC-JP's module brings its own
 * DT_NEEDED libJIS.so). */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

static void convert(const char *to, const char *from, const char *in, size_t inlen) {
  iconv_t cd = iconv_open(to, from);
  if (cd == (iconv_t)-1) {
    printf("%s <- %s: iconv_open failed: %s\n", to, from, strerror(errno));
    return;
  }
  char out[256];
  char *ip = (char *)in, *op = out;
  size_t il = inlen, ol = sizeof out;
  size_t r = iconv(cd, &ip, &il, &op, &ol);
  printf("%s <- %s: ", to, from);
  if (r == (size_t)-1) printf("error %s after %zu bytes", strerror(errno), inlen - il);
  else
    for (char *p = out; p < op; p++) printf("%02x", (unsigned char)*p);
  printf("\n");
  iconv_close(cd);
}

int main(void) {
  const char *utf8 = "Gr\xc3\xbc\xc3\x9f""e \xe2\x82\xac";
  convert("ISO-8859-15", "UTF-8", utf8, strlen(utf8));
  convert("UTF-16LE", "UTF-8", utf8, strlen(utf8));
  convert("UCS-4BE", "UTF-8", utf8, strlen(utf8));
  convert("CP1252", "UTF-8", utf8, strlen(utf8));
  const char *jp = "\xe6\x97\xa5\xe6\x9c\xac";  /* "Japan" in UTF-8 */
  convert("EUC-JP", "UTF-8", jp, strlen(jp));
  convert("SHIFT_JIS", "UTF-8", jp, strlen(jp));
  convert("ISO-8859-1", "UTF-8", "\xe2\x82\xac", 3); /* not representable */
  convert("NO-SUCH-CHARSET", "UTF-8", "x", 1);
  return 0;
}

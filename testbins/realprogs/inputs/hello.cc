#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

thread_local int tl = 7;

int main() {
  std::map<std::string, int> m{{"b", 2}, {"a", 1}, {"c", 3}};
  for (const auto &kv : m) std::cout << kv.first << "=" << kv.second << " ";
  std::cout << std::endl;
  int caught = 0;
  std::vector<std::thread> v;
  for (int i = 0; i < 4; i++)
    v.emplace_back([&caught, i] {
      tl += i;
      try {
        throw std::runtime_error("x" + std::to_string(i));
      } catch (const std::exception &) {
        __atomic_add_fetch(&caught, 1, __ATOMIC_SEQ_CST);
      }
    });
  for (auto &t : v) t.join();
  auto p = std::make_shared<std::string>("shared");
  std::cout << "caught=" << caught << " tl=" << tl << " " << *p << std::endl;
}

// exc: C++ exceptions across shared objects: thrown in libthrower.so and caught
// in main; thrown in main and passing through libthrower's frames; thrown in a
// dlopened plugin (and through it); rethrown across threads.
#include <dlfcn.h>

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <thread>

#include "thrower.h"

static void main_throws(int n) { throw std::logic_error("logic_error from main #" + std::to_string(n)); }

int main() {
  try {
    throw_runtime(1);
  } catch (const std::runtime_error &e) {
    std::printf("main caught runtime_error: %s\n", e.what());
  }
  try {
    throw_custom(2);
  } catch (const ThrowerError &e) {
    std::printf("main caught ThrowerError code %d: %s\n", e.code, e.what());
  }
  try {
    throw_int(3);
  } catch (int v) {
    std::printf("main caught int %d\n", v);
  }
  try {
    call_through(main_throws, 4);
  } catch (const std::logic_error &e) {
    std::printf("main caught logic_error through libthrower: %s\n", e.what());
  }
  std::printf("%s\n", catch_in_lib(main_throws, 5).c_str());

  void *h = dlopen("plugin_exc.so", RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    std::printf("dlopen failed: %s\n", dlerror());
    return 1;
  }
  auto plugin_throw = reinterpret_cast<void (*)(int)>(dlsym(h, "plugin_throw"));
  auto plugin_catch = reinterpret_cast<int (*)(void (*)(int), int)>(dlsym(h, "plugin_catch"));
  for (int kind = 0; kind < 3; kind++) {
    try {
      plugin_throw(kind);
    } catch (const ThrowerError &e) {
      std::printf("main caught ThrowerError from plugin code %d: %s\n", e.code, e.what());
    } catch (const std::out_of_range &) {
      std::printf("main caught out_of_range from plugin\n");
    }
  }
  std::printf("plugin_catch returned %d\n", plugin_catch(throw_custom, 9));

  std::exception_ptr ep;
  std::thread t([&ep] {
    try {
      throw_custom(11);
    } catch (...) {
      ep = std::current_exception();
    }
  });
  t.join();
  try {
    std::rethrow_exception(ep);
  } catch (const ThrowerError &e) {
    std::printf("main rethrew ThrowerError from a thread: code %d\n", e.code);
  }
  std::printf("uncaught_exceptions=%d\n", std::uncaught_exceptions());
  return 0;
}

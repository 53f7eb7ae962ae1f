// plugin_exc.so: dlopened by exc; throws a ThrowerError (type from
// libthrower.so, a DT_NEEDED of the plugin), a std::out_of_range from
// libstdc++, and passes exceptions through its own frames.
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "thrower.h"

extern "C" void plugin_throw(int kind) {
  switch (kind) {
    case 0: throw ThrowerError("ThrowerError from plugin", 77);
    case 1: {
      std::vector<int> v(3);
      (void)v.at(10);  // libstdc++ throws std::out_of_range
      break;
    }
    case 2: call_through(throw_custom, 5); break;
  }
}

extern "C" int plugin_catch(void (*cb)(int), int n) {
  try {
    cb(n);
  } catch (const ThrowerError &e) {
    std::printf("  plugin caught ThrowerError code %d: %s\n", e.code, e.what());
    return e.code;
  }
  return -1;
}

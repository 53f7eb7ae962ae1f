// plugin_tlsdtor.so: a dlopened plugin with a thread_local C++ object whose
// destructor runs at thread exit. Its __cxa_thread_atexit_impl registration
// keeps the plugin loaded (glibc counts it in the link map) until every such
// destructor has run, even after the last dlclose.
#include <cstdio>
#include <string>

namespace {
struct Obj {
  std::string name = "unset";
  ~Obj() { std::printf("plugin_tlsdtor: thread_local destructor for %s\n", name.c_str()); std::fflush(stdout); }
};
thread_local Obj obj;
}  // namespace

extern "C" void tlsdtor_touch(const char *who) { obj.name = who; }

__attribute__((destructor)) static void fini() { std::printf("plugin_tlsdtor: finaliser\n"); std::fflush(stdout); }

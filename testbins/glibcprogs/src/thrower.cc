#include "thrower.h"

#include <cstdio>

ThrowerError::ThrowerError(const std::string &what, int code)
    : std::runtime_error(what), code(code) {}
ThrowerError::~ThrowerError() {}

void throw_runtime(int n) { throw std::runtime_error("runtime_error from libthrower #" + std::to_string(n)); }
void throw_custom(int n) { throw ThrowerError("ThrowerError from libthrower", n); }
void throw_int(int n) { throw n; }

namespace {
struct Guard {
  int n;
  ~Guard() { std::printf("  libthrower: Guard %d destroyed during unwinding\n", n); }
};
}  // namespace

void call_through(void (*cb)(int), int n) {
  Guard g{n};
  cb(n);
  std::printf("  not reached\n");
}

std::string catch_in_lib(void (*cb)(int), int n) {
  try {
    cb(n);
  } catch (const std::exception &e) {
    return std::string("caught in libthrower: ") + e.what();
  }
  return "nothing thrown";
}

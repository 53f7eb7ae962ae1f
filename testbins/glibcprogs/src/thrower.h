// libthrower.so: C++ exceptions thrown in one shared object and caught in
// another. The unwinder (libgcc_s) finds each frame's FDE through
// _dl_find_object / dl_iterate_phdr; the catch matches type_info objects
// that live in libthrower.so (key function below).
#pragma once
#include <stdexcept>
#include <string>

struct ThrowerError : std::runtime_error {
  explicit ThrowerError(const std::string &what, int code);
  ~ThrowerError() override;  // the key function: vtable and typeinfo in libthrower.so
  int code;
};

void throw_runtime(int n);          // throws std::runtime_error
void throw_custom(int n);           // throws ThrowerError
void throw_int(int n);              // throws an int
// Calls cb inside a frame with a destructor; cb's exception passes through.
void call_through(void (*cb)(int), int n);
// Calls cb and catches std::exception itself; returns the message.
std::string catch_in_lib(void (*cb)(int), int n);

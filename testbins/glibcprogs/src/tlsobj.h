// libtlsobj.so: a shared library with a thread_local C++ object (constructor,
// destructor) and a __thread counter, reached from the library's PIC code
// through __tls_get_addr (general-dynamic) even though the library is loaded at
// startup (static TLS).
#pragma once
#include <string>
#include <vector>

extern __thread long lib_counter;
int lib_bump(int thread_id);                  // touches the thread_local object
void lib_log(const std::string &line);        // thread-safe log, shared with main
std::vector<std::string> lib_take_log();

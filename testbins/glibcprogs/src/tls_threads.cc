// tls_threads: several threads with __thread counters (executable and library)
// and thread_local C++ objects with constructors and destructors, in the
// executable and in libtlsobj.so. A thread_local destructor registers through
// __cxa_thread_atexit_impl, which keeps the defining object loaded
// (_dl_find_dso_for_object); the destructors run at thread exit, the main
// thread's at exit().
#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "tlsobj.h"

__thread long counter = 100;

struct Tracker {
  int id = -1;
  long n = 0;
  std::string name = "unnamed";  // heap-allocated when long: freed in the dtor
  Tracker() {}
  ~Tracker() {
    if (id == 0) {
      std::printf("main thread's thread_local dtor: n=%ld name=%s\n", n, name.c_str());
      return;
    }
    lib_log("exe thread_local dtor: thread " + std::to_string(id) + " n " + std::to_string(n) +
            " name " + name);
  }
};
thread_local Tracker tracker;

static void work(int id, long *out_counter, long *out_lib) {
  tracker.id = id;
  tracker.name = "a thread_local name long enough to live on the heap, thread " + std::to_string(id);
  for (int k = 0; k < 1000; k++) {
    counter++;
    tracker.n += id;
    if (k % 100 == 0) lib_bump(id);
  }
  *out_counter = counter;
  *out_lib = lib_counter;
}

int main() {
  const int n = 6;
  std::vector<long> counters(n + 1), libs(n + 1);
  std::vector<std::thread> threads;
  for (int i = 1; i <= n; i++) threads.emplace_back(work, i, &counters[i], &libs[i]);
  for (auto &t : threads) t.join();
  std::vector<std::string> log = lib_take_log();
  std::sort(log.begin(), log.end());
  for (const auto &l : log) std::printf("%s\n", l.c_str());
  for (int i = 1; i <= n; i++)
    std::printf("thread %d: counter %ld lib_counter %ld\n", i, counters[i], libs[i]);
  tracker.id = 0;
  tracker.n = 42;
  tracker.name = "main";
  lib_bump(0);
  std::printf("main: counter %ld lib_counter %ld\n", counter, lib_counter);
  return 0;
}

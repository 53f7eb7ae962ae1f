#include "tlsobj.h"

#include <mutex>

__thread long lib_counter;

namespace {
std::mutex mu;
std::vector<std::string> lines;

struct LibObj {
  int id = -1;
  int bumps = 0;
  LibObj() { ++constructed; }
  ~LibObj() {
    lib_log("lib thread_local dtor: thread " + std::to_string(id) + " bumps " +
            std::to_string(bumps));
  }
  static int constructed;
};
int LibObj::constructed;

thread_local LibObj obj;
}  // namespace

int lib_bump(int thread_id) {
  obj.id = thread_id;
  obj.bumps++;
  lib_counter += thread_id;
  return obj.bumps;
}

void lib_log(const std::string &line) {
  std::lock_guard<std::mutex> g(mu);
  lines.push_back(line);
}

std::vector<std::string> lib_take_log() {
  std::lock_guard<std::mutex> g(mu);
  std::vector<std::string> out;
  out.swap(lines);
  return out;
}

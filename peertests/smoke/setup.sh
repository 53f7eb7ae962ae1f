#!/usr/bin/env bash
# Prepares the scratch folder W that corpus.tsv's commands use.
# usage: setup.sh W
set -euo pipefail
W=$1
mkdir -p "$W/loc" "$W/gnupg" "$W/lo" "$W/home"
chmod 700 "$W/gnupg"
# A de_DE.UTF-8 locale of our own (LOCPATH), so the machine's locale list does not matter.
# localedef exits 1 on warnings even when it wrote the locale.
[ -d "$W/loc/de_DE.UTF-8" ] || localedef -i de_DE -f UTF-8 "$W/loc/de_DE.UTF-8" >/dev/null 2>&1 || [ -d "$W/loc/de_DE.UTF-8" ]
# C++: exceptions thrown and caught in four threads, thread_local, iostream.
cat > "$W/exc.cc" <<'C'
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>
thread_local int tl = 7;
int main() {
  int caught = 0;
  std::vector<std::thread> v;
  for (int i = 0; i < 4; i++)
    v.emplace_back([&caught, i] {
      tl += i;
      try { throw std::runtime_error("x"); } catch (const std::exception &) { __atomic_add_fetch(&caught, 1, 0); }
    });
  for (auto &t : v) t.join();
  std::cout << "caught=" << caught << " tl=" << tl << std::endl;
}
C
# Java: a thread pool (the JVM's libjvm, many threads, dlopen of its own libraries).
cat > "$W/Hello.java" <<'J'
import java.util.concurrent.*;
import java.util.stream.*;
public class Hello {
  public static void main(String[] a) throws Exception {
    ExecutorService ex = Executors.newFixedThreadPool(4);
    long s = 0;
    for (Future<Long> f : ex.invokeAll(IntStream.range(0, 8).mapToObj(i -> (Callable<Long>) () -> (long) i * i).collect(Collectors.toList())))
      s += f.get();
    ex.shutdown();
    System.out.println("java sum=" + s);
  }
}
J
printf '<html><body><h1>Hallo</h1><p>Gr\xc3\xbc\xc3\x9fe</p></body></html>\n' > "$W/in.html"

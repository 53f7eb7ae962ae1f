/* interp/trace.c: DRYAD_TRACE=FILE, a timeline of startup (book: docs/15-diagnostics.md).
 *
 * Writes the Chrome/Perfetto trace format (JSON "traceEvents", complete "X"
 * events in microseconds), which chrome://tracing, Perfetto's UI and
 * speedscope open: one event per object mapped, per object relocated, per
 * worker thread's share of the parallel relocation, for TLS setup and per
 * initialiser, with object names and counts. Nothing is recorded unless the
 * variable is set; the file is written just before the program starts.
 */
#include <asm/unistd.h>
#include <fcntl.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"

struct event {
  const char *name, *cat, *object;
  uint64_t ts, dur, count;
  int tid;
};

static struct event *events;
static uint32_t nevents, cap;
static const char *trace_path;

uint64_t dr_trace_now(void) {
  if (!trace_path) return 0;
  struct {
    long sec, nsec;
  } t;
  dr_syscall2(__NR_clock_gettime, 1 /* CLOCK_MONOTONIC */, &t);
  return (uint64_t)t.sec * 1000000 + (uint64_t)t.nsec / 1000;
}

void dr_trace_setup(struct dr_process *p) {
  const char *v = p->opt.secure ? 0 : dr_getenv(p, "DRYAD_TRACE");
  if (v && *v) trace_path = v;
}

bool dr_tracing(void) { return trace_path != 0; }

void dr_trace_event(const char *name, const char *cat, const char *object, uint64_t start,
                    uint64_t end, uint64_t count, int tid) {
  if (!trace_path) return;
  if (nevents == cap) {
    uint32_t ncap = cap ? 2 * cap : 256;
    struct event *e = dr_alloc(ncap * sizeof *e);
    for (uint32_t i = 0; i < nevents; i++) e[i] = events[i];
    events = e;
    cap = ncap;
  }
  events[nevents++] = (struct event){name, cat, object, start, end - start, count, tid};
}

/* JSON strings: object paths may hold quotes or backslashes. */
static uint64_t escape(char *out, uint64_t size, const char *s) {
  uint64_t n = 0;
  for (; s && *s && n + 7 < size; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') out[n++] = '\\', out[n++] = (char)c;
    else if (c < 0x20) n += (uint64_t)dr_snprintf(out + n, size - n, "\\u%04x", c);
    else out[n++] = (char)c;
  }
  out[n] = 0;
  return n;
}

void dr_trace_write(struct dr_process *p) {
  if (!trace_path) return;
  long fd = dr_syscall4(__NR_openat, -100, trace_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  int pid = (int)dr_syscall0(__NR_getpid);
  char line[2048], obj[1024];
  dr_write((int)fd, "{\"traceEvents\":[\n", 17);
  int k = dr_snprintf(line, sizeof line,
                      "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"args\":{\"name\":\"dryad: ", pid);
  escape(obj, sizeof obj, p->progname);
  k += dr_snprintf(line + k, sizeof line - (uint64_t)k, "%s\"}}", obj);
  dr_write((int)fd, line, (uint64_t)k);
  for (uint32_t i = 0; i < nevents; i++) {
    const struct event *e = &events[i];
    escape(obj, sizeof obj, e->object ? e->object : "");
    k = dr_snprintf(line, sizeof line,
                    ",\n{\"name\":\"%s%s%s\",\"cat\":\"%s\",\"ph\":\"X\",\"ts\":%lu,\"dur\":%lu,"
                    "\"pid\":%d,\"tid\":%d,\"args\":{\"object\":\"%s\",\"count\":%lu}}",
                    e->name, obj[0] ? " " : "", obj, e->cat, e->ts, e->dur ? e->dur : 1, pid,
                    e->tid ? e->tid : pid, obj, e->count);
    dr_write((int)fd, line, (uint64_t)k);
  }
  dr_write((int)fd, "\n]}\n", 4);
  dr_close((int)fd);
}

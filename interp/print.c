/* interp/print.c: a small printf for messages, before and without libc. */
#include <stdarg.h>

#include "dryad.h"

struct out {
  char *buf;
  uint64_t size, len;
};

static void put(struct out *o, char c) {
  if (o->len + 1 < o->size) o->buf[o->len] = c;
  o->len++;
}

static void puts_(struct out *o, const char *s) {
  if (!s) s = "(null)";
  while (*s) put(o, *s++);
}

static void putnum(struct out *o, uint64_t v, unsigned base, int width, char pad) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (width-- > n) put(o, pad);
  while (n) put(o, tmp[--n]);
}

static void format(struct out *o, const char *fmt, va_list ap) {
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      put(o, *fmt);
      continue;
    }
    fmt++;
    char pad = ' ';
    int width = 0;
    if (*fmt == '0') pad = '0', fmt++;
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    bool lng = false;
    while (*fmt == 'l' || *fmt == 'z') lng = true, fmt++;
    switch (*fmt) {
      case 's': puts_(o, va_arg(ap, const char *)); break;
      case 'c': put(o, (char)va_arg(ap, int)); break;
      case 'd': {
        int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
        if (v < 0) put(o, '-'), v = -v;
        putnum(o, (uint64_t)v, 10, width, pad);
        break;
      }
      case 'u': putnum(o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad); break;
      case 'x': putnum(o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad); break;
      case 'p': puts_(o, "0x"); putnum(o, (uint64_t)va_arg(ap, void *), 16, width, pad); break;
      case '%': put(o, '%'); break;
      default: put(o, '%'); put(o, *fmt); break;
    }
  }
}

int dr_vsnprintf(char *buf, uint64_t size, const char *fmt, va_list ap) {
  struct out o = {buf, size, 0};
  format(&o, fmt, ap);
  if (size) buf[o.len < size ? o.len : size - 1] = 0;
  return (int)o.len;
}

int dr_snprintf(char *buf, uint64_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = dr_vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

void dr_printf(int fd, const char *fmt, ...) {
  char buf[4096];
  struct out o = {buf, sizeof buf, 0};
  va_list ap;
  va_start(ap, fmt);
  format(&o, fmt, ap);
  va_end(ap);
  dr_write(fd, buf, o.len < sizeof buf ? o.len : sizeof buf - 1);
}

/* locale: the C.UTF-8 locale (loaded from /usr/lib/locale/C.utf8), multibyte
 * and wide-character conversion, classification and formatting. */
#define _GNU_SOURCE
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

int main(void) {
  const char *l = setlocale(LC_ALL, "C.UTF-8");
  printf("setlocale C.UTF-8: %s\n", l ? l : "(null)");
  printf("codeset: %s\n", nl_langinfo(CODESET));
  const char *s = "Gr\xc3\xbc\xc3\x9f""e \xe2\x82\xac \xe6\x97\xa5";
  wchar_t w[64];
  size_t n = mbstowcs(w, s, 64);
  printf("mbstowcs: %zu wide characters:", n);
  for (size_t i = 0; i < n; i++) printf(" U+%04X(w%d)", (unsigned)w[i], wcwidth(w[i]));
  printf("\n");
  printf("towupper(U+00FC)=U+%04X iswalpha(U+00DF)=%d MB_CUR_MAX=%d\n", (unsigned)towupper(0xfc),
         iswalpha(0xdf) != 0, (int)MB_CUR_MAX);
  char buf[128];
  struct tm tm;
  time_t t = 0;
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%c | %x | %A %B", &tm);
  printf("strftime: %s\n", buf);
  printf("strcoll(a,B)=%d\n", strcoll("a", "B") < 0 ? -1 : 1);
  l = setlocale(LC_ALL, "xx_NOSUCH.UTF-8");
  printf("setlocale xx_NOSUCH.UTF-8: %s\n", l ? l : "(null)");
  return 0;
}

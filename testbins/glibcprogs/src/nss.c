/* nss: name service switch lookups, which make libc dlopen libnss_files.so.2
 * (and, per /etc/nsswitch.conf, libnss_systemd.so.2, libnss_dns.so.2) through
 * ld.so's private entry points. */
#include <arpa/inet.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(void) {
  struct passwd *pw = getpwnam("root");
  if (pw) printf("getpwnam root: uid=%d gid=%d dir=%s shell=%s\n", (int)pw->pw_uid, (int)pw->pw_gid, pw->pw_dir, pw->pw_shell);
  else printf("getpwnam root: not found\n");
  pw = getpwuid(0);
  printf("getpwuid 0: %s\n", pw ? pw->pw_name : "not found");
  printf("getpwnam no-such-user-dryad: %s\n", getpwnam("no-such-user-dryad") ? "FOUND" : "not found");
  struct group *gr = getgrgid(0);
  printf("getgrgid 0: %s\n", gr ? gr->gr_name : "not found");

  struct addrinfo hints, *res;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  int rc = getaddrinfo("localhost", "80", &hints, &res);
  if (rc == 0) {
    char buf[64];
    struct sockaddr_in *sin = (struct sockaddr_in *)res->ai_addr;
    printf("getaddrinfo localhost: %s port %d\n", inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf), ntohs(sin->sin_port));
    freeaddrinfo(res);
  } else {
    printf("getaddrinfo localhost: %s\n", gai_strerror(rc));
  }
  struct hostent *he = gethostbyname("localhost");
  printf("gethostbyname localhost: %s\n", he ? he->h_name : "not found");
  struct protoent *pe = getprotobyname("tcp");
  printf("getprotobyname tcp: %d\n", pe ? pe->p_proto : -1);
  struct servent *se = getservbyname("ssh", "tcp");
  printf("getservbyname ssh: %d\n", se ? ntohs(se->s_port) : -1);
  return 0;
}

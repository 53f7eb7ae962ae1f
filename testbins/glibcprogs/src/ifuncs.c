/* ifuncs: which implementation libc's and libm's IFUNC resolvers picked, for
 * every STT_GNU_IFUNC symbol the two export, as an offset in the object, and
 * the cpu_features words the resolvers read (preferred[0], isa_1). The
 * resolvers choose from the loader's cpu_features, so a loader that fills it
 * differently from glibc's ld.so shows here: the same machine must give the
 * same lines under both. The output depends on the CPU, so this entry has no
 * expected file. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every IFUNC definition in the dynamic symbol table of the file at PATH, as
 * an offset from the object's base, which ANCHOR (an ordinary function of it)
 * finds. */
static int list(const char *soname, const char *path, const char *anchor) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) return perror(path), 1;
  const uint8_t *f = mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (f == MAP_FAILED) return perror(path), 1;
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f;
  const Elf64_Shdr *sh = (const Elf64_Shdr *)(f + eh->e_shoff);
  void *h = dlopen(soname, RTLD_NOW | RTLD_NOLOAD);
  if (!h) return fprintf(stderr, "ifuncs: %s\n", dlerror()), 1;
  Dl_info base;
  dladdr(dlsym(h, anchor), &base);
  for (int i = 0; i < eh->e_shnum; i++) {
    if (sh[i].sh_type != SHT_DYNSYM) continue;
    const Elf64_Sym *sym = (const Elf64_Sym *)(f + sh[i].sh_offset);
    const char *str = (const char *)(f + sh[sh[i].sh_link].sh_offset);
    for (size_t k = 0; k < sh[i].sh_size / sizeof *sym; k++) {
      if (ELF64_ST_TYPE(sym[k].st_info) != STT_GNU_IFUNC || sym[k].st_shndx == SHN_UNDEF) continue;
      void *p = dlsym(h, str + sym[k].st_name);
      Dl_info at;
      /* Some resolvers return the vDSO's function (time, gettimeofday). */
      if (p && dladdr(p, &at) && at.dli_fbase == base.dli_fbase)
        printf("%s %s +%#lx\n", soname, str + sym[k].st_name, (unsigned long)((char *)p - (char *)base.dli_fbase));
      else if (p)
        printf("%s %s outside %s\n", soname, str + sym[k].st_name, soname);
    }
  }
  return 0;
}

static int find(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  const char **want = arg;
  if (strstr(info->dlpi_name, want[0])) want[1] = info->dlpi_name;
  return 0;
}

int main(void) {
  /* libm is linked in: sin keeps it. */
  volatile double x = 0.5;
  if (__builtin_sin(x) < 0) return 2;
  const uint8_t *(*get)(void) = (const uint8_t *(*)(void))dlsym(RTLD_DEFAULT, "_dl_x86_get_cpu_features");
  if (get) {
    const uint8_t *cf = get();
    /* preferred[0] and isa_1, at their offsets in glibc 2.36's struct cpu_features */
    printf("preferred %#x isa_1 %#x\n", *(const unsigned *)(cf + 308), *(const unsigned *)(cf + 312));
  }
  const char *names[][3] = {{"libc.so.6", 0, "printf"}, {"libm.so.6", 0, "sin"}};
  for (int i = 0; i < 2; i++) {
    dl_iterate_phdr(find, names[i]);
    if (!names[i][1] || list(names[i][0], names[i][1], names[i][2])) return 1;
  }
  return 0;
}

/* core/bindcache.c: building and checking the binding cache's header. */
#include "bindcache.h"

uint64_t dr_bc_head_size(uint32_t nobjects) {
  return sizeof(struct dr_bc_header) + (uint64_t)nobjects * sizeof(struct dr_bc_object);
}

void dr_bc_make_header(struct dr_bc_header *head, const uint64_t key[4], uint32_t nobjects,
                       uint64_t nentries) {
  dr_memset(head, 0, sizeof *head);
  head->magic = DR_BC_MAGIC;
  head->version = DR_BC_VERSION;
  head->nobjects = nobjects;
  for (int i = 0; i < 4; i++) head->key[i] = key[i];
  head->nentries = nentries;
}

const char *dr_bc_check(const void *file, uint64_t size, const uint64_t key[4],
                        const struct dr_bc_ident *ids, uint32_t n,
                        const struct dr_bc_object **objs, const uint64_t **entries) {
  if ((uintptr_t)file % 8) return "misaligned";
  if (size < sizeof(struct dr_bc_header)) return "too short";
  const struct dr_bc_header *h = file;
  if (h->magic != DR_BC_MAGIC || h->version != DR_BC_VERSION) return "not a binding cache of this version";
  for (int i = 0; i < 4; i++)
    if (h->key[i] != key[i]) return "made by another dryad or with other options";
  if (h->nobjects != n) return "another set of objects";
  uint64_t head = dr_bc_head_size(n);
  /* Exactly the entries it announces: no overflow, nothing short, nothing after. */
  if (size < head || (size - head) % 8 || (size - head) / 8 != h->nentries) return "truncated";
  const struct dr_bc_object *o = (const void *)(h + 1);
  for (uint32_t i = 0; i < n; i++) {
    if (dr_memcmp(&o[i].id, &ids[i], sizeof ids[i]) != 0) return "an object changed";
    if (o[i].first > h->nentries || o[i].count > h->nentries - o[i].first ||
        o[i].plt_first > h->nentries || o[i].plt_count > h->nentries - o[i].plt_first)
      return "entries out of range";
  }
  *objs = o;
  *entries = (const uint64_t *)((const char *)file + head);
  return 0;
}

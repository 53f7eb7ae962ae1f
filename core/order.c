/* core/order.c: reverse-postorder depth-first sort, without recursion. */
#include "order.h"

bool dr_sort_init_order(const struct dr_graph *g, uint32_t *out, uint32_t *scratch) {
  size_t n = g->n;
  uint32_t *visited = scratch, *stack = scratch + n, *edge = scratch + 2 * n;
  for (size_t i = 0; i < n; i++) visited[i] = 0;
  for (size_t i = 0; i < n; i++)
    if (g->first[i] > g->first[i + 1]) return false;
  size_t head = n;  /* out is filled from the end */
  for (size_t top = n; top-- > 0;) {
    if (visited[top]) continue;
    size_t sp = 0;
    stack[sp] = (uint32_t)top;
    edge[sp] = g->first[top];
    visited[top] = 1;
    sp++;
    while (sp) {
      uint32_t v = stack[sp - 1];
      if (edge[sp - 1] < g->first[v + 1]) {
        uint32_t d = g->deps[edge[sp - 1]++];
        if (d >= n) return false;
        if (!visited[d] && d != 0) {
          visited[d] = 1;
          stack[sp] = d;
          edge[sp] = g->first[d];
          sp++;
        }
        continue;
      }
      out[--head] = v;
      sp--;
    }
    if (head == 0) break;
  }
  return head == 0;
}

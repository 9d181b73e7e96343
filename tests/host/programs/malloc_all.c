/* malloc_all.c - allocate 1 MiB blocks until malloc returns NULL (int80 run --memory).
 * Each block is kept reachable through a volatile pointer, so the compiler cannot drop
 * the allocation (an unused malloc may be assumed to succeed, looping forever). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static char *volatile keep;
int main(void){ size_t total=0; for(;;){ char *p = malloc(1<<20); if(!p) break; memset(p,1,1<<20); keep = p; total += 1<<20; } printf("malloc returned NULL after %zu MiB\n", total>>20); return 0; }

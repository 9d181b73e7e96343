/* int80 <stdlib.h>: wasi-libc's, plus the temporary-file functions it leaves
 * out because WASI has no temporary directory (libc/src/tmpname.c). */
#include_next <stdlib.h>
#ifndef _INT80_STDLIB_H
#define _INT80_STDLIB_H
#ifdef __cplusplus
extern "C" {
#endif
int mkstemp(char *);
int mkstemps(char *, int);
char *mkdtemp(char *);
#ifdef __cplusplus
}
#endif
#endif

/* int80 <stdlib.h>: wasi-libc's, plus the temporary-file functions it leaves
 * out because WASI has no temporary directory (libc/src/tmpname.c), and system(3),
 * which WASI leaves out because it has no processes. */
#include_next <stdlib.h>
#ifndef _INT80_STDLIB_H
#define _INT80_STDLIB_H
#ifdef __cplusplus
extern "C" {
#endif
int mkstemp(char *);
int mkstemps(char *, int);
char *mkdtemp(char *);
/* system(3): /bin/sh -c through fork/execve/waitpid (src/process.c) */
int system(const char *);
#if defined(_GNU_SOURCE) || defined(_BSD_SOURCE) || defined(_XOPEN_SOURCE) || defined(_POSIX_SOURCE) || !defined(__STRICT_ANSI__)
#include <bits/int80_waitstatus.h>
#endif
#ifdef __cplusplus
}
#endif
#endif

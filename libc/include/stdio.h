/* int80 <stdio.h>: wasi-libc's, plus what it leaves out because WASI has no
 * temporary directory and int80 has: L_tmpnam, TMP_MAX and P_tmpdir with
 * glibc's values, and tempnam (libc/src/tmpname.c); popen/pclose (libc/src/process.c). */
#include_next <stdio.h>
#ifndef _INT80_STDIO_H
#define _INT80_STDIO_H
#ifndef L_tmpnam
#define L_tmpnam 20
#endif
#ifndef TMP_MAX
#define TMP_MAX 238328
#endif
#if !defined(P_tmpdir) && (defined(_GNU_SOURCE) || defined(_BSD_SOURCE) || defined(_XOPEN_SOURCE) || !defined(__STRICT_ANSI__))
#define P_tmpdir "/tmp"
#endif
char *tempnam(const char *, const char *);
/* popen(3)/pclose(3): /bin/sh -c over a pipe (src/process.c); WASI leaves them out */
FILE *popen(const char *, const char *);
int pclose(FILE *);
#endif

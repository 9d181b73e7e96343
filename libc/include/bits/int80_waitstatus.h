/* int80: Linux's wait status layout (the W* macros), shared by <sys/wait.h> and, as in
 * glibc and musl, <stdlib.h> (system(3) returns such a status). */
#ifndef _INT80_WAITSTATUS_H
#define _INT80_WAITSTATUS_H
#define WEXITSTATUS(s) (((s) & 0xff00) >> 8)
#define WTERMSIG(s) ((s) & 0x7f)
#define WSTOPSIG(s) WEXITSTATUS(s)
#define WCOREDUMP(s) ((s) & 0x80)
#define WIFEXITED(s) (!WTERMSIG(s))
#define WIFSTOPPED(s) ((short)((((s) & 0xffff) * 0x10001U) >> 8) > 0x7f00)
#define WIFSIGNALED(s) (((s) & 0xffff) - 1U < 0xffu)
#define WIFCONTINUED(s) ((s) == 0xffff)
#endif

/* int80 <unistd.h>: wasi-libc's, plus what a Linux process has: getpid() without
 * the WASI deprecation, getppid(), syscall(). read/write/close/getpid trap. */
#ifndef _INT80_UNISTD_H
#define _INT80_UNISTD_H
#ifndef _WASI_EMULATED_GETPID
#define _WASI_EMULATED_GETPID 1
#define _INT80_DEFINED_EMULATED_GETPID
#endif
#include_next <unistd.h>
#ifdef _INT80_DEFINED_EMULATED_GETPID
#undef _WASI_EMULATED_GETPID
#undef _INT80_DEFINED_EMULATED_GETPID
#endif
#ifdef __cplusplus
extern "C" {
#endif
pid_t getppid (void);
uid_t getuid (void);
uid_t geteuid (void);
gid_t getgid (void);
gid_t getegid (void);
long syscall (long, ...);
int pipe (int [2]);
int pipe2 (int [2], int);
int dup (int);
int dup2 (int, int);
int dup3 (int, int, int);
int chown (const char *, uid_t, gid_t);
int fchown (int, uid_t, gid_t);
int lchown (const char *, uid_t, gid_t);
int fchownat (int, const char *, uid_t, gid_t, int);
int fchdir (int);
#ifdef __cplusplus
}
#endif
#endif

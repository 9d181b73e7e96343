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
/* credentials: setuid32(213) setgid32(214) setreuid32(203) setregid32(204) setresuid32(208)
 * setresgid32(210) getresuid32(209) getresgid32(211) getgroups32(205) setgroups32(206);
 * they trap and the kernel answers (src/sys_misc.c) */
int setuid (uid_t);
int setgid (gid_t);
int seteuid (uid_t);
int setegid (gid_t);
int setreuid (uid_t, uid_t);
int setregid (gid_t, gid_t);
int setresuid (uid_t, uid_t, uid_t);
int setresgid (gid_t, gid_t, gid_t);
int getresuid (uid_t *, uid_t *, uid_t *);
int getresgid (gid_t *, gid_t *, gid_t *);
int getgroups (int, gid_t []);
int setgroups (size_t, const gid_t *);
long syscall (long, ...);
int pipe (int [2]);
int pipe2 (int [2], int);
int dup (int);
int dup2 (int, int);
int dup3 (int, int, int);
/* processes (libc/src/process.c) */
pid_t fork (void);
pid_t _Fork (void);
pid_t vfork (void);
int execve (const char *, char *const [], char *const []);
int execv (const char *, char *const []);
int execle (const char *, const char *, ...);
int execl (const char *, const char *, ...);
int execvp (const char *, char *const []);
int execlp (const char *, const char *, ...);
int execvpe (const char *, char *const [], char *const []);
pid_t getpgrp (void);
pid_t getpgid (pid_t);
int setpgid (pid_t, pid_t);
int setpgrp (void);
pid_t setsid (void);
pid_t getsid (pid_t);
unsigned alarm (unsigned);
int pause (void);
int chown (const char *, uid_t, gid_t);
int fchown (int, uid_t, gid_t);
int lchown (const char *, uid_t, gid_t);
int fchownat (int, const char *, uid_t, gid_t, int);
int fchdir (int);
#ifdef __cplusplus
}
#endif
#endif

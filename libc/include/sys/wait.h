/* int80 <sys/wait.h>: Linux's wait status layout and options (wasi-libc has no
 * processes). wait/waitpid/wait3/wait4 trap as wait4 (nr 114), waitid as nr 284. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#ifdef __cplusplus
extern "C" {
#endif
#include <features.h>
#define __NEED_pid_t
#define __NEED_id_t
#include <bits/alltypes.h>
#include <signal.h>

typedef enum { P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3 } idtype_t;

#define WNOHANG    1
#define WUNTRACED  2
#define WSTOPPED   2
#define WEXITED    4
#define WCONTINUED 8
#define WNOWAIT    0x1000000
#define __WNOTHREAD 0x20000000
#define __WALL      0x40000000
#define __WCLONE    0x80000000

/* the status word: exit code in bits 8..15, the terminating signal in 0..6, 0x80 core */
#include <bits/int80_waitstatus.h>
#define W_EXITCODE(ret, sig) ((ret) << 8 | (sig))
#define W_STOPCODE(sig) ((sig) << 8 | 0x7f)
#define WCOREFLAG 0x80

struct rusage;
pid_t wait (int *);
pid_t waitpid (pid_t, int *, int);
int waitid (idtype_t, id_t, siginfo_t *, int);
pid_t wait3 (int *, int, struct rusage *);
pid_t wait4 (pid_t, int *, int, struct rusage *);

#ifdef __cplusplus
}
#endif
#endif

/* int80 <signal.h>: Linux i386 signal numbers and the sigaction API, replacing
 * wasi-libc's (which needs _WASI_EMULATED_SIGNAL). sigaction() traps to
 * rt_sigaction (nr 174) with the i386 kernel struct; handlers are function
 * table indices, which the host may call through the exported table. */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#ifdef __cplusplus
extern "C" {
#endif
#include <features.h>

#define __NEED_size_t
#define __NEED_pid_t
#define __NEED_uid_t
#define __NEED_struct_timespec
#define __NEED_time_t
#define __NEED_clock_t
#define __NEED_sigset_t
#include <bits/alltypes.h>

#define SIG_BLOCK     0
#define SIG_UNBLOCK   1
#define SIG_SETMASK   2

#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGIOT    SIGABRT
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPOLL   SIGIO
#define SIGPWR    30
#define SIGSYS    31
#define SIGUNUSED SIGSYS
#define _NSIG 65
#define NSIG _NSIG
#define SIGRTMIN 34
#define SIGRTMAX 64

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);
typedef sighandler_t __sighandler_t;
typedef sighandler_t sig_t;

#define SIG_ERR  ((void (*)(int))-1)
#define SIG_DFL  ((void (*)(int)) 0)
#define SIG_IGN  ((void (*)(int)) 1)
#define SIG_HOLD ((void (*)(int)) 2)

union sigval {
	int sival_int;
	void *sival_ptr;
};

typedef struct {
	int si_signo, si_errno, si_code;
	union {
		char __pad[128 - 3*sizeof(int)];
		struct { pid_t si_pid; uid_t si_uid; } __kill;
		struct { int si_timerid; int si_overrun; union sigval si_value; } __timer;
		struct { pid_t si_pid; uid_t si_uid; int si_status; long si_utime, si_stime; } __sigchld; /* i386 __kernel_clock_t: 32 bits */
		struct { void *si_addr; short si_addr_lsb; } __sigfault;
		struct { long si_band; int si_fd; } __sigpoll;
	} __si_fields;
} siginfo_t;
#define si_pid     __si_fields.__kill.si_pid
#define SI_USER    0
#define SI_KERNEL  0x80
#define SI_TKILL   (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define si_uid     __si_fields.__kill.si_uid
#define si_status  __si_fields.__sigchld.si_status
#define si_value   __si_fields.__timer.si_value
#define si_addr    __si_fields.__sigfault.si_addr
#define si_band    __si_fields.__sigpoll.si_band
#define si_fd      __si_fields.__sigpoll.si_fd

struct sigaction {
	union {
		void (*sa_handler)(int);
		void (*sa_sigaction)(int, siginfo_t *, void *);
	} __sa_handler;
	sigset_t sa_mask;
	int sa_flags;
	void (*sa_restorer)(void);
};
#define sa_handler   __sa_handler.sa_handler
#define sa_sigaction __sa_handler.sa_sigaction

#define SA_NOCLDSTOP  1
#define SA_NOCLDWAIT  2
#define SA_SIGINFO    4
#define SA_ONSTACK    0x08000000
#define SA_RESTART    0x10000000
#define SA_NODEFER    0x40000000
#define SA_RESETHAND  0x80000000
#define SA_RESTORER   0x04000000
#define SA_NOMASK     SA_NODEFER
#define SA_ONESHOT    SA_RESETHAND

void (*signal (int, void (*)(int)))(int);
void (*bsd_signal (int, void (*)(int)))(int);
int raise (int);
int kill (pid_t, int);
int killpg (pid_t, int);
int sigaction (int, const struct sigaction *__restrict, struct sigaction *__restrict);
int sigprocmask (int, const sigset_t *__restrict, sigset_t *__restrict);
int pthread_sigmask(int, const sigset_t *__restrict, sigset_t *__restrict);
int sigpending (sigset_t *);
int sigsuspend (const sigset_t *);
int sigtimedwait (const sigset_t *__restrict, siginfo_t *__restrict, const struct timespec *__restrict);
int sigwaitinfo (const sigset_t *__restrict, siginfo_t *__restrict);
int sigwait (const sigset_t *__restrict, int *__restrict);
int sigemptyset (sigset_t *);
int sigfillset (sigset_t *);
int sigaddset (sigset_t *, int);
int sigdelset (sigset_t *, int);
int sigismember (const sigset_t *, int);
int siginterrupt (int, int);
void psignal (int, const char *);
char *strsignal (int);

#ifdef __cplusplus
}
#endif
#endif

/* int80 signals: sigaction() is rt_sigaction (nr 174) with the i386 kernel's
 * struct k_sigaction { handler, flags, restorer, mask[2] } and an 8-byte set.
 * A handler is a function-table index (the host may call it through the
 * exported __indirect_function_table); SIG_DFL = 0, SIG_IGN = 1. */
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>
#include <unistd.h>
#include "int80.h"

struct k_sigaction {
	uint32_t handler;
	uint32_t flags;
	uint32_t restorer;
	uint32_t mask[2];
};

int sigaction(int sig, const struct sigaction *__restrict sa, struct sigaction *__restrict old)
{
	struct k_sigaction ksa, kold;
	long r;
	if (sa) {
		ksa.handler = (uint32_t)(uintptr_t)sa->sa_handler;
		ksa.flags = (uint32_t)sa->sa_flags;
		ksa.restorer = (uint32_t)(uintptr_t)sa->sa_restorer;
		memcpy(ksa.mask, &sa->sa_mask, sizeof ksa.mask);
	}
	r = __syscall4(__NR_rt_sigaction, sig, sa ? &ksa : 0, old ? &kold : 0, 8);
	if (r < 0)
		return __syscall_ret(r);
	if (old) {
		memset(old, 0, sizeof *old);
		old->sa_handler = (void (*)(int))(uintptr_t)kold.handler;
		old->sa_flags = (int)kold.flags;
		old->sa_restorer = (void (*)(void))(uintptr_t)kold.restorer;
		memcpy(&old->sa_mask, kold.mask, sizeof kold.mask);
	}
	return 0;
}

/* glibc's BSD semantics: SA_RESTART, the signal itself blocked in the handler. Weak, as
 * glibc's (a weak alias of __bsd_signal): a program may define its own signal(). */
__attribute__((weak)) void (*signal(int sig, void (*func)(int)))(int)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = func;
	sa.sa_flags = SA_RESTART;
	if (sig > 0 && sig < _NSIG)
		sigaddset(&sa.sa_mask, sig);
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

void (*bsd_signal(int sig, void (*func)(int)))(int) { return signal(sig, func); }

int sigprocmask(int how, const sigset_t *__restrict set, sigset_t *__restrict old)
{
	return __syscall_ret(__syscall4(__NR_rt_sigprocmask, how, set, old, 8));
}

int sigpending(sigset_t *set)
{
	return __syscall_ret(__syscall2(__NR_rt_sigpending, set, 8));
}

int sigsuspend(const sigset_t *mask)
{
	return __syscall_ret(__syscall2(__NR_rt_sigsuspend, mask, 8));
}

/* rt_sigtimedwait(2): the 64-bit timespec call (421), as glibc with 64-bit time_t; a
 * timespec that does not fit the old call is not needed then. */
int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info, const struct timespec *restrict ts)
{
	struct { int64_t tv_sec; int64_t tv_nsec; } k;
	if (ts) { k.tv_sec = ts->tv_sec; k.tv_nsec = ts->tv_nsec; }
	return __syscall_ret(__syscall4(__NR_rt_sigtimedwait_time64, set, info, ts ? &k : 0, 8));
}

int sigwaitinfo(const sigset_t *restrict set, siginfo_t *restrict info)
{
	return sigtimedwait(set, info, 0);
}

/* sigwait(3): the signal in *sig; an error number, not -1 (EINTR is retried, as glibc). */
int sigwait(const sigset_t *restrict set, int *restrict sig)
{
	int r;
	do r = __syscall4(__NR_rt_sigtimedwait_time64, set, 0, 0, 8); while (r == -4);
	if (r < 0) return __int80_errno_from_linux(-r);
	*sig = r;
	return 0;
}

int kill(pid_t pid, int sig)
{
	return __syscall_ret(__syscall2(__NR_kill, pid, sig));
}

int raise(int sig)
{
	return __syscall_ret(__syscall3(__NR_tgkill, __syscall0(__NR_getpid), __syscall0(__NR_gettid), sig));
}

int siginterrupt(int sig, int flag)
{
	struct sigaction sa;
	if (sigaction(sig, 0, &sa) < 0)
		return -1;
	if (flag) sa.sa_flags &= ~SA_RESTART;
	else sa.sa_flags |= SA_RESTART;
	return sigaction(sig, &sa, 0);
}

int sigemptyset(sigset_t *set) { memset(set, 0, sizeof *set); return 0; }
int sigfillset(sigset_t *set)
{
	/* all signals but glibc's internal 32 (SIGCANCEL) and 33 (SIGSETXID) */
	memset(set, 0, sizeof *set);
	set->__bits[0] = 0x7fffffffu;  /* bit 31 = signal 32 */
	set->__bits[1] = 0xfffffffeu;  /* bit 0 = signal 33 */
	return 0;
}

static int bad_sig(int sig)
{
	if (sig <= 0 || sig >= _NSIG) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (bad_sig(sig)) return -1;
	set->__bits[(sig - 1) / 32] |= 1ul << ((sig - 1) % 32);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad_sig(sig)) return -1;
	set->__bits[(sig - 1) / 32] &= ~(1ul << ((sig - 1) % 32));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (bad_sig(sig)) return -1;
	return !!(set->__bits[(sig - 1) / 32] & (1ul << ((sig - 1) % 32)));
}

/* glibc's sys_siglist */
static const char *const sigmsg[] = {
	[SIGHUP] = "Hangup",
	[SIGINT] = "Interrupt",
	[SIGQUIT] = "Quit",
	[SIGILL] = "Illegal instruction",
	[SIGTRAP] = "Trace/breakpoint trap",
	[SIGABRT] = "Aborted",
	[SIGBUS] = "Bus error",
	[SIGFPE] = "Floating point exception",
	[SIGKILL] = "Killed",
	[SIGUSR1] = "User defined signal 1",
	[SIGSEGV] = "Segmentation fault",
	[SIGUSR2] = "User defined signal 2",
	[SIGPIPE] = "Broken pipe",
	[SIGALRM] = "Alarm clock",
	[SIGTERM] = "Terminated",
	[SIGSTKFLT] = "Stack fault",
	[SIGCHLD] = "Child exited",
	[SIGCONT] = "Continued",
	[SIGSTOP] = "Stopped (signal)",
	[SIGTSTP] = "Stopped",
	[SIGTTIN] = "Stopped (tty input)",
	[SIGTTOU] = "Stopped (tty output)",
	[SIGURG] = "Urgent I/O condition",
	[SIGXCPU] = "CPU time limit exceeded",
	[SIGXFSZ] = "File size limit exceeded",
	[SIGVTALRM] = "Virtual timer expired",
	[SIGPROF] = "Profiling timer expired",
	[SIGWINCH] = "Window changed",
	[SIGIO] = "I/O possible",
	[SIGPWR] = "Power failure",
	[SIGSYS] = "Bad system call",
};

char *strsignal(int sig)
{
	static char buf[32];
	if (sig > 0 && sig < (int)(sizeof sigmsg / sizeof sigmsg[0]) && sigmsg[sig])
		return (char *)sigmsg[sig];
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		snprintf(buf, sizeof buf, "Real-time signal %d", sig - SIGRTMIN);
		return buf;
	}
	snprintf(buf, sizeof buf, "Unknown signal %d", sig);
	return buf;
}

void psignal(int sig, const char *s)
{
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strsignal(sig));
	else
		fprintf(stderr, "%s\n", strsignal(sig));
}

/* abort(3) is in process.c (raise SIGABRT, then the default action: status 134). */

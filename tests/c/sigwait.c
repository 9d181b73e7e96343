/* sigwait: rt_sigtimedwait(2) through sigtimedwait/sigwaitinfo/sigwait as Linux answers:
 * a pending signal of the set is taken at once (blocked or not) with its siginfo; a zero
 * timeout gives EAGAIN, a timeout that passes too; a signal sent while waiting (by a
 * child) ends the wait; a blocked signal whose default action kills is taken, not fatal;
 * a caught signal outside the set interrupts the wait with EINTR after its handler;
 * other pending signals stay pending; bad set size, pointer or timespec are errors. */
#include "common.h"
#include <sys/wait.h>
#include <time.h>

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void show(const char *what, int r, siginfo_t *si, pid_t from)
{
	if (r < 0) { printf("%s = -1 %s\n", what, errname(errno)); return; }
	printf("%s = %s", what, strsignal(r));
	if (si) printf(" (si_signo %s, si_code %d, from the expected pid %d)", strsignal(si->si_signo), si->si_code, si->si_pid == from);
	printf("\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOFBF, 0);
	sigset_t set, block, pend;
	siginfo_t si;
	struct timespec zero = {0, 0}, short_ts = {0, 50000000}, bad = {0, 1000000000}, neg = {-1, 0};
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, NULL);

	SECTION("pending");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	kill(getpid(), SIGUSR1);
	memset(&si, 0, sizeof si);
	show("sigtimedwait({USR1}, 0) after kill", sigtimedwait(&set, &si, &zero), &si, getpid());
	errno = 0;
	show("sigtimedwait({USR1}, 0) again", sigtimedwait(&set, &si, &zero), NULL, 0);
	show("sigtimedwait({USR1}, 50 ms)", sigtimedwait(&set, &si, &short_ts), NULL, 0);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	show("sigwaitinfo({USR2}) with USR1 and USR2 pending", sigwaitinfo(&set, &si), &si, getpid());
	sigpending(&pend);
	printf("still pending: USR1 %d, USR2 %d\n", sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2));
	int sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	int w = sigwait(&set, &sig);
	printf("sigwait({USR1}) = %d, sig %s\n", w, strsignal(sig));

	SECTION("errors");
	show("sigtimedwait(bad nsec)", sigtimedwait(&set, &si, &bad), NULL, 0);
	show("sigtimedwait(negative sec)", sigtimedwait(&set, &si, &neg), NULL, 0);
	errno = 0;
	int r = syscall(SYS_rt_sigtimedwait, &set, NULL, NULL, 4);
	printf("rt_sigtimedwait(sigsetsize 4) = %d %s\n", r, errname(errno));
	errno = 0;
	r = syscall(SYS_rt_sigtimedwait, BADPTR1, NULL, NULL, 8);
	printf("rt_sigtimedwait(bad set) = %d %s\n", r, errname(errno));
	kill(getpid(), SIGUSR1);
	errno = 0;
	r = syscall(SYS_rt_sigtimedwait, &set, BADPTR1, NULL, 8);
	printf("rt_sigtimedwait(bad info) = %d %s\n", r, errname(errno));
	sigpending(&pend);
	printf("USR1 pending after the bad info: %d\n", sigismember(&pend, SIGUSR1));

	SECTION("waiting");
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		usleep(50000);
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	show("sigwaitinfo({USR2}) until the child sends it", sigwaitinfo(&set, &si), &si, child);
	waitpid(child, NULL, 0);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		usleep(50000);
		kill(getppid(), SIGTERM);
		_exit(0);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	struct timespec ten = {10, 0};
	show("sigtimedwait({TERM}, 10 s), TERM blocked", sigtimedwait(&set, &si, &ten), &si, child);
	waitpid(child, NULL, 0);

	SECTION("interrupted");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_REAL, &it, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	show("sigtimedwait({USR1}, 10 s) with SIGALRM caught (SA_RESTART)", sigtimedwait(&set, &si, &ten), NULL, 0);
	printf("alarms handled: %d\n", alarms);
	setitimer(ITIMER_REAL, &it, NULL);
	show("sigwaitinfo({USR1}) with SIGALRM caught", sigwaitinfo(&set, &si), NULL, 0);
	printf("alarms handled: %d\n", alarms);
	return 0;
}

/* fork_wait: fork(2), the exit statuses wait(2) reports, and what a child inherits.
 * Children that exit with codes, are killed by signals, abort(); waitpid/wait4/waitid
 * with WNOHANG, WNOWAIT, pid selectors and their errors; memory isolation; a socket
 * shared by parent and child (O_NONBLOCK shared, FD_CLOEXEC kept, open until both
 * close); signal dispositions inherited, pending signals not; stdio buffers copied. */
#include "common.h"
#include <sys/wait.h>

static void show_status(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited, status %d (raw %#x)\n", what, WEXITSTATUS(st), st);
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d, core %d (raw %#x)\n", what, WTERMSIG(st), WCOREDUMP(st) ? 1 : 0, st);
	else
		printf("%s: other (raw %#x)\n", what, st);
}

/* stdout is a file when recorded: flush before fork, or the child's exit() writes a copy */
static pid_t xfork(void)
{
	fflush(stdout);
	return fork();
}

static pid_t spawn_exit(int code)
{
	pid_t p = xfork();
	if (p == 0) _exit(code);
	return p;
}

static int counter = 1;
static int exiting_parent;
static void at_first(void) { if (!exiting_parent) printf("atexit: first registered, runs last\n"); }
static void at_second(void) { if (!exiting_parent) printf("atexit: second registered, runs first\n"); }
static volatile sig_atomic_t got_usr1;
static void on_usr1(int s) { (void)s; got_usr1++; }

int main(void)
{
	int st, r;
	pid_t p, w;

	SECTION("exit codes");
	int codes[] = { 0, 1, 42, 255, 256 + 7 };
	for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		p = spawn_exit(codes[i]);
		w = waitpid(p, &st, 0);
		char what[32];
		snprintf(what, sizeof what, "_exit(%d)", codes[i]);
		printf("waitpid -> %s\n", w == p ? "the child" : "?");
		show_status(what, st);
	}
	p = xfork();
	if (p == 0) exit(3); /* exit() runs atexit handlers and flushes stdio first */
	waitpid(p, &st, 0);
	show_status("exit(3)", st);
	p = xfork();
	if (p == 0) return 9; /* returning from main */
	waitpid(p, &st, 0);
	show_status("return 9 from main", st);

	SECTION("killed");
	p = xfork();
	if (p == 0) { raise(SIGTERM); _exit(0); }
	waitpid(p, &st, 0);
	show_status("raise(SIGTERM)", st);
	p = xfork();
	if (p == 0) { close(2); abort(); } /* (qemu-user reports the signal on stderr) */
	waitpid(p, &st, 0);
	show_status("abort()", st);
	p = xfork();
	if (p == 0) { for (;;) pause(); }
	CHECK(kill(p, SIGKILL));
	waitpid(p, &st, 0);
	show_status("kill(child, SIGKILL)", st);
	p = xfork();
	if (p == 0) { for (;;) pause(); }
	CHECK(kill(p, SIGUSR2));
	waitpid(p, &st, 0);
	show_status("kill(child, SIGUSR2)", st);
	p = xfork();
	if (p == 0) {
		signal(SIGABRT, SIG_IGN); /* abort() still ends the process */
		close(2);
		abort();
	}
	waitpid(p, &st, 0);
	show_status("abort() with SIGABRT ignored", st);

	SECTION("wait variants");
	p = spawn_exit(5);
	w = wait(&st);
	printf("wait -> %s\n", w == p ? "the child" : "?");
	show_status("wait", st);
	p = spawn_exit(6);
	w = wait4(p, NULL, 0, NULL);
	printf("wait4(p, NULL, 0, NULL) -> %s\n", w == p ? "the child" : "?");
	p = xfork();
	if (p == 0) { pause(); _exit(0); }
	CHECK(waitpid(p, &st, WNOHANG));
	CHECK(kill(p, SIGTERM));
	w = waitpid(p, &st, 0);
	show_status("after WNOHANG", st);
	p = spawn_exit(7);
	siginfo_t si;
	memset(&si, 0x55, sizeof si);
	r = waitid(P_PID, p, &si, WEXITED | WNOWAIT);
	printf("waitid(P_PID, WEXITED|WNOWAIT) -> %d signo=%d code=%d pid=%s status=%d\n", r, si.si_signo, si.si_code,
	       si.si_pid == p ? "the child" : "?", si.si_status);
	memset(&si, 0x55, sizeof si);
	r = waitid(P_ALL, 0, &si, WEXITED);
	printf("waitid(P_ALL, WEXITED) -> %d signo=%d code=%d pid=%s status=%d\n", r, si.si_signo, si.si_code,
	       si.si_pid == p ? "the child" : "?", si.si_status);
	p = xfork();
	if (p == 0) { pause(); _exit(0); }
	memset(&si, 0x55, sizeof si);
	r = waitid(P_PID, p, &si, WEXITED | WNOHANG);
	printf("waitid(WNOHANG) with the child running -> %d signo=%d pid=%d\n", r, si.si_signo, si.si_pid);
	kill(p, SIGKILL);
	memset(&si, 0x55, sizeof si);
	r = waitid(P_PID, p, &si, WEXITED);
	printf("waitid after SIGKILL -> %d signo=%d code=%d status=%d\n", r, si.si_signo, si.si_code, si.si_status);
	p = spawn_exit(8);
	w = waitpid(0, &st, 0); /* any child in my process group */
	printf("waitpid(0) -> %s\n", w == p ? "the child" : "?");
	p = spawn_exit(9);
	w = waitpid(-getpgrp(), &st, 0);
	printf("waitpid(-getpgrp()) -> %s\n", w == p ? "the child" : "?");

	SECTION("wait errors");
	CHECK(wait(&st));
	CHECK(waitpid(-1, &st, WNOHANG));
	CHECK(waitpid(getpid(), &st, 0));
	CHECK(waitpid(1, &st, 0));
	CHECK(waitpid(-1, &st, 0x10000));
	CHECK(waitid(P_ALL, 0, &si, 0));
	CHECK(waitid(P_ALL, 0, &si, WEXITED | 0x10000));
	CHECK(waitid(7, 0, &si, WEXITED));
	CHECK(waitid(P_PID, 0, &si, WEXITED));
	p = spawn_exit(4);
	CHECK(waitpid(p, (int *)BADPTR1, 0));
	CHECK(waitpid(p, &st, 0));

	SECTION("memory after fork");
	p = xfork();
	if (p == 0) {
		counter = 100;
		printf("child: counter %d\n", counter);
		fflush(stdout);
		_exit(0);
	}
	waitpid(p, &st, 0);
	printf("parent: counter %d\n", counter);

	SECTION("a socket shared by parent and child");
	signal(SIGPIPE, SIG_IGN);
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(fcntl(sv[0], F_SETFD, FD_CLOEXEC));
	p = xfork();
	if (p == 0) {
		printf("child: F_GETFD -> %d\n", fcntl(sv[0], F_GETFD));
		fcntl(sv[0], F_SETFL, O_NONBLOCK); /* the file is shared: the parent sees it */
		write(sv[0], "from child", 10);
		close(sv[0]);
		fflush(stdout);
		_exit(0);
	}
	waitpid(p, &st, 0);
	r = fcntl(sv[0], F_GETFL);
	printf("parent: O_NONBLOCK set by the child: %s\n", (r & O_NONBLOCK) ? "yes" : "no");
	char buf[32];
	CHECK(read(sv[1], buf, sizeof buf));
	CHECK(close(sv[0]));
	CHECK(read(sv[1], buf, sizeof buf)); /* both copies closed: EOF */
	CHECK(close(sv[1]));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	p = xfork();
	if (p == 0) {
		close(sv[1]);
		char c;
		ssize_t n = read(sv[0], &c, 1); /* the parent closed its copy; the child's keeps it open */
		printf("child: read -> %d '%c'\n", (int)n, n == 1 ? c : '?');
		fflush(stdout);
		_exit(0);
	}
	CHECK(close(sv[0]));
	CHECK(write(sv[1], "x", 1));
	waitpid(p, &st, 0);
	CHECK(write(sv[1], "y", 1) < 0 ? -1 : 0); /* the last reader is gone */
	CHECK(close(sv[1]));

	SECTION("signals across fork");
	signal(SIGUSR1, on_usr1);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR1); /* pending in the parent, not in the child */
	p = xfork();
	if (p == 0) {
		sigset_t pend;
		struct sigaction sa;
		sigpending(&pend);
		sigaction(SIGPIPE, NULL, &sa);
		printf("child: SIGUSR1 pending %d, SIGPIPE ignored %d, got_usr1 %d\n", sigismember(&pend, SIGUSR1),
		       sa.sa_handler == SIG_IGN, (int)got_usr1);
		sigprocmask(SIG_SETMASK, &old, NULL);
		printf("child: after unblocking, got_usr1 %d\n", (int)got_usr1);
		fflush(stdout);
		_exit(0);
	}
	waitpid(p, &st, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("parent: after unblocking, got_usr1 %d\n", (int)got_usr1);

	SECTION("SIGCHLD ignored or SA_NOCLDWAIT: children are reaped at once");
	signal(SIGCHLD, SIG_IGN);
	p = spawn_exit(1);
	CHECK(wait(&st)); /* waits until the child is gone, then there is none */
	signal(SIGCHLD, SIG_DFL);
	struct sigaction nocld;
	memset(&nocld, 0, sizeof nocld);
	nocld.sa_handler = SIG_DFL;
	nocld.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &nocld, NULL);
	p = spawn_exit(2);
	errno = 0;
	w = waitpid(p, &st, 0); /* ECHILD: qemu-user gets this one wrong (it returns the child); the
				      expected output has the kernel's answer, from the x86_64 build */
	printf("SA_NOCLDWAIT: waitpid -> %s\n", w == p ? "the child" : errname(errno));
	nocld.sa_flags = 0;
	sigaction(SIGCHLD, &nocld, NULL);
	p = spawn_exit(3);
	w = waitpid(p, &st, 0);
	printf("default SIGCHLD again: waitpid -> %s, status %d\n", w == p ? "the child" : "?", WEXITSTATUS(st));

	SECTION("atexit handlers run in the child that calls exit, not after _exit");
	atexit(at_first);
	atexit(at_second);
	p = xfork();
	if (p == 0) exit(0);
	waitpid(p, &st, 0);
	p = xfork();
	if (p == 0) _exit(0);
	waitpid(p, &st, 0);
	printf("parent: children done\n");

	SECTION("stdio buffers are copied");
	printf("printed before fork, not flushed\n");
	p = fork();
	if (p == 0) exit(0); /* flushes its copy of the buffer */
	waitpid(p, &st, 0);
	exiting_parent = 1;
	return 0;
}

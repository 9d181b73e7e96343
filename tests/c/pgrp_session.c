/* pgrp_session: process groups and sessions as textbook daemons use them, and orphans.
 * Everything that depends on how the test itself was started (a shell with or without
 * job control, which process reaps orphans) is printed as a relation, not a number:
 * the work happens in children that make their own session first. */
#include "common.h"
#include <sys/wait.h>
#include <time.h>

static volatile sig_atomic_t got;
static void on_usr1(int s) { (void)s; got++; }

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

int main(void)
{
	int st;
	pid_t p;

	SECTION("errors");
	CHECK(getpgid(0) == getpgrp() ? 0 : -1);
	CHECK(getsid(0) > 0 ? 0 : -1);
	CHECK(getpgid(999999));
	CHECK(getsid(999999));
	CHECK(setpgid(0, -1));
	CHECK(setpgid(999999, 0));
	CHECK(kill(999999, 0));
	CHECK(kill(-999999, SIGUSR1));
	CHECK(kill(getpid(), 65));
	CHECK(kill(getpid(), -1));
	CHECK(kill(getpid(), 0));

	SECTION("a new session in a child");
	fflush(stdout);
	p = fork();
	if (p == 0) {
		pid_t me = getpid();
		pid_t sid = setsid();
		printf("setsid() -> the child's pid: %d\n", sid == me);
		printf("getsid(0) == pid: %d, getpgrp() == pid: %d\n", getsid(0) == me, getpgrp() == me);
		CHECK(setsid());
		CHECK(setpgid(0, 0));
		/* two children: one moved into a new group, one left in the leader's */
		fflush(stdout);
		pid_t a = fork();
		if (a == 0) { for (;;) pause(); }
		pid_t b = fork();
		if (b == 0) { for (;;) pause(); }
		signal(SIGUSR1, on_usr1);
		CHECK(setpgid(a, a));
		printf("getpgid(a) == a: %d, getpgid(b) == me: %d, getsid(a) == me: %d\n",
		       getpgid(a) == a, getpgid(b) == me, getsid(a) == me);
		CHECK(setpgid(b, a)); /* join a's group (same session) */
		printf("getpgid(b) == a: %d\n", getpgid(b) == a);
		CHECK(setpgid(b, b));
		CHECK(setpgid(a, 999999));
		CHECK(kill(-a, SIGTERM)); /* a's group: a only */
		waitpid(a, &st, 0);
		printf("a: killed by %d\n", WTERMSIG(st));
		CHECK(kill(-a, SIGTERM));
		CHECK(setpgid(b, me));
		CHECK(kill(0, SIGUSR1)); /* my group: b and me */
		waitpid(b, &st, 0);
		printf("b: killed by %d; my handler ran %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0, (int)got);
		fflush(stdout);
		_exit(0);
	}
	waitpid(p, &st, 0);
	printf("child: exited %d\n", WEXITSTATUS(st));
	CHECK(setpgid(p, p)); /* no longer a child (reaped) */

	SECTION("setpgid on a child");
	fflush(stdout);
	p = fork();
	if (p == 0) { for (;;) pause(); }
	CHECK(setpgid(p, 0));
	printf("getpgid(child) == child: %d\n", getpgid(p) == p);
	kill(p, SIGKILL);
	waitpid(p, &st, 0);

	SECTION("orphans");
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	fflush(stdout);
	p = fork();
	if (p == 0) {
		pid_t parent = getpid();
		pid_t g = fork();
		if (g == 0) {
			char c;
			read(sv[1], &c, 1); /* the original parent has exited by now */
			int tries = 0;
			while (getppid() == parent && tries++ < 500) msleep(10);
			printf("grandchild: re-parented after its parent exited: %s\n", getppid() != parent ? "yes" : "no");
			fflush(stdout);
			write(sv[1], "d", 1);
			_exit(0);
		}
		_exit(7);
	}
	waitpid(p, &st, 0);
	printf("child exited %d\n", WEXITSTATUS(st));
	errno = 0;
	int w = waitpid(-1, &st, 0);
	printf("its child is not mine: waitpid(-1) -> %d %s\n", w, errname(errno));
	fflush(stdout);
	char c;
	write(sv[0], "g", 1);
	read(sv[0], &c, 1);
	return 0;
}

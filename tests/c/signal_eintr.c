/* signal_eintr: a signal that arrives while a call is blocked runs its handler, and the
 * call fails with EINTR or is restarted as Linux's rules say (signal(7)): with
 * SA_RESTART, read/recv/accept/wait4 restart, but a socket call with a timeout
 * (SO_RCVTIMEO), poll, select, epoll_wait, nanosleep, pause and sigsuspend never do; a
 * call that already moved data returns what it moved; ignored and blocked signals do not
 * interrupt. The signals come from a helper child that sleeps 100 ms first (the parent is
 * blocked by then), so every case ends the same way on any run. */
#include "common.h"
#include <sys/wait.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/epoll.h>
#include <time.h>

static volatile sig_atomic_t handled, last_sig, last_code, last_pid_ok;
static pid_t helper;

static void on_sig(int s) { handled++; last_sig = s; }
static void on_info(int s, siginfo_t *si, void *uc)
{
	(void)uc;
	handled++;
	last_sig = s;
	last_code = si->si_code;
	last_pid_ok = si->si_pid == helper;
}

static void handle(int sig, int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sig;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	handled = 0;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

/* A helper child: after 100 ms sends sig to the parent; then, after another 100 ms,
 * writes `late` to fd (if fd >= 0), or connects to the abstract name (if name). */
static void arm(int sig, int fd, const char *late, const char *name)
{
	pid_t parent = getpid();
	fflush(stdout);
	helper = fork();
	if (helper) return;
	msleep(100);
	if (sig) kill(parent, sig);
	msleep(100);
	if (fd >= 0 && late) write(fd, late, strlen(late));
	if (name) {
		struct sockaddr_un a;
		socklen_t len = un_abstract(&a, name);
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		connect(s, (struct sockaddr *)&a, len);
		msleep(100);
	}
	_exit(0);
}

static void reap(void) { waitpid(helper, NULL, 0); }

int main(void)
{
	int sv[2], r;
	char buf[32];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);

	SECTION("recv");
	handle(SIGUSR1, 0);
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	printf("handler ran %d\n", (int)handled);
	reap();
	handle(SIGUSR1, SA_RESTART);
	arm(SIGUSR1, sv[1], "late", NULL);
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	printf("handler ran %d\n", (int)handled);
	reap();
	handle(SIGUSR1, SA_RESTART);
	struct timeval tv = { 5, 0 };
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK_AS("recv with SO_RCVTIMEO and SA_RESTART", recv(sv[0], buf, sizeof buf, 0));
	reap();
	tv.tv_sec = 0;
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	handle(SIGUSR1, 0);
	write(sv[1], "abcd", 4);
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK_AS("recv MSG_WAITALL of 10 with 4 bytes there", recv(sv[0], buf, 10, MSG_WAITALL));
	reap();
	CHECK(read(sv[0], buf, 0));

	SECTION("read restarts, ignored and blocked signals do not interrupt");
	handle(SIGUSR1, SA_RESTART);
	arm(SIGUSR1, sv[1], "late", NULL);
	CHECK(read(sv[0], buf, sizeof buf));
	reap();
	signal(SIGUSR2, SIG_IGN);
	arm(SIGUSR2, sv[1], "late", NULL);
	CHECK_AS("read, SIGUSR2 ignored", read(sv[0], buf, sizeof buf));
	reap();
	handle(SIGUSR1, 0);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	arm(SIGUSR1, sv[1], "late", NULL);
	CHECK_AS("read, SIGUSR1 blocked", read(sv[0], buf, sizeof buf));
	reap();
	printf("handler ran %d before unblocking\n", (int)handled);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("handler ran %d after unblocking\n", (int)handled);

	SECTION("accept");
	struct sockaddr_un a;
	socklen_t alen = un_abstract(&a, "int80-eintr");
	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(ls, (struct sockaddr *)&a, alen);
	listen(ls, 4);
	handle(SIGUSR1, 0);
	arm(SIGUSR1, -1, NULL, "int80-eintr");
	CHECK(accept(ls, NULL, NULL));
	r = accept(ls, NULL, NULL); /* the helper's connection comes later */
	printf("accept again -> %s\n", r >= 0 ? "a connection" : errname(errno));
	close(r);
	reap();
	handle(SIGUSR1, SA_RESTART);
	arm(SIGUSR1, -1, NULL, "int80-eintr");
	r = accept(ls, NULL, NULL);
	printf("accept with SA_RESTART -> %s, handler ran %d\n", r >= 0 ? "a connection" : errname(errno), (int)handled);
	close(r);
	reap();

	SECTION("SIGCHLD around a blocked accept");
	for (int restart = 0; restart <= 1; restart++) {
		handle(SIGCHLD, restart ? SA_RESTART : 0);
		fflush(stdout);
		pid_t quick = fork();
		if (quick == 0) { msleep(100); _exit(0); } /* its exit sends SIGCHLD */
		pid_t later = fork();
		if (later == 0) {
			msleep(300);
			int c = socket(AF_UNIX, SOCK_STREAM, 0);
			connect(c, (struct sockaddr *)&a, alen);
			msleep(100);
			_exit(0);
		}
		errno = 0;
		r = accept(ls, NULL, NULL);
		printf("%s: accept -> %s, SIGCHLD handled: %s\n", restart ? "SA_RESTART" : "no SA_RESTART",
		       r >= 0 ? "a connection" : errname(errno), handled ? "yes" : "no");
		if (r < 0) {
			r = accept(ls, NULL, NULL);
			printf("  accept again -> %s\n", r >= 0 ? "a connection" : errname(errno));
		}
		close(r);
		waitpid(quick, NULL, 0);
		waitpid(later, NULL, 0);
	}
	signal(SIGCHLD, SIG_DFL);

	SECTION("poll, select, epoll_wait, nanosleep: never restarted");
	handle(SIGUSR1, SA_RESTART);
	struct pollfd pfd = { sv[0], POLLIN, 0 };
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK(poll(&pfd, 1, 5000));
	reap();
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(sv[0], &rs);
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK(select(sv[0] + 1, &rs, NULL, NULL, NULL));
	reap();
	int ep = epoll_create1(0);
	struct epoll_event ev = { EPOLLIN, { 0 } }, out;
	epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev);
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK(epoll_wait(ep, &out, 1, -1));
	reap();
	close(ep);
	struct timespec req = { 5, 0 }, rem = { -1, -1 };
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK(nanosleep(&req, &rem));
	printf("rem between 4 and 5 s: %s\n", rem.tv_sec >= 4 && rem.tv_sec < 5 ? "yes" : "no");
	reap();

	SECTION("wait4");
	handle(SIGUSR1, 0);
	arm(SIGUSR1, -1, NULL, NULL);
	int st;
	CHECK(waitpid(helper, &st, 0) == helper ? 0 : -1);
	reap();
	handle(SIGUSR1, SA_RESTART);
	arm(SIGUSR1, -1, NULL, NULL);
	r = waitpid(helper, &st, 0);
	printf("waitpid with SA_RESTART -> %s, handler ran %d\n", r == helper ? "the helper" : errname(errno), (int)handled);

	SECTION("pause, sigsuspend, SA_SIGINFO, SA_RESETHAND");
	handle(SIGUSR1, SA_RESTART);
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK(pause());
	reap();
	sigprocmask(SIG_BLOCK, &set, &old);
	sigset_t empty;
	sigemptyset(&empty);
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK(sigsuspend(&empty));
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("SIGUSR1 blocked again after sigsuspend: %d\n", sigismember(&now, SIGUSR1));
	sigprocmask(SIG_SETMASK, &old, NULL);
	reap();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigaction(SIGUSR1, &sa, NULL);
	handled = 0;
	arm(SIGUSR1, -1, NULL, NULL);
	CHECK(pause());
	printf("si_code SI_USER %d, si_pid the helper %d\n", last_code == SI_USER, (int)last_pid_ok);
	sigaction(SIGUSR1, NULL, &sa);
	printf("after SA_RESETHAND: SIG_DFL %d\n", sa.sa_handler == SIG_DFL);
	reap();

	SECTION("alarm");
	handle(SIGALRM, 0);
	CHECK(alarm(1));
	CHECK(pause());
	printf("handler ran %d for signal %d\n", (int)handled, (int)last_sig);
	CHECK(alarm(5));
	CHECK(alarm(0));
	CHECK(alarm(0));
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		signal(SIGALRM, SIG_DFL); /* the parent's handler was inherited */
		alarm(1);
		for (;;) pause();
	}
	waitpid(p, &st, 0);
	printf("a child with alarm(1) and no handler: killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return 0;
}

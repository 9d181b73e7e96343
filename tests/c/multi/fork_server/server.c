/* fork_server: the textbook fork-per-connection TCP server (Beej's server.c shape).
 * The parent accepts, forks, closes the connected socket and loops; each child closes
 * the listener, echoes until EOF and exits with the number of bytes it echoed; a
 * SIGCHLD handler installed with SA_RESTART reaps with waitpid(-1, ..., WNOHANG), so
 * the blocked accept() is restarted, not failed with EINTR. */
#include "multi.h"
#include <sys/wait.h>

#define MAXC 8
static volatile sig_atomic_t reaped;
static int statuses[MAXC];

static void sigchld_handler(int s)
{
	int saved_errno = errno, st;
	(void)s;
	while (waitpid(-1, &st, WNOHANG) > 0) {
		if (reaped < MAXC) statuses[reaped] = st;
		reaped++;
	}
	errno = saved_errno;
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv)
{
	int port = atoi(argv[1]), n = atoi(argv[2]), i, eintr = 0;
	struct sigaction sa;
	sigset_t none;
	int ls = tcp_listen(port, 10);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sigchld_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGCHLD, &sa, NULL) < 0) die("sigaction");
	printf("server: waiting for connections...\n");
	fflush(stdout);
	for (i = 0; i < n; ) {
		int c = accept(ls, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR) { eintr++; continue; }
			die("accept");
		}
		i++;
		pid_t pid = fork();
		if (pid < 0) die("fork");
		if (pid == 0) {
			char buf[256];
			long total = 0;
			ssize_t r;
			close(ls);
			while ((r = read(c, buf, sizeof buf)) > 0) {
				write_all(c, buf, (size_t)r);
				total += r;
			}
			close(c);
			_exit((int)total);
		}
		close(c); /* the parent's reference: the child still holds the connection */
	}
	/* every child ends; the handler reaps them all */
	sigemptyset(&none);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	while (reaped < n)
		sigsuspend(&none);
	sigprocmask(SIG_UNBLOCK, &chld, NULL);
	qsort(statuses, (size_t)n, sizeof statuses[0], cmp_int);
	printf("server: %d connections, %d children reaped, accept EINTR %d times\n", n, (int)reaped, eintr);
	for (i = 0; i < n; i++)
		printf("  child exited=%d status=%d\n", WIFEXITED(statuses[i]), WEXITSTATUS(statuses[i]));
	errno = 0;
	int w = (int)waitpid(-1, NULL, WNOHANG);
	printf("waitpid(-1) -> %d %s\n", w, errname(errno));
	close(ls);
	return 0;
}

/* exec_keep: a forked child execs a second program that keeps an inherited socket.
 * execve keeps the pid and every descriptor without FD_CLOEXEC, resets caught signals
 * to SIG_DFL (ignored ones stay ignored), and passes argv and envp; the parent talks to
 * the new program through the socket and reaps it. Errors for paths that are not
 * programs leave the caller running. */
#include "multi.h"
#include <sys/wait.h>

/* the worker: the native build when recorded, the source under int80 */
static const char *const worker[] = {
	"build/native/multi/exec_keep/worker",
	"tests/c/multi/exec_keep/worker.c",
};

static void on_usr1(int s) { (void)s; }

int main(void)
{
	int sv[2], st;
	char fdarg[16], pidarg[16], buf[256];
	char *envp[] = { "GREETING=hello from the parent", NULL };

	printf("execve(\"/nonexistent/prog\") -> ");
	fflush(stdout);
	errno = 0;
	int r = execve("/nonexistent/prog", (char *[]){ "prog", NULL }, envp);
	printf("%d %s\n", r, errname(errno));
	errno = 0;
	r = execve("tests/c/multi/exec_keep", (char *[]){ "dir", NULL }, envp);
	printf("execve(a directory) -> %d %s\n", r, errname(errno));
	errno = 0;
	r = execve("tests/c/multi/exec_keep/run", (char *[]){ "run", NULL }, envp);
	printf("execve(a file without x permission) -> %d %s\n", r, errname(errno));
	errno = 0;
	r = execve("tests/c/multi/exec_keep/not_a_program", (char *[]){ "x", NULL }, envp);
	printf("execve(an executable file in no known format) -> %d %s\n", r, errname(errno));
	errno = 0;
	r = execve("", (char *[]){ "x", NULL }, envp);
	printf("execve(\"\") -> %d %s\n", r, errname(errno));
	errno = 0;
	r = execve((char *)BADPTR1, (char *[]){ "x", NULL }, envp);
	printf("execve(bad pointer) -> %d %s\n", r, errname(errno));

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) die("socketpair");
	int hidden = dup(sv[1]);
	fcntl(hidden, F_SETFD, FD_CLOEXEC);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	fflush(stdout);
	pid_t p = fork();
	if (p < 0) die("fork");
	if (p == 0) {
		close(sv[0]);
		snprintf(fdarg, sizeof fdarg, "%d", sv[1]);
		snprintf(pidarg, sizeof pidarg, "%d", (int)getpid());
		char cl[16];
		snprintf(cl, sizeof cl, "%d", hidden);
		for (unsigned i = 0; i < sizeof worker / sizeof worker[0]; i++)
			execve(worker[i], (char *[]){ "worker", fdarg, pidarg, cl, NULL }, envp);
		printf("child: no worker could be executed: %s\n", errname(errno));
		_exit(127);
	}
	close(sv[1]);
	close(hidden);
	int n = 0;
	ssize_t k;
	while ((k = read(sv[0], buf + n, sizeof buf - 1 - (size_t)n)) > 0) n += (int)k;
	buf[n] = 0;
	printf("parent: the worker wrote:\n%s", buf);
	if (waitpid(p, &st, 0) != p) die("waitpid");
	printf("parent: worker exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));
	return 0;
}

/* fork_edges: a child that traps ends alone (SIGSEGV) and its parent's wait sees it;
 * a fork the host cannot make (no memory for the child) fails with ENOMEM and the parent
 * keeps running; a deadlock names the socket call each process sleeps in. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	int st;
	if (argc > 1 && !strcmp(argv[1], "trap")) {
		pid_t p = fork();
		if (p == 0) __builtin_trap();
		waitpid(p, &st, 0);
		printf("child: signaled %d, signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "enomem")) {
		pid_t p = fork(); /* the test makes the host's instantiation fail */
		printf("fork -> %d %s\n", (int)p, p < 0 ? strerror(errno) : "");
		fflush(stdout);
		p = fork();
		if (p == 0) _exit(4);
		waitpid(p, &st, 0);
		printf("second fork: child exited %d\n", WEXITSTATUS(st));
		return 0;
	}
	/* deadlock: parent and child both accept on the same listener, nobody connects */
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr sa = { AF_UNIX, "" };
	bind(s, &sa, sizeof(short));
	listen(s, 1);
	fork();
	accept(s, NULL, NULL);
	return 0;
}

/* fork_server's client: forks NCHILD children; each connects, sends its line, reads
 * the echo back and exits 0 if it matches. The parent waits for each child by pid
 * and prints their statuses in order. */
#include "multi.h"
#include <sys/wait.h>

int main(int argc, char **argv)
{
	int port = atoi(argv[1]), n = atoi(argv[3]), k;
	const char *name = argv[2];
	pid_t kids[8];
	for (k = 0; k < n; k++) {
		kids[k] = fork();
		if (kids[k] < 0) die("fork");
		if (kids[k] == 0) {
			char line[64], back[64];
			int len = snprintf(line, sizeof line, "%s-%d\n", name, k);
			int s = tcp_connect(port);
			write_all(s, line, (size_t)len);
			shutdown(s, SHUT_WR);
			int got = 0;
			ssize_t r;
			while ((r = read(s, back + got, sizeof back - 1 - (size_t)got)) > 0) got += (int)r;
			close(s);
			_exit(got == len && memcmp(line, back, (size_t)len) == 0 ? 0 : 1);
		}
	}
	for (k = 0; k < n; k++) {
		int st;
		pid_t w = waitpid(kids[k], &st, 0);
		printf("%s: child %d: waitpid -> %s, exited=%d status=%d\n", name, k,
		       w == kids[k] ? "its pid" : "?", WIFEXITED(st), WEXITSTATUS(st));
	}
	errno = 0;
	int w = (int)wait(NULL);
	printf("%s: wait() -> %d %s\n", name, w, errname(errno));
	return 0;
}

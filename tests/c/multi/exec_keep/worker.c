/* exec_keep's second program: started by execve with the inherited socket's number,
 * the pid before exec and the FD_CLOEXEC descriptor's number; it reports through the
 * socket what it inherited. Run on its own (`--idle`) it does nothing. */
#include "multi.h"

int main(int argc, char **argv)
{
	char out[256];
	struct sigaction a1, a2;
	if (argc < 4) return 0;
	int fd = atoi(argv[1]), cl = atoi(argv[3]);
	sigaction(SIGUSR1, NULL, &a1);
	sigaction(SIGUSR2, NULL, &a2);
	errno = 0;
	int r = fcntl(cl, F_GETFD);
	int e = errno;
	const char *g = getenv("GREETING");
	int n = snprintf(out, sizeof out,
		"  argv[0] %s, argc %d\n  same pid as before exec: %s\n  GREETING=%s\n"
		"  FD_CLOEXEC descriptor after exec: %d %s\n  SIGUSR1 handler reset to SIG_DFL: %d, SIGUSR2 still ignored: %d\n",
		argv[0], argc, atoi(argv[2]) == getpid() ? "yes" : "no", g ? g : "(none)", r, errname(e),
		a1.sa_handler == SIG_DFL, a2.sa_handler == SIG_IGN);
	write_all(fd, out, (size_t)n);
	close(fd);
	return 5;
}

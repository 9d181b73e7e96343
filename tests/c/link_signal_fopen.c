/* Links and runs: a program that defines its own signal() (as old BSD code does) and
 * uses fopen/fgets/fclose with open/read/write/close/unlink, which once failed to link
 * with "duplicate symbol" errors. */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

typedef void (*handler_t)(int);
handler_t signal(int sig, handler_t h)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h;
	sigaction(sig, &sa, &old);
	return old.sa_handler;
}

static volatile int got;
static void on(int s) { got = s; }

int main(void)
{
	char b[64];
	signal(SIGUSR1, on);
	raise(SIGUSR1);
	printf("own signal(): handler got %d\n", got);
	FILE *f = fopen("/etc/passwd", "r");
	printf("fopen /etc/passwd: %s\n", f ? "ok" : "failed");
	printf("first line starts with root: %d\n", f && fgets(b, sizeof b, f) && !strncmp(b, "root:", 5));
	fclose(f);
	int fd = open("/tmp/int80-link-test", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	printf("write %zd\n", write(fd, "x\n", 2));
	close(fd);
	f = fopen("/tmp/int80-link-test", "a+");
	fputs("y\n", f);
	rewind(f);
	while (fgets(b, sizeof b, f)) printf("line: %s", b);
	fclose(f);
	printf("unlink %d\n", unlink("/tmp/int80-link-test"));
	printf("fopen missing: %s\n", fopen("/tmp/int80-link-test", "r") ? "opened" : "NULL");
	return 0;
}

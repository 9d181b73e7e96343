/* fork + exit + wait: a process forks a child that exits at once, and waits for it -
 * us per fork. With TOUCH_MIB, the parent first writes that many MiB of heap, which a
 * fork must copy (Linux shares it copy-on-write; int80 copies the whole memory). */
#include <sys/wait.h>
#include <unistd.h>
#include <string.h>
#include "bench.h"

#ifndef TOUCH_MIB
#define TOUCH_MIB 0
#endif

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 2000);
	if (TOUCH_MIB) {
		char *p = malloc((size_t)TOUCH_MIB << 20);
		if (!p) DIE("malloc");
		memset(p, 1, (size_t)TOUCH_MIB << 20);
	}
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) DIE("fork");
		if (pid == 0) _exit(0);
		int st;
		if (waitpid(pid, &st, 0) != pid) DIE("waitpid");
	}
	printf("RESULT %.1f us/fork\n", (now_ns() - t0) / n / 1000);
	return 0;
}

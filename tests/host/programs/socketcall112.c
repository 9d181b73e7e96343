/* socketcall issued as syscall 112, as the Linux 3.18 teaching labs trace it. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(void) {
	unsigned long args[3] = { 1 /* AF_UNIX */, 1 /* SOCK_STREAM */, 0 };
	long r = syscall(112, 1 /* SYS_SOCKET */, args);
	printf("syscall(112, SYS_SOCKET) = %ld%s%s\n", r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
	return 0;
}

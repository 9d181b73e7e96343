/* A process that traps while holding a socket: its peer sees EOF. */
#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <string.h>

int main(int argc, char **argv) {
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path + 1, "int80-crash");
	socklen_t len = 2 + 1 + strlen("int80-crash");
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (argv[1][0] == 's') {
		bind(s, (struct sockaddr *)&a, len);
		listen(s, 1);
		int c = accept(s, NULL, NULL);
		char buf[8];
		ssize_t n = read(c, buf, sizeof buf);
		printf("server: read %zd after the client crashed\n", n);
		return 0;
	}
	while (connect(s, (struct sockaddr *)&a, len) < 0) usleep(1000);
	__builtin_trap();
}

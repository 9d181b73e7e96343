/* The client: socket -> connect -> write -> read the echo -> close. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#define SOCK_PATH "/tmp/int80-echo.sock"

int main(int argc, char **argv) {
	const char *msg = argc > 1 ? argv[1] : "hello";
	struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = SOCK_PATH };
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0) { perror("socket"); return 1; }
	/* the server may not be listening yet: retry as a real client would */
	int tries = 0;
	while (connect(s, (struct sockaddr *)&addr, sizeof addr) < 0) {
		if (++tries == 100) { perror("connect"); return 1; }
		usleep(10000);
	}
	if (write(s, msg, strlen(msg)) < 0) { perror("write"); return 1; }
	char buf[256];
	ssize_t n = read(s, buf, sizeof buf);
	if (n < 0) { perror("read"); return 1; }
	printf("client: got back \"%.*s\"\n", (int)n, buf);
	close(s);
	return 0;
}

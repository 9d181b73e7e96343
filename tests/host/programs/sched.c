/* Scheduling scenarios for tests/host/sched.test.js (issue #12): one program, a mode per
 * process. Ports are on 127.0.0.1; each run is a fresh machine. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PORT 7000

static struct sockaddr_in addr(void) {
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(PORT);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int listener(int nonblock) {
	struct sockaddr_in a = addr();
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 8) < 0) { perror("listen"); exit(1); }
	if (nonblock) fcntl(s, F_SETFL, O_NONBLOCK);
	return s;
}

static int dial(void) {
	struct sockaddr_in a = addr();
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); exit(1); }
	return s;
}

static double now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static volatile unsigned long counter;

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static void on_term(int sig) {
	static const char msg[] = "server: SIGTERM\n";
	write(1, msg, sizeof msg - 1);
	_exit(3);
}

int main(int argc, char **argv) {
	const char *mode = argc > 1 ? argv[1] : "";
	char buf[64];
	if (!strcmp(mode, "spin")) {
		/* no syscalls at all: only preemption points stop it */
		for (;;) counter++;
	}
	if (!strcmp(mode, "recurse")) {
		/* no loops: function entries are preemption points too */
		for (;;) counter += fib(40);
	}
	if (!strcmp(mode, "hello")) {
		printf("hello\n");
		return 0;
	}
	if (!strcmp(mode, "busy-server")) {
		/* never blocks: accept on a non-blocking socket until the sleeper connects */
		int s = listener(1), c;
		unsigned long tries = 0;
		while ((c = accept(s, NULL, NULL)) < 0) {
			if (errno != EAGAIN) { perror("accept"); return 1; }
			tries++;
		}
		ssize_t n = read(c, buf, sizeof buf);
		printf("busy-server: got %.*s after %s\n", (int)(n > 0 ? n : 0), buf, tries > 1 ? "many tries" : "one try");
		return 0;
	}
	if (!strcmp(mode, "sleeper")) {
		double t0 = now_ms();
		usleep(200000);
		double dt = now_ms() - t0;
		int s = dial();
		write(s, "woke", 4);
		/* the test checks the bound (generous: a loaded machine) */
		printf("sleeper: slept %d ms\n", (int)dt);
		return 0;
	}
	if (!strcmp(mode, "server")) {
		int s = listener(0), c = accept(s, NULL, NULL);
		write(c, "hello", 5);
		close(c);
		printf("server: sent\n");
		return 0;
	}
	if (!strcmp(mode, "poll-client")) {
		/* never blocks: recv(MSG_DONTWAIT) until the server's data is there */
		int s = dial();
		ssize_t n;
		while ((n = recv(s, buf, sizeof buf, MSG_DONTWAIT)) < 0 && errno == EAGAIN)
			;
		printf("poll-client: got %.*s\n", (int)(n > 0 ? n : 0), buf);
		return 0;
	}
	if (!strcmp(mode, "forever")) {
		/* the usual demo server: serves clients until it is stopped */
		int s = listener(0);
		if (argc > 2 && !strcmp(argv[2], "handler")) signal(SIGTERM, on_term);
		for (;;) {
			int c = accept(s, NULL, NULL);
			ssize_t n = read(c, buf, sizeof buf);
			if (n > 0) write(c, buf, n);
			close(c);
		}
	}
	if (!strcmp(mode, "client")) {
		int s = dial();
		write(s, "ping", 4);
		ssize_t n = read(s, buf, sizeof buf);
		printf("client: got %.*s\n", (int)(n > 0 ? n : 0), buf);
		return argc > 2 ? atoi(argv[2]) : 0;
	}
	if (!strcmp(mode, "recv-server")) {
		int s = listener(0), c = accept(s, NULL, NULL);
		return read(c, buf, 1) < 0;
	}
	if (!strcmp(mode, "recv-client")) {
		int s = dial();
		return read(s, buf, 1) < 0;
	}
	fprintf(stderr, "unknown mode %s\n", mode);
	return 2;
}

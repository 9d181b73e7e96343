/* multi.h - helpers shared by the multi-process scenarios in tests/c/multi/.
 *
 * A scenario is a directory tests/c/multi/NAME/ with C programs and a file
 * `run` listing the processes (one per line: `SOURCE.c ARGS...`).  All of them
 * run at the same time, on Linux (record_multi.sh) and under int80
 * (multi.test.js), and each process's output is compared on its own.  So a
 * program prints only what Linux guarantees whatever the scheduling: no
 * timings (only "waited >= N ms: yes"), no client order (sort, or count).
 */
#ifndef INT80_MULTI_H
#define INT80_MULTI_H

#include "common.h"     /* tests/c/common.h (built with -I tests/c) */
#include <time.h>

/* common.h's CHECK needs check_ret; programs without a CHECK should not warn. */
static inline long *multi_check_ret(void) { return &check_ret; }

/* Print `what: ENAME` and exit 1: a step that should not fail did. */
static inline void die(const char *what)
{
	printf("%s: %s\n", what, errname(errno));
	exit(1);
}

/* Milliseconds on CLOCK_MONOTONIC. */
static inline long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A listening AF_UNIX stream socket on the abstract name "@name". */
static inline int unix_listen(const char *name, int backlog)
{
	struct sockaddr_un a;
	socklen_t len = un_abstract(&a, name);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0) die("socket");
	if (bind(s, (struct sockaddr *)&a, len) < 0) die("bind");
	if (listen(s, backlog) < 0) die("listen");
	return s;
}

/* Connect to "@name", retrying while the server is not listening yet
 * (ECONNREFUSED for an abstract name, ENOENT for a path), as real clients do:
 * every 10 ms, for at most 5 s. */
static inline int unix_connect_type(const char *name, int type)
{
	struct sockaddr_un a;
	socklen_t len = un_abstract(&a, name);
	int tries;
	for (tries = 0; tries < 500; tries++) {
		int s = socket(AF_UNIX, type, 0);
		if (s < 0) die("socket");
		if (connect(s, (struct sockaddr *)&a, len) == 0)
			return s;
		if (errno != ECONNREFUSED && errno != ENOENT) die("connect");
		close(s);
		usleep(10000);
	}
	die("connect (server never listened)");
	return -1;
}
static inline int unix_connect(const char *name)
{
	return unix_connect_type(name, SOCK_STREAM);
}

/* TCP on 127.0.0.1:port: a listener with SO_REUSEADDR, and a retrying connect. */
static inline void in_loopback(struct sockaddr_in *a, int port)
{
	memset(a, 0, sizeof *a);
	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}
static inline int tcp_listen(int port, int backlog)
{
	struct sockaddr_in a;
	int one = 1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0) die("socket");
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) die("setsockopt");
	in_loopback(&a, port);
	if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
	if (listen(s, backlog) < 0) die("listen");
	return s;
}
static inline int tcp_connect(int port)
{
	struct sockaddr_in a;
	int tries;
	in_loopback(&a, port);
	for (tries = 0; tries < 500; tries++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0) die("socket");
		if (connect(s, (struct sockaddr *)&a, sizeof a) == 0)
			return s;
		if (errno != ECONNREFUSED) die("connect");
		close(s);
		usleep(10000);
	}
	die("connect (server never listened)");
	return -1;
}

/* Write all n bytes (a blocking stream socket may take them in pieces). */
static inline void write_all(int fd, const void *p, size_t n)
{
	const char *b = p;
	while (n > 0) {
		ssize_t r = write(fd, b, n);
		if (r < 0) die("write");
		b += r;
		n -= (size_t)r;
	}
}

/* Read one line (up to and including '\n') byte by byte; returns its length
 * without the newline, 0 at EOF before any byte. */
static inline int read_line(int fd, char *buf, int max)
{
	int n = 0;
	while (n < max - 1) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0) die("read");
		if (r == 0) break;
		if (c == '\n') break;
		buf[n++] = c;
	}
	buf[n] = 0;
	return n;
}

/* The client of the select/poll/epoll servers: connect, then twice send the
 * line "NAME-mK\n" and wait for the server's answer line "ok NAME-mK",
 * sleeping 20 ms in between so that the server sees the connections
 * interleave; then close. */
static inline int line_client(int s, const char *name)
{
	int k;
	char line[64], reply[64];
	for (k = 1; k <= 2; k++) {
		int n = snprintf(line, sizeof line, "%s-m%d\n", name, k);
		write_all(s, line, (size_t)n);
		if (read_line(s, reply, sizeof reply) == 0) {
			printf("%s: EOF instead of a reply\n", name);
			return 1;
		}
		printf("%s: sent \"%.*s\", reply \"%s\"\n", name, n - 1, line, reply);
		usleep(20000);
	}
	if (close(s) < 0) die("close");
	printf("%s: closed\n", name);
	return 0;
}

/* Per-connection line assembly for the servers: bytes arrive in any split,
 * each complete line is answered with "ok LINE\n" and remembered. */
#define MAX_LINES 64
static char *lines_seen[MAX_LINES];
static int nlines_seen;
struct linebuf { char buf[256]; int n; };

static inline void lines_feed(int fd, struct linebuf *lb, const char *data, long len)
{
	long i;
	for (i = 0; i < len; i++) {
		if (data[i] != '\n') {
			if (lb->n < (int)sizeof lb->buf - 1) lb->buf[lb->n++] = data[i];
			continue;
		}
		lb->buf[lb->n] = 0;
		char reply[300];
		int r = snprintf(reply, sizeof reply, "ok %s\n", lb->buf);
		write_all(fd, reply, (size_t)r);
		if (nlines_seen < MAX_LINES) lines_seen[nlines_seen++] = strdup(lb->buf);
		lb->n = 0;
	}
}

static inline int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print every line the server received, sorted (clients run in any order). */
static inline void lines_report(void)
{
	int i;
	qsort(lines_seen, (size_t)nlines_seen, sizeof lines_seen[0], cmp_str);
	printf("lines received: %d\n", nlines_seen);
	for (i = 0; i < nlines_seen; i++)
		printf("  %s\n", lines_seen[i]);
}

#endif

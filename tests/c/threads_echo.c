/* threads_echo.c - a thread-per-connection TCP echo server with several clients,
 * all in one process: an acceptor thread starts a detached handler thread per
 * connection; four client threads connect, send their lines in pieces and read
 * the echo back. Every thread blocks in accept/recv/connect while the others
 * run. Results are collected and printed by main after the joins, in client
 * order (the threads' own order of events is not deterministic). */
#include "common.h"
#include <pthread.h>

#define NCLIENT 4
#define ROUNDS 3

static int port;
static int lfd;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int handlers_done;
static long echoed_bytes;
static int handler_tid_differs = 1;

struct client_result {
	int connected;
	int rounds_ok;
	int eof_seen;
	int tid_differs;
} results[NCLIENT];

static void *handler(void *arg)
{
	int fd = (int)(long)arg;
	char buf[256];
	long total = 0;
	ssize_t n;
	if (syscall(SYS_gettid) == getpid()) handler_tid_differs = 0;
	while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
		ssize_t off = 0;
		while (off < n) {
			ssize_t w = send(fd, buf + off, n - off, 0);
			if (w <= 0) break;
			off += w;
		}
		total += n;
	}
	close(fd);
	pthread_mutex_lock(&lock);
	echoed_bytes += total;
	handlers_done++;
	pthread_cond_signal(&done_cv);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *acceptor(void *arg)
{
	(void)arg;
	for (int i = 0; i < NCLIENT; i++) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0) { perror("accept"); return (void *)1; }
		pthread_t t;
		pthread_attr_t a;
		pthread_attr_init(&a);
		pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&t, &a, handler, (void *)(long)fd) != 0) return (void *)2;
		pthread_attr_destroy(&a);
	}
	return NULL;
}

static void *client(void *arg)
{
	int id = (int)(long)arg;
	struct client_result *r = &results[id];
	r->tid_differs = syscall(SYS_gettid) != getpid();
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) return NULL;
	r->connected = 1;
	for (int round = 0; round < ROUNDS; round++) {
		char line[64], back[64];
		int len = snprintf(line, sizeof line, "client %d round %d: hello over a thread\n", id, round);
		/* two pieces, so that the handler may see them separately */
		send(fd, line, 10, 0);
		send(fd, line + 10, len - 10, 0);
		int got = 0;
		while (got < len) {
			ssize_t n = recv(fd, back + got, len - got, 0);
			if (n <= 0) break;
			got += n;
		}
		if (got == len && memcmp(line, back, len) == 0) r->rounds_ok++;
	}
	shutdown(fd, SHUT_WR);
	char c;
	r->eof_seen = recv(fd, &c, 1, 0) == 0;
	close(fd);
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 8) < 0) { perror("bind/listen"); return 1; }
	socklen_t alen = sizeof a;
	getsockname(lfd, (struct sockaddr *)&a, &alen);
	port = ntohs(a.sin_port);

	pthread_t acc, cl[NCLIENT];
	printf("pthread_create(acceptor) = %d\n", pthread_create(&acc, NULL, acceptor, NULL));
	for (int i = 0; i < NCLIENT; i++)
		printf("pthread_create(client %d) = %d\n", i, pthread_create(&cl[i], NULL, client, (void *)(long)i));
	for (int i = 0; i < NCLIENT; i++) printf("pthread_join(client %d) = %d\n", i, pthread_join(cl[i], NULL));
	void *ar = (void *)-1;
	int e = pthread_join(acc, &ar); /* before printf: argument order is unspecified */
	printf("pthread_join(acceptor) = %d, result %ld\n", e, (long)ar);
	pthread_mutex_lock(&lock);
	while (handlers_done < NCLIENT) pthread_cond_wait(&done_cv, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < NCLIENT; i++)
		printf("client %d: connected=%d rounds_ok=%d/%d eof=%d own_tid=%d\n", i, results[i].connected,
		       results[i].rounds_ok, ROUNDS, results[i].eof_seen, results[i].tid_differs);
	printf("handlers done: %d, bytes echoed: %ld, handler tids differ from pid: %d\n", handlers_done, echoed_bytes,
	       handler_tid_differs);
	close(lfd);
	return 0;
}

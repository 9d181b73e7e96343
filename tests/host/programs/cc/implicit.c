/* What gcc 12 builds with warnings: no #include for close/inet_ntop/bzero/
 * pthread_create, an implicit int, a thread started and joined. */
#include <stdio.h>
#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>
#include <netinet/in.h>

static void *worker(void *arg) { return arg; }

main()
{
	char buf[32];
	struct sockaddr_in a;
	bzero(&a, sizeof a);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	printf("%s\n", inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf));
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	printf("socket %d close %d\n", fd, close(fd));
	pthread_t t;
	void *r = NULL;
	int rc = pthread_create(&t, NULL, worker, &a);
	int jr = rc ? rc : pthread_join(t, &r);
	printf("pthread_create %d join %d result %d\n", rc, jr, r == &a);
	if (rc) perror("pthread_create");
	return 0;
}

/* Which futex ops the libc issues (tests/host/threads.test.js): a private semaphore
 * between two threads uses FUTEX_*_PRIVATE, a process-shared one in MAP_SHARED memory
 * between a parent and its child plain FUTEX_WAIT/FUTEX_WAKE, as glibc's (strace -f of a
 * gcc -static build shows the same names). Each waiter waits for a post that only the
 * other side makes, so a wait is issued whatever runs first. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static sem_t priv;

static void *thread(void *arg)
{
	(void)arg;
	sem_post(&priv);
	return 0;
}

int main(void)
{
	struct timespec past = { 0, 0 };
	pthread_t t;
	sem_init(&priv, 0, 0);
	pthread_create(&t, 0, thread, 0);
	sem_wait(&priv);
	pthread_join(t, 0);
	int e1 = sem_timedwait(&priv, &past);

	sem_t *shared = mmap(0, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	sem_init(shared, 1, 0);
	fflush(stdout);
	if (fork() == 0) {
		sem_post(shared);
		_exit(0);
	}
	sem_wait(shared);
	wait(0);
	int e2 = sem_timedwait(shared, &past);
	printf("%s\n", e1 == -1 && e2 == -1 ? "ok" : "wrong");
	return 0;
}

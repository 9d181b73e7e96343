/* threads_more.c - unnamed semaphores, rwlocks, barriers, spinlocks, deferred
 * cancellation with a cleanup handler, a process-directed signal that the main
 * thread blocks (another thread takes it), pthread_kill/tgkill, a thread that
 * calls exit(2) alone while others run, and exit() of the whole group from a
 * thread. Printed by main only, in a fixed order. */
#include "common.h"
#include <pthread.h>
#include <semaphore.h>

static sem_t s;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t bar;
static pthread_spinlock_t sp;
static int shared, serial;
static char cleanup_note[32] = "no";

static void cleanup(void *a) { strcpy(cleanup_note, (char *)a); }
static void *cancel_me(void *a)
{
	pthread_cleanup_push(cleanup, "cleanup ran");
	for (;;) sleep(10); /* a cancellation point */
	pthread_cleanup_pop(0);
	return a;
}
static void *poster(void *a) { usleep(1000); sem_post(&s); return a; }
static void *barrier_thread(void *a)
{
	int r = pthread_barrier_wait(&bar);
	pthread_spin_lock(&sp);
	serial += r == PTHREAD_BARRIER_SERIAL_THREAD;
	pthread_spin_unlock(&sp);
	return a;
}
static void *reader(void *a)
{
	pthread_rwlock_rdlock(&rw);
	shared++;
	pthread_rwlock_unlock(&rw);
	return a;
}

static volatile int usr1_on_main = -1, usr2_tid_ok = -1;
static volatile pid_t usr1_tid, worker_tid;
static sem_t got_sig;
static void on_usr1(int sig) { (void)sig; usr1_tid = syscall(SYS_gettid); sem_post(&got_sig); }
static void on_usr2(int sig) { (void)sig; usr2_tid_ok = syscall(SYS_gettid) == worker_tid; sem_post(&got_sig); }
static void *sig_worker(void *a)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL); /* a new thread inherits main's mask */
	worker_tid = syscall(SYS_gettid);
	sem_post(&s);
	while (sem_wait(&got_sig) < 0 && errno == EINTR) ; /* the handler posts */
	sem_post(&got_sig);
	return a;
}

static void *exits_alone(void *a)
{
	(void)a;
	syscall(SYS_exit, 0); /* exit(2): only this thread */
	return (void *)1;
}

static void *exits_all(void *a)
{
	(void)a;
	printf("a thread calls exit(3): the whole process ends\n");
	exit(3);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_t t, u[3];
	int r;

	sem_init(&s, 0, 0);
	pthread_create(&t, NULL, poster, NULL);
	r = sem_trywait(&s);
	printf("sem_trywait on 0 = %d (%s)\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");
	printf("sem_wait until the post = %d\n", sem_wait(&s));
	int v = -1;
	sem_getvalue(&s, &v);
	printf("sem_getvalue = %d\n", v);
	pthread_join(t, NULL);

	pthread_rwlock_wrlock(&rw);
	for (int i = 0; i < 3; i++) pthread_create(&u[i], NULL, reader, NULL);
	usleep(1000);
	printf("readers while a writer holds it: %d\n", shared);
	printf("tryrdlock while written = %s\n", pthread_rwlock_tryrdlock(&rw) == EBUSY ? "EBUSY" : "?");
	pthread_rwlock_unlock(&rw);
	for (int i = 0; i < 3; i++) pthread_join(u[i], NULL);
	printf("readers after: %d\n", shared);
	pthread_rwlock_rdlock(&rw);
	r = pthread_rwlock_trywrlock(&rw);
	printf("trywrlock while read = %s\n", r == EBUSY ? "EBUSY" : "?");
	printf("tryrdlock while read = %d\n", pthread_rwlock_tryrdlock(&rw));
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_unlock(&rw);

	pthread_barrier_init(&bar, NULL, 3);
	pthread_spin_init(&sp, 0);
	for (int i = 0; i < 2; i++) pthread_create(&u[i], NULL, barrier_thread, NULL);
	r = pthread_barrier_wait(&bar);
	for (int i = 0; i < 2; i++) pthread_join(u[i], NULL);
	printf("barrier: serial threads %d\n", serial + (r == PTHREAD_BARRIER_SERIAL_THREAD));
	printf("spin_trylock = %d\n", pthread_spin_trylock(&sp));
	printf("spin_trylock again = %s\n", pthread_spin_trylock(&sp) == EBUSY ? "EBUSY" : "?");
	pthread_spin_unlock(&sp);

	pthread_create(&t, NULL, cancel_me, NULL);
	usleep(1000);
	printf("pthread_cancel = %d\n", pthread_cancel(t));
	void *res = NULL;
	r = pthread_join(t, &res);
	printf("join canceled = %d, PTHREAD_CANCELED %d, %s\n", r, res == PTHREAD_CANCELED, cleanup_note);

	/* the main thread blocks SIGUSR1: the process-directed signal goes to the worker */
	sem_init(&got_sig, 0, 0);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	pthread_create(&t, NULL, sig_worker, NULL);
	sem_wait(&s); /* the worker runs */
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	printf("SIGUSR1 blocked in main went to the worker: %d\n", usr1_tid == worker_tid);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	sem_init(&got_sig, 0, 0);
	pthread_create(&t, NULL, sig_worker, NULL);
	sem_wait(&s);
	printf("pthread_kill(worker, SIGUSR2) = %d\n", pthread_kill(t, SIGUSR2));
	pthread_join(t, NULL);
	printf("SIGUSR2 ran on the worker: %d\n", usr2_tid_ok);
	errno = 0;
	r = syscall(SYS_tgkill, getpid() + 100000, getpid(), 0);
	printf("tgkill(wrong tgid) = %d (%s)\n", r, errno == ESRCH ? "ESRCH" : "?");
	printf("tgkill(self, 0) = %ld\n", syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0));

	pthread_create(&t, NULL, exits_alone, NULL);
	r = pthread_join(t, &res);
	printf("a thread's exit(2) ends only it: join = %d\n", r);

	pthread_create(&t, NULL, exits_all, NULL);
	pthread_join(t, NULL);
	printf("not reached\n");
	return 0;
}

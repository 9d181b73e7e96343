/* Process-shared synchronisation objects in MAP_SHARED memory, used by a parent and its
 * forked children: semaphores (sem_init pshared: post/wait ping-pong, sem_getvalue,
 * sem_trywait's EAGAIN, sem_timedwait woken by another process, its ETIMEDOUT and EINVAL),
 * a PTHREAD_PROCESS_SHARED mutex and condition variables (a counter incremented under the
 * lock by several processes, a condvar signal and broadcast), an errorcheck mutex held by
 * another process, a shared rwlock, a shared barrier, a spinlock, the pshared attribute getters and
 * setters (round trip, EINVAL), and named semaphores (sem_open: /dev/shm/sem.NAME, opened
 * by a child on its own; O_EXCL, ENOENT, EINVAL, sem_close, sem_unlink). A waiter in one process must be woken by a post, unlock,
 * signal or barrier in another: glibc uses futexes without FUTEX_PRIVATE_FLAG for these.
 * Every step is ordered by the objects themselves, a pipe or wait(), never by time; only
 * the parent prints. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NCHILD 4
#define ITERS 50
#define ROUNDS 3

struct shm {
	sem_t ping, pong, counted, ready, timed;
	pthread_mutex_t m, ec;
	pthread_cond_t arrived_cv, go_cv;
	pthread_rwlock_t rw;
	pthread_barrier_t bar;
	pthread_spinlock_t spin;
	int spun;
	int pingpong, counter, arrived, go, woke;
	int timed_ret, timed_errno;
	int mark[ROUNDS][NCHILD + 1];
	int serial[NCHILD + 1], missing[NCHILD + 1];
};

static struct shm *sh;

static const char *en(int e)
{
	switch (e) {
	case 0: return "0";
	case EAGAIN: return "EAGAIN";
	case EBUSY: return "EBUSY";
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EDEADLK: return "EDEADLK";
	case EEXIST: return "EEXIST";
	case ENOENT: return "ENOENT";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case EACCES: return "EACCES";
	default: return strerror(e);
	}
}

/* a pthread_* call: its return value is the error */
#define SHOW(what) printf("%-52s %s\n", #what, en(what))
/* a call that returns -1 and sets errno */
#define SHOWE(what) do { int r_ = (what); printf("%-52s %d%s%s\n", #what, r_, r_ < 0 ? " " : "", r_ < 0 ? en(errno) : ""); } while (0)

static const char *ps(int v)
{
	return v == PTHREAD_PROCESS_SHARED ? "SHARED" : v == PTHREAD_PROCESS_PRIVATE ? "PRIVATE" : "?";
}

static pid_t xfork(void)
{
	fflush(stdout);
	return fork();
}

/* wait for every child; print their exit statuses in one line */
static void reap_all(const char *what, int n)
{
	int ok = 0;
	for (int i = 0; i < n; i++) {
		int st;
		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0) ok++;
	}
	printf("%s: %d of %d children exited 0\n", what, ok, n);
}

/* The pshared attribute of each kind: default, round trip, EINVAL for other values (the
 * stored value stays), back to private. */
#define ATTR_ROUNDTRIP(kind)                                                              \
	do {                                                                              \
		pthread_##kind##attr_t a;                                                 \
		int v = -1;                                                               \
		pthread_##kind##attr_init(&a);                                            \
		pthread_##kind##attr_getpshared(&a, &v);                                  \
		printf(#kind "attr: default %s\n", ps(v));                                \
		SHOW(pthread_##kind##attr_setpshared(&a, PTHREAD_PROCESS_SHARED));        \
		pthread_##kind##attr_getpshared(&a, &v);                                  \
		printf(#kind "attr: now %s\n", ps(v));                                    \
		SHOW(pthread_##kind##attr_setpshared(&a, 2));                             \
		SHOW(pthread_##kind##attr_setpshared(&a, -1));                            \
		pthread_##kind##attr_getpshared(&a, &v);                                  \
		printf(#kind "attr: after EINVAL %s\n", ps(v));                           \
		SHOW(pthread_##kind##attr_setpshared(&a, PTHREAD_PROCESS_PRIVATE));       \
		pthread_##kind##attr_getpshared(&a, &v);                                  \
		printf(#kind "attr: now %s\n", ps(v));                                    \
		pthread_##kind##attr_destroy(&a);                                         \
	} while (0)

static void attrs(void)
{
	ATTR_ROUNDTRIP(mutex);
	ATTR_ROUNDTRIP(cond);
	ATTR_ROUNDTRIP(rwlock);
	ATTR_ROUNDTRIP(barrier);
	sem_t s;
	SHOWE(sem_init(&s, 1, (unsigned)INT_MAX + 1u));
	SHOWE(sem_init(&s, 2, 0)); /* any nonzero pshared is shared */
	SHOWE(sem_destroy(&s));
}

static void semaphores(void)
{
	/* ping-pong: each post wakes the other process */
	sem_init(&sh->ping, 1, 0);
	sem_init(&sh->pong, 1, 0);
	if (xfork() == 0) {
		for (int i = 0; i < 5; i++) {
			if (sem_wait(&sh->ping)) _exit(1);
			sh->pingpong++;
			sem_post(&sh->pong);
		}
		_exit(0);
	}
	int seen = 0;
	for (int i = 0; i < 5; i++) {
		sem_post(&sh->ping);
		if (sem_wait(&sh->pong) == 0 && sh->pingpong == i + 1) seen++;
	}
	printf("ping-pong: %d rounds saw the child's increment, counter %d\n", seen, sh->pingpong);
	reap_all("ping-pong", 1);

	/* posts by several children add up */
	sem_init(&sh->counted, 1, 0);
	for (int c = 0; c < 3; c++)
		if (xfork() == 0) {
			sem_post(&sh->counted);
			sem_post(&sh->counted);
			_exit(0);
		}
	reap_all("posters", 3);
	int v = -1;
	SHOWE(sem_getvalue(&sh->counted, &v));
	printf("value %d\n", v);
	int taken = 0;
	while (sem_trywait(&sh->counted) == 0) taken++;
	printf("sem_trywait took %d, then %s\n", taken, en(errno));
	SHOWE(sem_trywait(&sh->counted));
	sem_getvalue(&sh->counted, &v);
	printf("value %d\n", v);

	/* sem_timedwait: a past deadline, a bad tv_nsec (checked first, as glibc) */
	struct timespec past = { 0, 0 }, bad = { 0, 1000000000 };
	SHOWE(sem_timedwait(&sh->counted, &past));
	sem_post(&sh->counted);
	SHOWE(sem_timedwait(&sh->counted, &bad));
	bad.tv_nsec = -1;
	SHOWE(sem_timedwait(&sh->counted, &bad));
	SHOWE(sem_timedwait(&sh->counted, &past));

	/* a child blocked in sem_timedwait, woken by the parent's post */
	sem_init(&sh->ready, 1, 0);
	sem_init(&sh->timed, 1, 0);
	if (xfork() == 0) {
		struct timespec at;
		clock_gettime(CLOCK_REALTIME, &at);
		at.tv_sec += 60;
		sem_post(&sh->ready);
		errno = 0;
		sh->timed_ret = sem_timedwait(&sh->timed, &at);
		sh->timed_errno = errno;
		_exit(0);
	}
	sem_wait(&sh->ready);
	sem_post(&sh->timed);
	reap_all("timed waiter", 1);
	printf("child's sem_timedwait returned %d (errno %s)\n", sh->timed_ret, en(sh->timed_errno));
	sem_getvalue(&sh->timed, &v);
	printf("value %d\n", v);
	SHOWE(sem_destroy(&sh->timed));
}

static void mutex_cond(void)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	SHOW(pthread_mutex_init(&sh->m, &ma));
	SHOW(pthread_cond_init(&sh->arrived_cv, &ca));
	SHOW(pthread_cond_init(&sh->go_cv, &ca));
	for (int c = 0; c < NCHILD; c++)
		if (xfork() == 0) {
			/* the holder yields inside the critical section: the others block on the lock */
			for (int i = 0; i < ITERS; i++) {
				if (pthread_mutex_lock(&sh->m)) _exit(1);
				int n = sh->counter;
				sched_yield();
				sh->counter = n + 1;
				pthread_mutex_unlock(&sh->m);
			}
			pthread_mutex_lock(&sh->m);
			sh->arrived++;
			pthread_cond_signal(&sh->arrived_cv);
			while (!sh->go) pthread_cond_wait(&sh->go_cv, &sh->m);
			sh->woke++;
			pthread_mutex_unlock(&sh->m);
			_exit(0);
		}
	pthread_mutex_lock(&sh->m);
	while (sh->arrived < NCHILD) pthread_cond_wait(&sh->arrived_cv, &sh->m);
	sh->go = 1;
	pthread_cond_broadcast(&sh->go_cv);
	pthread_mutex_unlock(&sh->m);
	reap_all("lockers", NCHILD);
	printf("counter %d (expected %d), arrived %d, woken by the broadcast %d\n", sh->counter,
	       NCHILD * ITERS, sh->arrived, sh->woke);
	struct timespec past = { 0, 0 };
	pthread_mutex_lock(&sh->m);
	SHOW(pthread_cond_timedwait(&sh->go_cv, &sh->m, &past));
	SHOW(pthread_mutex_unlock(&sh->m));
	SHOW(pthread_cond_destroy(&sh->go_cv));
	SHOW(pthread_cond_destroy(&sh->arrived_cv));

	/* an errorcheck mutex locked by another process (which then exits) */
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	SHOW(pthread_mutex_init(&sh->ec, &ma));
	if (xfork() == 0) _exit(pthread_mutex_lock(&sh->ec));
	reap_all("errorcheck locker", 1);
	SHOW(pthread_mutex_trylock(&sh->ec));
	SHOW(pthread_mutex_unlock(&sh->ec));
	pthread_mutexattr_destroy(&ma);
	pthread_condattr_destroy(&ca);
}

static void rwlock(void)
{
	pthread_rwlockattr_t ra;
	pthread_rwlockattr_init(&ra);
	pthread_rwlockattr_setpshared(&ra, PTHREAD_PROCESS_SHARED);
	SHOW(pthread_rwlock_init(&sh->rw, &ra));
	pthread_rwlockattr_destroy(&ra);
	int to_child[2], to_parent[2];
	pipe(to_child);
	pipe(to_parent);
	if (xfork() == 0) {
		char c = 0;
		if (pthread_rwlock_wrlock(&sh->rw)) _exit(1);
		write(to_parent[1], "w", 1);
		read(to_child[0], &c, 1);
		pthread_rwlock_unlock(&sh->rw);
		_exit(0);
	}
	char c = 0;
	read(to_parent[0], &c, 1);
	printf("child holds the write lock\n");
	SHOW(pthread_rwlock_tryrdlock(&sh->rw));
	SHOW(pthread_rwlock_trywrlock(&sh->rw));
	write(to_child[1], "x", 1);
	SHOW(pthread_rwlock_rdlock(&sh->rw)); /* until the child unlocks */
	SHOW(pthread_rwlock_unlock(&sh->rw));
	reap_all("writer", 1);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/* a spinlock in shared memory (glibc ignores pshared: a spinlock needs no futex) */
static void spinlock(void)
{
	SHOW(pthread_spin_init(&sh->spin, 2));
	SHOW(pthread_spin_init(&sh->spin, PTHREAD_PROCESS_SHARED));
	for (int c = 0; c < 2; c++)
		if (xfork() == 0) {
			for (int i = 0; i < 20; i++) {
				pthread_spin_lock(&sh->spin);
				int n = sh->spun;
				sched_yield();
				sh->spun = n + 1;
				pthread_spin_unlock(&sh->spin);
			}
			_exit(0);
		}
	reap_all("spinners", 2);
	printf("spun %d (expected 40)\n", sh->spun);
	SHOW(pthread_spin_destroy(&sh->spin));
}

static void barrier_rounds(int me)
{
	for (int r = 0; r < ROUNDS; r++) {
		sh->mark[r][me] = 1;
		if (pthread_barrier_wait(&sh->bar) == PTHREAD_BARRIER_SERIAL_THREAD) sh->serial[me]++;
		for (int p = 0; p <= NCHILD; p++)
			if (!sh->mark[r][p]) sh->missing[me]++;
	}
}

static void barrier(void)
{
	pthread_barrierattr_t ba;
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	SHOW(pthread_barrier_init(&sh->bar, &ba, NCHILD + 1));
	pthread_barrierattr_destroy(&ba);
	for (int c = 0; c < NCHILD; c++)
		if (xfork() == 0) {
			barrier_rounds(c);
			_exit(0);
		}
	barrier_rounds(NCHILD);
	reap_all("barrier", NCHILD);
	int serial = 0, missing = 0;
	for (int p = 0; p <= NCHILD; p++) {
		serial += sh->serial[p];
		missing += sh->missing[p];
	}
	printf("barrier: %d rounds of %d processes, %d serial returns, %d marks missing after a round\n",
	       ROUNDS, NCHILD + 1, serial, missing);
	SHOW(pthread_barrier_destroy(&sh->bar));
}

/* named semaphores: /dev/shm/sem.NAME, shared by every process that opens the name */
static void named(void)
{
	const char *name = "/int80_pshared_sync";
	sem_unlink(name);
	sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
	printf("sem_open(O_CREAT|O_EXCL) %s\n", s == SEM_FAILED ? en(errno) : "ok");
	errno = 0;
	sem_t *again = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
	printf("again with O_EXCL: %s %s\n", again == SEM_FAILED ? "SEM_FAILED" : "a semaphore", en(errno));
	sem_t *same = sem_open(name, 0);
	printf("sem_open(name, 0) gives the same address: %d\n", same == s);
	/* leading slashes are optional; glibc keeps one mapping per name as written */
	sem_t *creat = sem_open(name + 1, O_CREAT, 0600, 5);
	int v = -1;
	sem_getvalue(creat, &v);
	printf("sem_open(O_CREAT) of the name without '/': value %d (not made again), same address %d\n", v, creat == s);
	struct stat st;
	SHOWE(stat("/dev/shm/sem.int80_pshared_sync", &st));
	printf("mode %o\n", (unsigned)st.st_mode & 07777);

	/* a child opens the name on its own and posts; the parent waits */
	if (xfork() == 0) {
		sem_t *c = sem_open(name, 0);
		if (c == SEM_FAILED) _exit(1);
		sem_post(c);
		sem_post(c);
		_exit(sem_close(c) ? 2 : 0);
	}
	SHOWE(sem_wait(s));
	reap_all("named poster", 1);
	sem_getvalue(s, &v);
	printf("value %d\n", v);
	sem_getvalue(creat, &v);
	printf("value through the other mapping %d\n", v);
	SHOWE(sem_close(creat));
	SHOWE(sem_close(same));
	SHOWE(sem_unlink(name));
	SHOWE(sem_unlink(name));
	SHOWE(stat("/dev/shm/sem.int80_pshared_sync", &st));
	/* still usable after sem_unlink, until the last sem_close */
	SHOWE(sem_trywait(s));
	SHOWE(sem_trywait(s));
	SHOWE(sem_close(s));
	errno = 0;
	printf("sem_open(name, 0) after unlink: %s\n", sem_open(name, 0) == SEM_FAILED ? en(errno) : "a semaphore");
	printf("sem_open(\"/\"): %s\n", sem_open("/", O_CREAT, 0600, 0) == SEM_FAILED ? en(errno) : "a semaphore");
	printf("sem_open(\"/a/b\"): %s\n", sem_open("/a/b", O_CREAT, 0600, 0) == SEM_FAILED ? en(errno) : "a semaphore");
	printf("sem_open(value > SEM_VALUE_MAX): %s\n",
	       sem_open(name, O_CREAT, 0600, (unsigned)INT_MAX + 1u) == SEM_FAILED ? en(errno) : "a semaphore");
	char longname[300];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	printf("sem_open(a 299-byte name): %s\n", sem_open(longname, O_CREAT, 0600, 0) == SEM_FAILED ? en(errno) : "a semaphore");
	SHOWE(sem_unlink("/"));
	SHOWE(sem_unlink("/a/b"));
	SHOWE(sem_unlink(longname));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	sh = mmap(0, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	attrs();
	semaphores();
	mutex_cond();
	rwlock();
	barrier();
	spinlock();
	named();
	munmap(sh, sizeof *sh);
	return 0;
}

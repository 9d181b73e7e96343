/* pthread synchronisation in a program that never starts a thread (lock-only
 * code, libraries that lock "just in case"): mutexes of the three kinds,
 * trylock, once, keys, condition variables with a timed wait, rwlocks. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int once_runs;
static void once_fn(void) { once_runs++; }
static int dtor_runs;
static void dtor(void *p) { (void)p; dtor_runs++; }

static const char *en(int e)
{
	switch (e) {
	case 0: return "0";
	case EBUSY: return "EBUSY";
	case EDEADLK: return "EDEADLK";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EAGAIN: return "EAGAIN";
	default: return strerror(e);
	}
}

/* one call per statement: argument evaluation order is unspecified */
#define SHOW(what) printf("%-40s %s\n", #what, en(what))

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	SHOW(pthread_mutex_lock(&m));
	SHOW(pthread_mutex_trylock(&m));
	SHOW(pthread_mutex_unlock(&m));
	SHOW(pthread_mutex_trylock(&m));
	SHOW(pthread_mutex_unlock(&m));
	SHOW(pthread_mutex_destroy(&m));
	pthread_mutex_init(&m, NULL);

	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_t r;
	pthread_mutex_init(&r, &ma);
	printf("recursive:\n");
	SHOW(pthread_mutex_lock(&r));
	SHOW(pthread_mutex_lock(&r));
	SHOW(pthread_mutex_trylock(&r));
	SHOW(pthread_mutex_unlock(&r));
	SHOW(pthread_mutex_unlock(&r));
	SHOW(pthread_mutex_unlock(&r));
	SHOW(pthread_mutex_unlock(&r));

	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_t ec;
	pthread_mutex_init(&ec, &ma);
	printf("errorcheck:\n");
	SHOW(pthread_mutex_unlock(&ec));
	SHOW(pthread_mutex_lock(&ec));
	SHOW(pthread_mutex_lock(&ec));
	SHOW(pthread_mutex_unlock(&ec));
	pthread_mutexattr_destroy(&ma);

	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, once_fn);
	pthread_once(&once, once_fn);
	printf("once ran %d time(s)\n", once_runs);

	pthread_key_t k;
	SHOW(pthread_key_create(&k, dtor));
	static int v = 42;
	printf("getspecific before: %s\n", pthread_getspecific(k) == NULL ? "NULL" : "set");
	SHOW(pthread_setspecific(k, &v));
	printf("getspecific %d\n", *(int *)pthread_getspecific(k));
	SHOW(pthread_key_delete(k));
	printf("destructors run at thread exit only: %d\n", dtor_runs);

	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec ts;
	/* an absolute time long past: times out at once */
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	pthread_mutex_lock(&m);
	SHOW(pthread_cond_timedwait(&c, &m, &ts));
	SHOW(pthread_cond_signal(&c));
	SHOW(pthread_cond_broadcast(&c));
	SHOW(pthread_mutex_unlock(&m));
	SHOW(pthread_cond_destroy(&c));

	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	SHOW(pthread_rwlock_rdlock(&rw));
	SHOW(pthread_rwlock_rdlock(&rw));
	SHOW(pthread_rwlock_trywrlock(&rw));
	SHOW(pthread_rwlock_unlock(&rw));
	SHOW(pthread_rwlock_unlock(&rw));
	SHOW(pthread_rwlock_wrlock(&rw));
	SHOW(pthread_rwlock_tryrdlock(&rw));
	SHOW(pthread_rwlock_unlock(&rw));

	printf("self equal %d\n", pthread_equal(pthread_self(), pthread_self()));
	SHOW(pthread_join(pthread_self(), NULL));
	return 0;
}

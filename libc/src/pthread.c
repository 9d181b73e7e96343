/* pthread_create and friends until int80 has threads.
 *
 * wasi-libc (wasm32-wasip1, single-threaded) provides the synchronisation
 * objects as single-threaded implementations: pthread_mutex_* (with trylock's
 * EBUSY and error-checking mutexes' EDEADLK), pthread_once, pthread_key_*,
 * pthread_cond_* (a wait with nobody to signal returns at once / times out),
 * pthread_self, pthread_equal, pthread_attr_*. Programs that only lock run as
 * on Linux.
 *
 * Starting a thread is what cannot work yet: pthread_create fails as Linux's
 * clone fails when no thread can be made (pthread_create(3): "EAGAIN
 * Insufficient resources to create another thread"). Unlike glibc, it also
 * sets errno to EAGAIN: code that reports the failure with perror() (common,
 * though pthread_* return the error number and do not set errno) then prints
 * "Resource temporarily unavailable" rather than whatever errno held before. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

int pthread_create(pthread_t *restrict thread, const pthread_attr_t *restrict attr,
		   void *(*start_routine)(void *), void *restrict arg)
{
	(void)thread; (void)attr; (void)start_routine; (void)arg;
	errno = EAGAIN;
	return EAGAIN;
}

/* With no thread ever created, there is none to join or detach: ESRCH
 * ("No thread with the ID thread could be found", pthread_join(3)). */
int pthread_join(pthread_t thread, void **retval)
{
	(void)retval;
	if (pthread_equal(thread, pthread_self())) return EDEADLK;
	return ESRCH;
}

int pthread_detach(pthread_t thread)
{
	if (pthread_equal(thread, pthread_self())) return 0;
	return ESRCH;
}

/* Mutexes, single-threaded, with the results Linux's NPTL gives the only
 * thread of a process (pthread_mutex_lock(3p), glibc nptl/pthread_mutex_*.c).
 * wasi-libc's single-threaded stubs return 0 for everything, so a trylock of
 * a held mutex "succeeds" and recursive/error-checking mutexes do not count;
 * these replace them. Layout: musl's pthread_mutex_t (int __i[6]), whose
 * fields musl names _m_type (__i[0], the type bits of the attribute, set by
 * pthread_mutex_init), _m_lock (__i[1]) and _m_count (__i[5]). */
#define m_type(m) ((m)->__u.__i[0])
#define m_lock(m) ((m)->__u.__i[1])
#define m_count(m) ((m)->__u.__i[5])
#define M_TYPE(m) (m_type(m) & 3)

int pthread_mutex_init(pthread_mutex_t *restrict m, const pthread_mutexattr_t *restrict a)
{
	*m = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	if (a) m_type(m) = (int)a->__attr;
	return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	if (!m_lock(m)) {
		m_lock(m) = 1;
		m_count(m) = 0;
		return 0;
	}
	if (M_TYPE(m) == PTHREAD_MUTEX_RECURSIVE) {
		if (m_count(m) == 0x7fffffff) return EAGAIN;
		m_count(m)++;
		return 0;
	}
	return EBUSY;
}

/* Unlike Linux, locking a held normal mutex returns EDEADLK instead of
 * blocking forever: with one thread nothing could ever unlock it. */
int pthread_mutex_lock(pthread_mutex_t *m)
{
	int r = pthread_mutex_trylock(m);
	return r == EBUSY ? EDEADLK : r;
}

int pthread_mutex_timedlock(pthread_mutex_t *restrict m, const struct timespec *restrict at)
{
	int r = pthread_mutex_trylock(m);
	if (r != EBUSY) return r;
	if (M_TYPE(m) == PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
	if (at->tv_nsec < 0 || at->tv_nsec >= 1000000000L) return EINVAL;
	/* nobody can release it before the deadline: wait for the deadline */
	while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, at, NULL) == EINTR)
		;
	return ETIMEDOUT;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (!m_lock(m))
		return M_TYPE(m) == PTHREAD_MUTEX_NORMAL ? 0 : EPERM;
	if (M_TYPE(m) == PTHREAD_MUTEX_RECURSIVE && m_count(m) > 0) {
		m_count(m)--;
		return 0;
	}
	m_lock(m) = 0;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	(void)m;
	return 0;
}

/* Condition variables: with one thread nobody can signal, so a timed wait
 * releases the mutex, sleeps until the deadline (on the clock chosen with
 * pthread_condattr_setclock, musl's _c_clock = __i[4]) and returns ETIMEDOUT
 * with the mutex held again, as Linux does when no signal comes. */
int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m, const struct timespec *restrict at)
{
	if (M_TYPE(m) != PTHREAD_MUTEX_NORMAL && !m_lock(m)) return EPERM;
	if (at->tv_nsec < 0 || at->tv_nsec >= 1000000000L) return EINVAL;
	int count = m_count(m);
	m_lock(m) = 0;
	/* wasi-libc keeps the clock as its number: 0 realtime, 1 monotonic */
	clockid_t clk = c->__u.__i[4] == 1 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	while (clock_nanosleep(clk, TIMER_ABSTIME, at, NULL) == EINTR)
		;
	m_lock(m) = 1;
	m_count(m) = count;
	return ETIMEDOUT;
}

/* Unlike Linux, which would block forever (no other thread exists to
 * signal), pthread_cond_wait returns EDEADLK with the mutex still held. */
int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m)
{
	(void)c;
	if (M_TYPE(m) != PTHREAD_MUTEX_NORMAL && !m_lock(m)) return EPERM;
	return EDEADLK;
}

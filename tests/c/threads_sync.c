/* threads_sync.c - threads and their synchronisation, with results Linux gives:
 * a worker pool around a mutex + condition variable queue, join of exited and
 * detached threads, per-thread errno, raw futex(2) (EAGAIN, timeouts, wake
 * counts, requeue, bad arguments), mutex kinds across threads, a timed
 * condition wait, pthread_once/keys, exit(2) of one thread vs the group, and
 * a signal sent to the multi-threaded process. Output is printed by main only,
 * in a fixed order. */
#include "common.h"
#include <pthread.h>
#include <time.h>
#include <linux/futex.h>

static const char *en(int e)
{
	switch (e) {
	case 0: return "0";
	case EAGAIN: return "EAGAIN";
	case EINVAL: return "EINVAL";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EDEADLK: return "EDEADLK";
	case EBUSY: return "EBUSY";
	case EPERM: return "EPERM";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EFAULT: return "EFAULT";
	case ENOSYS: return "ENOSYS";
	default: return strerror(e);
	}
}

/* a futex result: its count, or the errno name */
static const char *fr(long r)
{
	static char buf[8][16];
	static int i;
	if (r < 0) return en((int)-r);
	char *b = buf[i++ % 8];
	snprintf(b, 16, "%ld", r);
	return b;
}

/* the futex syscall's own timespec: 32-bit fields on i386 (futex, 240) */
#ifdef __x86_64__
typedef struct timespec kts;
#else
typedef struct { int tv_sec; int tv_nsec; } kts;
#endif

static long fx(int *uaddr, int op, int val, const kts *ts, int *uaddr2, int val3)
{
	long r = syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
	return r < 0 ? -errno : r;
}

/* How many threads wait on *uaddr (private or shared futex, as `flag` says):
 * requeue them all onto the same word. */
static long waiters(int *uaddr, int flag)
{
	return fx(uaddr, FUTEX_CMP_REQUEUE | flag, 0, (kts *)0x7fffffff, uaddr, *uaddr);
}

static void wait_for_waiters(int *uaddr, int flag, int n)
{
	while (waiters(uaddr, flag) < n) usleep(200);
}

/* ---- worker pool ---- */
#define NWORKERS 3
#define NJOBS 12
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcv = PTHREAD_COND_INITIALIZER, donecv = PTHREAD_COND_INITIALIZER;
static int queue[NJOBS], qhead, qtail, closing, done_jobs;
static long sum;
static int per_worker[NWORKERS];

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	for (;;) {
		pthread_mutex_lock(&qlock);
		while (qhead == qtail && !closing) pthread_cond_wait(&qcv, &qlock);
		if (qhead == qtail) {
			pthread_mutex_unlock(&qlock);
			return (void *)(long)id;
		}
		int job = queue[qhead++ % NJOBS];
		pthread_mutex_unlock(&qlock);
		usleep(100); /* the job: a call that waits, so others run */
		pthread_mutex_lock(&qlock);
		sum += job * job;
		done_jobs++;
		per_worker[id]++;
		pthread_cond_signal(&donecv);
		pthread_mutex_unlock(&qlock);
	}
}

/* ---- errno, join, detach ---- */
static int errno_seen[3];
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static void *errno_thread(void *arg)
{
	int id = (int)(long)arg;
	errno = 0;
	close(-1 - id); /* EBADF in this thread */
	int mine = errno;
	pthread_mutex_lock(&gate); /* main holds it: wait while others change errno */
	pthread_mutex_unlock(&gate);
	errno_seen[id] = errno == mine;
	return NULL;
}

static volatile int detached_ran;
static pthread_mutex_t dlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dcv = PTHREAD_COND_INITIALIZER;
static void *detached_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&dlock);
	detached_ran++;
	pthread_cond_signal(&dcv);
	pthread_mutex_unlock(&dlock);
	return NULL;
}

static void *exit_thread(void *arg)
{
	(void)arg;
	pthread_exit((void *)42);
}

/* ---- futex waiter ---- */
static int fword;
static long waiter_ret[2];
static void *futex_waiter(void *arg)
{
	int id = (int)(long)arg;
	waiter_ret[id] = fx(&fword, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static int fword2;
static void *futex_waiter2(void *arg)
{
	int id = (int)(long)arg;
	waiter_ret[id] = fx(&fword, FUTEX_WAIT, 5, NULL, NULL, 0);
	return NULL;
}

/* ---- mutex held by another thread ---- */
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t release_it = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t hs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hs_cv = PTHREAD_COND_INITIALIZER;
static int holder_has_it;
static void *holder(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&held);
	pthread_mutex_lock(&hs_lock);
	holder_has_it = 1;
	pthread_cond_signal(&hs_cv);
	pthread_mutex_unlock(&hs_lock);
	pthread_mutex_lock(&release_it); /* main holds it */
	pthread_mutex_unlock(&release_it);
	pthread_mutex_unlock(&held);
	return NULL;
}

/* ---- once and keys ---- */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void once_fn(void) { once_runs++; usleep(100); }
static pthread_key_t key;
static int dtor_calls;
static void dtor(void *p) { dtor_calls += (int)(long)p; }
static void *key_thread(void *arg)
{
	pthread_once(&once, once_fn);
	pthread_setspecific(key, arg);
	return pthread_getspecific(key);
}

/* ---- signals ---- */
static volatile int sig_tid_is_main = -1;
static volatile int sig_count;
static void on_usr1(int s) { (void)s; sig_count++; sig_tid_is_main = syscall(SYS_gettid) == getpid(); }
static void *sig_blocker(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	usleep(20000);
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_t w[NWORKERS];

	/* worker pool */
	for (int i = 0; i < NWORKERS; i++) pthread_create(&w[i], NULL, worker, (void *)(long)i);
	for (int j = 1; j <= NJOBS; j++) {
		pthread_mutex_lock(&qlock);
		queue[qtail++ % NJOBS] = j;
		pthread_cond_signal(&qcv);
		pthread_mutex_unlock(&qlock);
	}
	pthread_mutex_lock(&qlock);
	while (done_jobs < NJOBS) pthread_cond_wait(&donecv, &qlock);
	closing = 1;
	pthread_cond_broadcast(&qcv);
	pthread_mutex_unlock(&qlock);
	int ids = 0;
	for (int i = 0; i < NWORKERS; i++) {
		void *r;
		pthread_join(w[i], &r);
		ids += (int)(long)r;
	}
	printf("pool: jobs=%d sum=%ld worker ids=%d all=%d\n", done_jobs, sum, ids,
	       per_worker[0] + per_worker[1] + per_worker[2]);

	/* per-thread errno */
	pthread_t et[3];
	pthread_mutex_lock(&gate);
	for (int i = 0; i < 3; i++) pthread_create(&et[i], NULL, errno_thread, (void *)(long)i);
	usleep(1000);
	errno = ENOENT;
	pthread_mutex_unlock(&gate);
	for (int i = 0; i < 3; i++) pthread_join(et[i], NULL);
	printf("errno per thread: %d %d %d, main's still ENOENT: %d\n", errno_seen[0], errno_seen[1], errno_seen[2],
	       errno == ENOENT);

	/* join an exited thread, pthread_exit's value, detached threads */
	pthread_t t;
	void *r;
	pthread_create(&t, NULL, exit_thread, NULL);
	usleep(1000); /* it has exited before the join */
	int e = pthread_join(t, &r);
	printf("pthread_join(exited) = %s, value %ld\n", en(e), (long)r);
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	e = pthread_create(&t, &a, detached_thread, NULL);
	printf("pthread_create(detached) = %s\n", en(e));
	pthread_mutex_lock(&dlock);
	while (detached_ran < 1) pthread_cond_wait(&dcv, &dlock);
	pthread_mutex_unlock(&dlock);
	printf("detached thread ran: %d\n", detached_ran);
	pthread_create(&t, NULL, detached_thread, NULL);
	printf("pthread_detach = %s\n", en(pthread_detach(t)));
	printf("pthread_join(self) = %s\n", en(pthread_join(pthread_self(), NULL)));
	size_t ss = 0;
	pthread_attr_setstacksize(&a, 256 * 1024);
	pthread_attr_getstacksize(&a, &ss);
	printf("stack size attribute: %zu\n", ss);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_JOINABLE);
	e = pthread_create(&t, &a, exit_thread, NULL);
	printf("pthread_create(256K stack) = %s, join = %s\n", en(e), en(pthread_join(t, NULL)));

	/* raw futex */
	fword = 1;
	kts ts = { 0, 2000000 };
	printf("FUTEX_WAIT value differs = %s\n", fr(fx(&fword, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0)));
	printf("FUTEX_WAIT timeout = %s\n", fr(fx(&fword, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0)));
	kts bad = { 0, 1000000000 };
	printf("FUTEX_WAIT bad timespec = %s\n", fr(fx(&fword, FUTEX_WAIT_PRIVATE, 1, &bad, NULL, 0)));
	printf("FUTEX_WAIT misaligned = %s\n", fr(fx((int *)((char *)&fword + 1), FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0)));
	printf("FUTEX_WAKE nobody = %ld\n", fx(&fword, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	printf("FUTEX_WAIT_BITSET bitset 0 = %s\n", fr(fx(&fword, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0)));
	printf("FUTEX_WAIT|CLOCK_REALTIME = %s\n", fr(fx(&fword, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, &ts, NULL, 0)));
	printf("futex op 99 = %s\n", fr(fx(&fword, 99, 0, NULL, NULL, 0)));
	struct timespec mono;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	kts now = { mono.tv_sec, mono.tv_nsec + 2000000 };
	if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
	printf("FUTEX_WAIT_BITSET absolute deadline = %s\n",
	       fr(fx(&fword, FUTEX_WAIT_BITSET_PRIVATE, 1, &now, NULL, FUTEX_BITSET_MATCH_ANY)));
	fword = 0;
	pthread_t fw[2];
	for (int i = 0; i < 2; i++) pthread_create(&fw[i], NULL, futex_waiter, (void *)(long)i);
	wait_for_waiters(&fword, FUTEX_PRIVATE_FLAG, 2);
	printf("a private wake does not wake shared waiters... shared wake = %ld\n",
	       fx(&fword, FUTEX_WAKE, 10, NULL, NULL, 0));
	printf("FUTEX_WAKE 1 of 2 = %ld\n", fx(&fword, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	printf("FUTEX_WAKE all = %ld\n", fx(&fword, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0));
	for (int i = 0; i < 2; i++) pthread_join(fw[i], NULL);
	printf("waiters returned %ld %ld\n", waiter_ret[0], waiter_ret[1]);
	/* requeue: two waiters on fword (value 5), wake none, move both to fword2 */
	fword = 5;
	for (int i = 0; i < 2; i++) pthread_create(&fw[i], NULL, futex_waiter2, (void *)(long)i);
	wait_for_waiters(&fword, 0, 2);
	printf("FUTEX_CMP_REQUEUE wrong value = %s\n", fr(fx(&fword, FUTEX_CMP_REQUEUE, 0, (kts *)2, &fword2, 4)));
	printf("FUTEX_CMP_REQUEUE 0 woken 2 moved = %ld\n", fx(&fword, FUTEX_CMP_REQUEUE, 0, (kts *)2, &fword2, 5));
	printf("FUTEX_WAKE on the old word = %ld\n", fx(&fword, FUTEX_WAKE, 10, NULL, NULL, 0));
	printf("FUTEX_REQUEUE 1 woken 1 moved back = %ld\n", fx(&fword2, FUTEX_REQUEUE, 1, (kts *)1, &fword, 0));
	printf("FUTEX_WAKE the last = %ld\n", fx(&fword, FUTEX_WAKE, 10, NULL, NULL, 0));
	for (int i = 0; i < 2; i++) pthread_join(fw[i], NULL);
	printf("waiters returned %ld %ld\n", waiter_ret[0], waiter_ret[1]);

	/* mutexes across threads */
	pthread_mutex_lock(&release_it);
	pthread_create(&t, NULL, holder, NULL);
	pthread_mutex_lock(&hs_lock);
	while (!holder_has_it) pthread_cond_wait(&hs_cv, &hs_lock);
	pthread_mutex_unlock(&hs_lock);
	printf("trylock of a mutex another thread holds = %s\n", en(pthread_mutex_trylock(&held)));
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += 2000000;
	if (dl.tv_nsec >= 1000000000) { dl.tv_sec++; dl.tv_nsec -= 1000000000; }
	printf("timedlock of it = %s\n", en(pthread_mutex_timedlock(&held, &dl)));
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_t ec;
	pthread_mutex_init(&ec, &ma);
	printf("errorcheck unlock not owned = %s\n", en(pthread_mutex_unlock(&ec)));
	pthread_mutex_unlock(&release_it);
	printf("lock after the holder lets go = %s\n", en(pthread_mutex_lock(&held)));
	pthread_mutex_unlock(&held);
	pthread_join(t, NULL);

	/* timed condition wait on CLOCK_MONOTONIC */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_t cv;
	pthread_cond_init(&cv, &ca);
	pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&cm);
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_nsec += 3000000;
	if (dl.tv_nsec >= 1000000000) { dl.tv_sec++; dl.tv_nsec -= 1000000000; }
	printf("pthread_cond_timedwait(monotonic) = %s\n", en(pthread_cond_timedwait(&cv, &cm, &dl)));
	printf("mutex held again after it: trylock = %s\n", en(pthread_mutex_trylock(&cm)));
	pthread_mutex_unlock(&cm);

	/* once and keys */
	pthread_key_create(&key, dtor);
	pthread_t kt[3];
	for (int i = 0; i < 3; i++) pthread_create(&kt[i], NULL, key_thread, (void *)(long)(i + 1));
	long kv = 0;
	for (int i = 0; i < 3; i++) {
		pthread_join(kt[i], &r);
		kv += (long)r;
	}
	printf("once ran %d time(s); keys: values %ld, destructors %d, main's is NULL: %d\n", once_runs, kv, dtor_calls,
	       pthread_getspecific(key) == NULL);

	/* a signal to the process: the main thread does not block it and gets it */
	signal(SIGUSR1, on_usr1);
	pthread_create(&t, NULL, sig_blocker, NULL);
	usleep(1000);
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	printf("SIGUSR1 handled %d time(s), on the main thread: %d\n", sig_count, sig_tid_is_main);

	/* ids */
	printf("gettid() == getpid() in main: %d\n", syscall(SYS_gettid) == getpid());
	return 0;
}

/* POSIX threads over clone(2) and futex(2), for int80's M:1 threads.
 *
 * All threads of a process run in its one Wasm instance, one at a time: the host
 * switches between them only where a thread enters the kernel and waits (a futex,
 * a socket, a sleep) -- docs/threads.md. So this file needs no atomic
 * instructions: a compare-and-swap below is a load and a store with no system call
 * in between, which no other thread can interleave.
 *
 * pthread_create allocates the thread's stack and its asyncify buffer (where the
 * host saves the thread's Wasm call stack while it waits), writes a start block at
 * the top of the stack and issues clone() with the flags glibc uses. Unlike Linux's
 * clone, the child does not return from the call: the host starts it at
 * start_thread(self) on the new stack (struct int80_thread_start below).
 *
 * Per-thread data: errno and the thread pointer (__int80_self) are words the host
 * saves and restores when it switches threads (their addresses are in the start
 * block). __thread/_Thread_local variables are in a TLS block per thread, as on
 * Linux: the main thread's is the program's .tdata segment, a new thread's is
 * allocated with its stack and filled with the initial image (tls.c), and its address
 * is clone's tls argument (CLONE_SETTLS); the host points the __tls_base global,
 * which every TLS access adds to, at the running thread's block.
 *
 * Mutex layout: musl's pthread_mutex_t (int __i[6]): _m_type __i[0] (the kind,
 * from the attribute), _m_lock __i[1] (the owner's tid, 0 when free), waiters
 * __i[2], _m_count __i[5] (recursive depth). Condition variables: __i[0] a
 * sequence number (the futex word), __i[1] waiters, __i[4] the clock
 * (pthread_condattr_setclock: wasi-libc keeps 0 realtime, 1 monotonic), __i[2] nonzero
 * when process-shared.
 *
 * Process-shared objects (PTHREAD_PROCESS_SHARED in a mutex, condition variable, rwlock
 * or barrier attribute; sem_init's pshared != 0) live in MAP_SHARED memory, where other
 * processes use them too. As glibc does (its futex calls take the object's
 * FUTEX_PRIVATE/FUTEX_SHARED choice), their futex words are waited on and woken without
 * FUTEX_PRIVATE_FLAG: the kernel then keys the futex by the mapped inode and offset
 * (get_futex_key), so a post, unlock or signal in one process wakes a waiter in another.
 * A private object keeps FUTEX_PRIVATE_FLAG (keyed by this process's memory only). The
 * choice is stored in the object where wasi-libc's musl keeps it: the mutex type's bit 128
 * (pthread_mutexattr_setpshared), a flag word in the others. A load followed by a store
 * of a shared word is still one step for other processes: a process is preempted only at
 * loop heads and system calls (docs/architecture.md, "Preemption"), and its shared
 * memory is copied out and in exactly there (docs/processes.md, "Shared memory"). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX 0x7fffffff
#endif
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "int80.h"
#include <asm/unistd_32.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE 128
#define FUTEX_CLOCK_REALTIME 256

#define CLONE_VM 0x100
#define CLONE_FS 0x200
#define CLONE_FILES 0x400
#define CLONE_SIGHAND 0x800
#define CLONE_THREAD 0x10000
#define CLONE_SYSVSEM 0x40000
#define CLONE_SETTLS 0x80000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CHILD_CLEARTID 0x200000

/* Linux's errno numbers, as the trap returns them (libc's own numbering differs) */
#define L_ESRCH 3
#define L_EINTR 4
#define L_EAGAIN 11
#define L_ETIMEDOUT 110

#define KEYS_MAX 128
#define DEFAULT_STACK (128 * 1024)
#define ASYNCIFY_SIZE (64 * 1024)

struct __pthread {
	struct __pthread *self;
	volatile int tid;        /* CLONE_PARENT_SETTID / CLONE_CHILD_CLEARTID word */
	int detached;
	void *result;
	void *(*start)(void *);
	void *start_arg;
	void *stack;             /* TLS block, asyncify buffer, stack and start block, one malloc */
	int cancel_disabled;
	int cancel_async;
	volatile int canceled;
	struct __pthread *next_zombie;
	struct __ptcb *cleanup;  /* pthread_cleanup_push's list */
	void *tsd[KEYS_MAX];
};

/* The start block the host reads at clone's newsp (host/machine.ts cloneThread). */
struct int80_thread_start {
	uint32_t fn;             /* table index of void fn(void *) */
	uint32_t arg;
	uint32_t errno_addr;     /* per-thread words the host swaps */
	uint32_t self_addr;
	uint32_t asyncify_data;
	uint32_t asyncify_size;
};

/* The new thread's TLS block (tls.c; int80 cc gives these their bodies) */
size_t __int80_tls_size(void);
size_t __int80_tls_align(void);
void __int80_tls_init(void *block);

static struct __pthread main_thread;
struct __pthread *__int80_self = &main_thread;
static int nthreads = 1;
static struct __pthread *zombies;
static void (*key_dtor[KEYS_MAX])(void *);
static unsigned char key_used[KEYS_MAX];

static int futex(volatile int *addr, int op, int val, const void *ts)
{
	return __int80(__NR_futex_time64, (int)(intptr_t)addr, op, val, (int)(intptr_t)ts, 0, -1);
}

/* priv: FUTEX_PRIVATE for a process-private object, 0 for a process-shared one */
static int futex_wake(volatile int *addr, int n, int priv)
{
	return futex(addr, FUTEX_WAKE | priv, n, 0);
}

/* Wait while *addr == val until the absolute deadline `at` on clock clk (NULL: no
 * deadline); 0 or Linux's -EAGAIN, -EINTR, -ETIMEDOUT (FUTEX_WAIT_BITSET takes an absolute time). */
static int futex_wait_until(volatile int *addr, int val, const struct timespec *at, clockid_t clk, int priv)
{
	struct { int64_t sec, nsec; } ts;
	if (!at) return futex(addr, FUTEX_WAIT | priv, val, 0);
	ts.sec = at->tv_sec;
	ts.nsec = at->tv_nsec;
	int op = FUTEX_WAIT_BITSET | priv | (clk == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0);
	return __int80(__NR_futex_time64, (int)(intptr_t)addr, op, val, (int)(intptr_t)&ts, 0, -1);
}

static struct __pthread *self(void)
{
	struct __pthread *t = __int80_self;
	if (!t->self) {
		t->self = t;
		t->tid = __int80(__NR_gettid, 0, 0, 0, 0, 0, 0);
	}
	return t;
}

/* fork(2) in a multi-threaded process (process.c calls this in the child): only the
 * calling thread exists there, with the child's pid as its tid. */
void __int80_fork_child(void)
{
	struct __pthread *t = self();
	t->tid = __int80(__NR_gettid, 0, 0, 0, 0, 0, 0);
	nthreads = 1;
}

pthread_t pthread_self(void)
{
	return (pthread_t)self();
}

int (pthread_equal)(pthread_t a, pthread_t b)
{
	return a == b;
}

static void reap_zombies(void)
{
	struct __pthread **pp = &zombies;
	while (*pp) {
		struct __pthread *t = *pp;
		if (t->tid) { pp = &t->next_zombie; continue; }
		*pp = t->next_zombie;
		free(t->stack);
		free(t);
	}
}

static void run_tsd_dtors(struct __pthread *t)
{
	/* PTHREAD_DESTRUCTOR_ITERATIONS rounds, as pthread_key_create(3p) says */
	for (int round = 0; round < 4; round++) {
		int any = 0;
		for (int k = 0; k < KEYS_MAX; k++) {
			void *v = t->tsd[k];
			if (v && key_used[k] && key_dtor[k]) {
				t->tsd[k] = 0;
				key_dtor[k](v);
				any = 1;
			}
		}
		if (!any) break;
	}
}

_Noreturn void pthread_exit(void *result)
{
	struct __pthread *t = self();
	t->result = result;
	t->cancel_disabled = 1;
	while (t->cleanup) {
		struct __ptcb *cb = t->cleanup;
		t->cleanup = cb->__next;
		cb->__f(cb->__x);
	}
	run_tsd_dtors(t);
	/* the last thread ends the process as exit(0) (stdio flushed, atexit run) */
	if (--nthreads == 0) exit(0);
	if (t->detached) {
		t->next_zombie = zombies;
		zombies = t;
	}
	for (;;) __int80(__NR_exit, 0, 0, 0, 0, 0, 0);
}

/* The host calls this (through the function table) when the thread first runs. */
static void start_thread(void *arg)
{
	struct __pthread *t = arg;
	pthread_exit(t->start(t->start_arg));
}

int pthread_create(pthread_t *restrict res, const pthread_attr_t *restrict attr,
		   void *(*fn)(void *), void *restrict arg)
{
	struct __pthread *me = self();
	reap_zombies();
	/* musl's attribute fields: _a_stacksize __s[0], _a_detach __i[3] */
	size_t stack_size = attr && attr->__u.__s[0] ? attr->__u.__s[0] : DEFAULT_STACK;
	int detached = attr ? attr->__u.__i[3] : 0;
	if (stack_size < PTHREAD_STACK_MIN) return EINVAL;
	stack_size = (stack_size + 15) & ~(size_t)15;
	size_t tls_size = __int80_tls_size(), tls_align = __int80_tls_align();
	struct __pthread *t = calloc(1, sizeof *t);
	char *mem = t ? malloc(tls_size + tls_align + stack_size + ASYNCIFY_SIZE + 64) : 0;
	if (!mem) {
		free(t);
		return EAGAIN;
	}
	t->self = t;
	t->start = fn;
	t->start_arg = arg;
	t->stack = mem;
	t->detached = detached;
	t->cancel_disabled = me->cancel_disabled;
	/* [TLS block][asyncify buffer][stack ... newsp)[start block] */
	char *tls = (char *)(((uintptr_t)mem + tls_align - 1) & ~(uintptr_t)(tls_align - 1));
	if (tls_size) __int80_tls_init(tls);
	char *asyncify = (char *)(((uintptr_t)tls + tls_size + 15) & ~(uintptr_t)15);
	char *top = asyncify + ASYNCIFY_SIZE + stack_size;
	struct int80_thread_start *sb = (struct int80_thread_start *)top;
	sb->fn = (uint32_t)(uintptr_t)start_thread;
	sb->arg = (uint32_t)(uintptr_t)t;
	sb->errno_addr = (uint32_t)(uintptr_t)&errno;
	sb->self_addr = (uint32_t)(uintptr_t)&__int80_self;
	sb->asyncify_data = (uint32_t)(uintptr_t)asyncify;
	sb->asyncify_size = ASYNCIFY_SIZE;
	unsigned flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	nthreads++;
	/* tls 0: the program has no __thread data (the host leaves __tls_base alone) */
	int tid = __int80(__NR_clone, (int)flags, (int)(intptr_t)top, (int)(intptr_t)&t->tid,
			  tls_size ? (int)(intptr_t)tls : 0, (int)(intptr_t)&t->tid, 0);
	if (tid < 0) {
		nthreads--;
		free(mem);
		free(t);
		return EAGAIN; /* pthread_create(3): EAGAIN for any lack of resources */
	}
	*res = (pthread_t)t;
	return 0;
}

int pthread_join(pthread_t th, void **retval)
{
	struct __pthread *t = (struct __pthread *)th;
	if (t == self()) return EDEADLK;
	if (t->detached) return EINVAL;
	int tid;
	while ((tid = t->tid)) futex(&t->tid, FUTEX_WAIT, tid, 0); /* CLONE_CHILD_CLEARTID */
	if (retval) *retval = t->result;
	free(t->stack);
	free(t);
	return 0;
}

int pthread_detach(pthread_t th)
{
	struct __pthread *t = (struct __pthread *)th;
	if (t->detached) return EINVAL;
	if (t == self() || t->tid) {
		t->detached = 1;
		return 0;
	}
	/* already ended: release it as join would */
	free(t->stack);
	free(t);
	return 0;
}

/* ---- mutexes ---- */

#define m_type(m) ((m)->__u.__i[0])
#define m_lock(m) ((m)->__u.__vi[1])
#define m_waiters(m) ((m)->__u.__vi[2])
#define m_count(m) ((m)->__u.__i[5])
#define M_TYPE(m) (m_type(m) & 3)
/* musl's pthread_mutexattr_setpshared sets bit 128 of the attribute, copied into the type */
#define M_PRIV(m) (m_type(m) & 128 ? 0 : FUTEX_PRIVATE)

int pthread_mutex_init(pthread_mutex_t *restrict m, const pthread_mutexattr_t *restrict a)
{
	*m = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	if (a) m_type(m) = (int)a->__attr;
	return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int tid = self()->tid;
	int owner = m_lock(m);
	if (!owner) {
		m_lock(m) = tid;
		m_count(m) = 0;
		return 0;
	}
	if (owner == tid && M_TYPE(m) == PTHREAD_MUTEX_RECURSIVE) {
		if (m_count(m) == 0x7fffffff) return EAGAIN;
		m_count(m)++;
		return 0;
	}
	return EBUSY;
}

static int mutex_lock_until(pthread_mutex_t *m, const struct timespec *at)
{
	int r = pthread_mutex_trylock(m);
	if (r != EBUSY) return r;
	int tid = self()->tid;
	if (m_lock(m) == tid && M_TYPE(m) == PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
	if (at && (at->tv_nsec < 0 || at->tv_nsec >= 1000000000L)) return EINVAL;
	for (;;) {
		int owner = m_lock(m);
		if (!owner) {
			m_lock(m) = tid;
			m_count(m) = 0;
			return 0;
		}
		m_waiters(m)++;
		r = futex_wait_until(&m_lock(m), owner, at, CLOCK_REALTIME, M_PRIV(m));
		m_waiters(m)--;
		if (r == -L_ETIMEDOUT) return ETIMEDOUT;
	}
}

/* A normal mutex locked again by its owner waits forever, as on Linux (the run
 * ends with the deadlock report if nothing else can run). */
int pthread_mutex_lock(pthread_mutex_t *m)
{
	return mutex_lock_until(m, 0);
}

int pthread_mutex_timedlock(pthread_mutex_t *restrict m, const struct timespec *restrict at)
{
	return mutex_lock_until(m, at);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	int owner = m_lock(m);
	if (M_TYPE(m) != PTHREAD_MUTEX_NORMAL && owner != self()->tid) return EPERM;
	if (!owner) return 0;
	if (M_TYPE(m) == PTHREAD_MUTEX_RECURSIVE && m_count(m) > 0) {
		m_count(m)--;
		return 0;
	}
	m_lock(m) = 0;
	if (m_waiters(m)) futex_wake(&m_lock(m), 1, M_PRIV(m));
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	(void)m;
	return 0;
}

/* ---- condition variables ---- */

#define c_seq(c) ((c)->__u.__vi[0])
#define c_waiters(c) ((c)->__u.__vi[1])
#define c_shared(c) ((c)->__u.__i[2])
#define C_PRIV(c) (c_shared(c) ? 0 : FUTEX_PRIVATE)

/* pthread_condattr_t (musl): the clock in bits 0-30, pthread_condattr_setpshared's
 * choice in bit 31 */
int pthread_cond_init(pthread_cond_t *restrict c, const pthread_condattr_t *restrict a)
{
	memset(c, 0, sizeof *c);
	if (a) {
		c->__u.__i[4] = (int)(a->__attr & 0x7fffffff);
		c_shared(c) = (int)(a->__attr >> 31);
	}
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	(void)c;
	return 0;
}

int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m, const struct timespec *restrict at)
{
	int tid = self()->tid;
	if (M_TYPE(m) != PTHREAD_MUTEX_NORMAL && m_lock(m) != tid) return EPERM;
	if (at && (at->tv_nsec < 0 || at->tv_nsec >= 1000000000L)) return EINVAL;
	clockid_t clk = c->__u.__i[4] == 1 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	int seq = c_seq(c);
	int count = m_count(m);
	c_waiters(c)++;
	m_count(m) = 0;
	pthread_mutex_unlock(m);
	int r = futex_wait_until(&c_seq(c), seq, at, clk, C_PRIV(c));
	c_waiters(c)--;
	mutex_lock_until(m, 0);
	m_count(m) = count;
	return r == -L_ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m)
{
	return pthread_cond_timedwait(c, m, 0);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	if (c_waiters(c)) {
		c_seq(c)++;
		futex_wake(&c_seq(c), 1, C_PRIV(c));
	}
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	if (c_waiters(c)) {
		c_seq(c)++;
		futex_wake(&c_seq(c), INT_MAX, C_PRIV(c));
	}
	return 0;
}

/* ---- once, keys ---- */

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	volatile int *st = (volatile int *)once;
	for (;;) {
		if (*st == 2) return 0;
		if (*st == 0) {
			*st = 1;
			fn();
			*st = 2;
			futex_wake(st, INT_MAX, FUTEX_PRIVATE);
			return 0;
		}
		futex(st, FUTEX_WAIT | FUTEX_PRIVATE, 1, 0);
	}
}

int pthread_key_create(pthread_key_t *k, void (*dtor)(void *))
{
	for (int i = 0; i < KEYS_MAX; i++) {
		if (!key_used[i]) {
			key_used[i] = 1;
			key_dtor[i] = dtor;
			*k = (pthread_key_t)i;
			return 0;
		}
	}
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t k)
{
	if (k >= KEYS_MAX || !key_used[k]) return EINVAL;
	key_used[k] = 0;
	key_dtor[k] = 0;
	return 0;
}

void *pthread_getspecific(pthread_key_t k)
{
	return k < KEYS_MAX ? self()->tsd[k] : 0;
}

int pthread_setspecific(pthread_key_t k, const void *v)
{
	if (k >= KEYS_MAX || !key_used[k]) return EINVAL;
	self()->tsd[k] = (void *)v;
	return 0;
}

/* ---- signals ---- */

int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	return sigprocmask(how, set, old) < 0 ? errno : 0;
}

int pthread_kill(pthread_t th, int sig)
{
	struct __pthread *t = (struct __pthread *)th;
	int tid = t->tid;
	if (!tid) return ESRCH;
	int r = __int80(__NR_tgkill, __int80(__NR_getpid, 0, 0, 0, 0, 0, 0), tid, sig, 0, 0, 0);
	return r < 0 ? (-r == L_ESRCH ? ESRCH : EINVAL) : 0;
}

/* ---- cancellation (the deferred kind) ----
 *
 * pthread_cancel marks the thread and sends it SIGCANCEL (32, glibc's internal
 * SIGRTMIN) with a handler that does nothing and no SA_RESTART, so a call the
 * thread is blocked in returns EINTR; __int80 (int80.c) then calls
 * __int80_cancel_point, which acts on the request. So every interruptible
 * blocking call is a cancellation point (read, accept, recv, sleep, a futex
 * wait in pthread_cond_wait, pthread_join, sem_wait...), and pthread_testcancel.
 * Unlike NPTL, a canceled pthread_cond_wait does not re-acquire the mutex
 * before the cleanup handlers run. */
#define SIGCANCEL 32
extern void (*__int80_cancel_point)(void);

static void act_cancel(void)
{
	struct __pthread *t = self();
	if (t->canceled && !t->cancel_disabled) pthread_exit(PTHREAD_CANCELED);
}

static void sigcancel_handler(int sig)
{
	(void)sig;
}

int pthread_cancel(pthread_t th)
{
	struct __pthread *t = (struct __pthread *)th;
	static int installed;
	if (!installed) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = sigcancel_handler;
		sigaction(SIGCANCEL, &sa, 0);
		installed = 1;
	}
	__int80_cancel_point = act_cancel;
	t->canceled = 1;
	if (t == self()) {
		if (t->cancel_async) act_cancel();
		return 0;
	}
	return pthread_kill(th, SIGCANCEL);
}

void pthread_testcancel(void)
{
	act_cancel();
}

int pthread_setcancelstate(int state, int *old)
{
	struct __pthread *t = self();
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE) return EINVAL;
	if (old) *old = t->cancel_disabled ? PTHREAD_CANCEL_DISABLE : PTHREAD_CANCEL_ENABLE;
	t->cancel_disabled = state == PTHREAD_CANCEL_DISABLE;
	return 0;
}

int pthread_setcanceltype(int type, int *old)
{
	struct __pthread *t = self();
	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS) return EINVAL;
	if (old) *old = t->cancel_async ? PTHREAD_CANCEL_ASYNCHRONOUS : PTHREAD_CANCEL_DEFERRED;
	t->cancel_async = type == PTHREAD_CANCEL_ASYNCHRONOUS;
	return 0;
}

void _pthread_cleanup_push(struct __ptcb *cb, void (*f)(void *), void *x)
{
	struct __pthread *t = self();
	cb->__f = f;
	cb->__x = x;
	cb->__next = t->cleanup;
	t->cleanup = cb;
}

void _pthread_cleanup_pop(struct __ptcb *cb, int run)
{
	self()->cleanup = cb->__next;
	if (run) cb->__f(cb->__x);
}

/* ---- unnamed semaphores: __val[0] the count, __val[1] waiters, __val[2] the futex
 * flag (FUTEX_PRIVATE, or 0 when process-shared, as musl keeps it) ---- */

#define S_PRIV(s) ((s)->__val[2])

/* sem_init(3): any nonzero pshared makes a process-shared semaphore (glibc's
 * __new_sem_init: pshared != 0 is PTHREAD_PROCESS_SHARED); EINVAL above SEM_VALUE_MAX. */
int sem_init(sem_t *s, int pshared, unsigned value)
{
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(s, 0, sizeof *s);
	s->__val[0] = (int)value;
	S_PRIV(s) = pshared ? 0 : FUTEX_PRIVATE;
	return 0;
}

int sem_destroy(sem_t *s)
{
	(void)s;
	return 0;
}

int sem_post(sem_t *s)
{
	if (s->__val[0] == SEM_VALUE_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	s->__val[0]++;
	if (s->__val[1]) futex_wake(&s->__val[0], 1, S_PRIV(s));
	return 0;
}

int sem_trywait(sem_t *s)
{
	if (s->__val[0] > 0) {
		s->__val[0]--;
		return 0;
	}
	errno = EAGAIN;
	return -1;
}

static int sem_wait_until(sem_t *restrict s, const struct timespec *restrict at)
{
	while (s->__val[0] <= 0) {
		s->__val[1]++;
		int r = futex_wait_until(&s->__val[0], s->__val[0], at, CLOCK_REALTIME, S_PRIV(s));
		s->__val[1]--;
		if (r == -L_ETIMEDOUT || r == -L_EINTR) {
			errno = r == -L_EINTR ? EINTR : ETIMEDOUT;
			return -1;
		}
	}
	s->__val[0]--;
	return 0;
}

/* glibc's sem_timedwait checks the deadline's tv_nsec before it tries the semaphore:
 * EINVAL even when the count is positive */
int sem_timedwait(sem_t *restrict s, const struct timespec *restrict at)
{
	if (at && (at->tv_nsec < 0 || at->tv_nsec >= 1000000000L)) {
		errno = EINVAL;
		return -1;
	}
	return sem_wait_until(s, at);
}

int sem_wait(sem_t *s)
{
	return sem_wait_until(s, 0);
}

int sem_getvalue(sem_t *restrict s, int *restrict v)
{
	*v = s->__val[0];
	return 0;
}

/* ---- named semaphores (sem_overview(7)): as glibc, the sem_t is the content of the
 * tmpfs file /dev/shm/sem.NAME, mapped MAP_SHARED, so it is process-shared; a name
 * opened twice in one process gives the same address (one mapping per file, counted) ---- */

#define SEM_DIR "/dev/shm/sem."
/* glibc's buffer for the path: "/dev/shm/" "sem." and NAME_MAX bytes */
#define SEM_PATH_MAX (sizeof "/dev/shm/" + sizeof "sem." + NAME_MAX)

struct named_sem {
	dev_t dev;
	ino_t ino;
	sem_t *sem;
	int refs;
	struct named_sem *next;
	char name[];
};
static struct named_sem *named_sems;

/* glibc's __shm_get_name: leading slashes are skipped; an empty name, one with a '/' or
 * one too long for the path buffer is refused (a name that fits but makes a file name
 * longer than NAME_MAX gets open's ENAMETOOLONG). */
static int sem_path(char *path, const char *name)
{
	while (*name == '/') name++;
	size_t n = strlen(name);
	if (n == 0 || strchr(name, '/') || sizeof SEM_DIR + n > SEM_PATH_MAX) return -1;
	memcpy(path, SEM_DIR, sizeof SEM_DIR - 1);
	memcpy(path + sizeof SEM_DIR - 1, name, n + 1);
	return 0;
}

/* glibc's __sem_check_add_mapping: this process's mapping of the file under this name
 * (as the caller wrote it) if it has one (map, if given, is unmapped), else map (or a
 * new mapping of fd); fd is closed. */
static sem_t *sem_map(const char *name, int fd, sem_t *map)
{
	struct stat st;
	sem_t *r = SEM_FAILED;
	if (fstat(fd, &st) == 0) {
		struct named_sem *n = named_sems;
		while (n && (n->dev != st.st_dev || n->ino != st.st_ino || strcmp(n->name, name))) n = n->next;
		if (n) {
			n->refs++;
			if (map != SEM_FAILED) munmap(map, sizeof *map);
			r = n->sem;
		} else {
			if (map == SEM_FAILED) {
				void *m = mmap(0, sizeof *map, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
				if (m != MAP_FAILED) map = m;
			}
			n = map != SEM_FAILED ? malloc(sizeof *n + strlen(name) + 1) : 0;
			if (n) {
				n->dev = st.st_dev;
				n->ino = st.st_ino;
				n->sem = map;
				n->refs = 1;
				n->next = named_sems;
				strcpy(n->name, name);
				named_sems = n;
				r = map;
			} else if (map != SEM_FAILED) {
				munmap(map, sizeof *map);
				errno = ENOMEM;
			}
		}
	}
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

/* sem_open(3): O_CREAT (mode, value) makes the semaphore if the name is free, O_EXCL
 * fails with EEXIST if it is not; without O_CREAT a missing name is ENOENT. A new one is
 * written into a temporary file that is then linked to its name, so no process ever opens
 * it half made (glibc does the same). A bad name is EINVAL (glibc 2.36's sem_open). */
sem_t *sem_open(const char *name, int oflag, ...)
{
	char path[SEM_PATH_MAX];
	if (sem_path(path, name)) {
		errno = EINVAL;
		return SEM_FAILED;
	}
	int e;
	mode_t mode = 0;
	unsigned value = 0;
	if (oflag & O_CREAT) {
		va_list ap;
		va_start(ap, oflag);
		mode = va_arg(ap, mode_t);
		value = va_arg(ap, unsigned);
		va_end(ap);
	}
	for (;;) {
		if (!(oflag & O_CREAT) || !(oflag & O_EXCL)) {
			int fd = open(path, (oflag & ~(O_CREAT | O_ACCMODE)) | O_NOFOLLOW | O_RDWR);
			if (fd >= 0) return sem_map(name, fd, SEM_FAILED);
			if (!(oflag & O_CREAT) || errno != ENOENT) return SEM_FAILED;
		}
		if (value > SEM_VALUE_MAX) {
			errno = EINVAL;
			return SEM_FAILED;
		}
		char tmp[] = SEM_DIR "XXXXXX";
		int fd = -1;
		static unsigned seq;
		for (int tries = 0; fd < 0 && tries < 50; tries++) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			unsigned x = (unsigned)now.tv_nsec ^ (unsigned)getpid() * 2654435761u ^ ++seq * 40503u;
			for (int i = 0; i < 6; i++, x /= 62)
				tmp[sizeof tmp - 7 + i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[x % 62];
			fd = open(tmp, O_RDWR | O_CREAT | O_EXCL, mode);
			if (fd < 0 && errno != EEXIST) return SEM_FAILED;
		}
		if (fd < 0) {
			errno = EAGAIN;
			return SEM_FAILED;
		}
		sem_t init;
		sem_init(&init, 1, value);
		sem_t *map = SEM_FAILED, *r = SEM_FAILED;
		if (write(fd, &init, sizeof init) == sizeof init) {
			void *m = mmap(0, sizeof init, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (m != MAP_FAILED) map = m;
		}
		if (map != SEM_FAILED && link(tmp, path) == 0) {
			r = sem_map(name, fd, map);
			e = errno;
			unlink(tmp);
			errno = e;
			return r;
		}
		e = errno;
		if (map != SEM_FAILED) munmap(map, sizeof *map);
		unlink(tmp);
		close(fd);
		/* someone else made it meanwhile: open theirs */
		if (map != SEM_FAILED && e == EEXIST && !(oflag & O_EXCL)) continue;
		errno = e;
		return SEM_FAILED;
	}
}

/* sem_close(3): EINVAL for a semaphore sem_open did not return */
int sem_close(sem_t *s)
{
	for (struct named_sem **pp = &named_sems; *pp; pp = &(*pp)->next) {
		struct named_sem *n = *pp;
		if (n->sem != s) continue;
		if (--n->refs == 0) {
			munmap(s, sizeof *s);
			*pp = n->next;
			free(n);
		}
		return 0;
	}
	errno = EINVAL;
	return -1;
}

/* sem_unlink(3): the name goes, the semaphore lives on in the processes that opened it.
 * A bad name is ENOENT, unlink's EPERM is EACCES (glibc). */
int sem_unlink(const char *name)
{
	char path[SEM_PATH_MAX];
	if (sem_path(path, name)) {
		errno = ENOENT;
		return -1;
	}
	int r = unlink(path);
	if (r < 0 && errno == EPERM) errno = EACCES;
	return r;
}

/* ---- rwlocks: __i[0] readers holding it (-1: a writer), __i[1] waiters, __i[2]
 * a sequence the waiters sleep on ---- */

#define rw_state(l) ((l)->__u.__vi[0])
#define rw_waiters(l) ((l)->__u.__vi[1])
#define rw_seq(l) ((l)->__u.__vi[2])
#define rw_owner(l) ((l)->__u.__vi[3])
#define rw_shared(l) ((l)->__u.__i[4])
#define RW_PRIV(l) (rw_shared(l) ? 0 : FUTEX_PRIVATE)

/* pthread_rwlockattr_t (musl): __attr[0] is pthread_rwlockattr_setpshared's choice */
int pthread_rwlock_init(pthread_rwlock_t *restrict l, const pthread_rwlockattr_t *restrict a)
{
	memset(l, 0, sizeof *l);
	if (a) rw_shared(l) = a->__attr[0] == PTHREAD_PROCESS_SHARED;
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *l)
{
	(void)l;
	return 0;
}

static int rw_wait(pthread_rwlock_t *l, const struct timespec *at)
{
	int seq = rw_seq(l);
	rw_waiters(l)++;
	int r = futex_wait_until(&rw_seq(l), seq, at, CLOCK_REALTIME, RW_PRIV(l));
	rw_waiters(l)--;
	return r == -L_ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
	if (rw_state(l) < 0) return EBUSY;
	if (rw_state(l) == 0x7fffffff) return EAGAIN;
	rw_state(l)++;
	return 0;
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *restrict l, const struct timespec *restrict at)
{
	if (rw_state(l) < 0 && rw_owner(l) == self()->tid) return EDEADLK;
	while (rw_state(l) < 0) {
		int r = rw_wait(l, at);
		if (r) return r;
	}
	return pthread_rwlock_tryrdlock(l);
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
	return pthread_rwlock_timedrdlock(l, 0);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
	if (rw_state(l)) return EBUSY;
	rw_state(l) = -1;
	rw_owner(l) = self()->tid;
	return 0;
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *restrict l, const struct timespec *restrict at)
{
	if (rw_state(l) < 0 && rw_owner(l) == self()->tid) return EDEADLK;
	while (rw_state(l)) {
		int r = rw_wait(l, at);
		if (r) return r;
	}
	return pthread_rwlock_trywrlock(l);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
	return pthread_rwlock_timedwrlock(l, 0);
}

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	if (rw_state(l) < 0) {
		rw_state(l) = 0;
		rw_owner(l) = 0;
	} else if (rw_state(l) > 0) {
		rw_state(l)--;
	}
	if (!rw_state(l) && rw_waiters(l)) {
		rw_seq(l)++;
		futex_wake(&rw_seq(l), INT_MAX, RW_PRIV(l));
	}
	return 0;
}

/* ---- spinlocks: with one thread running at a time, a held spinlock yields
 * until its holder runs (a 1 ns sleep: the thread waits, the others run) ---- */

int pthread_spin_init(pthread_spinlock_t *l, int pshared)
{
	(void)pshared;
	*l = 0;
	return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *l)
{
	(void)l;
	return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *l)
{
	if (*l) return EBUSY;
	*l = self()->tid;
	return 0;
}

int pthread_spin_lock(pthread_spinlock_t *l)
{
	if (*l == self()->tid) return EDEADLK;
	while (*(volatile int *)l) {
		struct timespec ts = { 0, 1 };
		nanosleep(&ts, 0);
	}
	*l = self()->tid;
	return 0;
}

int pthread_spin_unlock(pthread_spinlock_t *l)
{
	*l = 0;
	return 0;
}

/* ---- barriers: __i[0] the count, __i[1] arrived, __i[2] the generation, __i[3]
 * nonzero when process-shared ---- */

#define B_PRIV(b) ((b)->__u.__i[3] ? 0 : FUTEX_PRIVATE)

/* pthread_barrierattr_t (musl): __attr is INT_MIN after pthread_barrierattr_setpshared(1) */
int pthread_barrier_init(pthread_barrier_t *restrict b, const pthread_barrierattr_t *restrict a, unsigned count)
{
	if (count == 0 || count > INT_MAX) return EINVAL;
	memset(b, 0, sizeof *b);
	b->__u.__i[0] = (int)count;
	b->__u.__i[3] = a && a->__attr != 0;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	(void)b;
	return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	int gen = b->__u.__vi[2];
	if (++b->__u.__vi[1] == b->__u.__i[0]) {
		b->__u.__vi[1] = 0;
		b->__u.__vi[2]++;
		futex_wake(&b->__u.__vi[2], INT_MAX, B_PRIV(b));
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	while (b->__u.__vi[2] == gen) futex(&b->__u.__vi[2], FUTEX_WAIT | B_PRIV(b), gen, 0);
	return 0;
}

/* sched_yield(2): every other runnable thread and process runs before the caller
 * returns (the host puts it at the back of its run queue). */
int sched_yield(void)
{
	return __syscall0(__NR_sched_yield);
}

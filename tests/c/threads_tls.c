/* threads_tls.c - __thread/_Thread_local variables are per thread: each thread
 * starts with the initial values (.tdata) and zeros (.tbss) whatever the main
 * thread wrote before, writes its own copies, and finds them unchanged after the
 * others wrote theirs (strict turns through a mutex and a condition variable, and
 * sched_yield loops, so that one shared copy would show); the main thread's copies
 * are untouched; two threads' copies are at different addresses; an over-aligned
 * thread-local variable is aligned in every thread; pthread keys and errno are per
 * thread; fork from a thread keeps that thread's values in the child, where a new
 * thread again starts from the initial values. Printed in a fixed order. */
#include "common.h"
#include <pthread.h>
#include <sys/wait.h>

struct rec {
	int a;
	char s[12];
	long arr[4];
};

static __thread int tv = 7;                                            /* .tdata */
static _Thread_local struct rec ts = { 1, "init", { 10, 20, 30, 40 } }; /* .tdata */
static _Thread_local int zeros[16];                                    /* .tbss */
static _Thread_local _Alignas(64) char aligned64[64];                  /* .tbss, aligned */
__thread long long big = 0x1122334455667788LL;                          /* .tdata, 8 bytes */

#define NT 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int turn;
static pthread_barrier_t bar;
static pthread_key_t key;
static int dtor_calls;
static int *tv_addr[NT + 1];
static char report[NT + 1][4][160];

static void wait_turn(int me)
{
	pthread_mutex_lock(&m);
	while (turn != me) pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
}

static void pass_turn(int next)
{
	pthread_mutex_lock(&m);
	turn = next;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
}

static int zero_sum(void)
{
	int s = 0;
	for (int i = 0; i < 16; i++) s += zeros[i];
	return s;
}

static void dtor(void *v)
{
	(void)v;
	pthread_mutex_lock(&m);
	dtor_calls++;
	pthread_mutex_unlock(&m);
}

static void *child_thread(void *arg)
{
	(void)arg;
	printf("child's new thread: tv=%d ts={%d,%s,%ld} zeros=%d big=%llx\n", tv, ts.a, ts.s, ts.arr[3],
	       zero_sum(), big);
	return NULL;
}

static void fork_here(int id)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("child of thread %d: tv=%d ts={%d,%s,%ld} zeros[%d]=%d\n", id, tv, ts.a, ts.s, ts.arr[0], id,
		       zeros[id]);
		pthread_t t;
		if (pthread_create(&t, NULL, child_thread, NULL) == 0) pthread_join(t, NULL);
		printf("child after join: tv=%d ts.s=%s\n", tv, ts.s);
		fflush(stdout);
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	snprintf(report[id][3], sizeof report[id][3], "thread %d forked: child exited %d, tv still %d", id,
		 WIFEXITED(st) ? WEXITSTATUS(st) : -1, tv);
}

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	int mine = id * 100;
	wait_turn(id);
	/* first run: the initial image, not what main or an earlier thread wrote */
	snprintf(report[id][0], sizeof report[id][0], "thread %d start: tv=%d ts={%d,%s,%ld,%ld} zeros=%d big=%llx aligned=%d",
		 id, tv, ts.a, ts.s, ts.arr[0], ts.arr[3], zero_sum(), big, (int)((uintptr_t)aligned64 % 64));
	tv = mine;
	ts.a = id;
	snprintf(ts.s, sizeof ts.s, "thread %d", id);
	ts.arr[id] = mine + 1;
	zeros[id] = id;
	big = id;
	tv_addr[id] = &tv;
	pthread_setspecific(key, &ts);
	errno = 1000 + id;
	pass_turn(id == NT ? NT + 1 : id + 1);

	/* second run: every other thread has written its copies in between */
	wait_turn(NT + 1 + id);
	snprintf(report[id][1], sizeof report[id][1], "thread %d again: tv=%d ts={%d,%s,%ld} zeros[%d]=%d sum=%d big=%lld key=%s errno=%d",
		 id, tv, ts.a, ts.s, ts.arr[id], id, zeros[id], zero_sum(), big,
		 pthread_getspecific(key) == &ts ? "own" : "other", errno);
	pass_turn(NT + 2 + id);

	/* all threads at once, yielding between each write and its check */
	pthread_barrier_wait(&bar);
	int bad = 0;
	for (int k = 0; k < 50; k++) {
		tv = mine + k;
		zeros[15] = id * 1000 + k;
		sched_yield();
		if (tv != mine + k || zeros[15] != id * 1000 + k) bad++;
	}
	tv = mine;
	snprintf(report[id][2], sizeof report[id][2], "thread %d yield loop: %d mismatches", id, bad);

	if (id == 2) {
		wait_turn(2 * NT + 3);
		fork_here(id);
		pass_turn(2 * NT + 4);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT + 1];
	printf("main start: tv=%d ts={%d,%s,%ld} zeros=%d big=%llx aligned=%d\n", tv, ts.a, ts.s, ts.arr[1], zero_sum(),
	       big, (int)((uintptr_t)aligned64 % 64));
	tv = 1;
	ts.a = -1;
	strcpy(ts.s, "main");
	ts.arr[0] = -10;
	zeros[0] = 99;
	big = -1;
	pthread_key_create(&key, dtor);
	pthread_barrier_init(&bar, NULL, NT);
	pthread_setspecific(key, &tv);
	fflush(stdout);
	for (int i = 1; i <= NT; i++) pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
	pass_turn(1);
	wait_turn(NT + 1);
	printf("main between: tv=%d ts={%d,%s,%ld} zeros[0]=%d sum=%d big=%lld\n", tv, ts.a, ts.s, ts.arr[0], zeros[0],
	       zero_sum(), big);
	fflush(stdout);
	pass_turn(NT + 2);     /* the second runs */
	wait_turn(2 * NT + 2);
	pass_turn(2 * NT + 3); /* thread 2 forks */
	wait_turn(2 * NT + 4);
	for (int i = 1; i <= NT; i++) pthread_join(t[i], NULL);
	for (int i = 1; i <= NT; i++)
		for (int j = 0; j < 4; j++)
			if (report[i][j][0]) printf("%s\n", report[i][j]);
	printf("&tv: t1 != t2 %d, t2 != t3 %d, t1 != main %d\n", tv_addr[1] != tv_addr[2], tv_addr[2] != tv_addr[3],
	       tv_addr[1] != &tv);
	printf("key destructor calls: %d, main's key=%s\n", dtor_calls, pthread_getspecific(key) == &tv ? "own" : "other");
	printf("main end: tv=%d ts={%d,%s,%ld} zeros[0]=%d sum=%d big=%lld\n", tv, ts.a, ts.s, ts.arr[0], zeros[0],
	       zero_sum(), big);
	return 0;
}

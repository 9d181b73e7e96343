/* Thread-local data that is only .tbss (zeros, no initializer) and over-aligned:
 * each thread's copy starts at zero, is aligned, and keeps the thread's writes
 * while the other thread writes its own (tests/host/threads.test.js). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static _Thread_local _Alignas(256) char buf[300];
static __thread int counter;
static int result[3];

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg, ok = 1;
	for (int i = 0; i < sizeof buf; i++) ok &= buf[i] == 0;
	ok &= counter == 0 && ((uintptr_t)buf & 255) == 0;
	for (int k = 0; k < 20; k++) {
		counter += id;
		buf[k] = (char)id;
		usleep(100); /* the other thread runs here */
	}
	for (int k = 0; k < 20; k++) ok &= buf[k] == (char)id;
	ok &= counter == 20 * id;
	result[id] = ok;
	return (void *)buf;
}

int main(void)
{
	pthread_t a, b;
	void *ba, *bb;
	counter = 1000;
	buf[0] = 'm';
	pthread_create(&a, NULL, worker, (void *)1);
	pthread_create(&b, NULL, worker, (void *)2);
	pthread_join(a, &ba);
	pthread_join(b, &bb);
	for (int id = 1; id <= 2; id++) printf("thread %d: %s\n", id, result[id] ? "ok" : "WRONG");
	printf("main: counter=%d buf[0]=%c distinct=%d\n", counter, buf[0], ba != bb && ba != (void *)buf);
	return 0;
}

/* threads_exit.c - how a multi-threaded process ends: the main thread's
 * pthread_exit leaves the others running (the process lives on, its pid the
 * same; the last thread's exit ends it with status 0); a thread's _exit()
 * ends the whole process with its status; a fatal signal kills every thread;
 * fork in a thread makes a child of that one thread (a mutex it held stays its).
 * Each case runs in a forked child; the parent reports what waitpid saw. */
#include "common.h"
#include <pthread.h>
#include <sys/wait.h>

static void *late_worker(void *a)
{
	usleep(2000);
	printf("child: worker runs after main's pthread_exit, same pid: %d\n", getpid() == (int)(long)a);
	fflush(stdout);
	return NULL;
}

static void *exits_7(void *a)
{
	(void)a;
	usleep(1000);
	_exit(7);
}

static void *sleeper(void *a)
{
	for (;;) pause();
	return a;
}

static void *terminator(void *a)
{
	(void)a;
	usleep(1000);
	kill(getpid(), SIGTERM);
	for (;;) pause();
	return a;
}

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static void report(const char *what, pid_t c);
static void *forker(void *a)
{
	pthread_mutex_lock(&held);
	pid_t c = fork();
	if (c == 0) {
		int u = pthread_mutex_unlock(&held);
		int l = pthread_mutex_lock(&held);
		printf("child of a thread: its tid is its pid %d, unlock %d, lock again %d\n",
		       (int)syscall(SYS_gettid) == getpid(), u, l);
		_exit(3);
	}
	pthread_mutex_unlock(&held);
	report("fork in a thread", c);
	return a;
}

static void report(const char *what, pid_t c)
{
	int st;
	pid_t r = waitpid(c, &st, 0);
	if (r != c) { printf("%s: waitpid failed\n", what); return; }
	if (WIFEXITED(st)) printf("%s: exited with %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", what, WTERMSIG(st));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_t t;
	pid_t c = fork();
	if (c == 0) {
		pthread_create(&t, NULL, late_worker, (void *)(long)getpid());
		pthread_exit(NULL);
	}
	report("main's pthread_exit, then the worker's end", c);

	c = fork();
	if (c == 0) {
		pthread_create(&t, NULL, sleeper, NULL);
		pthread_create(&t, NULL, exits_7, NULL);
		for (;;) pause();
	}
	report("a thread's _exit(7)", c);

	c = fork();
	if (c == 0) {
		pthread_create(&t, NULL, sleeper, NULL);
		pthread_create(&t, NULL, terminator, NULL);
		for (;;) pause();
	}
	report("SIGTERM to a process of three threads", c);

	pthread_create(&t, NULL, forker, NULL);
	pthread_join(t, NULL);
	return 0;
}

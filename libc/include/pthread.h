/* <pthread.h>: wasi-libc's, plus what its single-threaded target leaves out and
 * int80's threads provide (libc/src/pthread.c, docs/threads.md). */
#ifndef INT80_PTHREAD_H
#define INT80_PTHREAD_H
#include_next <pthread.h>
#include <signal.h>
#ifdef __cplusplus
extern "C" {
#endif
_Noreturn void pthread_exit(void *);
int pthread_cancel(pthread_t);
int pthread_sigmask(int, const sigset_t *__restrict, sigset_t *__restrict);
int pthread_kill(pthread_t, int);
#ifdef __cplusplus
}
#endif
#endif

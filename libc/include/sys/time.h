/* int80 <sys/time.h>: wasi-libc's, plus the interval timers Linux has (ITIMER_REAL
 * is kept by the kernel; setitimer traps as nr 104, getitimer 105). */
#ifndef _INT80_SYS_TIME_H
#define _INT80_SYS_TIME_H
#include_next <sys/time.h>
#ifdef __cplusplus
extern "C" {
#endif
#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};
int getitimer (int, struct itimerval *);
int setitimer (int, const struct itimerval *__restrict, struct itimerval *__restrict);
#ifdef __cplusplus
}
#endif
#endif

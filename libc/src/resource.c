/* Resource limits and usage (getrlimit(2), getrusage(2)), getpriority(2).
 *
 * rlim_t is 64-bit (as musl): getrlimit/setrlimit/prlimit are prlimit64 (nr 340) with
 * struct rlimit64 { u64 rlim_cur, rlim_max; }, the same bytes as our struct rlimit.
 * getrusage (nr 77) writes i386's struct rusage: two 32-bit timevals, then 14 longs
 * (72 bytes); it is copied into the 64-bit-time struct rusage of <sys/resource.h>.
 * wait4 (process.c) uses the same conversion. */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include "int80.h"

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit)
{
	return __syscall_ret(__syscall4(__NR_prlimit64, pid, resource, new_limit, old_limit));
}

int getrlimit(int resource, struct rlimit *rlim)
{
	return prlimit(0, resource, 0, rlim);
}

int setrlimit(int resource, const struct rlimit *rlim)
{
	return prlimit(0, resource, rlim, 0);
}

/* i386 struct rusage as the kernel writes it (include/uapi/linux/resource.h with
 * old_timeval32). */
struct __int80_rusage32 {
	struct __int80_timeval32 ru_utime, ru_stime;
	int32_t ru_long[14];
};

void __int80_rusage_from32(struct rusage *ru, const void *src)
{
	const struct __int80_rusage32 *k = src;
	memset(ru, 0, sizeof *ru);
	ru->ru_utime.tv_sec = k->ru_utime.tv_sec;
	ru->ru_utime.tv_usec = k->ru_utime.tv_usec;
	ru->ru_stime.tv_sec = k->ru_stime.tv_sec;
	ru->ru_stime.tv_usec = k->ru_stime.tv_usec;
	long *dst = &ru->ru_maxrss;
	for (int i = 0; i < 14; i++) dst[i] = k->ru_long[i];
}

int getrusage(int who, struct rusage *ru)
{
	struct __int80_rusage32 k;
	/* glibc passes the caller's pointer through: a bad one is EFAULT from the kernel */
	long r = __syscall2(__NR_getrusage, who, ru ? (void *)&k : 0);
	if (r == 0) __int80_rusage_from32(ru, &k);
	return __syscall_ret(r);
}

/* getpriority(2): the raw syscall returns 20 - nice (never negative); glibc turns it
 * back into the nice value. */
int getpriority(int which, id_t who)
{
	long r = __syscall2(__NR_getpriority, which, who);
	if (r < 0) return __syscall_ret(r);
	return 20 - (int)r;
}

int setpriority(int which, id_t who, int prio)
{
	return __syscall_ret(__syscall3(__NR_setpriority, which, who, prio));
}

/* int80: sleeping traps to the kernel (nanosleep, nr 162, with i386's 32-bit
 * timespec) so that a sleeping process blocks like any other waiter, instead
 * of wasi-libc's poll_oneoff. */
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "int80.h"

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	struct __int80_timespec32 r32, m32;
	long r;
	if (!req)
		return __syscall_ret(-14 /* Linux EFAULT */);
	if (req->tv_sec != (int32_t)req->tv_sec) {
		errno = EOVERFLOW;
		return -1;
	}
	r32.tv_sec = (int32_t)req->tv_sec;
	r32.tv_nsec = (int32_t)req->tv_nsec;
	r = __syscall2(__NR_nanosleep, &r32, rem ? &m32 : 0);
	if (r == -4 /* Linux EINTR */ && rem) {
		rem->tv_sec = m32.tv_sec;
		rem->tv_nsec = m32.tv_nsec;
	}
	return __syscall_ret(r);
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	struct __int80_timespec32 r32, m32;
	long r;
	if (req->tv_sec != (int32_t)req->tv_sec)
		return EOVERFLOW;
	r32.tv_sec = (int32_t)req->tv_sec;
	r32.tv_nsec = (int32_t)req->tv_nsec;
	r = __syscall4(__NR_clock_nanosleep, clk, flags, &r32, rem ? &m32 : 0);
	if (r == -4 && rem) {
		rem->tv_sec = m32.tv_sec;
		rem->tv_nsec = m32.tv_nsec;
	}
	return r < 0 ? __int80_errno_from_linux((int)-r) : 0;
}

unsigned sleep(unsigned seconds)
{
	struct timespec ts = { .tv_sec = seconds, .tv_nsec = 0 };
	if (nanosleep(&ts, &ts))
		return (unsigned)ts.tv_sec;
	return 0;
}

int usleep(unsigned useconds)
{
	struct timespec ts = { .tv_sec = useconds / 1000000, .tv_nsec = (useconds % 1000000) * 1000 };
	return nanosleep(&ts, &ts);
}

int __clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	return clock_nanosleep(clk, flags, req, rem);
}

/* clock_gettime(2)/clock_getres(2) with Linux's clock ids (include/__typedef_clockid_t.h):
 * clock_gettime64 (403) and clock_getres_time64 (406) fill struct __kernel_timespec
 * { s64 tv_sec; s64 tv_nsec; }, copied into wasi-libc's timespec (32-bit tv_nsec). */
struct __int80_timespec64 { int64_t tv_sec, tv_nsec; };

int clock_gettime(clockid_t clk, struct timespec *tp)
{
	struct __int80_timespec64 k;
	long r = __syscall2(__NR_clock_gettime64, clk, tp ? (void *)&k : 0);
	if (r == 0) {
		tp->tv_sec = k.tv_sec;
		tp->tv_nsec = (long)k.tv_nsec;
	}
	return __syscall_ret(r);
}

int clock_getres(clockid_t clk, struct timespec *res)
{
	struct __int80_timespec64 k;
	long r = __syscall2(__NR_clock_getres_time64, clk, res ? (void *)&k : 0);
	if (r == 0 && res) {
		res->tv_sec = k.tv_sec;
		res->tv_nsec = (long)k.tv_nsec;
	}
	return __syscall_ret(r);
}

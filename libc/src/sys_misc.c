/* Thin wrappers for system calls int80's kernel may or may not implement: each traps
 * with Linux's i386 number and returns what the kernel answers (ENOSYS for a call it
 * does not have, as Linux for an unknown number).
 * mount(2) 21, umount2(2) 52, prctl(2) 172, personality(2) 136, ptrace(2) 26,
 * signalfd4(2) 327, timerfd_create(2) 322, timerfd_settime64/gettime64 411/410. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include "int80.h"

int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)
{
	return __syscall_ret(__syscall5(__NR_mount, source, target, fstype, flags, data));
}

int umount2(const char *target, int flags)
{
	return __syscall_ret(__syscall2(__NR_umount2, target, flags));
}

int umount(const char *target)
{
	return umount2(target, 0);
}

int prctl(int option, ...)
{
	va_list ap;
	unsigned long a[4];
	va_start(ap, option);
	for (int i = 0; i < 4; i++) a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	return __syscall_ret(__syscall5(__NR_prctl, option, a[0], a[1], a[2], a[3]));
}

/* personality(2): glibc returns the previous persona; a failure is -errno. */
int personality(unsigned long persona)
{
	return __syscall_ret(__syscall1(__NR_personality, persona));
}

/* ptrace(2), glibc's wrapper: PTRACE_PEEK* give the word through a local and return it. */
long ptrace(int request, ...)
{
	va_list ap;
	long word, r;
	va_start(ap, request);
	pid_t pid = va_arg(ap, pid_t);
	void *addr = va_arg(ap, void *);
	void *data = va_arg(ap, void *);
	va_end(ap);
	if (request >= PTRACE_PEEKTEXT && request <= PTRACE_PEEKUSER) data = &word;
	r = __syscall_ret(__syscall4(__NR_ptrace, request, pid, addr, data));
	if (r == 0 && request >= PTRACE_PEEKTEXT && request <= PTRACE_PEEKUSER) {
		errno = 0;
		return word;
	}
	return r;
}

/* signalfd(2) is signalfd4 with the kernel's sigset size (8 bytes, _NSIG / 8). */
int signalfd(int fd, const sigset_t *mask, int flags)
{
	return __syscall_ret(__syscall4(__NR_signalfd4, fd, mask, 8, flags));
}

int timerfd_create(int clockid, int flags)
{
	return __syscall_ret(__syscall2(__NR_timerfd_create, clockid, flags));
}

/* struct __kernel_itimerspec: four 64-bit fields (our timespec's tv_nsec is a 32-bit
 * long followed by padding). */
struct __int80_itimerspec64 { int64_t it_interval_sec, it_interval_nsec, it_value_sec, it_value_nsec; };

static void its_to64(struct __int80_itimerspec64 *k, const struct itimerspec *u)
{
	k->it_interval_sec = u->it_interval.tv_sec;
	k->it_interval_nsec = u->it_interval.tv_nsec;
	k->it_value_sec = u->it_value.tv_sec;
	k->it_value_nsec = u->it_value.tv_nsec;
}

static void its_from64(struct itimerspec *u, const struct __int80_itimerspec64 *k)
{
	u->it_interval.tv_sec = k->it_interval_sec;
	u->it_interval.tv_nsec = (long)k->it_interval_nsec;
	u->it_value.tv_sec = k->it_value_sec;
	u->it_value.tv_nsec = (long)k->it_value_nsec;
}

int timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value)
{
	struct __int80_itimerspec64 n, o;
	if (new_value) its_to64(&n, new_value);
	long r = __syscall4(__NR_timerfd_settime64, fd, flags, new_value ? (void *)&n : 0, old_value ? (void *)&o : 0);
	if (r == 0 && old_value) its_from64(old_value, &o);
	return __syscall_ret(r);
}

int timerfd_gettime(int fd, struct itimerspec *cur)
{
	struct __int80_itimerspec64 k;
	long r = __syscall2(__NR_timerfd_gettime64, fd, cur ? (void *)&k : 0);
	if (r == 0) its_from64(cur, &k);
	return __syscall_ret(r);
}

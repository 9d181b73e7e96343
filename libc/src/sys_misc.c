/* Thin wrappers for system calls int80's kernel may or may not implement: each traps
 * with Linux's i386 number and returns what the kernel answers (ENOSYS for a call it
 * does not have, as Linux for an unknown number).
 * mount(2) 21, umount2(2) 52, prctl(2) 172, personality(2) 136, ptrace(2) 26,
 * signalfd4(2) 327, timerfd_create(2) 322, timerfd_settime64/gettime64 411/410,
 * the xattr calls 226..237, fanotify_init/fanotify_mark 338/339, quotactl 131,
 * pidfd_open/pidfd_getfd/pidfd_send_signal 434/438/424, fallocate 324, uname 122,
 * the set*id/get*id/groups calls, unshare 310, splice 313, tee 315. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/xattr.h>
#include <sys/fanotify.h>
#include <sys/quota.h>
#include <sys/pidfd.h>
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

/* Extended attributes: setxattr(226) .. fremovexattr(237). */
int setxattr(const char *p, const char *n, const void *v, size_t s, int f) { return __syscall_ret(__syscall5(__NR_setxattr, p, n, v, s, f)); }
int lsetxattr(const char *p, const char *n, const void *v, size_t s, int f) { return __syscall_ret(__syscall5(__NR_lsetxattr, p, n, v, s, f)); }
int fsetxattr(int fd, const char *n, const void *v, size_t s, int f) { return __syscall_ret(__syscall5(__NR_fsetxattr, fd, n, v, s, f)); }
ssize_t getxattr(const char *p, const char *n, void *v, size_t s) { return __syscall_ret(__syscall4(__NR_getxattr, p, n, v, s)); }
ssize_t lgetxattr(const char *p, const char *n, void *v, size_t s) { return __syscall_ret(__syscall4(__NR_lgetxattr, p, n, v, s)); }
ssize_t fgetxattr(int fd, const char *n, void *v, size_t s) { return __syscall_ret(__syscall4(__NR_fgetxattr, fd, n, v, s)); }
ssize_t listxattr(const char *p, char *l, size_t s) { return __syscall_ret(__syscall3(__NR_listxattr, p, l, s)); }
ssize_t llistxattr(const char *p, char *l, size_t s) { return __syscall_ret(__syscall3(__NR_llistxattr, p, l, s)); }
ssize_t flistxattr(int fd, char *l, size_t s) { return __syscall_ret(__syscall3(__NR_flistxattr, fd, l, s)); }
int removexattr(const char *p, const char *n) { return __syscall_ret(__syscall2(__NR_removexattr, p, n)); }
int lremovexattr(const char *p, const char *n) { return __syscall_ret(__syscall2(__NR_lremovexattr, p, n)); }
int fremovexattr(int fd, const char *n) { return __syscall_ret(__syscall2(__NR_fremovexattr, fd, n)); }

/* fanotify_init(2) 338; fanotify_mark(2) 339 with the mask split low word first (i386). */
int fanotify_init(unsigned flags, unsigned event_f_flags) { return __syscall_ret(__syscall2(__NR_fanotify_init, flags, event_f_flags)); }
int fanotify_mark(int fd, unsigned flags, unsigned long long mask, int dirfd, const char *path)
{
	return __syscall_ret(__syscall6(__NR_fanotify_mark, fd, flags, (unsigned)mask, (unsigned)(mask >> 32), dirfd, path));
}

/* quotactl(2) 131 */
int quotactl(int cmd, const char *special, int id, char *addr) { return __syscall_ret(__syscall4(__NR_quotactl, cmd, special, id, addr)); }

/* pidfd_open(2) 434, pidfd_getfd(2) 438, pidfd_send_signal(2) 424 */
int pidfd_open(pid_t pid, unsigned int flags) { return __syscall_ret(__syscall2(__NR_pidfd_open, pid, flags)); }
int pidfd_getfd(int pidfd, int targetfd, unsigned int flags) { return __syscall_ret(__syscall3(__NR_pidfd_getfd, pidfd, targetfd, flags)); }
int pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags) { return __syscall_ret(__syscall4(__NR_pidfd_send_signal, pidfd, sig, info, flags)); }

/* fallocate(2), nr 324: i386 passes each 64-bit value as two 32-bit words, low first. */
int fallocate(int fd, int mode, off_t offset, off_t len)
{
	return __syscall_ret(__syscall6(__NR_fallocate, fd, mode, (unsigned)offset, (unsigned)((unsigned long long)offset >> 32),
		(unsigned)len, (unsigned)((unsigned long long)len >> 32)));
}

/* uname(2), nr 122 (newuname): struct new_utsname has the layout of our struct utsname
 * (six 65-byte fields). Replaces wasi-libc's, which makes up its own answer. */
#include <sys/utsname.h>
int uname(struct utsname *u) { return __syscall_ret(__syscall1(__NR_uname, u)); }

/* Credentials, the 32-bit-id calls of i386; seteuid/setegid are setresuid/setresgid with
 * -1 for the ids left alone, as glibc. */
int setuid(uid_t u) { return __syscall_ret(__syscall1(__NR_setuid32, u)); }
int setgid(gid_t g) { return __syscall_ret(__syscall1(__NR_setgid32, g)); }
int setreuid(uid_t r, uid_t e) { return __syscall_ret(__syscall2(__NR_setreuid32, r, e)); }
int setregid(gid_t r, gid_t e) { return __syscall_ret(__syscall2(__NR_setregid32, r, e)); }
int setresuid(uid_t r, uid_t e, uid_t s) { return __syscall_ret(__syscall3(__NR_setresuid32, r, e, s)); }
int setresgid(gid_t r, gid_t e, gid_t s) { return __syscall_ret(__syscall3(__NR_setresgid32, r, e, s)); }
int seteuid(uid_t e) { return setresuid(-1, e, -1); }
int setegid(gid_t e) { return setresgid(-1, e, -1); }
int getresuid(uid_t *r, uid_t *e, uid_t *s) { return __syscall_ret(__syscall3(__NR_getresuid32, r, e, s)); }
int getresgid(gid_t *r, gid_t *e, gid_t *s) { return __syscall_ret(__syscall3(__NR_getresgid32, r, e, s)); }
int getgroups(int n, gid_t *list) { return __syscall_ret(__syscall2(__NR_getgroups32, n, list)); }
int setgroups(size_t n, const gid_t *list) { return __syscall_ret(__syscall2(__NR_setgroups32, n, list)); }

/* unshare(2) 310; splice(2) 313, tee(2) 315, vmsplice(2) 316 (64-bit offsets by pointer) */
#include <sched.h>
int unshare(int flags) { return __syscall_ret(__syscall1(__NR_unshare, flags)); }
ssize_t tee(int in, int out, size_t len, unsigned flags) { return __syscall_ret(__syscall4(__NR_tee, in, out, len, flags)); }
ssize_t splice(int in, off_t *off_in, int out, off_t *off_out, size_t len, unsigned flags)
{
	return __syscall_ret(__syscall6(__NR_splice, in, off_in, out, off_out, len, flags));
}

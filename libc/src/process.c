/* int80: processes -- fork, vfork, the wait family, the exec family, process groups
 * and sessions, alarm/pause/setitimer, abort. Each traps with the i386 number, as
 * glibc's wrappers do (fork is fork(2) here, not glibc's clone). */
#include <unistd.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <stdio.h>
#include <fcntl.h>
#include "int80.h"

extern char **environ;

/* pthread.c's fork handler (weak: a program without threads does not link it): the child
 * has one thread, the caller, with its new tid. */
void __int80_fork_child(void) __attribute__((weak));
pid_t fork(void)
{
	pid_t r = __syscall_ret(__syscall0(__NR_fork));
	if (r == 0 && __int80_fork_child) __int80_fork_child();
	return r;
}
pid_t _Fork(void) { return fork(); }
/* Unlike Linux, vfork does not suspend the parent: the child gets a copy, as with fork. */
pid_t vfork(void) { return __syscall_ret(__syscall0(__NR_vfork)); }

void __int80_rusage_from32(struct rusage *ru, const void *src); /* resource.c */

/* wait4(2): the kernel writes i386's 72-byte struct rusage; copy it into ours. */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	int32_t k[18];
	long r = __syscall4(__NR_wait4, pid, status, options, ru ? (void *)k : 0);
	if (r > 0 && ru) __int80_rusage_from32(ru, k);
	return __syscall_ret(r);
}
pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, 0); }
pid_t wait(int *status) { return wait4(-1, status, 0, 0); }
pid_t wait3(int *status, int options, struct rusage *ru) { return wait4(-1, status, options, ru); }
int waitid(idtype_t type, id_t id, siginfo_t *info, int options)
{
	return __syscall_ret(__syscall5(__NR_waitid, type, id, info, options, 0));
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return __syscall_ret(__syscall3(__NR_execve, path, argv, envp));
}
int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }

/* execvpe: a name without '/' is looked for in $PATH (default "/bin:/usr/bin"), as
 * musl's __execvpe: EACCES is remembered, ENOENT/ENOTDIR try the next entry. */
int execvpe(const char *file, char *const argv[], char *const envp[])
{
	const char *path = getenv("PATH"), *p, *z;
	size_t l, k;
	int seen_eacces = 0;
	if (!*file) { errno = ENOENT; return -1; }
	if (strchr(file, '/')) return execve(file, argv, envp);
	if (!path) path = "/usr/local/bin:/bin:/usr/bin";
	k = strnlen(file, 256);
	if (k > 255) { errno = ENAMETOOLONG; return -1; }
	l = strnlen(path, 4096 - 1) + 1;
	for (p = path; ; p = z) {
		char b[l + k + 1];
		z = strchr(p, ':');
		if (!z) z = p + strlen(p);
		if ((size_t)(z - p) >= l) { if (!*z++) break; continue; }
		memcpy(b, p, z - p);
		b[z - p] = '/';
		memcpy(b + (z - p) + (z > p), file, k + 1);
		execve(b, argv, envp);
		switch (errno) {
		case EACCES: seen_eacces = 1;
		case ENOENT:
		case ENOTDIR: break;
		default: return -1;
		}
		if (!*z++) break;
	}
	if (seen_eacces) errno = EACCES;
	return -1;
}
int execvp(const char *file, char *const argv[]) { return execvpe(file, argv, environ); }

/* execl and friends: the variable arguments become an argv array on the stack. */
#define COLLECT_ARGS(arg0, extra)                                     \
	va_list ap; int argc = 1;                                         \
	va_start(ap, arg0);                                               \
	while (va_arg(ap, const char *)) argc++;                          \
	va_end(ap);                                                       \
	char *argv[argc + 1];                                             \
	va_start(ap, arg0);                                               \
	argv[0] = (char *)arg0;                                           \
	for (int i = 1; i <= argc; i++) argv[i] = va_arg(ap, char *);     \
	extra;                                                            \
	va_end(ap);

int execl(const char *path, const char *arg0, ...)
{
	COLLECT_ARGS(arg0, (void)0)
	return execv(path, argv);
}
int execlp(const char *file, const char *arg0, ...)
{
	COLLECT_ARGS(arg0, (void)0)
	return execvp(file, argv);
}
int execle(const char *path, const char *arg0, ...)
{
	char **envp;
	COLLECT_ARGS(arg0, envp = va_arg(ap, char **))
	return execve(path, argv, envp);
}

pid_t getpgrp(void) { return __syscall0(__NR_getpgrp); }
pid_t getpgid(pid_t pid) { return __syscall_ret(__syscall1(__NR_getpgid, pid)); }
int setpgid(pid_t pid, pid_t pgid) { return __syscall_ret(__syscall2(__NR_setpgid, pid, pgid)); }
int setpgrp(void) { return setpgid(0, 0); }
pid_t setsid(void) { return __syscall_ret(__syscall0(__NR_setsid)); }
pid_t getsid(pid_t pid) { return __syscall_ret(__syscall1(__NR_getsid, pid)); }
int killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0) { errno = EINVAL; return -1; }
	return kill(-pgrp, sig);
}

unsigned alarm(unsigned seconds) { return __syscall1(__NR_alarm, seconds); }
int pause(void) { return __syscall_ret(__syscall0(__NR_pause)); }

int getitimer(int which, struct itimerval *v)
{
	struct __int80_timeval32 k[2];
	long r = __syscall2(__NR_getitimer, which, k);
	if (r < 0) return __syscall_ret(r);
	v->it_interval.tv_sec = k[0].tv_sec; v->it_interval.tv_usec = k[0].tv_usec;
	v->it_value.tv_sec = k[1].tv_sec; v->it_value.tv_usec = k[1].tv_usec;
	return 0;
}
int setitimer(int which, const struct itimerval *restrict v, struct itimerval *restrict old)
{
	struct __int80_timeval32 k[2], o[2];
	k[0].tv_sec = v->it_interval.tv_sec; k[0].tv_usec = v->it_interval.tv_usec;
	k[1].tv_sec = v->it_value.tv_sec; k[1].tv_usec = v->it_value.tv_usec;
	long r = __syscall3(__NR_setitimer, which, k, old ? o : 0);
	if (r < 0) return __syscall_ret(r);
	if (old) {
		old->it_interval.tv_sec = o[0].tv_sec; old->it_interval.tv_usec = o[0].tv_usec;
		old->it_value.tv_sec = o[1].tv_sec; old->it_value.tv_usec = o[1].tv_usec;
	}
	return 0;
}

/* abort(3) as glibc: raise SIGABRT; if a handler returns, or SIGABRT was blocked or
 * ignored, restore the default action and raise it again: the process ends with
 * SIGABRT (status 134 in a shell). Unflushed stdio buffers are not flushed. */
_Noreturn void abort(void)
{
	sigset_t set;
	struct sigaction sa;
	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	raise(SIGABRT);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGABRT, &sa, 0);
	sigprocmask(SIG_UNBLOCK, &set, 0);
	raise(SIGABRT);
	/* still here: end as a trap would (the host reports SIGSEGV) */
	__builtin_trap();
}

/* system(3), as POSIX describes it: SIGINT and SIGQUIT ignored and SIGCHLD blocked in
 * the caller while /bin/sh -c cmd runs in a child; the child restores them and exits 127
 * when the shell cannot be executed. system(NULL) says whether a shell exists. */
int system(const char *cmd)
{
	struct sigaction ign = { 0 }, oint, oquit;
	sigset_t chld, omask;
	int status;
	pid_t pid;

	if (!cmd) return access("/bin/sh", X_OK) == 0;
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &omask);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &oint, 0);
		sigaction(SIGQUIT, &oquit, 0);
		sigprocmask(SIG_SETMASK, &omask, 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)0);
		_exit(127);
	}
	if (pid < 0) {
		status = -1;
	} else {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) { status = -1; break; }
		}
	}
	sigaction(SIGINT, &oint, 0);
	sigaction(SIGQUIT, &oquit, 0);
	sigprocmask(SIG_SETMASK, &omask, 0);
	return status;
}

/* popen(3): the child runs /bin/sh -c cmd with its stdin ("w") or stdout ("r") on a
 * pipe; streams opened by earlier popen calls are closed in it (POSIX). pclose waits for
 * that child and returns its status. "e" in the mode sets close-on-exec, as glibc. */
static struct popen_file { FILE *f; pid_t pid; struct popen_file *next; } *popen_list;

FILE *popen(const char *cmd, const char *mode)
{
	int fds[2], rd = mode[0] == 'r';
	if ((mode[0] != 'r' && mode[0] != 'w') || (mode[1] && mode[1] != 'e')) {
		errno = EINVAL;
		return 0;
	}
	struct popen_file *p = malloc(sizeof *p);
	if (!p) return 0;
	if (pipe2(fds, O_CLOEXEC) < 0) { free(p); return 0; }
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]); close(fds[1]); free(p);
		return 0;
	}
	if (pid == 0) {
		for (struct popen_file *q = popen_list; q; q = q->next) close(fileno(q->f));
		int want = rd ? 1 : 0, have = rd ? fds[1] : fds[0];
		if (dup2(have, want) < 0) _exit(127); /* dup2 clears close-on-exec on `want` */
		execl("/bin/sh", "sh", "-c", cmd, (char *)0);
		_exit(127);
	}
	close(rd ? fds[1] : fds[0]);
	int mine = rd ? fds[0] : fds[1];
	if (!mode[1]) fcntl(mine, F_SETFD, 0);
	p->f = fdopen(mine, rd ? "r" : "w");
	if (!p->f) { close(mine); free(p); return 0; }
	p->pid = pid;
	p->next = popen_list;
	popen_list = p;
	return p->f;
}

int pclose(FILE *f)
{
	struct popen_file **pp = &popen_list, *p;
	int status;
	while ((p = *pp) && p->f != f) pp = &p->next;
	if (!p) { errno = ECHILD; return -1; }
	*pp = p->next;
	pid_t pid = p->pid;
	free(p);
	fclose(f);
	while (waitpid(pid, &status, 0) < 0) if (errno != EINTR) return -1;
	return status;
}

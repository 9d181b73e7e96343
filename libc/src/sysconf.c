/* sysconf(3) and getpagesize(2) with an i386 Linux process's answers (glibc
 * sysdeps/unix/sysv/linux/sysconf.c): a 4096-byte page (wasi-libc says
 * 65536, the Wasm page, which is not what mmap/munmap/mprotect align to),
 * RLIMIT_NOFILE's 1024 for _SC_OPEN_MAX, CLK_TCK 100, one processor.
 * Unlike glibc, a name not in this table is -1 with EINVAL. */
#include <errno.h>
#include <limits.h>
#include <unistd.h>

long sysconf(int name)
{
	switch (name) {
	case _SC_ARG_MAX: return 2097152;        /* a quarter of the 8 MiB stack limit */
	case _SC_CHILD_MAX: return 999;         /* glibc: RLIMIT_NPROC; int80 has no fork yet */
	case _SC_CLK_TCK: return 100;           /* USER_HZ */
	case _SC_NGROUPS_MAX: return 65536;
	case _SC_OPEN_MAX: return 1024;         /* RLIMIT_NOFILE's soft limit */
	case _SC_STREAM_MAX: return 16;
	case _SC_TZNAME_MAX: return -1;
	case _SC_PAGESIZE: return 4096;
	case _SC_RTSIG_MAX: return 32;
	case _SC_LINE_MAX: return 2048;
	case _SC_IOV_MAX: return 1024;
	case _SC_GETGR_R_SIZE_MAX: return 1024;
	case _SC_GETPW_R_SIZE_MAX: return 1024;
	case _SC_LOGIN_NAME_MAX: return 256;
	case _SC_TTY_NAME_MAX: return 32;
	case _SC_NPROCESSORS_CONF: return 1;
	case _SC_NPROCESSORS_ONLN: return 1;
	case _SC_SYMLOOP_MAX: return -1;
	case _SC_HOST_NAME_MAX: return 64;
	case _SC_VERSION: return 200809;
	case _SC_MONOTONIC_CLOCK: return 200809;
	case _SC_THREADS: return 200809;
	default:
		errno = EINVAL;
		return -1;
	}
}

int getpagesize(void)
{
	return 4096;
}

/* syslog(3) as glibc's misc/syslog.c does it: the message
 * "<PRI>Mmm dd hh:mm:ss IDENT[PID]: TEXT" goes to the AF_UNIX socket /dev/log
 * (SOCK_DGRAM, or SOCK_STREAM with a trailing NUL when the listener is a
 * stream socket) when something listens there; otherwise it is dropped, or
 * written to /dev/console with LOG_CONS. LOG_PERROR copies "IDENT[PID]: TEXT"
 * to stderr. IDENT defaults to the program's name, the facility to LOG_USER.
 * errno is preserved (and %m prints it, as with any printf here). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include "int80.h"
#include "progname.h"

static const char *log_ident;
static int log_option;
static int log_facility = LOG_USER;
static int log_mask = 0xff;
static int log_fd = -1;
static int log_type = SOCK_DGRAM;
static int log_connected;

static void closelog_internal(void)
{
	if (log_fd >= 0) close(log_fd);
	log_fd = -1;
	log_connected = 0;
}

static void openlog_internal(void)
{
	struct sockaddr_un sun;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, _PATH_LOG);
	for (int tries = 0; tries < 2 && !log_connected; tries++) {
		if (log_fd < 0) {
			log_fd = socket(AF_UNIX, log_type | SOCK_CLOEXEC, 0);
			if (log_fd < 0) return;
		}
		if (connect(log_fd, (struct sockaddr *)&sun, sizeof sun) == 0) {
			log_connected = 1;
		} else {
			int e = errno;
			closelog_internal();
			/* a stream listener: glibc switches types once */
			if (e != EPROTOTYPE) return;
			log_type = log_type == SOCK_DGRAM ? SOCK_STREAM : SOCK_DGRAM;
		}
	}
}

void openlog(const char *ident, int option, int facility)
{
	log_ident = ident;
	log_option = option;
	/* glibc: any value inside LOG_FACMASK, 0 (LOG_KERN) included */
	if (!(facility & ~LOG_FACMASK)) log_facility = facility;
	if (option & LOG_NDELAY) openlog_internal();
}

void closelog(void)
{
	closelog_internal();
	log_ident = NULL;
	log_type = SOCK_DGRAM;
}

int setlogmask(int mask)
{
	int old = log_mask;
	if (mask) log_mask = mask;
	return old;
}

/* Linux's O_WRONLY | O_NOCTTY */
#define LINUX_O_WRONLY 01
#define LINUX_O_NOCTTY 0400

void vsyslog(int pri, const char *fmt, va_list ap)
{
	int saved = errno;
	char buf[1024];
	if (pri & ~(LOG_PRIMASK | LOG_FACMASK)) pri &= LOG_PRIMASK | LOG_FACMASK;
	if (!(LOG_MASK(LOG_PRI(pri)) & log_mask)) return;
	if (!(pri & LOG_FACMASK)) pri |= log_facility;

	int n = snprintf(buf, sizeof buf, "<%d>", pri);
	time_t now = time(NULL);
	struct tm tm;
	n += (int)strftime(buf + n, sizeof buf - (size_t)n, "%h %e %T ", localtime_r(&now, &tm));
	int msgoff = n;
	const char *ident = log_ident ? log_ident : __int80_progname();
	if (ident && *ident) n += snprintf(buf + n, sizeof buf - (size_t)n, "%s", ident);
	if (log_option & LOG_PID) n += snprintf(buf + n, sizeof buf - (size_t)n, "[%d]", getpid());
	if (ident && *ident) n += snprintf(buf + n, sizeof buf - (size_t)n, ": ");
	errno = saved;
	if (n < (int)sizeof buf) n += vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	if (n >= (int)sizeof buf) n = sizeof buf - 1;

	if (log_option & LOG_PERROR) {
		int nl = n > 0 && buf[n - 1] == '\n';
		dprintf(STDERR_FILENO, "%.*s%s", n - msgoff, buf + msgoff, nl ? "" : "\n");
	}
	if (!log_connected) openlog_internal();
	/* a stream listener gets the terminating NUL as the record separator */
	int len = log_type == SOCK_STREAM ? n + 1 : n;
	if (!log_connected || send(log_fd, buf, (size_t)len, MSG_NOSIGNAL) < 0) {
		if (log_connected) {
			/* the listener went away: reconnect once */
			closelog_internal();
			openlog_internal();
		}
		if (!log_connected || send(log_fd, buf, (size_t)len, MSG_NOSIGNAL) < 0) {
			closelog_internal();
			if (log_option & LOG_CONS) {
				int fd = __syscall2(__NR_open, "/dev/console", LINUX_O_WRONLY | LINUX_O_NOCTTY);
				if (fd >= 0) {
					dprintf(fd, "%.*s\r\n", n - msgoff, buf + msgoff);
					close(fd);
				}
			}
		}
	}
	errno = saved;
}

void syslog(int pri, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}

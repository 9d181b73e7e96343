/* syslog(3) with no syslog daemon (nothing listens on /dev/log: the message
 * is dropped, LOG_PERROR still copies it to stderr), setlogmask, %m, and
 * err.h's warn/warnx/err with the program's name. */
#include <errno.h>
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	/* no daemon, no LOG_PERROR: nothing printed, errno untouched */
	errno = EAGAIN;
	syslog(LOG_INFO, "to nobody");
	printf("errno after syslog: %s\n", strerror(errno));

	openlog("tst", LOG_PERROR, LOG_DAEMON);
	errno = ENOENT;
	syslog(LOG_ERR, "hello %d: %m", 42);
	syslog(LOG_DEBUG | LOG_LOCAL0, "debug with a newline\n");
	printf("setlogmask old 0x%x\n", setlogmask(LOG_UPTO(LOG_NOTICE)));
	syslog(LOG_INFO, "masked out");
	syslog(LOG_WARNING, "warning passes the mask");
	printf("setlogmask(0) keeps 0x%x\n", setlogmask(0));
	closelog();
	openlog(NULL, LOG_PERROR, 0);
	syslog(LOG_NOTICE, "default ident is the program name");
	closelog();

	errno = EACCES;
	warn("warn %d", 1);
	warnx("warnx %d", 2);
	errno = EBADF;
	warn(NULL);
	err(3, "bye %s", "now");
}

/* syslog(3) with a listener on /dev/log, as a syslog daemon has it: the
 * program binds the AF_UNIX datagram socket itself, logs, and reads what
 * arrived: "<PRI>Mmm dd hh:mm:ss IDENT[PID]: TEXT" (the timestamp and pid are
 * checked for their shape, not printed). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void receive(int s)
{
	char buf[512];
	ssize_t n = recv(s, buf, sizeof buf - 1, MSG_DONTWAIT);
	if (n < 0) { printf("recv: %s\n", strerror(errno)); return; }
	buf[n] = 0;
	/* <PRI> then "Mmm dd hh:mm:ss " (16 characters) */
	char *gt = strchr(buf, '>');
	int stamp_ok = gt && strlen(gt + 1) > 16 && gt[4] == ' ' && gt[7] == ' ' && gt[10] == ':' && gt[13] == ':' && gt[16] == ' ';
	printf("%zd bytes: %.*s <stamp %s> %s\n", n, gt ? (int)(gt - buf + 1) : 0, buf, stamp_ok ? "ok" : "bad",
	       gt && strlen(gt + 1) > 16 ? gt + 17 : "?");
}

int main(void)
{
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	/* before any openlog: the facility is LOG_USER, the ident the program name */
	syslog(LOG_WARNING, "before openlog (nobody listens yet)");
	struct sockaddr_un sun;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, "/dev/log");
	unlink("/dev/log");
	if (bind(s, (struct sockaddr *)&sun, sizeof sun) < 0) {
		printf("bind /dev/log: %s\n", strerror(errno));
		return 1;
	}
	syslog(LOG_WARNING, "before openlog");
	receive(s);
	openlog("lab", 0, LOG_LOCAL3);
	syslog(LOG_NOTICE, "server started on port %d", 8080);
	receive(s);
	syslog(LOG_ERR | LOG_AUTH, "explicit facility");
	receive(s);
	closelog();
	openlog("lab", LOG_NDELAY, 0);
	syslog(LOG_INFO, "openlog with facility 0 means LOG_KERN");
	receive(s);
	syslog(LOG_DEBUG, "two");
	syslog(LOG_DEBUG, "messages");
	receive(s);
	receive(s);
	receive(s);
	closelog();
	close(s);
	unlink("/dev/log");
	return 0;
}

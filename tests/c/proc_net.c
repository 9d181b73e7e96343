/* proc_net: /proc/net/tcp, /proc/net/udp, /proc/net/unix and /proc/self/fd as network
 * tools read them: the header lines exactly, the line width (seq_pad), the columns of the
 * rows of this program's own sockets (other sockets of the machine are skipped), hex
 * addresses and ports, states, and the inode column equal to fstat's st_ino, which is
 * also the N of /proc/self/fd's "socket:[N]" and "pipe:[N]" links. */
#include "common.h"
#include <sys/stat.h>
#include <dirent.h>

#define TPORT 47651
#define UPORT 47652
#define UPATH "/tmp/int80_proc_net.sock"

static void show_inet(const char *file, int port, int *fds, int nfds)
{
	char line[512], hex[8];
	FILE *f = fopen(file, "r");
	snprintf(hex, sizeof hex, ":%04X", port);
	fgets(line, sizeof line, f);
	size_t len = strlen(line);
	line[len - 1] = 0;
	printf("%s header (%zu chars with the newline): [%s]\n", file, len, line);
	char rows[8][200] = {{0}};
	while (fgets(line, sizeof line, f)) {
		char local[32], rem[32], st[8];
		unsigned long ino;
		char *colon = strchr(line, ':');
		if (sscanf(colon + 1, "%31s %31s %7s %*s %*s %*s %*s %*s %lu", local, rem, st, &ino) != 4) continue;
		if (!strstr(local, hex) && !strstr(rem, hex)) continue;
		int which = -1;
		for (int i = 0; i < nfds; i++) if (ino_of(fds[i]) == ino) which = i;
		if (which < 0) continue; /* another run's socket in TIME_WAIT */
		/* the ephemeral port of the other end changes from run to run: only ours is shown */
		local[9] = rem[9] = 0;
		snprintf(rows[which], sizeof rows[which], "%zu chars, %d columns, local %s:%s rem %s:%s st %s",
		         strlen(line), columns(line), local, strncmp(colon + 2 + 9, hex + 1, 4) == 0 ? "ours" : "other",
		         rem, strncmp(colon + 2 + 14 + 9, hex + 1, 4) == 0 ? "ours" : "other", st);
	}
	for (int i = 0; i < nfds; i++) printf("  row of our socket #%d: %s\n", i, rows[i][0] ? rows[i] : "missing");
	fclose(f);
}

static void show_unix(int *fds, int nfds)
{
	char line[512];
	FILE *f = fopen("/proc/net/unix", "r");
	fgets(line, sizeof line, f);
	printf("/proc/net/unix header: %s", line);
	char rows[8][200] = {{0}};
	while (fgets(line, sizeof line, f)) {
		unsigned long ino;
		unsigned refc, proto, flags, type, st;
		char path[256] = "";
		char *colon = strchr(line, ':');
		int n = sscanf(colon + 1, "%x %x %x %x %x %lu %255s", &refc, &proto, &flags, &type, &st, &ino, path);
		if (n < 6) continue;
		int which = -1;
		for (int i = 0; i < nfds; i++) if (ino_of(fds[i]) == ino) which = i;
		if (which < 0) continue;
		snprintf(rows[which], sizeof rows[which], "%d columns, protocol %08X flags %08X type %04X st %02X path %s",
		         columns(line), proto, flags, type, st, n == 7 ? path : "(none)");
	}
	for (int i = 0; i < nfds; i++) printf("  row of our socket #%d: %s\n", i, rows[i][0] ? rows[i] : "missing");
	fclose(f);
}

static void link_of(const char *what, int fd, const char *prefix, unsigned long ino)
{
	char p[64], buf[256], want[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(p, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	if (prefix) {
		snprintf(want, sizeof want, "%s:[%lu]", prefix, ino);
		printf("readlink(/proc/self/fd/<%s>) is %s:[st_ino]: %d\n", what, prefix, strcmp(buf, want) == 0);
	} else printf("readlink(/proc/self/fd/<%s>) = %s\n", what, buf);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOFBF, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(TPORT), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1;
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	bind(ls, (struct sockaddr *)&a, sizeof a);
	listen(ls, 5);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof a);
	int s = accept(ls, NULL, NULL);
	int tcp[3] = { ls, c, s };
	show_inet("/proc/net/tcp", TPORT, tcp, 3);

	int u = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_port = htons(UPORT);
	bind(u, (struct sockaddr *)&a, sizeof a);
	int u2 = socket(AF_INET, SOCK_DGRAM, 0);
	connect(u2, (struct sockaddr *)&a, sizeof a);
	int udp[2] = { u, u2 };
	show_inet("/proc/net/udp", UPORT, udp, 2);

	struct sockaddr_un un;
	unlink(UPATH);
	int ul = socket(AF_UNIX, SOCK_STREAM, 0);
	socklen_t l = un_path(&un, UPATH);
	bind(ul, (struct sockaddr *)&un, l);
	listen(ul, 5);
	int uc = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(uc, (struct sockaddr *)&un, l);
	int ua = accept(ul, NULL, NULL);
	int ud = socket(AF_UNIX, SOCK_DGRAM, 0);
	l = un_abstract(&un, "int80_proc_net");
	bind(ud, (struct sockaddr *)&un, l);
	int sp[2];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp);
	int unx[6] = { ul, uc, ua, ud, sp[0], sp[1] };
	show_unix(unx, 6);

	int p[2];
	pipe(p);
	int file = open("/tmp/int80_proc_net.txt", O_CREAT | O_RDWR | O_TRUNC, 0600);
	link_of("tcp socket", s, "socket", ino_of(s));
	link_of("unix socket", ul, "socket", ino_of(ul));
	link_of("pipe", p[0], "pipe", ino_of(p[0]));
	link_of("pipe write end", p[1], "pipe", ino_of(p[1]));
	link_of("file", file, NULL, 0);
	unlink("/tmp/int80_proc_net.txt");
	link_of("unlinked file", file, NULL, 0);
	char buf[64], pid[16];
	ssize_t n = readlink("/proc/self", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	snprintf(pid, sizeof pid, "%d", getpid());
	printf("readlink(/proc/self) is the pid: %d\n", strcmp(buf, pid) == 0);
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int seen_file = 0, seen_pipe = 0, count = 0;
	while ((e = readdir(d))) {
		count++;
		if (atoi(e->d_name) == file) seen_file = e->d_type == DT_LNK;
		if (atoi(e->d_name) == p[0]) seen_pipe = e->d_type == DT_LNK;
	}
	closedir(d);
	printf("readdir(/proc/self/fd) lists the file %d and the pipe %d as links\n", seen_file, seen_pipe);
	errno = 0;
	n = readlink("/proc/self/fd/999", buf, sizeof buf);
	printf("readlink(/proc/self/fd/999) = %zd %s\n", n, errname(errno));
	errno = 0;
	int w = open("/proc/net/tcp", O_WRONLY);
	printf("open(/proc/net/tcp, O_WRONLY) = %d %s\n", w, errname(errno));
	unlink(UPATH);
	return 0;
}

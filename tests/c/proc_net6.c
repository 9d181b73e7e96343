/* proc_net6: /proc/net/tcp6 and /proc/net/udp6 as network tools read them: the header
 * lines exactly, the columns of the rows of this program's own IPv6 sockets (other
 * sockets of the machine are skipped), the four-word hex addresses and ports, states,
 * and the inode column equal to fstat's st_ino. IPv4 sockets are not listed there, and
 * IPv6 sockets are not listed in /proc/net/tcp. Sockets in no table (unbound UDP, bound-only
 * TCP) are not listed either.
 * record: netns-lo debian-hosts (a machine with lo only) */
#include "common.h"
#include <sys/stat.h>

#define TPORT 47661
#define UPORT 47662

/* The rows of fds[] in `file`: which of them are listed, and how. */
static void show(const char *file, int port, int *fds, int nfds)
{
	char line[512], hex[8];
	FILE *f = fopen(file, "r");
	if (!f) { printf("fopen(%s) = NULL %s\n", file, errname(errno)); return; }
	snprintf(hex, sizeof hex, ":%04X", port);
	fgets(line, sizeof line, f);
	size_t len = strlen(line);
	line[len - 1] = 0;
	printf("%s header (%zu chars with the newline): [%s]\n", file, len, line);
	char rows[8][300] = {{0}};
	while (fgets(line, sizeof line, f)) {
		char local[64], rem[64], st[8];
		unsigned long ino;
		unsigned tx, rx;
		char *colon = strchr(line, ':');
		if (sscanf(colon + 1, "%63s %63s %7s %x:%x %*s %*s %*s %*s %lu", local, rem, st, &tx, &rx, &ino) != 6) continue;
		int which = -1;
		for (int i = 0; i < nfds; i++) if (ino_of(fds[i]) == ino) which = i;
		if (which < 0) continue;
		/* the ephemeral port of the other end changes from run to run: only ours is shown */
		char *lp = strchr(local, ':'), *rp = strchr(rem, ':');
		*lp++ = 0;
		*rp++ = 0;
		/* TCP's rx_queue is bytes not yet read; UDP's is the queue's memory (skb truesize),
		 * which differs between kernels: only whether it is empty is shown */
		char rxs[16];
		if (strstr(file, "udp")) snprintf(rxs, sizeof rxs, "%s", rx ? "nonempty" : "empty");
		else snprintf(rxs, sizeof rxs, "%u bytes", rx);
		snprintf(rows[which], sizeof rows[which], "%d columns, local %s:%s rem %s:%s st %s tx_queue %u rx_queue %s",
		         columns(line), local, strcmp(lp, hex + 1) == 0 ? "ours" : strcmp(lp, "0000") == 0 ? "0000" : "other",
		         rem, strcmp(rp, hex + 1) == 0 ? "ours" : strcmp(rp, "0000") == 0 ? "0000" : "other", st, tx, rxs);
	}
	for (int i = 0; i < nfds; i++) printf("  row of our socket #%d: %s\n", i, rows[i][0] ? rows[i] : "not listed");
	fclose(f);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOFBF, 0);
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(TPORT), .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	int one = 1;
	int ls = socket(AF_INET6, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	bind(ls, (struct sockaddr *)&a, sizeof a);
	listen(ls, 5);
	int c = socket(AF_INET6, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof a);
	int s = accept(ls, NULL, NULL);
	send(c, "hello", 5, 0);
	usleep(10000);
	/* a dual-stack listener on :: and an IPv4 one: only the first is in tcp6 */
	int any = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 a2 = { .sin6_family = AF_INET6, .sin6_port = htons(TPORT + 2), .sin6_addr = IN6ADDR_ANY_INIT };
	bind(any, (struct sockaddr *)&a2, sizeof a2);
	listen(any, 5);
	int v4 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(TPORT + 4), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bind(v4, (struct sockaddr *)&a4, sizeof a4);
	listen(v4, 5);
	/* bound only: in no table the seq file walks */
	int bound = socket(AF_INET6, SOCK_STREAM, 0);
	a2.sin6_port = htons(TPORT + 6);
	bind(bound, (struct sockaddr *)&a2, sizeof a2);
	int tcp[6] = { ls, c, s, any, v4, bound };
	show("/proc/net/tcp6", TPORT, tcp, 6);
	show("/proc/net/tcp", TPORT, tcp, 6);

	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	a.sin6_port = htons(UPORT);
	bind(u, (struct sockaddr *)&a, sizeof a);
	int u2 = socket(AF_INET6, SOCK_DGRAM, 0);
	connect(u2, (struct sockaddr *)&a, sizeof a);
	send(u2, "datagram", 8, 0);
	int u3 = socket(AF_INET6, SOCK_DGRAM, 0); /* unbound: not hashed, not listed */
	int u4 = socket(AF_INET, SOCK_DGRAM, 0);
	a4.sin_port = htons(UPORT);
	bind(u4, (struct sockaddr *)&a4, sizeof a4);
	int udp[4] = { u, u2, u3, u4 };
	show("/proc/net/udp6", UPORT, udp, 4);
	show("/proc/net/udp", UPORT, udp, 4);
	return 0;
}

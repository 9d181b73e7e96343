/* IPV6_PKTINFO as a socket option (RFC 3542's sticky form): a whole
 * struct in6_pktinfo is taken, anything shorter is EINVAL, a bad pointer
 * EFAULT; getsockopt does not know it. (Recorded with qemu-i386; the NULL line is the
 * x86_64 kernel's answer: qemu-user checks the pointer itself and says EFAULT.) */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

static const char *en(int e)
{
	return e == EINVAL ? "EINVAL" : e == EFAULT ? "EFAULT" : e == ENOPROTOOPT ? "ENOPROTOOPT" : "other";
}

int main(void)
{
	int s = socket(AF_INET6, SOCK_DGRAM, 0);
	int one = 1, r;
	struct in6_pktinfo pi;
	memset(&pi, 0, sizeof pi);
	r = setsockopt(s, IPPROTO_IPV6, IPV6_PKTINFO, &one, sizeof one);
	printf("setsockopt(IPV6_PKTINFO, int) -> %d %s\n", r, r ? en(errno) : "");
	r = setsockopt(s, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof pi);
	printf("setsockopt(IPV6_PKTINFO, in6_pktinfo ::, 0) -> %d\n", r);
	pi.ipi6_addr = in6addr_loopback;
	pi.ipi6_ifindex = 1;
	r = setsockopt(s, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof pi);
	printf("setsockopt(IPV6_PKTINFO, in6_pktinfo ::1, 1) -> %d\n", r);
	r = setsockopt(s, IPPROTO_IPV6, IPV6_PKTINFO, NULL, sizeof pi);
	printf("setsockopt(IPV6_PKTINFO, NULL) -> %d %s\n", r, r ? en(errno) : "");
	r = setsockopt(s, IPPROTO_IPV6, IPV6_PKTINFO, (void *)8, sizeof pi);
	printf("setsockopt(IPV6_PKTINFO, bad pointer) -> %d %s\n", r, r ? en(errno) : "");
	r = setsockopt(s, IPPROTO_IPV6, IPV6_PKTINFO, &pi, 0);
	printf("setsockopt(IPV6_PKTINFO, len 0) -> %d %s\n", r, r ? en(errno) : "");
	socklen_t len = sizeof pi;
	r = getsockopt(s, IPPROTO_IPV6, IPV6_PKTINFO, &pi, &len);
	printf("getsockopt(IPV6_PKTINFO) -> %d %s\n", r, r ? en(errno) : "");
	int t = socket(AF_INET6, SOCK_STREAM, 0);
	r = setsockopt(t, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof pi);
	printf("setsockopt(IPV6_PKTINFO) on TCP -> %d %s\n", r, r ? en(errno) : "");
	return 0;
}

/* The loopback interface as a network lab's menu asks about it: SIOCGIFCONF,
 * SIOCGIFADDR/NETMASK/BRDADDR/DSTADDR, SIOCGIFFLAGS/MTU/INDEX/NAME/HWADDR on
 * AF_INET and AF_UNIX sockets, the errors for unknown names and indexes, and
 * <net/if.h>'s if_nametoindex/if_indextoname/if_nameindex and getifaddrs.
 * Only lo is printed: a real machine has more interfaces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

static const char *en(int e)
{
	switch (e) {
	case ENODEV: return "ENODEV";
	case ENXIO: return "ENXIO";
	case ENOTTY: return "ENOTTY";
	case EFAULT: return "EFAULT";
	case EINVAL: return "EINVAL";
	default: return strerror(e);
	}
}

static void show(int fd, unsigned long cmd, const char *name, const char *ifname)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(fd, cmd, &ifr) < 0) {
		printf("%-15s %-6s -1 %s\n", name, ifname, en(errno));
		return;
	}
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	switch (cmd) {
	case SIOCGIFADDR: case SIOCGIFNETMASK: case SIOCGIFBRDADDR: case SIOCGIFDSTADDR:
		printf("%-15s %-6s family %d %s\n", name, ifname, sin->sin_family, inet_ntoa(sin->sin_addr));
		break;
	case SIOCGIFFLAGS:
		printf("%-15s %-6s 0x%x%s%s%s\n", name, ifname, ifr.ifr_flags & 0xffff,
		       ifr.ifr_flags & IFF_UP ? " UP" : "", ifr.ifr_flags & IFF_LOOPBACK ? " LOOPBACK" : "",
		       ifr.ifr_flags & IFF_RUNNING ? " RUNNING" : "");
		break;
	case SIOCGIFMTU: printf("%-15s %-6s %d\n", name, ifname, ifr.ifr_mtu); break;
	case SIOCGIFINDEX: printf("%-15s %-6s %d\n", name, ifname, ifr.ifr_ifindex); break;
	case SIOCGIFHWADDR: {
		unsigned char *h = (unsigned char *)ifr.ifr_hwaddr.sa_data;
		printf("%-15s %-6s type %d%s %02x:%02x:%02x:%02x:%02x:%02x\n", name, ifname, ifr.ifr_hwaddr.sa_family,
		       ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK ? " (ARPHRD_LOOPBACK)" : "", h[0], h[1], h[2], h[3], h[4], h[5]);
		break;
	}
	}
}

#define SHOW(fd, cmd, ifname) show(fd, cmd, #cmd, ifname)

int main(void)
{
	printf("sizeof(struct ifreq) %u, sizeof(struct ifconf) %u, IFNAMSIZ %d\n",
	       (unsigned)sizeof(struct ifreq), (unsigned)sizeof(struct ifconf), IFNAMSIZ);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int ufd = socket(AF_UNIX, SOCK_STREAM, 0);

	/* SIOCGIFCONF: ask the length first, then the entries; print lo's */
	struct ifconf ifc;
	ifc.ifc_len = 0;
	ifc.ifc_buf = NULL;
	int r = ioctl(fd, SIOCGIFCONF, &ifc);
	printf("SIOCGIFCONF NULL buffer: %d, length a multiple of 32: %d\n", r, ifc.ifc_len > 0 && ifc.ifc_len % 32 == 0);
	char buf[1024];
	ifc.ifc_len = sizeof buf;
	ifc.ifc_buf = buf;
	r = ioctl(fd, SIOCGIFCONF, &ifc);
	int found = 0;
	for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++) {
		struct ifreq *q = &ifc.ifc_req[i];
		if (strcmp(q->ifr_name, "lo") == 0) {
			struct sockaddr_in *sin = (struct sockaddr_in *)&q->ifr_addr;
			printf("SIOCGIFCONF: %d, entry %s family %d %s\n", r, q->ifr_name, sin->sin_family, inet_ntoa(sin->sin_addr));
			found++;
		}
	}
	printf("lo entries: %d\n", found);
	/* a buffer too small for one entry: nothing written, length 0 */
	ifc.ifc_len = 31;
	r = ioctl(fd, SIOCGIFCONF, &ifc);
	printf("SIOCGIFCONF 31-byte buffer: %d, ifc_len %d\n", r, ifc.ifc_len);
	/* on an AF_UNIX socket too */
	ifc.ifc_len = sizeof buf;
	ifc.ifc_buf = buf;
	r = ioctl(ufd, SIOCGIFCONF, &ifc);
	printf("SIOCGIFCONF on AF_UNIX: %d, has lo: %d\n", r, ifc.ifc_len >= 32);
	errno = 0;
	r = ioctl(fd, SIOCGIFCONF, (void *)8);
	printf("SIOCGIFCONF bad pointer: %d %s\n", r, en(errno));

	SHOW(fd, SIOCGIFADDR, "lo");
	SHOW(fd, SIOCGIFNETMASK, "lo");
	SHOW(fd, SIOCGIFBRDADDR, "lo");
	SHOW(fd, SIOCGIFDSTADDR, "lo");
	SHOW(fd, SIOCGIFFLAGS, "lo");
	SHOW(fd, SIOCGIFMTU, "lo");
	SHOW(fd, SIOCGIFINDEX, "lo");
	SHOW(fd, SIOCGIFHWADDR, "lo");
	SHOW(fd, SIOCGIFADDR, "nosuch0");
	SHOW(fd, SIOCGIFFLAGS, "nosuch0");
	SHOW(fd, SIOCGIFINDEX, "nosuch0");
	SHOW(fd, SIOCGIFMTU, "");
	/* the device's own fields on any socket; the addresses are AF_INET's */
	SHOW(ufd, SIOCGIFFLAGS, "lo");
	SHOW(ufd, SIOCGIFINDEX, "lo");
	SHOW(ufd, SIOCGIFADDR, "lo");

	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_ifindex = 1;
	r = ioctl(fd, SIOCGIFNAME, &ifr);
	printf("SIOCGIFNAME 1: %d %s\n", r, ifr.ifr_name);
	ifr.ifr_ifindex = 9999;
	r = ioctl(fd, SIOCGIFNAME, &ifr);
	printf("SIOCGIFNAME 9999: %d %s\n", r, en(errno));
	errno = 0;
	r = ioctl(fd, SIOCGIFFLAGS, (void *)8);
	printf("SIOCGIFFLAGS bad pointer: %d %s\n", r, en(errno));

	char name[IF_NAMESIZE];
	printf("if_nametoindex(\"lo\") = %u\n", if_nametoindex("lo"));
	errno = 0;
	unsigned idx = if_nametoindex("nosuch0");
	printf("if_nametoindex(\"nosuch0\") = %u %s\n", idx, en(errno));
	char *n = if_indextoname(1, name);
	printf("if_indextoname(1) = %s\n", n ? n : "NULL");
	errno = 0;
	n = if_indextoname(9999, name);
	printf("if_indextoname(9999) = %s %s\n", n ? n : "NULL", en(errno));

	struct if_nameindex *ni = if_nameindex();
	for (struct if_nameindex *p = ni; p && p->if_index; p++)
		if (strcmp(p->if_name, "lo") == 0) printf("if_nameindex: %u %s\n", p->if_index, p->if_name);
	if_freenameindex(ni);

	struct ifaddrs *ifa;
	r = getifaddrs(&ifa);
	printf("getifaddrs %d\n", r);
	for (struct ifaddrs *p = ifa; p; p = p->ifa_next) {
		if (strcmp(p->ifa_name, "lo") || !p->ifa_addr || p->ifa_addr->sa_family != AF_INET) continue;
		printf("  %s flags 0x%x addr %s", p->ifa_name, p->ifa_flags,
		       inet_ntoa(((struct sockaddr_in *)p->ifa_addr)->sin_addr));
		printf(" netmask %s", inet_ntoa(((struct sockaddr_in *)p->ifa_netmask)->sin_addr));
		printf(" broadaddr/dstaddr %s\n", p->ifa_broadaddr ? inet_ntoa(((struct sockaddr_in *)p->ifa_broadaddr)->sin_addr) : "NULL");
	}
	freeifaddrs(ifa);
	close(fd);
	close(ufd);
	return 0;
}

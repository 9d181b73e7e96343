/* <net/if.h> and <ifaddrs.h>: interface names, indexes and addresses, asked
 * of the kernel with the interface ioctls on a throwaway socket, as glibc's
 * if_nametoindex/if_indextoname do (sysdeps/unix/sysv/linux/if_index.c).
 *
 * Unlike glibc, if_nameindex() and getifaddrs() learn the interfaces from
 * SIOCGIFCONF rather than netlink (int80 has no AF_NETLINK): they list the
 * interfaces that have an IPv4 address, and getifaddrs() gives their AF_INET
 * entries only (glibc adds one AF_PACKET entry per interface and AF_INET6
 * ones). On int80 that is lo, 127.0.0.1/8. */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* glibc's __opensock: a datagram socket the ioctls can be asked on */
static int opensock(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return fd;
}

unsigned int if_nametoindex(const char *ifname)
{
	struct ifreq ifr;
	if (strlen(ifname) >= IFNAMSIZ) {
		errno = ENODEV;
		return 0;
	}
	int fd = opensock();
	if (fd < 0) return 0;
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, ifname, sizeof ifr.ifr_name);
	int r = ioctl(fd, SIOCGIFINDEX, &ifr);
	int saved = errno;
	close(fd);
	if (r < 0) {
		/* glibc: EINVAL from the ioctl means no such call: ENOSYS */
		errno = saved == EINVAL ? ENOSYS : saved;
		return 0;
	}
	return (unsigned int)ifr.ifr_ifindex;
}

char *if_indextoname(unsigned int ifindex, char *ifname)
{
	struct ifreq ifr;
	int fd = opensock();
	if (fd < 0) return NULL;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_ifindex = (int)ifindex;
	int r = ioctl(fd, SIOCGIFNAME, &ifr);
	int saved = errno;
	close(fd);
	if (r < 0) {
		/* glibc: "no such device" is reported as ENXIO (POSIX) */
		errno = saved == ENODEV ? ENXIO : saved;
		return NULL;
	}
	return strncpy(ifname, ifr.ifr_name, IFNAMSIZ);
}

/* SIOCGIFCONF into a malloc'd buffer large enough: the number of entries, or -1 */
static int ifconf_all(int fd, struct ifconf *ifc)
{
	ifc->ifc_buf = NULL;
	ifc->ifc_len = 0;
	if (ioctl(fd, SIOCGIFCONF, ifc) < 0) return -1;
	int len = ifc->ifc_len;
	ifc->ifc_buf = malloc(len ? (size_t)len : 1);
	if (!ifc->ifc_buf) return -1;
	ifc->ifc_len = len;
	if (ioctl(fd, SIOCGIFCONF, ifc) < 0) {
		free(ifc->ifc_buf);
		return -1;
	}
	return ifc->ifc_len / (int)sizeof(struct ifreq);
}

struct if_nameindex *if_nameindex(void)
{
	int fd = opensock();
	if (fd < 0) return NULL;
	struct ifconf ifc;
	int n = ifconf_all(fd, &ifc);
	if (n < 0) {
		close(fd);
		return NULL;
	}
	struct if_nameindex *list = calloc((size_t)n + 1, sizeof *list);
	int k = 0;
	for (int i = 0; list && i < n; i++) {
		struct ifreq *r = &ifc.ifc_req[i];
		int dup = 0;
		for (int j = 0; j < k; j++) dup |= strcmp(list[j].if_name, r->ifr_name) == 0;
		if (dup) continue; /* one entry per interface, not per address */
		struct ifreq q = *r;
		if (ioctl(fd, SIOCGIFINDEX, &q) < 0) continue;
		list[k].if_index = (unsigned int)q.ifr_ifindex;
		list[k].if_name = strdup(r->ifr_name);
		k++;
	}
	free(ifc.ifc_buf);
	close(fd);
	if (!list) errno = ENOBUFS;
	return list;
}

void if_freenameindex(struct if_nameindex *ptr)
{
	for (struct if_nameindex *p = ptr; p && p->if_name; p++) free(p->if_name);
	free(ptr);
}

/* one allocation per entry: the entry, its name and its three addresses */
struct ifaddrs_storage {
	struct ifaddrs ifa;
	char name[IFNAMSIZ];
	struct sockaddr_in addr, netmask, broad;
};

int getifaddrs(struct ifaddrs **ifap)
{
	*ifap = NULL;
	int fd = opensock();
	if (fd < 0) return -1;
	struct ifconf ifc;
	int n = ifconf_all(fd, &ifc);
	if (n < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	struct ifaddrs **tail = ifap;
	for (int i = 0; i < n; i++) {
		struct ifreq *r = &ifc.ifc_req[i];
		struct ifaddrs_storage *s = calloc(1, sizeof *s);
		if (!s) {
			freeifaddrs(*ifap);
			*ifap = NULL;
			free(ifc.ifc_buf);
			close(fd);
			errno = ENOMEM;
			return -1;
		}
		memcpy(s->name, r->ifr_name, IFNAMSIZ);
		s->name[IFNAMSIZ - 1] = 0;
		s->ifa.ifa_name = s->name;
		memcpy(&s->addr, &r->ifr_addr, sizeof s->addr);
		s->ifa.ifa_addr = (struct sockaddr *)&s->addr;
		struct ifreq q = *r;
		if (ioctl(fd, SIOCGIFFLAGS, &q) == 0) s->ifa.ifa_flags = (unsigned short)q.ifr_flags;
		/* netlink's flags are 32-bit: a running interface has IFF_LOWER_UP
		 * (0x10000), which ifr_flags (a short) cannot carry */
		if (s->ifa.ifa_flags & IFF_RUNNING) s->ifa.ifa_flags |= 0x10000;
		q = *r;
		if (ioctl(fd, SIOCGIFNETMASK, &q) == 0) {
			memcpy(&s->netmask, &q.ifr_netmask, sizeof s->netmask);
			s->ifa.ifa_netmask = (struct sockaddr *)&s->netmask;
		}
		/* glibc (netlink): the broadcast address for IFF_BROADCAST; otherwise
		 * the address IFA_ADDRESS names besides IFA_LOCAL, the peer, which
		 * for lo is its own address (SIOCGIFDSTADDR) */
		q = *r;
		if (ioctl(fd, (s->ifa.ifa_flags & IFF_BROADCAST) ? SIOCGIFBRDADDR : SIOCGIFDSTADDR, &q) == 0) {
			memcpy(&s->broad, &q.ifr_broadaddr, sizeof s->broad);
			s->ifa.ifa_broadaddr = (struct sockaddr *)&s->broad;
		}
		*tail = &s->ifa;
		tail = &s->ifa.ifa_next;
	}
	free(ifc.ifc_buf);
	close(fd);
	return 0;
}

void freeifaddrs(struct ifaddrs *ifa)
{
	while (ifa) {
		struct ifaddrs *next = ifa->ifa_next;
		free(ifa); /* the entry is the start of its ifaddrs_storage */
		ifa = next;
	}
}

/* int80 <net/if_arp.h>: the hardware types SIOCGIFHWADDR reports (include/uapi/linux/if_arp.h). */
#ifndef _NET_IF_ARP_H
#define _NET_IF_ARP_H
#include <sys/types.h>
#include <sys/socket.h>
#define ARPHRD_NETROM 0
#define ARPHRD_ETHER 1
#define ARPHRD_IEEE802 6
#define ARPHRD_PPP 512
#define ARPHRD_TUNNEL 768
#define ARPHRD_LOOPBACK 772
#define ARPHRD_SIT 776
#define ARPHRD_IPGRE 778
#define ARPHRD_VOID 0xFFFF
#define ARPHRD_NONE 0xFFFE
#endif

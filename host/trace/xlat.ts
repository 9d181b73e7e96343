// Value -> name tables for the strace formatter (strace's src/xlat/*.in, Linux uapi values
// for i386). Tables are data: the decoders in strace.ts only look names up here.

/** value -> name; flags tables list single bits (or multi-bit names first). */
export type Xlat = ReadonlyArray<readonly [number, string]>;

export const ADDRFAMS: Xlat = [
  [0, "AF_UNSPEC"], [1, "AF_UNIX"], [2, "AF_INET"], [3, "AF_AX25"], [4, "AF_IPX"],
  [5, "AF_APPLETALK"], [6, "AF_NETROM"], [7, "AF_BRIDGE"], [8, "AF_ATMPVC"], [9, "AF_X25"],
  [10, "AF_INET6"], [11, "AF_ROSE"], [12, "AF_DECnet"], [13, "AF_NETBEUI"], [14, "AF_SECURITY"],
  [15, "AF_KEY"], [16, "AF_NETLINK"], [17, "AF_PACKET"], [18, "AF_ASH"], [19, "AF_ECONET"],
  [20, "AF_ATMSVC"], [21, "AF_RDS"], [22, "AF_SNA"], [23, "AF_IRDA"], [24, "AF_PPPOX"],
  [25, "AF_WANPIPE"], [26, "AF_LLC"], [27, "AF_IB"], [28, "AF_MPLS"], [29, "AF_CAN"],
  [30, "AF_TIPC"], [31, "AF_BLUETOOTH"], [32, "AF_IUCV"], [33, "AF_RXRPC"], [34, "AF_ISDN"],
  [35, "AF_PHONET"], [36, "AF_IEEE802154"], [37, "AF_CAIF"], [38, "AF_ALG"], [39, "AF_NFC"],
  [40, "AF_VSOCK"], [41, "AF_KCM"], [42, "AF_QIPCRTR"], [43, "AF_SMC"], [44, "AF_XDP"],
  [45, "AF_MCTP"],
];

export const SOCKTYPES: Xlat = [
  [1, "SOCK_STREAM"], [2, "SOCK_DGRAM"], [3, "SOCK_RAW"], [4, "SOCK_RDM"],
  [5, "SOCK_SEQPACKET"], [6, "SOCK_DCCP"], [10, "SOCK_PACKET"],
];
export const SOCK_TYPE_FLAGS: Xlat = [[0o2000000, "SOCK_CLOEXEC"], [0o4000, "SOCK_NONBLOCK"]];

export const INET_PROTOCOLS: Xlat = [
  [0, "IPPROTO_IP"], [1, "IPPROTO_ICMP"], [2, "IPPROTO_IGMP"], [4, "IPPROTO_IPIP"],
  [6, "IPPROTO_TCP"], [17, "IPPROTO_UDP"], [41, "IPPROTO_IPV6"], [58, "IPPROTO_ICMPV6"],
  [132, "IPPROTO_SCTP"], [136, "IPPROTO_UDPLITE"], [255, "IPPROTO_RAW"], [262, "IPPROTO_MPTCP"],
];

export const MSG_FLAGS: Xlat = [
  [0x1, "MSG_OOB"], [0x2, "MSG_PEEK"], [0x4, "MSG_DONTROUTE"], [0x8, "MSG_CTRUNC"],
  [0x10, "MSG_PROBE"], [0x20, "MSG_TRUNC"], [0x40, "MSG_DONTWAIT"], [0x80, "MSG_EOR"],
  [0x100, "MSG_WAITALL"], [0x200, "MSG_FIN"], [0x400, "MSG_SYN"], [0x800, "MSG_CONFIRM"],
  [0x1000, "MSG_RST"], [0x2000, "MSG_ERRQUEUE"], [0x4000, "MSG_NOSIGNAL"], [0x8000, "MSG_MORE"],
  [0x10000, "MSG_WAITFORONE"], [0x20000, "MSG_SENDPAGE_NOTLAST"], [0x40000, "MSG_BATCH"],
  [0x80000, "MSG_NO_SHARED_FRAGS"], [0x4000000, "MSG_ZEROCOPY"], [0x20000000, "MSG_FASTOPEN"],
  [0x40000000, "MSG_CMSG_CLOEXEC"], [0x80000000, "MSG_CMSG_COMPAT"],
];

export const SOCKETLAYERS: Xlat = [
  [0, "SOL_IP"], [1, "SOL_SOCKET"], [6, "SOL_TCP"], [17, "SOL_UDP"], [41, "SOL_IPV6"],
  [58, "SOL_ICMPV6"], [255, "SOL_RAW"], [263, "SOL_PACKET"], [270, "SOL_NETLINK"],
];

/** SOL_SOCKET option names (asm-generic/socket.h; i386 uses the generic values) */
export const SOCK_OPTIONS: Xlat = [
  [1, "SO_DEBUG"], [2, "SO_REUSEADDR"], [3, "SO_TYPE"], [4, "SO_ERROR"], [5, "SO_DONTROUTE"],
  [6, "SO_BROADCAST"], [7, "SO_SNDBUF"], [8, "SO_RCVBUF"], [9, "SO_KEEPALIVE"],
  [10, "SO_OOBINLINE"], [11, "SO_NO_CHECK"], [12, "SO_PRIORITY"], [13, "SO_LINGER"],
  [14, "SO_BSDCOMPAT"], [15, "SO_REUSEPORT"], [16, "SO_PASSCRED"], [17, "SO_PEERCRED"],
  [18, "SO_RCVLOWAT"], [19, "SO_SNDLOWAT"], [20, "SO_RCVTIMEO_OLD"], [21, "SO_SNDTIMEO_OLD"],
  [22, "SO_SECURITY_AUTHENTICATION"], [23, "SO_SECURITY_ENCRYPTION_TRANSPORT"],
  [24, "SO_SECURITY_ENCRYPTION_NETWORK"], [25, "SO_BINDTODEVICE"], [26, "SO_ATTACH_FILTER"],
  [27, "SO_DETACH_FILTER"], [28, "SO_PEERNAME"], [29, "SO_TIMESTAMP_OLD"], [30, "SO_ACCEPTCONN"],
  [31, "SO_PEERSEC"], [32, "SO_SNDBUFFORCE"], [33, "SO_RCVBUFFORCE"], [34, "SO_PASSSEC"],
  [35, "SO_TIMESTAMPNS_OLD"], [36, "SO_MARK"], [37, "SO_TIMESTAMPING_OLD"], [38, "SO_PROTOCOL"],
  [39, "SO_DOMAIN"], [40, "SO_RXQ_OVFL"], [41, "SO_WIFI_STATUS"], [42, "SO_PEEK_OFF"],
  [43, "SO_NOFCS"], [44, "SO_LOCK_FILTER"], [45, "SO_SELECT_ERR_QUEUE"], [46, "SO_BUSY_POLL"],
  [47, "SO_MAX_PACING_RATE"], [48, "SO_BPF_EXTENSIONS"], [49, "SO_INCOMING_CPU"],
  [50, "SO_ATTACH_BPF"], [51, "SO_ATTACH_REUSEPORT_CBPF"], [52, "SO_ATTACH_REUSEPORT_EBPF"],
  [53, "SO_CNX_ADVICE"], [54, "SO_TIMESTAMPING_OPT_STATS"], [55, "SO_MEMINFO"],
  [56, "SO_INCOMING_NAPI_ID"], [57, "SO_COOKIE"], [58, "SO_TIMESTAMPING_PKTINFO"],
  [59, "SO_PEERGROUPS"], [60, "SO_ZEROCOPY"], [61, "SO_TXTIME"], [62, "SO_BINDTOIFINDEX"],
  [63, "SO_TIMESTAMP_NEW"], [64, "SO_TIMESTAMPNS_NEW"], [65, "SO_TIMESTAMPING_NEW"],
  [66, "SO_RCVTIMEO_NEW"], [67, "SO_SNDTIMEO_NEW"], [68, "SO_DETACH_REUSEPORT_BPF"],
  [69, "SO_PREFER_BUSY_POLL"], [70, "SO_BUSY_POLL_BUDGET"], [71, "SO_NETNS_COOKIE"],
  [72, "SO_BUF_LOCK"], [73, "SO_RESERVE_MEM"], [74, "SO_TXREHASH"], [75, "SO_RCVMARK"],
];

export const TCP_OPTIONS: Xlat = [
  [1, "TCP_NODELAY"], [2, "TCP_MAXSEG"], [3, "TCP_CORK"], [4, "TCP_KEEPIDLE"],
  [5, "TCP_KEEPINTVL"], [6, "TCP_KEEPCNT"], [7, "TCP_SYNCNT"], [8, "TCP_LINGER2"],
  [9, "TCP_DEFER_ACCEPT"], [10, "TCP_WINDOW_CLAMP"], [11, "TCP_INFO"], [12, "TCP_QUICKACK"],
  [13, "TCP_CONGESTION"], [18, "TCP_USER_TIMEOUT"],
];
/** SOL_UDP options: include/uapi/linux/udp.h (strace's xlat/udp_setsockopt_options) */
export const UDP_OPTIONS: Xlat = [
  [1, "UDP_CORK"], [100, "UDP_ENCAP"], [101, "UDP_NO_CHECK6_TX"], [102, "UDP_NO_CHECK6_RX"],
  [103, "UDP_SEGMENT"], [104, "UDP_GRO"],
];
export const IP_OPTIONS: Xlat = [
  [1, "IP_TOS"], [2, "IP_TTL"], [3, "IP_HDRINCL"], [4, "IP_OPTIONS"], [8, "IP_PKTINFO"],
  [10, "IP_MTU_DISCOVER"], [11, "IP_RECVERR"], [14, "IP_MTU"], [32, "IP_MULTICAST_IF"],
  [33, "IP_MULTICAST_TTL"], [34, "IP_MULTICAST_LOOP"], [35, "IP_ADD_MEMBERSHIP"],
  [36, "IP_DROP_MEMBERSHIP"],
];

/** IPPROTO_IPV6 (SOL_IPV6) options: include/uapi/linux/in6.h */
export const IPV6_OPTIONS: Xlat = [
  [1, "IPV6_ADDRFORM"], [2, "IPV6_2292PKTINFO"], [3, "IPV6_2292HOPOPTS"], [4, "IPV6_2292DSTOPTS"],
  [5, "IPV6_2292RTHDR"], [6, "IPV6_2292PKTOPTIONS"], [7, "IPV6_CHECKSUM"], [8, "IPV6_2292HOPLIMIT"],
  [9, "IPV6_NEXTHOP"], [10, "IPV6_AUTHHDR"], [11, "IPV6_FLOWINFO"], [16, "IPV6_UNICAST_HOPS"],
  [17, "IPV6_MULTICAST_IF"], [18, "IPV6_MULTICAST_HOPS"], [19, "IPV6_MULTICAST_LOOP"],
  [20, "IPV6_ADD_MEMBERSHIP"], [21, "IPV6_DROP_MEMBERSHIP"], [22, "IPV6_ROUTER_ALERT"],
  [23, "IPV6_MTU_DISCOVER"], [24, "IPV6_MTU"], [25, "IPV6_RECVERR"], [26, "IPV6_V6ONLY"],
  [27, "IPV6_JOIN_ANYCAST"], [28, "IPV6_LEAVE_ANYCAST"], [29, "IPV6_MULTICAST_ALL"],
  [30, "IPV6_ROUTER_ALERT_ISOLATE"], [31, "IPV6_RECVERR_RFC4884"], [32, "IPV6_FLOWLABEL_MGR"],
  [33, "IPV6_FLOWINFO_SEND"], [34, "IPV6_IPSEC_POLICY"], [35, "IPV6_XFRM_POLICY"], [36, "IPV6_HDRINCL"],
  [49, "IPV6_RECVPKTINFO"], [50, "IPV6_PKTINFO"], [51, "IPV6_RECVHOPLIMIT"], [52, "IPV6_HOPLIMIT"],
  [53, "IPV6_RECVHOPOPTS"], [54, "IPV6_HOPOPTS"], [55, "IPV6_RTHDRDSTOPTS"], [56, "IPV6_RECVRTHDR"],
  [57, "IPV6_RTHDR"], [58, "IPV6_RECVDSTOPTS"], [59, "IPV6_DSTOPTS"], [60, "IPV6_RECVPATHMTU"],
  [61, "IPV6_PATHMTU"], [62, "IPV6_DONTFRAG"], [66, "IPV6_RECVTCLASS"], [67, "IPV6_TCLASS"],
  [68, "IPV6_AUTOFLOWLABEL"], [69, "IPV6_ADDR_PREFERENCES"], [70, "IPV6_MINHOPCOUNT"],
  [71, "IPV6_ORIGDSTADDR"], [72, "IPV6_TRANSPARENT"], [73, "IPV6_UNICAST_IF"],
  [74, "IPV6_RECVFRAGSIZE"], [75, "IPV6_FREEBIND"],
];
/** SOL_RAW options (include/uapi/linux/icmp.h) */
export const RAW_OPTIONS: Xlat = [[1, "ICMP_FILTER"]];
/** The ICMP types strace names in an ICMP_FILTER (xlat/icmpfilterflags.in) */
export const ICMP_FILTER_TYPES: Xlat = [
  [0, "ICMP_ECHOREPLY"], [3, "ICMP_DEST_UNREACH"], [4, "ICMP_SOURCE_QUENCH"], [5, "ICMP_REDIRECT"],
  [8, "ICMP_ECHO"], [11, "ICMP_TIME_EXCEEDED"], [12, "ICMP_PARAMETERPROB"], [13, "ICMP_TIMESTAMP"],
  [14, "ICMP_TIMESTAMPREPLY"], [15, "ICMP_INFO_REQUEST"], [16, "ICMP_INFO_REPLY"], [17, "ICMP_ADDRESS"],
  [18, "ICMP_ADDRESSREPLY"],
];

export const SHUTDOWN_MODES: Xlat = [[0, "SHUT_RD"], [1, "SHUT_WR"], [2, "SHUT_RDWR"]];

/** socketcall(2) subcalls (generated from tables/socketcall.tbl) */
export { SOCKETCALLS } from "../generated/socketcall.js";

/** open(2) flags without the access mode (i386 asm-generic/fcntl.h) */
export const OPEN_FLAGS: Xlat = [
  [0o100, "O_CREAT"], [0o200, "O_EXCL"], [0o400, "O_NOCTTY"], [0o1000, "O_TRUNC"],
  [0o2000, "O_APPEND"], [0o4000, "O_NONBLOCK"], [0o4010000, "O_SYNC"], [0o10000, "O_DSYNC"],
  [0o20000, "O_ASYNC"], [0o40000, "O_DIRECT"], [0o100000, "O_LARGEFILE"],
  [0o400000, "O_NOFOLLOW"], [0o1000000, "O_NOATIME"],
  [0o2000000, "O_CLOEXEC"], [0o10000000, "O_PATH"], [0o20200000, "O_TMPFILE"], [0o200000, "O_DIRECTORY"],
];
export const OPEN_ACCMODES: Xlat = [[0, "O_RDONLY"], [1, "O_WRONLY"], [2, "O_RDWR"], [3, "O_ACCMODE"]];

export const FCNTL_CMDS: Xlat = [
  [0, "F_DUPFD"], [1, "F_GETFD"], [2, "F_SETFD"], [3, "F_GETFL"], [4, "F_SETFL"],
  [5, "F_GETLK"], [6, "F_SETLK"], [7, "F_SETLKW"], [8, "F_SETOWN"], [9, "F_GETOWN"],
  [10, "F_SETSIG"], [11, "F_GETSIG"], [12, "F_GETLK64"], [13, "F_SETLK64"], [14, "F_SETLKW64"],
  [15, "F_SETOWN_EX"], [16, "F_GETOWN_EX"], [1024, "F_SETLEASE"], [1025, "F_GETLEASE"],
  [1026, "F_NOTIFY"], [1030, "F_DUPFD_CLOEXEC"], [1031, "F_SETPIPE_SZ"], [1032, "F_GETPIPE_SZ"],
];
export const FD_FLAGS: Xlat = [[1, "FD_CLOEXEC"]];

export const IOCTLS: Xlat = [
  [0x5401, "TCGETS"], [0x5402, "TCSETS"], [0x540f, "TIOCGPGRP"], [0x5411, "TIOCOUTQ"],
  [0x5413, "TIOCGWINSZ"], [0x541b, "FIONREAD"], [0x5421, "FIONBIO"], [0x5450, "FIONCLEX"],
  [0x5451, "FIOCLEX"], [0x5452, "FIOASYNC"], [0x8901, "FIOSETOWN"], [0x8902, "SIOCSPGRP"],
  [0x8903, "FIOGETOWN"], [0x8904, "SIOCGPGRP"], [0x8905, "SIOCATMARK"],
  [0x8910, "SIOCGIFNAME"], [0x8912, "SIOCGIFCONF"], [0x8913, "SIOCGIFFLAGS"], [0x8915, "SIOCGIFADDR"],
  [0x8917, "SIOCGIFDSTADDR"], [0x8919, "SIOCGIFBRDADDR"], [0x891b, "SIOCGIFNETMASK"],
  [0x891d, "SIOCGIFMETRIC"], [0x8921, "SIOCGIFMTU"], [0x8927, "SIOCGIFHWADDR"],
  [0x8933, "SIOCGIFINDEX"], [0x8942, "SIOCGIFTXQLEN"],
];

/** include/uapi/linux/if.h: net_device_flags */
export const IFF_FLAGS: Xlat = [
  [0x1, "IFF_UP"], [0x2, "IFF_BROADCAST"], [0x4, "IFF_DEBUG"], [0x8, "IFF_LOOPBACK"],
  [0x10, "IFF_POINTOPOINT"], [0x20, "IFF_NOTRAILERS"], [0x40, "IFF_RUNNING"], [0x80, "IFF_NOARP"],
  [0x100, "IFF_PROMISC"], [0x200, "IFF_ALLMULTI"], [0x400, "IFF_MASTER"], [0x800, "IFF_SLAVE"],
  [0x1000, "IFF_MULTICAST"], [0x2000, "IFF_PORTSEL"], [0x4000, "IFF_AUTOMEDIA"], [0x8000, "IFF_DYNAMIC"],
];

/** include/uapi/linux/if_arp.h: the hardware types SIOCGIFHWADDR reports */
export const ARPHRD: Xlat = [[0, "ARPHRD_NETROM"], [1, "ARPHRD_ETHER"], [772, "ARPHRD_LOOPBACK"], [0xfffe, "ARPHRD_NONE"]];

export const POLL_EVENTS: Xlat = [
  [0x1, "POLLIN"], [0x2, "POLLPRI"], [0x4, "POLLOUT"], [0x8, "POLLERR"], [0x10, "POLLHUP"],
  [0x20, "POLLNVAL"], [0x40, "POLLRDNORM"], [0x80, "POLLRDBAND"], [0x100, "POLLWRNORM"],
  [0x200, "POLLWRBAND"], [0x400, "POLLMSG"], [0x1000, "POLLREMOVE"], [0x2000, "POLLRDHUP"],
];
export const EPOLL_EVENTS: Xlat = [
  [0x1, "EPOLLIN"], [0x2, "EPOLLPRI"], [0x4, "EPOLLOUT"], [0x8, "EPOLLERR"], [0x10, "EPOLLHUP"],
  [0x20, "EPOLLNVAL"], [0x40, "EPOLLRDNORM"], [0x80, "EPOLLRDBAND"], [0x100, "EPOLLWRNORM"],
  [0x200, "EPOLLWRBAND"], [0x400, "EPOLLMSG"], [0x2000, "EPOLLRDHUP"],
  [1 << 28, "EPOLLEXCLUSIVE"], [1 << 29, "EPOLLWAKEUP"], [1 << 30, "EPOLLONESHOT"],
  [0x80000000, "EPOLLET"],
];
export const EPOLL_CTL_OPS: Xlat = [[1, "EPOLL_CTL_ADD"], [2, "EPOLL_CTL_DEL"], [3, "EPOLL_CTL_MOD"]];
export const EPOLL_CREATE_FLAGS: Xlat = [[0o2000000, "EPOLL_CLOEXEC"]];

export const CLOCKS: Xlat = [
  [0, "CLOCK_REALTIME"], [1, "CLOCK_MONOTONIC"], [2, "CLOCK_PROCESS_CPUTIME_ID"],
  [3, "CLOCK_THREAD_CPUTIME_ID"], [4, "CLOCK_MONOTONIC_RAW"], [5, "CLOCK_REALTIME_COARSE"],
  [6, "CLOCK_MONOTONIC_COARSE"], [7, "CLOCK_BOOTTIME"], [8, "CLOCK_REALTIME_ALARM"],
  [9, "CLOCK_BOOTTIME_ALARM"], [11, "CLOCK_TAI"],
];
export const TIMER_FLAGS: Xlat = [[1, "TIMER_ABSTIME"]];

export const SA_FLAGS: Xlat = [
  [0x00000001, "SA_NOCLDSTOP"], [0x00000002, "SA_NOCLDWAIT"], [0x00000004, "SA_SIGINFO"],
  [0x04000000, "SA_RESTORER"], [0x08000000, "SA_ONSTACK"], [0x10000000, "SA_RESTART"],
  [0x40000000, "SA_NODEFER"], [0x80000000, "SA_RESETHAND"],
];
export const WAIT_OPTIONS: Xlat = [
  [1, "WNOHANG"], [2, "WSTOPPED"], [4, "WEXITED"], [8, "WCONTINUED"], [0x1000000, "WNOWAIT"],
  [0x20000000, "__WNOTHREAD"], [0x40000000, "__WALL"], [0x80000000, "__WCLONE"],
];
export const IDTYPES: Xlat = [[0, "P_ALL"], [1, "P_PID"], [2, "P_PGID"], [3, "P_PIDFD"]];
export const CLONE_FLAGS: Xlat = [
  [0x100, "CLONE_VM"], [0x200, "CLONE_FS"], [0x400, "CLONE_FILES"], [0x800, "CLONE_SIGHAND"],
  [0x1000, "CLONE_PIDFD"], [0x2000, "CLONE_PTRACE"], [0x4000, "CLONE_VFORK"], [0x8000, "CLONE_PARENT"],
  [0x10000, "CLONE_THREAD"], [0x20000, "CLONE_NEWNS"], [0x40000, "CLONE_SYSVSEM"], [0x80000, "CLONE_SETTLS"],
  [0x100000, "CLONE_PARENT_SETTID"], [0x200000, "CLONE_CHILD_CLEARTID"], [0x400000, "CLONE_DETACHED"],
  [0x800000, "CLONE_UNTRACED"], [0x1000000, "CLONE_CHILD_SETTID"],
];
export const SI_CODES: Xlat = [[0, "SI_USER"], [0x80, "SI_KERNEL"], [-6, "SI_TKILL"]];
export const CLD_CODES: Xlat = [[1, "CLD_EXITED"], [2, "CLD_KILLED"], [3, "CLD_DUMPED"]];
export const ITIMERS: Xlat = [[0, "ITIMER_REAL"], [1, "ITIMER_VIRTUAL"], [2, "ITIMER_PROF"]];
export const SIGPROCMASK_HOW: Xlat = [[0, "SIG_BLOCK"], [1, "SIG_UNBLOCK"], [2, "SIG_SETMASK"]];
export const GRND_FLAGS: Xlat = [[1, "GRND_NONBLOCK"], [2, "GRND_RANDOM"], [4, "GRND_INSECURE"]];

/** The name of v in table, or undefined. */
export function xlookup(table: Xlat, v: number): string | undefined {
  for (const [k, name] of table) if (k === v) return name;
  return undefined;
}

/** include/uapi/asm-generic/mman-common.h */
export const PROT_FLAGS: Xlat = [
  [0, "PROT_NONE"], [0x1, "PROT_READ"], [0x2, "PROT_WRITE"], [0x4, "PROT_EXEC"], [0x8, "PROT_SEM"],
  [0x01000000, "PROT_GROWSDOWN"], [0x02000000, "PROT_GROWSUP"],
];

/** include/uapi/linux/mman.h, asm-generic/mman.h (i386) */
export const MAP_FLAGS: Xlat = [
  [0x01, "MAP_SHARED"], [0x02, "MAP_PRIVATE"], [0x10, "MAP_FIXED"], [0x20, "MAP_ANONYMOUS"],
  [0x40, "MAP_32BIT"], [0x0100, "MAP_GROWSDOWN"], [0x0800, "MAP_DENYWRITE"], [0x1000, "MAP_EXECUTABLE"],
  [0x2000, "MAP_LOCKED"], [0x4000, "MAP_NORESERVE"], [0x8000, "MAP_POPULATE"], [0x10000, "MAP_NONBLOCK"],
  [0x20000, "MAP_STACK"], [0x40000, "MAP_HUGETLB"], [0x80000, "MAP_SYNC"], [0x100000, "MAP_FIXED_NOREPLACE"],
];

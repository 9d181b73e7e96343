// User-visible socket ABI for i386 Linux: include/uapi/linux/net.h, include/linux/socket.h,
// include/uapi/asm-generic/socket.h, include/linux/net.h. Values only; struct layouts are
// byte offsets (ARCHITECTURE.md convention 6).

// socketcall(2) subcalls (SYS_SOCKET ...): include/uapi/linux/net.h, generated from
// tables/socketcall.tbl
export * from "./socketcall";

// Address families: include/linux/socket.h
export const AF_UNSPEC = 0;
export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_NETLINK = 16;
export const AF_PACKET = 17;
export const NPROTO = 46; // AF_MAX

// Socket types: include/linux/net.h
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOCK_RDM = 4;
export const SOCK_SEQPACKET = 5;
export const SOCK_DCCP = 6;
export const SOCK_PACKET = 10;
export const SOCK_MAX = 11;
export const SOCK_TYPE_MASK = 0xf;
export const SOCK_CLOEXEC = 0o2000000; // O_CLOEXEC
export const SOCK_NONBLOCK = 0o4000; // O_NONBLOCK

// struct socket.state: include/uapi/linux/net.h socket_state
export const SS_FREE = 0;
export const SS_UNCONNECTED = 1;
export const SS_CONNECTING = 2;
export const SS_CONNECTED = 3;
export const SS_DISCONNECTING = 4;

// Message flags: include/linux/socket.h
export const MSG_OOB = 1;
export const MSG_PEEK = 2;
export const MSG_DONTROUTE = 4;
export const MSG_CTRUNC = 8;
export const MSG_PROBE = 0x10;
export const MSG_TRUNC = 0x20;
export const MSG_DONTWAIT = 0x40;
export const MSG_EOR = 0x80;
export const MSG_WAITALL = 0x100;
export const MSG_FIN = 0x200;
export const MSG_SYN = 0x400;
export const MSG_CONFIRM = 0x800;
export const MSG_RST = 0x1000;
export const MSG_ERRQUEUE = 0x2000;
export const MSG_NOSIGNAL = 0x4000;
export const MSG_MORE = 0x8000;
export const MSG_WAITFORONE = 0x10000;
export const MSG_BATCH = 0x40000;
export const MSG_ZEROCOPY = 0x4000000;
export const MSG_FASTOPEN = 0x20000000;
export const MSG_CMSG_CLOEXEC = 0x40000000;
export const MSG_CMSG_COMPAT = 0x80000000;
/** Flags user space may not pass in (net/socket.c MSG_INTERNAL_SENDMSG_FLAGS). */
export const MSG_INTERNAL_SENDMSG_FLAGS = 0x100000 | 0x400000 | 0x20000000 | 0x80000000;

// shutdown(2)
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;
// sk->sk_shutdown bits: include/net/sock.h
export const RCV_SHUTDOWN = 1;
export const SEND_SHUTDOWN = 2;
export const SHUTDOWN_MASK = 3;

// Levels
export const SOL_SOCKET = 1;
export const SOL_IP = 0;
export const SOL_TCP = 6;
export const SOL_UDP = 17;
export const SOL_RAW = 255;

// SOL_SOCKET options: include/uapi/asm-generic/socket.h (i386 uses the generic values)
export const SO_DEBUG = 1;
export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_DONTROUTE = 5;
export const SO_BROADCAST = 6;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_KEEPALIVE = 9;
export const SO_OOBINLINE = 10;
export const SO_NO_CHECK = 11;
export const SO_PRIORITY = 12;
export const SO_LINGER = 13;
export const SO_BSDCOMPAT = 14;
export const SO_REUSEPORT = 15;
export const SO_PASSCRED = 16;
export const SO_PEERCRED = 17;
export const SO_RCVLOWAT = 18;
export const SO_SNDLOWAT = 19;
export const SO_RCVTIMEO_OLD = 20;
export const SO_SNDTIMEO_OLD = 21;
export const SO_BINDTODEVICE = 25;
export const SO_BINDTOIFINDEX = 62;
export const SO_TIMESTAMP_OLD = 29;
export const SO_ACCEPTCONN = 30;
export const SO_PEERSEC = 31;
export const SO_SNDBUFFORCE = 32;
export const SO_RCVBUFFORCE = 33;
export const SO_PASSSEC = 34;
export const SO_MARK = 36;
export const SO_PROTOCOL = 38;
export const SO_DOMAIN = 39;
export const SO_RXQ_OVFL = 40;
export const SO_PEEK_OFF = 42;
export const SO_NOFCS = 43;
export const SO_BUSY_POLL = 46;
export const SO_INCOMING_CPU = 49;
export const SO_COOKIE = 57;
export const SO_PEERGROUPS = 59;
export const SO_RCVTIMEO_NEW = 66;
export const SO_SNDTIMEO_NEW = 67;

// SCM (ancillary data) types
export const SCM_RIGHTS = 1;
export const SCM_CREDENTIALS = 2;

// i386 struct sockaddr: { u16 sa_family; char sa_data[14]; }
export const SOCKADDR_FAMILY = 0;
/** sizeof(struct sockaddr_storage) */
export const SOCKADDR_STORAGE_SIZE = 128;

// i386 struct msghdr (28 bytes): name, namelen, iov, iovlen, control, controllen, flags
export const MSGHDR_NAME: u32 = 0;
export const MSGHDR_NAMELEN: u32 = 4;
export const MSGHDR_IOV: u32 = 8;
export const MSGHDR_IOVLEN: u32 = 12;
export const MSGHDR_CONTROL: u32 = 16;
export const MSGHDR_CONTROLLEN: u32 = 20;
export const MSGHDR_FLAGS: u32 = 24;
export const MSGHDR_SIZE: u32 = 28;
// i386 struct mmsghdr: { struct msghdr msg_hdr; unsigned int msg_len; }
export const MMSGHDR_LEN: u32 = 28;
export const MMSGHDR_SIZE: u32 = 32;
// i386 struct iovec: { void *iov_base; size_t iov_len; }
export const IOVEC_BASE: u32 = 0;
export const IOVEC_LEN: u32 = 4;
export const IOVEC_SIZE: u32 = 8;
export const UIO_FASTIOV = 8;
export const UIO_MAXIOV = 1024;
// i386 struct cmsghdr: { u32 cmsg_len; i32 cmsg_level; i32 cmsg_type; } then data, 4-aligned
export const CMSG_LEN_OFF: u32 = 0;
export const CMSG_LEVEL_OFF: u32 = 4;
export const CMSG_TYPE_OFF: u32 = 8;
export const CMSG_HDR_SIZE: u32 = 12;
// i386 struct linger { int l_onoff; int l_linger; }
export const LINGER_SIZE: u32 = 8;
// i386 struct ucred { pid_t pid; uid_t uid; gid_t gid; }
export const UCRED_SIZE: u32 = 12;
// i386 old struct timeval { long tv_sec; long tv_usec; } (SO_RCVTIMEO_OLD)
export const OLD_TIMEVAL_SIZE: u32 = 8;
// struct __kernel_sock_timeval { s64 tv_sec; s64 tv_usec; } (SO_RCVTIMEO_NEW)
export const SOCK_TIMEVAL_SIZE: u32 = 16;

/** Largest int: the "no timeout" value of sk_rcvtimeo (MAX_SCHEDULE_TIMEOUT). */
export const MAX_SCHEDULE_TIMEOUT: i64 = i64.MAX_VALUE;

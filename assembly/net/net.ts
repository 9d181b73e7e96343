// The socket layer's structs: struct socket, struct proto_ops, struct net_proto_family
// (include/linux/net.h), struct sock (include/net/sock.h) and struct sk_buff
// (include/linux/skbuff.h). Linux splits them over three headers that forward-declare each
// other (`struct sock;`); AssemblyScript has no forward declarations, so structs that point
// at each other share this one header. The code is in net/socket.ts, net/core/sock.ts and
// net/core/skbuff.ts, which import these types (and re-export them under their old homes).
import { File, FileOperations } from "../kernel/fs";
import { PollTable } from "../kernel/poll";
import { WaitQueueHead } from "../include/linux/wait";
import { Msghdr } from "./core/msghdr";
import { EOPNOTSUPP, ENOIOCTLCMD, ENODEV } from "../uapi/errno";

/**
 * struct socket: the BSD socket a file refers to.
 *   state   SS_UNCONNECTED / SS_CONNECTING / SS_CONNECTED
 *   type    SOCK_STREAM, SOCK_DGRAM, ...
 *   flags   SOCK_PASSCRED etc. (socket-level flag bits, see SOCKF_*)
 *   file    the file that owns this socket (back pointer)
 *   sk      the protocol's struct sock
 *   ops     the family's proto_ops
 */
@unmanaged export class Socket {
  state: i32;
  type: i32;
  flags: u32;
  file: File | null;
  sk: Sock;
  ops: ProtoOps;
}

// struct socket.flags bits (include/linux/net.h)
export const SOCKF_NOSPACE: u32 = 1 << 2;
export const SOCKF_PASSCRED: u32 = 1 << 3;
export const SOCKF_PASSSEC: u32 = 1 << 4;

/**
 * struct proto_ops: what a family does for each socket call. Every slot is filled by
 * construction: `new ProtoOps(family)` starts each slot as its sock_no_* below (Linux's
 * answer for an unsupported operation) and a family overrides the ones it implements, so
 * call sites never null-check.
 */
@unmanaged export class ProtoOps {
  family: i32;
  release: (sock: Socket) => i32;
  bind: (sock: Socket, addr: usize, addrlen: i32) => i32;
  connect: (sock: Socket, addr: usize, addrlen: i32, flags: i32) => i32;
  socketpair: (a: Socket, b: Socket) => i32;
  accept: (sock: Socket, newsock: Socket, flags: i32) => i32;
  getname: (sock: Socket, addr: usize, peer: i32) => i32;
  poll: (file: File, sock: Socket, pt: PollTable | null) => u32;
  ioctl: (sock: Socket, cmd: u32, arg: u32) => i32;
  listen: (sock: Socket, backlog: i32) => i32;
  shutdown: (sock: Socket, how: i32) => i32;
  setsockopt: (sock: Socket, level: i32, optname: i32, optval: u32, optlen: i32) => i32;
  getsockopt: (sock: Socket, level: i32, optname: i32, optval: u32, optlen: u32) => i32;
  sendmsg: (sock: Socket, msg: Msghdr, len: u32) => i32;
  recvmsg: (sock: Socket, msg: Msghdr, size: u32, flags: i32) => i32;
  /** mmap(2) of the socket: 0 to allow the mapping with this protection, or -errno */
  mmap: (sock: Socket, prot: u32) => i32;

  constructor(family: i32) {
    this.family = family;
    this.release = sock_no_release;
    this.bind = sock_no_bind;
    this.connect = sock_no_connect;
    this.socketpair = sock_no_socketpair;
    this.accept = sock_no_accept;
    this.getname = sock_no_getname;
    this.poll = sock_no_poll;
    this.ioctl = sock_no_ioctl;
    this.listen = sock_no_listen;
    this.shutdown = sock_no_shutdown;
    this.setsockopt = sock_no_setsockopt;
    this.getsockopt = sock_no_getsockopt;
    this.sendmsg = sock_no_sendmsg;
    this.recvmsg = sock_no_recvmsg;
    this.mmap = sock_no_mmap;
  }
}

// ---- sock_no_*: operations a family does not support (net/core/sock.c) ----

/** Unlike Linux, where ->release is mandatory, a family without state to free may leave it. */
export function sock_no_release(sock: Socket): i32 { return 0; }
export function sock_no_bind(sock: Socket, addr: usize, len: i32): i32 { return -EOPNOTSUPP; }
export function sock_no_connect(sock: Socket, addr: usize, len: i32, flags: i32): i32 { return -EOPNOTSUPP; }
export function sock_no_socketpair(a: Socket, b: Socket): i32 { return -EOPNOTSUPP; }
export function sock_no_accept(sock: Socket, newsock: Socket, flags: i32): i32 { return -EOPNOTSUPP; }
export function sock_no_getname(sock: Socket, addr: usize, peer: i32): i32 { return -EOPNOTSUPP; }
/** sock_poll() of a family without ->poll: no events (Linux returns 0 for a null slot). */
export function sock_no_poll(file: File, sock: Socket, pt: PollTable | null): u32 { return 0; }
export function sock_no_ioctl(sock: Socket, cmd: u32, arg: u32): i32 { return -ENOIOCTLCMD; }
export function sock_no_listen(sock: Socket, backlog: i32): i32 { return -EOPNOTSUPP; }
export function sock_no_shutdown(sock: Socket, how: i32): i32 { return -EOPNOTSUPP; }
/** No protocol-level options: Linux's __sys_setsockopt answers -EOPNOTSUPP for a null slot. */
export function sock_no_setsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: i32): i32 { return -EOPNOTSUPP; }
export function sock_no_getsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: u32): i32 { return -EOPNOTSUPP; }
export function sock_no_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 { return -EOPNOTSUPP; }
export function sock_no_recvmsg(sock: Socket, msg: Msghdr, size: u32, flags: i32): i32 { return -EOPNOTSUPP; }
export function sock_no_mmap(sock: Socket, prot: u32): i32 { return -ENODEV; }

/**
 * socket_file_ops: the file operations of every socket file. The object lives here so that
 * any layer can recognise a socket file (sock_from_file); net/socket.ts, which implements
 * them, fills its slots at start-up.
 */
export const socket_file_ops = new FileOperations();

/** sock_from_file(): the socket behind a file, or null when the file is not a socket. */
export function sock_from_file(file: File): Socket | null {
  return file.f_op == socket_file_ops ? changetype<Socket>(file.private_data) : null;
}

/** struct net_proto_family: how sock_create reaches a family's create(). */
@unmanaged export class NetProtoFamily {
  family: i32;
  create!: (sock: Socket, protocol: i32, kern: i32) => i32;
}

/**
 * struct sock. Families extend it (UnixSock, InetSock) the way Linux embeds it as the
 * first member of unix_sock / inet_sock.
 */
@unmanaged export class Sock {
  sk_family: i32;
  sk_type: i32;
  sk_protocol: i32;
  sk_state: i32;
  sk_shutdown: i32;
  sk_err: i32;
  sk_err_soft: i32;
  sk_flags: u32;
  sk_reuse: i32;
  sk_reuseport: i32;
  sk_ipv6only: i32;
  sk_userlocks: i32;
  sk_rcvbuf: i32;
  sk_sndbuf: i32;
  sk_wmem_alloc: i32;
  sk_rcvlowat: i32;
  sk_priority: u32;
  sk_mark: u32;
  sk_bound_dev_if: i32;
  sk_max_ack_backlog: i32;
  sk_ack_backlog: i32;
  sk_peek_off: i32;
  sk_peer_pid: i32;
  sk_peer_uid: u32;
  sk_peer_gid: u32;
  sk_refcnt: i32;
  sk_size: u32;
  sk_rcvtimeo: i64;
  sk_sndtimeo: i64;
  sk_lingertime: i64;
  sk_receive_queue: SkBuffHead;
  sk_socket: Socket | null;
  sk_wq: WaitQueueHead;
  sk_destruct: (sk: Sock) => void;
  sk_write_space: (sk: Sock) => void;
}

/**
 * struct sk_buff:
 *   next, prev   queue links
 *   sk           owner whose sk_wmem_alloc is charged with truesize (0 when unowned)
 *   data, len    the payload (data points into a kmalloc'ed buffer of `size` bytes)
 *   truesize     memory charged for this skb
 *   consumed     UNIXCB(skb).consumed: stream bytes already read
 *   pid,uid,gid  UNIXCB(skb) credentials of the sender
 *   fp           UNIXCB(skb).fp: in-flight files (SCM_RIGHTS), a ScmFpList
 *   addr         sender's struct unix_address for datagrams (refcounted)
 *   newsk        for a connection request: the embryonic socket (skb->sk in Linux)
 */
@unmanaged export class SkBuff {
  next: SkBuff | null;
  prev: SkBuff | null;
  sk: Sock | null;
  data: usize;
  len: u32;
  size: u32;
  truesize: u32;
  consumed: u32;
  pid: i32;
  uid: u32;
  gid: u32;
  fp: usize;
  newsk: Sock | null;
  destructor: (skb: SkBuff) => void;
  /** skb->dev: the device a received packet came in on (a NetDevice; 0 for lo) */
  dev: usize;
  /**
   * skb->ip_summed (CHECKSUM_NONE, CHECKSUM_UNNECESSARY, CHECKSUM_PARTIAL: skbuff.ts) and,
   * for CHECKSUM_PARTIAL, where the checksum still to be computed starts (csum_start, from
   * data: the transport header) and where it goes (csum_offset, from csum_start)
   */
  ip_summed: u8;
  csum_start: u16;
  csum_offset: u16;
}

/** struct sk_buff_head: a FIFO of skbs. */
@unmanaged export class SkBuffHead {
  first: SkBuff | null;
  last: SkBuff | null;
  qlen: u32;
}

// struct socket, struct proto_ops, struct net_proto_family (include/linux/net.h).
import { File } from "../kernel/fs";
import { PollTable } from "../kernel/poll";
import { Sock } from "./core/sock";
import { Msghdr } from "./core/msghdr";

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
 * struct proto_ops: what a family does for each socket call. Every slot is filled: an
 * operation a family does not support is a sock_no_* function from net/core/sock.ts.
 */
@unmanaged export class ProtoOps {
  family: i32;
  release!: (sock: Socket) => i32;
  bind!: (sock: Socket, addr: usize, addrlen: i32) => i32;
  connect!: (sock: Socket, addr: usize, addrlen: i32, flags: i32) => i32;
  socketpair!: (a: Socket, b: Socket) => i32;
  accept!: (sock: Socket, newsock: Socket, flags: i32) => i32;
  getname!: (sock: Socket, addr: usize, peer: i32) => i32;
  poll!: (file: File, sock: Socket, pt: PollTable | null) => u32;
  ioctl!: (sock: Socket, cmd: u32, arg: u32) => i32;
  listen!: (sock: Socket, backlog: i32) => i32;
  shutdown!: (sock: Socket, how: i32) => i32;
  setsockopt!: (sock: Socket, level: i32, optname: i32, optval: u32, optlen: i32) => i32;
  getsockopt!: (sock: Socket, level: i32, optname: i32, optval: u32, optlen: u32) => i32;
  sendmsg!: (sock: Socket, msg: Msghdr, len: u32) => i32;
  recvmsg!: (sock: Socket, msg: Msghdr, size: u32, flags: i32) => i32;
}

/** struct net_proto_family: how sock_create reaches a family's create(). */
@unmanaged export class NetProtoFamily {
  family: i32;
  create!: (sock: Socket, protocol: i32, kern: i32) => i32;
}

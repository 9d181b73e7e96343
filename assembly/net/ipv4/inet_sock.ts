// struct inet_sock and struct proto (include/net/inet_sock.h, include/net/sock.h).
import { Sock } from "../core/sock";
import { Socket } from "../net";
import { Msghdr } from "../core/msghdr";

/** sk_userlocks bits beyond SOCK_SNDBUF_LOCK / SOCK_RCVBUF_LOCK (include/net/sock.h) */
export const SOCK_BINDADDR_LOCK = 4;
export const SOCK_BINDPORT_LOCK = 8;

/** net.ipv4.ip_default_ttl */
export const sysctl_ip_default_ttl = 64;

/**
 * struct proto: what af_inet's generic code asks of TCP or UDP.
 *   close       the socket is closed (tcp_close, udp_lib_close)
 *   connect     tcp_v4_connect, ip4_datagram_connect
 *   disconnect  tcp_disconnect, udp_disconnect
 *   get_port    inet_csk_get_port, udp_v4_get_port: 0, or nonzero when the port is taken
 *   shutdown    tcp_shutdown (UDP: nothing to send)
 */
@unmanaged export class Proto {
  protocol: i32;
  close!: (sk: Sock) => void;
  connect!: (sk: Sock, uaddr: usize, addr_len: i32) => i32;
  disconnect!: (sk: Sock, flags: i32) => i32;
  get_port!: (sk: Sock, snum: i32) => i32;
  shutdown!: (sk: Sock, how: i32) => void;
}

/**
 * struct inet_sock (struct sock first):
 *   sk_prot            TCP or UDP
 *   inet_saddr_be      source address of what we send
 *   inet_rcv_saddr_be  bound address (what we receive on); 0 = INADDR_ANY
 *   inet_daddr_be      peer address (connected), 0 otherwise
 *   inet_sport_be      local port (network order), inet_num the same in host order (0: unbound)
 *   inet_dport_be      peer port (network order)
 *   uc_ttl             IP_TTL, -1 = the default (64)
 *   tos, pmtudisc, recverr   IP_TOS, IP_MTU_DISCOVER, IP_RECVERR
 *   rmem_alloc         sk_rmem_alloc: bytes charged to the receive queue
 *   bind_next, bind_prev   links in the bucket of sockets holding its port (inet_hashtables.ts)
 *   hashed             1 while in that bucket
 *   tw_next, tw_prev   TIME_WAIT sockets, oldest first (inet_hashtables.ts)
 *   tw_deadline        TIME_WAIT: ktime (ns) when the port is released
 *   inet_id            IP identification counter
 */
@unmanaged export class InetSock extends Sock {
  sk_prot: Proto;
  inet_saddr_be: u32;
  inet_rcv_saddr_be: u32;
  inet_daddr_be: u32;
  inet_sport_be: u32;
  inet_dport_be: u32;
  inet_num: i32;
  uc_ttl: i32;
  tos: i32;
  pmtudisc: i32;
  recverr: i32;
  rmem_alloc: i32;
  bind_next: InetSock | null;
  bind_prev: InetSock | null;
  tw_next: InetSock | null;
  tw_prev: InetSock | null;
  hashed: i32;
  tw_deadline: i64;
  inet_id: u32;
}

// @ts-ignore: decorator
@inline export function inet_sk(sk: Sock): InetSock {
  return changetype<InetSock>(sk);
}

/** The TTL of what sk sends (ip_select_ttl). */
export function ip_select_ttl(inet: InetSock): u32 {
  return inet.uc_ttl < 0 ? sysctl_ip_default_ttl : <u32>inet.uc_ttl;
}

// Signatures of the ops a protocol provides directly (inet_sendmsg -> tcp_sendmsg, ...)
export type SendmsgFn = (sock: Socket, msg: Msghdr, len: u32) => i32;

// struct inet_sock and struct proto (include/net/inet_sock.h, include/net/sock.h).
import { Sock } from "../core/sock";
import { Socket } from "../net";
import { Msghdr } from "../core/msghdr";
import { SkBuff } from "../core/skbuff";
import { inet_addr_local } from "../core/dev";
import { AF_INET, AF_INET6 } from "../../uapi/net";
import { ipv6_addr_any, ipv6_addr_v4mapped } from "../../uapi/in6";
import { ipv4_is_loopback, ipv4_is_multicast } from "../../uapi/in";

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
 *   af_ops             icsk_af_ops: how this socket's family sends (ipv4_specific, ipv6_specific,
 *                      ipv6_mapped for an AF_INET6 socket whose peer is IPv4)
 * The IPv6 half (sock_common's skc_v6_* and struct ipv6_pinfo; unlike Linux, one struct
 * for both families, so the hash tables and lookups see every socket alike). Addresses
 * are two u64 each (see uapi/in6.ts):
 *   v6_rcv_saddr       sk_v6_rcv_saddr: bound address (:: = any); for an AF_INET6 socket
 *                      inet_rcv_saddr_be is then its v4 meaning (0 for ::, the v4 of a
 *                      v4-mapped address, LOOPBACK4_IPV6 for any other)
 *   v6_daddr           sk_v6_daddr: peer address
 *   v6_saddr           np->saddr: source of what we send
 *   (sk_ipv6only, IPV6_V6ONLY, is in struct sock, as in Linux's sock_common)
 *   hop_limit, mcast_hops, mcast_loop, mcast_oif, tclass   IPV6_* options (-1: default)
 *   flowinfo_be        np->flow_label
 *   rxpktinfo          np->rxopt.bits.rxinfo (IPV6_RECVPKTINFO)
 *   hdrincl            IP_HDRINCL / IPV6_HDRINCL (raw sockets: the user writes the IP header)
 *   pending            udp_sock.pending: AF_INET / AF_INET6 while a corked datagram waits, else 0
 *   corkflag           udp_sock's UDP_CORK bit
 *   udp_cork           the corked datagram (a UdpCork of net/ipv4/udp.ts: inet->cork and the
 *                      write queue's data), 0 when none
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
  af_ops: InetAfOps;
  v6_rcv_saddr0: u64;
  v6_rcv_saddr1: u64;
  v6_daddr0: u64;
  v6_daddr1: u64;
  v6_saddr0: u64;
  v6_saddr1: u64;
  hop_limit: i32;
  mcast_hops: i32;
  mcast_loop: i32;
  mcast_oif: i32;
  tclass: i32;
  flowinfo_be: u32;
  rxpktinfo: i32;
  hdrincl: i32;
  pending: i32;
  corkflag: i32;
  udp_cork: usize;
}

/**
 * struct flowi (flowi4 / flowi6): one packet's addresses and header fields, what a
 * protocol hands to its family's output (queue_xmit) and checksum (send_check).
 *   family                  AF_INET or AF_INET6
 *   saddr_be, daddr_be      IPv4 addresses
 *   saddr0/1, daddr0/1      IPv6 addresses
 *   proto                   IPPROTO_* of the payload
 *   ttl, tos                TTL / hop limit, TOS / traffic class
 *   df                      IPv4 don't-fragment
 *   flowlabel_be            IPv6 flow label
 */
@unmanaged export class Flowi {
  family: i32;
  saddr_be: u32;
  daddr_be: u32;
  proto: u32;
  saddr0: u64;
  saddr1: u64;
  daddr0: u64;
  daddr1: u64;
  ttl: u32;
  tos: u32;
  df: i32;
  flowlabel_be: u32;
}

/**
 * struct inet_connection_sock_af_ops (include/net/inet_connection_sock.h): what TCP (and,
 * unlike Linux, UDP too) asks of an address family, so the protocol engines hold no
 * IPv4-only call:
 *   family          AF_INET / AF_INET6: the family of the packets these ops send
 *   net_header_len  the network header the protocol leaves room for (20, 40)
 *   sockaddr_len    sizeof(struct sockaddr_in) / sizeof(struct sockaddr_in6)
 *   queue_xmit      ip_queue_xmit / inet6_csk_xmit -> ip6_xmit: write the header, send
 *   send_check      the complete checksum of a transport header + payload of len bytes at
 *                   th with the pseudo-header (what a receiver verifies: 0 when right)
 *   send_check_partial  __tcp_v4_send_check / __tcp_v6_send_check, udp4_hwcsum: the value
 *                   a CHECKSUM_PARTIAL packet carries in its check field, the folded sum of
 *                   the pseudo-header alone (~tcp_v4_check(len, saddr, daddr, 0))
 *   flow_init       the flow of a connected socket (addresses, TTL, TOS)
 *   advmss          dst_metric_advmss() of lo's route: the MSS to advertise (MTU 65536 less
 *                   the headers, at most IPV4_MAX_PMTU - 40 for IPv4)
 *   mapped          the ops for a v4-mapped peer of a socket of this family (ipv6_mapped for
 *                   ipv6_specific, as tcp_v6_syn_recv_sock picks for an IPv4 SYN; itself
 *                   for the others)
 */
@unmanaged export class InetAfOps {
  family: i32;
  net_header_len: u32;
  sockaddr_len: i32;
  queue_xmit!: (skb: SkBuff, fl: Flowi) => i32;
  send_check!: (fl: Flowi, th: usize, len: u32) => u16;
  send_check_partial!: (fl: Flowi, len: u32) => u16;
  flow_init!: (sk: InetSock, fl: Flowi) => void;
  advmss: u32;
  mapped!: InetAfOps;
}

/**
 * LOOPBACK4_IPV6 (127.0.0.6, include/net/ipv6.h): the v4 fields of an AF_INET6 socket whose
 * IPv6 addresses have no IPv4 meaning (bound to ::1, connected over IPv6).
 */
export const LOOPBACK4_IPV6: u32 = 0x0600007f;

/** The af_ops of each family's packets (AF_INET, AF_INET6), for replies without a socket. */
const inet_af_table = new StaticArray<usize>(2);
export function inet_register_af(ops: InetAfOps): void {
  unchecked(inet_af_table[ops.family == AF_INET6 ? 1 : 0] = changetype<usize>(ops));
}
// @ts-ignore: decorator
@inline export function inet_af(family: i32): InetAfOps {
  return changetype<InetAfOps>(unchecked(inet_af_table[family == AF_INET6 ? 1 : 0]));
}

/** ipv6_only_sock() */
// @ts-ignore: decorator
@inline export function ipv6_only_sock(sk: InetSock): bool {
  return sk.sk_family == AF_INET6 && sk.sk_ipv6only != 0;
}

/**
 * Whether sk can see IPv4 packets (its v4 fields mean something): an AF_INET socket, or
 * an AF_INET6 one that is not V6ONLY and whose bound and peer addresses are :: or
 * v4-mapped (the sockets Linux's IPv4 lookups find: compute_score's ipv6_only_sock test,
 * and INET_MATCH against the v4 fields).
 */
export function inet_sk_v4(sk: InetSock): bool {
  if (sk.sk_family == AF_INET) return true;
  if (sk.sk_ipv6only) return false;
  return (ipv6_addr_any(sk.v6_rcv_saddr0, sk.v6_rcv_saddr1) || ipv6_addr_v4mapped(sk.v6_rcv_saddr0, sk.v6_rcv_saddr1)) &&
    (ipv6_addr_any(sk.v6_daddr0, sk.v6_daddr1) || ipv6_addr_v4mapped(sk.v6_daddr0, sk.v6_daddr1));
}

/** Whether sk can see IPv6 packets: an AF_INET6 socket not bound or connected v4-mapped. */
export function inet_sk_v6(sk: InetSock): bool {
  return sk.sk_family == AF_INET6 && !ipv6_addr_v4mapped(sk.v6_rcv_saddr0, sk.v6_rcv_saddr1) &&
    !ipv6_addr_v4mapped(sk.v6_daddr0, sk.v6_daddr1);
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

/** inet_addr_valid_or_nonlocal(): this host's addresses (lo's, eth0's), INADDR_ANY, multicast and broadcast. */
export function inet_addr_valid(addr_be: u32): bool {
  return addr_be == 0 || inet_addr_local(addr_be) || ipv4_is_multicast(addr_be) || addr_be == 0xffffffff;
}

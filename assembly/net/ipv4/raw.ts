// Raw IPv4 sockets (net/ipv4/raw.c): socket(AF_INET, SOCK_RAW, protocol) as root. A raw
// socket sends its payload under an IPv4 header the kernel writes (protocol = the socket's),
// or, with IP_HDRINCL (always for IPPROTO_RAW), a whole packet whose header the kernel
// completes (raw_send_hdrinc). Every IPv4 packet of its protocol that lo delivers is copied
// to it before the protocol's own handler runs (raw_local_deliver), IPv4 header included;
// ICMP sockets can filter ICMP types (ICMP_FILTER). The socket list and the receive side
// are shared with raw IPv6 sockets (net/ipv6/raw.ts).
import { ktrace } from "../../kernel/trace";
import { copy_from_user } from "../../kernel/uaccess";
import { copy_from_iter } from "../../kernel/iov_iter";
import { Socket } from "../net";
import { Msghdr } from "../core/msghdr";
import { Sock, sock_put, sockopt_put_int, TCP_CLOSE, TCP_ESTABLISHED } from "../core/sock";
import { SkBuff, alloc_skb, kfree_skb, skb_queue_tail } from "../core/skbuff";
import { local_bh_disable, local_bh_enable, dev_queue_xmit, loopback_dev } from "../core/dev";
import { InetSock, Proto, inet_sk, inet_addr_valid, ip_select_ttl } from "./inet_sock";
import {
  IPH_LEN, IP_MAX_MTU, IPH_VERSION_IHL, IPH_TOT_LEN, IPH_ID, IPH_CHECK, IPH_SADDR, IPH_DADDR,
  ip_route_output, ip_route_output_dev, inet_select_addr, ip_alloc_skb, ip_queue_xmit,
} from "./ip_output";
import { ip_fast_csum } from "../../include/net/checksum";
import { __udp_recvmsg, __udp_disconnect, ip4_datagram_connect } from "./udp";
import { ip_setsockopt, ip_getsockopt } from "./ip_sockglue";
import { SIN_FAMILY, SIN_PORT, SIN_ADDR, SIN_ZERO, SOCKADDR_IN_SIZE, IPPROTO_ICMP, IP_PMTUDISC_WANT, ipv4_is_multicast } from "../../uapi/in";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";

/** ICMP_FILTER (include/uapi/linux/icmp.h): SOL_RAW option of IPPROTO_ICMP sockets. */
export const ICMP_FILTER = 1;

/**
 * struct raw_sock / struct raw6_sock (include/net/raw.h, rawv6.h), one class for both:
 *   raw_next, raw_prev   links in the raw socket list (raw_v4_hashinfo / raw_v6_hashinfo)
 *   raw_hashed           1 while in it
 *   icmp_filter          struct icmp_filter: bit t set drops ICMP type t (< 32)
 *   checksum, offset     IPv6: whether the kernel computes the checksum (IPV6_CHECKSUM), where
 *   icmp6_filter0..3     struct icmp6_filter: 256 bits, bit t set drops ICMPv6 type t
 */
@unmanaged export class RawSock extends InetSock {
  raw_next: RawSock | null;
  raw_prev: RawSock | null;
  raw_hashed: i32;
  icmp_filter: u32;
  checksum: i32;
  offset: i32;
  icmp6_filter0: u64;
  icmp6_filter1: u64;
  icmp6_filter2: u64;
  icmp6_filter3: u64;
}

// @ts-ignore: decorator
@inline export function raw_sk(sk: Sock): RawSock {
  return changetype<RawSock>(sk);
}

/** The raw sockets of both families, newest first (sk_add_node on the hash chain). */
let raw_head: RawSock | null = null;

/** raw_hash_sk() */
export function raw_hash_sk(sk: RawSock): void {
  if (sk.raw_hashed) return;
  sk.raw_prev = null;
  sk.raw_next = raw_head;
  if (raw_head) raw_head!.raw_prev = sk;
  raw_head = sk;
  sk.raw_hashed = 1;
}

/** raw_unhash_sk() */
export function raw_unhash_sk(sk: RawSock): void {
  if (!sk.raw_hashed) return;
  if (sk.raw_prev) sk.raw_prev!.raw_next = sk.raw_next;
  else raw_head = sk.raw_next;
  if (sk.raw_next) sk.raw_next!.raw_prev = sk.raw_prev;
  sk.raw_next = null;
  sk.raw_prev = null;
  sk.raw_hashed = 0;
}

/** The first raw socket in the list (the family's deliver walks it). */
export function raw_first(): RawSock | null {
  return raw_head;
}

/**
 * raw_rcv_skb() -> sock_queue_rcv_skb(): queue a copy of the packet (all of it, from the
 * network header; `hl` bytes of it are not given to the user: 0 for IPv4, the IPv6 header
 * for IPv6). A full receive buffer drops it.
 */
export function raw_queue_copy(sk: RawSock, skb: SkBuff, hl: u32): void {
  if (sk.rmem_alloc >= sk.sk_rcvbuf) return;
  const c = alloc_skb(skb.len);
  c.len = skb.len;
  memory.copy(c.data, skb.data, skb.len);
  c.consumed = hl;
  sk.rmem_alloc += <i32>c.truesize;
  skb_queue_tail(sk.sk_receive_queue, c);
  sk.sk_write_space(sk); // sk_data_ready(): wake readers
}

/**
 * raw_local_deliver() -> raw_v4_input(): a copy of the packet to every IPv4 raw socket of its
 * protocol whose bound address is its destination (or any) and whose peer is its source (or
 * none), unless the socket's ICMP filter drops its type (raw_v4_match, icmp_filter).
 */
export function raw_local_deliver(skb: SkBuff, protocol: i32): void {
  if (!raw_head) return;
  ktrace("raw_local_deliver");
  const iph = skb.data;
  const saddr = load<u32>(iph + IPH_SADDR), daddr = load<u32>(iph + IPH_DADDR);
  const hl = (<u32>load<u8>(iph + IPH_VERSION_IHL) & 0xf) << 2;
  for (let sk = raw_head; sk; sk = sk!.raw_next) {
    if (sk.sk_family != net.AF_INET || sk.inet_num != protocol) continue;
    if (sk.inet_daddr_be && sk.inet_daddr_be != saddr) continue;
    if (sk.inet_rcv_saddr_be && sk.inet_rcv_saddr_be != daddr) continue;
    if (protocol == IPPROTO_ICMP && icmp_filter(sk, skb, hl)) continue;
    raw_queue_copy(sk, skb, 0);
  }
}

/** icmp_filter(): whether sk's ICMP_FILTER drops this ICMP message (types below 32). */
function icmp_filter(sk: RawSock, skb: SkBuff, hl: u32): bool {
  if (skb.len < hl + 1) return true;
  const type = <u32>load<u8>(skb.data + hl);
  return type < 32 && ((sk.icmp_filter >> type) & 1) != 0;
}

// ---- create, close ----

/** raw_sk_init() for both families: hashed by protocol (inet_create's inet_num = protocol). */
export function raw_init_sock(sk: RawSock, protocol: i32): void {
  sk.inet_num = protocol;
  sk.inet_sport_be = <u32>bswap<u16>(<u16>protocol);
  if (protocol == 255) sk.hdrincl = 1; // IPPROTO_RAW
  raw_hash_sk(sk);
}

/** raw_close() -> sk_common_release(): out of the list, the queued packets go. */
export function raw_close(sk: Sock): void {
  const rs = raw_sk(sk);
  raw_unhash_sk(rs);
  sk.sk_socket = null;
  rs.rmem_alloc = 0;
  sock_put(sk);
}

function raw_unhash(inet: InetSock): void {
  raw_unhash_sk(changetype<RawSock>(inet));
}

/**
 * raw_disconnect() is __udp_disconnect(): connect(AF_UNSPEC) forgets the peer and, since
 * raw_bind never sets SOCK_BINDPORT_LOCK, takes the socket out of the list: it hears
 * nothing more (as on Linux).
 */
export function raw_disconnect(sk: Sock, flags: i32): i32 {
  return __udp_disconnect(sk, raw_unhash);
}

function raw_get_port(sk: Sock, snum: i32): i32 {
  return 0;
}

function raw_shutdown(sk: Sock, how: i32): void {}

// ---- bind ----

/** raw_bind(): no family check; the address must be this host's, multicast or broadcast. */
export function raw_bind(sock: Socket, uaddr: usize, addr_len: i32): i32 {
  ktrace("raw_bind");
  const inet = inet_sk(sock.sk);
  if (inet.sk_state != TCP_CLOSE || addr_len < SOCKADDR_IN_SIZE) return -E.EINVAL;
  const addr = load<u32>(uaddr + SIN_ADDR);
  if (!inet_addr_valid(addr)) return -E.EADDRNOTAVAIL;
  inet.inet_rcv_saddr_be = addr;
  inet.inet_saddr_be = (ipv4_is_multicast(addr) || addr == 0xffffffff) ? 0 : addr;
  return 0;
}

// ---- send ----

/**
 * raw_sendmsg(): the checks in Linux's order, then either the payload under a header the
 * kernel writes (ip_append_data + ip_push_pending_frames: protocol, TTL, TOS, DF from the
 * socket; the payload as given: for ICMP the program computes the checksum) or, with
 * IP_HDRINCL, the user's packet (raw_send_hdrinc).
 */
export function raw_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 {
  ktrace("raw_sendmsg");
  const inet = inet_sk(sock.sk);
  if (len > 0xffff) return -E.EMSGSIZE;
  if (msg.msg_flags & net.MSG_OOB) return -E.EOPNOTSUPP;
  let daddr: u32;
  if (msg.msg_namelen) {
    const usin = msg.msg_name;
    if (msg.msg_namelen < SOCKADDR_IN_SIZE) return -E.EINVAL;
    const family = <i32>load<u16>(usin + SIN_FAMILY);
    if (family != net.AF_INET && family != net.AF_UNSPEC) return -E.EAFNOSUPPORT;
    daddr = load<u32>(usin + SIN_ADDR);
  } else {
    if (inet.sk_state != TCP_ESTABLISHED) return -E.EDESTADDRREQ;
    daddr = inet.inet_daddr_be;
  }
  const rerr = ip_route_output(daddr);
  if (rerr) return rerr;
  const saddr = inet.inet_saddr_be ? inet.inet_saddr_be : inet_select_addr(daddr);
  let err: i32;
  if (inet.hdrincl) {
    err = raw_send_hdrinc(msg, len, saddr, daddr);
  } else {
    if (len + IPH_LEN > IP_MAX_MTU) return -E.EMSGSIZE;
    const skb = ip_alloc_skb(len);
    if (copy_from_iter(skb.data + IPH_LEN, len, msg.msg_iter) != len) {
      kfree_skb(skb);
      return -E.EFAULT;
    }
    local_bh_disable();
    err = ip_queue_xmit(skb, saddr, daddr, <u32>inet.inet_num, ip_select_ttl(inet), <u32>inet.tos, inet.pmtudisc >= IP_PMTUDISC_WANT);
    local_bh_enable();
  }
  return err < 0 ? err : <i32>len;
}

let hdrinc_ident: u32 = 0;

/**
 * raw_send_hdrinc(): the user's packet, at least an IPv4 header long and no shorter than its
 * own IHL says; if the header is a full one the kernel sets tot_len, an id when it is 0, the
 * source when it is 0, and the header checksum.
 */
function raw_send_hdrinc(msg: Msghdr, len: u32, saddr: u32, daddr: u32): i32 {
  // the device of the route to the destination asked for (lo, or eth0 with --net user)
  const route = ip_route_output_dev(daddr);
  const dev = route ? route! : loopback_dev;
  if (len > <u32>dev.mtu) return -E.EMSGSIZE;
  if (len < IPH_LEN) return -E.EINVAL;
  const skb = alloc_skb(len);
  skb.len = len;
  if (copy_from_iter(skb.data, len, msg.msg_iter) != len) {
    kfree_skb(skb);
    return -E.EFAULT;
  }
  const iph = skb.data;
  const ihl = <u32>load<u8>(iph + IPH_VERSION_IHL) & 0xf;
  if ((ihl << 2) > len) {
    kfree_skb(skb);
    return -E.EINVAL;
  }
  if ((ihl << 2) >= IPH_LEN) {
    if (!load<u32>(iph + IPH_SADDR)) store<u32>(iph + IPH_SADDR, saddr);
    store<u16>(iph + IPH_CHECK, 0);
    store<u16>(iph + IPH_TOT_LEN, bswap<u16>(<u16>len));
    if (!load<u16>(iph + IPH_ID)) store<u16>(iph + IPH_ID, bswap<u16>(<u16>(++hdrinc_ident)));
    store<u16>(iph + IPH_CHECK, ip_fast_csum(iph, ihl));
  }
  local_bh_disable();
  const err = dev_queue_xmit(skb, dev);
  local_bh_enable();
  return err;
}

// ---- receive ----

/** raw_recvmsg()'s name: the sender as a sockaddr_in, port 0. */
function raw_name(inet: InetSock, msg: Msghdr, skb: SkBuff): void {
  const sin = msg.msg_name;
  if (!sin) return;
  store<u16>(sin + SIN_FAMILY, net.AF_INET);
  store<u16>(sin + SIN_PORT, 0);
  store<u32>(sin + SIN_ADDR, load<u32>(skb.data + IPH_SADDR));
  store<u64>(sin + SIN_ZERO, 0);
  msg.msg_namelen = SOCKADDR_IN_SIZE;
}

/** raw_recvmsg(): one packet, IPv4 header included; MSG_TRUNC as for UDP. */
export function raw_recvmsg(sock: Socket, msg: Msghdr, len: u32, flags: i32): i32 {
  ktrace("raw_recvmsg");
  return __udp_recvmsg(sock, msg, len, flags, raw_name);
}

// ---- options ----

const optbuf = memory.data(8);

/** raw_setsockopt(): SOL_RAW has ICMP_FILTER (ICMP sockets only); other levels are IP's. */
export function raw_setsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: i32): i32 {
  ktrace("raw_setsockopt");
  if (level != net.SOL_RAW) return ip_setsockopt(inet_sk(sock.sk), level, optname, optval, optlen);
  const rs = raw_sk(sock.sk);
  if (optname != ICMP_FILTER) return -E.ENOPROTOOPT;
  if (rs.inet_num != IPPROTO_ICMP) return -E.EOPNOTSUPP;
  // raw_seticmpfilter(): up to sizeof(struct icmp_filter) bytes over the filter
  let n = optlen;
  if (n > 4 || n < 0) n = 4;
  store<u32>(optbuf, rs.icmp_filter);
  if (copy_from_user(optbuf, optval, <u32>n)) return -E.EFAULT;
  rs.icmp_filter = load<u32>(optbuf);
  return 0;
}

export function raw_getsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: u32): i32 {
  ktrace("raw_getsockopt");
  if (level != net.SOL_RAW) return ip_getsockopt(inet_sk(sock.sk), level, optname, optval, optlen);
  const rs = raw_sk(sock.sk);
  if (optname != ICMP_FILTER) return -E.ENOPROTOOPT;
  if (rs.inet_num != IPPROTO_ICMP) return -E.EOPNOTSUPP;
  return sockopt_put_int(optval, optlen, <i32>rs.icmp_filter); // raw_geticmpfilter()
}

// ---- tables ----

/** raw_prot */
export const raw_prot = new Proto();
raw_prot.protocol = 0;
raw_prot.close = raw_close;
raw_prot.connect = ip4_datagram_connect;
raw_prot.disconnect = raw_disconnect;
raw_prot.get_port = raw_get_port;
raw_prot.shutdown = raw_shutdown;

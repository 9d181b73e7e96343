// UDP (net/ipv4/udp.c, RFC 768): datagrams with real headers and checksums.
import { ktrace } from "../../kernel/trace";
import { File } from "../../kernel/fs";
import { put_user, copy_from_user } from "../../kernel/uaccess";
import { kzalloc_obj, kfree_obj, krealloc, kfree } from "../../kernel/slab";
import { copy_from_iter, copy_to_iter } from "../../kernel/iov_iter";
import { PollTable, poll_wait, POLLIN, POLLRDNORM, POLLOUT, POLLWRNORM, POLLWRBAND, POLLERR, POLLHUP, POLLRDHUP } from "../../kernel/poll";
import { Socket } from "../net";
import { Msghdr } from "../core/msghdr";
import { Sock, sock_error, sock_rcvtimeo, sk_wait, sockopt_put_int, TCP_ESTABLISHED, TCP_CLOSE } from "../core/sock";
import { SkBuff, alloc_skb, kfree_skb, skb_queue_tail, skb_unlink, skb_partial_csum_set, skb_csum_unnecessary } from "../core/skbuff";
import { local_bh_disable, local_bh_enable } from "../core/dev";
import {
  InetSock, InetAfOps, Flowi, Proto, inet_sk, ip_select_ttl, inet_af, inet_sk_v4, inet_sk_v6, SOCK_BINDADDR_LOCK, SOCK_BINDPORT_LOCK,
} from "./inet_sock";
import { inet_bucket, inet_get_port, inet_put_port } from "./inet_hashtables";
import { IPH_LEN, IPH_SADDR, IPH_DADDR, ip_route_output, inet_select_addr, ip_route_daddr, ip_route_mtu, ipv4_specific } from "./ip_output";
import { ipv6_addr_any } from "../../uapi/in6";
import { ip_hdrlen } from "./ip_input";
import { icmp_send, icmp_err_convert, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH } from "./icmp";
import { SIN_FAMILY, SIN_PORT, SIN_ADDR, SIN_ZERO, SOCKADDR_IN_SIZE, IPPROTO_UDP, ntohs, IP_PMTUDISC_WANT } from "../../uapi/in";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";
import { SIOCINQ, SIOCOUTQ } from "../../uapi/fcntl";

/** struct udphdr: source, dest, len, check */
export const UDPH_LEN: u32 = 8;
/** The largest payload: 65535 - IPv4 header - UDP header. */
export const UDP_MAX_PAYLOAD: u32 = 65535 - 20 - 8;
/** SOL_UDP options (include/uapi/linux/udp.h) */
export const UDP_CORK = 1;

function wake(sk: Sock): void {
  sk.sk_write_space(sk); // sock_def_write_space: wake_up(sk_wq)
}

/** The flow of the datagram being sent (one at a time: sending runs to the end). */
const tx = new Flowi();
/** The addresses of the datagram being received. */
const rx = new Flowi();

/**
 * A corked datagram (inet->cork and the skbs of sk_write_queue in Linux): the flow fixed
 * by its first send, the destination port, the family's ops, the size limit and the
 * payload gathered so far (len bytes of buf, which has room for cap and grows with the
 * data; udp_sock.len is len + the UDP header).
 */
@unmanaged class UdpCork {
  fl: Flowi;
  ops: InetAfOps;
  dport: u32;
  max_payload: u32;
  buf: usize;
  cap: u32;
  len: u32;
}

/** udp_sendmsg(): a datagram to an IPv4 destination (from an AF_INET socket, or from an AF_INET6 one via udpv6_sendmsg). */
export function udp_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 {
  ktrace("udp_sendmsg");
  const inet = inet_sk(sock.sk);
  if (len > 0xffff) return -E.EMSGSIZE;
  if (msg.msg_flags & net.MSG_OOB) return -E.EOPNOTSUPP;
  const corkreq = inet.corkflag != 0 || (msg.msg_flags & net.MSG_MORE) != 0;
  if (inet.pending) {
    // frames are pending: the datagram's destination was fixed by its first send and the
    // address given now is not looked at; one pending from udpv6_sendmsg is EINVAL
    if (inet.pending != net.AF_INET) return -E.EINVAL;
    return udp_append_data(inet, msg, len, corkreq);
  }
  let daddr: u32, dport: u32;
  if (msg.msg_name) {
    const usin = msg.msg_name;
    if (msg.msg_namelen < SOCKADDR_IN_SIZE) return -E.EINVAL;
    if (load<u16>(usin + SIN_FAMILY) != net.AF_INET) {
      if (load<u16>(usin + SIN_FAMILY) != net.AF_UNSPEC) return -E.EAFNOSUPPORT;
    }
    daddr = load<u32>(usin + SIN_ADDR);
    dport = <u32>load<u16>(usin + SIN_PORT);
    if (dport == 0) return -E.EINVAL;
  } else {
    if (inet.sk_state != TCP_ESTABLISHED) return -E.EDESTADDRREQ;
    daddr = inet.inet_daddr_be;
    dport = inet.inet_dport_be;
  }
  const rerr = ip_route_output(daddr, inet.inet_saddr_be);
  if (rerr) return rerr;
  // unlike Linux, no fragmentation: a datagram must fit the route's MTU (eth0's 1500)
  const max_payload = min(UDP_MAX_PAYLOAD, ip_route_mtu(daddr) - IPH_LEN - UDPH_LEN);
  tx.family = net.AF_INET;
  tx.proto = IPPROTO_UDP;
  tx.daddr_be = daddr;
  tx.ttl = ip_select_ttl(inet);
  tx.tos = <u32>inet.tos;
  tx.df = inet.pmtudisc >= IP_PMTUDISC_WANT ? 1 : 0;
  tx.saddr_be = 0; // chosen after autobind, as below
  return udp_send(inet, msg, len, tx, dport, ipv4_specific, max_payload, corkreq);
}

/**
 * udp_send_skb() and what leads to it, for both families: autobind, a pending error,
 * SEND_SHUTDOWN, the size, then one skb with room for the family's header (ops), the UDP
 * header and the payload; the checksum over the family's pseudo-header (RFC 768, RFC 8200
 * 8.1); the family's output. fl carries the destination; a missing source is chosen here.
 * corkreq (UDP_CORK or MSG_MORE): the payload starts a pending datagram instead (the
 * corking branch of udp_sendmsg / udpv6_sendmsg), sent by udp_push_pending_frames.
 */
export function udp_send(inet: InetSock, msg: Msghdr, len: u32, fl: Flowi, dport: u32, ops: InetAfOps, max_payload: u32, corkreq: bool): i32 {
  if (!inet.inet_num && inet_get_port(inet, 0)) return -E.EAGAIN; // inet_autobind()
  // __ip_append_data() -> sock_alloc_send_skb(): a pending error, then SEND_SHUTDOWN
  const err = sock_error(inet);
  if (err) return err;
  if (inet.sk_shutdown & net.SEND_SHUTDOWN) return -E.EPIPE;
  if (len > max_payload) return -E.EMSGSIZE;
  if (fl.family == net.AF_INET) {
    if (!fl.saddr_be) fl.saddr_be = inet.inet_saddr_be ? inet.inet_saddr_be : inet_select_addr(fl.daddr_be);
  }
  if (corkreq) {
    // "Now cork the socket to pend data": keep the flow (inet->cork.fl) for the whole datagram
    const c = kzalloc_obj<UdpCork>();
    c.fl = kzalloc_obj<Flowi>();
    memory.copy(changetype<usize>(c.fl), changetype<usize>(fl), offsetof<Flowi>());
    c.ops = ops;
    c.dport = dport;
    c.max_payload = max_payload;
    inet.udp_cork = changetype<usize>(c);
    inet.pending = fl.family;
    return udp_append_data(inet, msg, len, true);
  }
  const skb = udp_alloc_skb(ops, len);
  if (copy_from_iter(skb.data + ops.net_header_len + UDPH_LEN, len, msg.msg_iter) != len) {
    kfree_skb(skb);
    return -E.EFAULT;
  }
  udp_send_skb(inet, skb, fl, dport, ops, len);
  return <i32>len;
}

function udp_alloc_skb(ops: InetAfOps, len: u32): SkBuff {
  const skb = alloc_skb(ops.net_header_len + UDPH_LEN + len);
  skb.len = ops.net_header_len + UDPH_LEN + len;
  return skb;
}

/** udp_send_skb(): the UDP header and checksum of a datagram of len payload bytes, then the family's output. */
function udp_send_skb(inet: InetSock, skb: SkBuff, fl: Flowi, dport: u32, ops: InetAfOps, len: u32): void {
  const hl = ops.net_header_len;
  const uh = skb.data + hl;
  store<u16>(uh, <u16>inet.inet_sport_be);
  store<u16>(uh, <u16>dport, 2);
  store<u16>(uh, bswap<u16>(<u16>(UDPH_LEN + len)), 4);
  // udp4_hwcsum() / udp6_hwcsum_outgoing(): __ip_append_data chose CHECKSUM_PARTIAL (the
  // datagram fits the route's MTU in one skb); the device, or dev_queue_xmit for eth0, sums
  // the datagram and turns a 0 into CSUM_MANGLED_0 (RFC 768: 0 means none)
  store<u16>(uh, ops.send_check_partial(fl, UDPH_LEN + len), 6);
  skb_partial_csum_set(skb, hl, 6);
  local_bh_disable();
  ops.queue_xmit(skb, fl);
  local_bh_enable();
}

/**
 * The do_append_data: part of udp_sendmsg / udpv6_sendmsg: ip_append_data() /
 * ip6_append_data() add len bytes to the pending datagram (EMSGSIZE past the family's limit,
 * 65507 bytes for IPv4 and 65527 for IPv6 as in __ip_append_data's maxnonfragsize, and
 * unlike Linux the route's MTU as for any datagram here); an error throws the pending data
 * away (udp_flush_pending_frames); without corkreq the datagram leaves
 * (udp_push_pending_frames). Appending takes no new skb on Linux (lo has scatter-gather:
 * the bytes go into page fragments), so neither a pending error nor SEND_SHUTDOWN stops it.
 */
export function udp_append_data(inet: InetSock, msg: Msghdr, len: u32, corkreq: bool): i32 {
  const c = changetype<UdpCork>(inet.udp_cork);
  const need = <u64>c.len + <u64>len;
  if (need > <u64>c.max_payload) {
    udp_flush_pending_frames(inet);
    return -E.EMSGSIZE;
  }
  if (need > <u64>c.cap) {
    const cap = max(<u32>need, min(c.cap << 1, c.max_payload));
    c.buf = krealloc(c.buf, c.cap, cap);
    c.cap = cap;
  }
  if (copy_from_iter(c.buf + c.len, len, msg.msg_iter) != len) {
    udp_flush_pending_frames(inet);
    return -E.EFAULT;
  }
  c.len += len;
  if (!corkreq) udp_push_pending_frames(inet);
  return <i32>len;
}

/** udp_flush_pending_frames() / udp_v6_flush_pending_frames(): forget the pending datagram. */
export function udp_flush_pending_frames(inet: InetSock): void {
  if (!inet.pending) return;
  const c = changetype<UdpCork>(inet.udp_cork);
  kfree(c.buf, c.cap);
  kfree_obj(c.fl);
  kfree_obj(c);
  inet.udp_cork = 0;
  inet.pending = 0;
}

/** udp_push_pending_frames() / udp_v6_push_pending_frames(): send the pending datagram as one (ip_finish_skb + udp_send_skb). */
export function udp_push_pending_frames(inet: InetSock): void {
  if (!inet.pending) return;
  const c = changetype<UdpCork>(inet.udp_cork);
  const skb = udp_alloc_skb(c.ops, c.len);
  memory.copy(skb.data + c.ops.net_header_len + UDPH_LEN, c.buf, c.len);
  udp_send_skb(inet, skb, c.fl, c.dport, c.ops, c.len);
  udp_flush_pending_frames(inet);
}

/** udp_lib_setsockopt(): SOL_UDP options. Unlike Linux, only UDP_CORK (no UDP_ENCAP, UDP_NO_CHECK6_*, UDP_SEGMENT, UDP_GRO). */
export function udp_lib_setsockopt(inet: InetSock, optname: i32, optval: u32, optlen: i32): i32 {
  if (optlen < 4) return -E.EINVAL;
  const tmp = changetype<usize>(optbuf);
  if (copy_from_user(tmp, optval, 4)) return -E.EFAULT;
  const val = load<i32>(tmp);
  switch (optname) {
    case UDP_CORK:
      if (val != 0) {
        inet.corkflag = 1;
      } else {
        inet.corkflag = 0;
        udp_push_pending_frames(inet);
      }
      return 0;
    default: return -E.ENOPROTOOPT;
  }
}

/** udp_lib_getsockopt(): an int, truncated to the caller's length (EINVAL if negative). */
export function udp_lib_getsockopt(inet: InetSock, optname: i32, optval: u32, optlen: u32): i32 {
  switch (optname) {
    case UDP_CORK: return sockopt_put_int(optval, optlen, inet.corkflag);
    default: return -E.ENOPROTOOPT;
  }
}
const optbuf = new StaticArray<u8>(8);

/**
 * __udp4_lib_lookup() / __udp6_lib_lookup(): the best socket for a datagram from
 * (fl.saddr, sport) to (fl.daddr, dport) of fl.family (compute_score). An AF_INET6 socket
 * that is not V6ONLY and bound to :: hears IPv4 datagrams too; an AF_INET socket scores
 * higher for them, as in Linux.
 */
export function udp_lib_lookup(fl: Flowi, sport: u32, dport: u32): InetSock | null {
  const hnum = <i32>ntohs(dport);
  let best: InetSock | null = null;
  let best_score = -1;
  const v4 = fl.family == net.AF_INET;
  for (let p: InetSock | null = inet_bucket(hnum); p; p = p!.bind_next) {
    if (p.sk_protocol != IPPROTO_UDP || p.inet_num != hnum) continue;
    let score = 0;
    if (v4) {
      if (!inet_sk_v4(p)) continue;
      score = p.sk_family == net.AF_INET ? 2 : 1;
      if (p.inet_rcv_saddr_be) {
        if (p.inet_rcv_saddr_be != fl.daddr_be) continue;
        score += 4;
      }
      if (p.inet_daddr_be) {
        if (p.inet_daddr_be != fl.saddr_be) continue;
        score += 4;
      }
    } else {
      if (!inet_sk_v6(p)) continue;
      score = 1;
      if (!ipv6_addr_any(p.v6_rcv_saddr0, p.v6_rcv_saddr1)) {
        if (p.v6_rcv_saddr0 != fl.daddr0 || p.v6_rcv_saddr1 != fl.daddr1) continue;
        score += 4;
      }
      if (!ipv6_addr_any(p.v6_daddr0, p.v6_daddr1)) {
        if (p.v6_daddr0 != fl.saddr0 || p.v6_daddr1 != fl.saddr1) continue;
        score += 4;
      }
    }
    if (p.inet_dport_be) {
      if (p.inet_dport_be != sport) continue;
      score += 4;
    }
    if (score > best_score) { best = p; best_score = score; }
  }
  return best;
}

/** udp_rcv() -> __udp4_lib_rcv(): an IPv4 datagram; nobody there: ICMP port unreachable. */
export function udp_rcv(skb: SkBuff): i32 {
  ktrace("udp_rcv");
  rx.family = net.AF_INET;
  rx.saddr_be = load<u32>(skb.data + IPH_SADDR);
  rx.daddr_be = load<u32>(skb.data + IPH_DADDR);
  return __udp_lib_rcv(skb, ip_hdrlen(skb), rx, udp4_unreach);
}

function udp4_unreach(skb: SkBuff): void {
  icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
}

/**
 * The receive path both families share (__udp4_lib_rcv / __udp6_lib_rcv): check the
 * length and the checksum (optional for IPv4, mandatory for IPv6: RFC 8200 8.1), find the
 * socket, queue the datagram; nobody there: `unreach` (ICMP or ICMPv6 port unreachable).
 */
export function __udp_lib_rcv(skb: SkBuff, hl: u32, fl: Flowi, unreach: (skb: SkBuff) => void): i32 {
  const uh = skb.data + hl;
  if (skb.len < hl + UDPH_LEN) { kfree_skb(skb); return 0; }
  const ulen = <u32>bswap<u16>(load<u16>(uh, 4));
  if (ulen < UDPH_LEN || ulen > skb.len - hl) { kfree_skb(skb); return 0; }
  skb.len = hl + ulen;
  fl.proto = IPPROTO_UDP;
  const check = load<u16>(uh, 6);
  // udp4_csum_init / udp6_csum_init: no checksum is allowed for IPv4 only; one sent over lo
  // by this host (CHECKSUM_PARTIAL) is trusted, others are verified
  if (check == 0 ? fl.family != net.AF_INET
    : !skb_csum_unnecessary(skb) && inet_af(fl.family).send_check(fl, uh, ulen) != 0) { kfree_skb(skb); return 0; }
  const sk = udp_lib_lookup(fl, <u32>load<u16>(uh), <u32>load<u16>(uh, 2));
  if (!sk) {
    unreach(skb);
    kfree_skb(skb);
    return 0;
  }
  // __udp_enqueue_schedule_skb(): drop when the receive buffer is full
  if (sk.rmem_alloc > sk.sk_rcvbuf || sk.rmem_alloc + <i32>skb.truesize > sk.sk_rcvbuf + (sk.sk_rcvbuf >> 1)) {
    kfree_skb(skb);
    return 0;
  }
  skb.consumed = hl + UDPH_LEN;
  sk.rmem_alloc += <i32>skb.truesize;
  skb_queue_tail(sk.sk_receive_queue, skb);
  wake(sk);
  return 0;
}

/** __udp4_lib_err(): an ICMP error about a datagram we sent. Only a connected socket hears it. */
export function udp_err(skb: SkBuff, type: u32, code: u32, inner: usize): void {
  const ihl = (<u32>load<u8>(inner) & 0xf) << 2;
  const uh = inner + ihl;
  // the quoted datagram went from us (its source) to the peer (its destination)
  rx.family = net.AF_INET;
  rx.saddr_be = load<u32>(inner + IPH_DADDR);
  rx.daddr_be = load<u32>(inner + IPH_SADDR);
  const sk = udp_lib_lookup(rx, <u32>load<u16>(uh, 2), <u32>load<u16>(uh));
  if (!sk) return;
  const harderr = type == ICMP_DEST_UNREACH && code == ICMP_PORT_UNREACH;
  udp_set_err(sk, harderr, icmp_err_convert(code));
}

/** The end of __udp4_lib_err / __udp6_lib_err: without IP_RECVERR only a hard error on a connected socket counts. */
export function udp_set_err(sk: InetSock, harderr: bool, err: i32): void {
  if (!sk.recverr && (!harderr || sk.sk_state != TCP_ESTABLISHED)) return;
  sk.sk_err = err;
  wake(sk);
}

/** Write the sender of a datagram as a sockaddr_in (DECLARE_SOCKADDR in udp_recvmsg). */
function udp_copy_addr(inet: InetSock, msg: Msghdr, skb: SkBuff): void {
  if (!msg.msg_name) return;
  const sin = msg.msg_name;
  const uh = skb.data + ip_hdrlen(skb);
  store<u16>(sin + SIN_FAMILY, net.AF_INET);
  store<u16>(sin + SIN_PORT, load<u16>(uh));
  store<u32>(sin + SIN_ADDR, load<u32>(skb.data + IPH_SADDR));
  store<u64>(sin + SIN_ZERO, 0);
  msg.msg_namelen = SOCKADDR_IN_SIZE;
}

/** udp_recvmsg() */
export function udp_recvmsg(sock: Socket, msg: Msghdr, len: u32, flags: i32): i32 {
  ktrace("udp_recvmsg");
  return __udp_recvmsg(sock, msg, len, flags, udp_copy_addr);
}

/**
 * What udp_recvmsg and udpv6_recvmsg share: wait for a datagram, copy it, name its sender
 * (`name` writes msg_name and the family's control messages: skb.consumed is the offset of
 * the payload, skb.data the network header), dequeue it unless peeking.
 */
export function __udp_recvmsg(sock: Socket, msg: Msghdr, len: u32, flags: i32, name: (inet: InetSock, msg: Msghdr, skb: SkBuff) => void): i32 {
  const inet = inet_sk(sock.sk);
  if (flags & net.MSG_ERRQUEUE) return -E.EAGAIN; // ip_recv_error(): the error queue is empty
  if (flags & net.MSG_OOB) return -E.EOPNOTSUPP;
  const err = sock_error(inet);
  if (err) return err;
  const skb = inet.sk_receive_queue.first;
  if (!skb) {
    const timeo = sock_rcvtimeo(inet, (flags & net.MSG_DONTWAIT) != 0);
    if (timeo && (inet.sk_shutdown & net.RCV_SHUTDOWN)) return 0;
    return sk_wait(inet, timeo);
  }
  const ulen = skb.len - skb.consumed;
  let copied = len;
  if (copied > ulen) copied = ulen;
  else if (copied < ulen) msg.msg_flags |= net.MSG_TRUNC;
  if (copy_to_iter(skb.data + skb.consumed, copied, msg.msg_iter) != copied) return -E.EFAULT;
  name(inet, msg, skb);
  if (!(flags & net.MSG_PEEK)) {
    skb_unlink(skb, inet.sk_receive_queue);
    inet.rmem_alloc -= <i32>skb.truesize;
    kfree_skb(skb);
  }
  return (flags & net.MSG_TRUNC) ? <i32>ulen : <i32>copied;
}

/** __ip4_datagram_connect() */
export function ip4_datagram_connect(sk: Sock, uaddr: usize, addr_len: i32): i32 {
  const inet = inet_sk(sk);
  if (addr_len < SOCKADDR_IN_SIZE) return -E.EINVAL;
  if (load<u16>(uaddr + SIN_FAMILY) != net.AF_INET) return -E.EAFNOSUPPORT;
  const daddr = load<u32>(uaddr + SIN_ADDR);
  const err = ip_route_output(daddr, inet.inet_saddr_be);
  if (err) return err;
  if (!inet.inet_saddr_be) inet.inet_saddr_be = inet_select_addr(daddr);
  if (!inet.inet_rcv_saddr_be) inet.inet_rcv_saddr_be = inet.inet_saddr_be;
  inet.inet_daddr_be = ip_route_daddr(daddr);
  inet.inet_dport_be = <u32>load<u16>(uaddr + SIN_PORT);
  inet.sk_state = TCP_ESTABLISHED;
  return 0;
}

/**
 * __udp_disconnect(): connect(AF_UNSPEC) forgets the peer (and an address/port not bound
 * explicitly); `unhash` takes the socket out of its protocol's table (sk_prot->unhash).
 * Raw sockets use it too.
 */
export function __udp_disconnect(sk: Sock, unhash: (inet: InetSock) => void): i32 {
  const inet = inet_sk(sk);
  inet.sk_state = TCP_CLOSE;
  inet.inet_daddr_be = 0;
  inet.inet_dport_be = 0;
  // unlike Linux, which leaves sk_v6_daddr as it was (nothing reads it once inet_dport is
  // 0), the IPv6 peer is forgotten too: the lookups read it
  inet.v6_daddr0 = 0;
  inet.v6_daddr1 = 0;
  if (!(inet.sk_userlocks & SOCK_BINDADDR_LOCK)) {
    // inet_reset_saddr()
    inet.inet_saddr_be = 0;
    inet.inet_rcv_saddr_be = 0;
    inet.v6_rcv_saddr0 = 0;
    inet.v6_rcv_saddr1 = 0;
    inet.v6_saddr0 = 0;
    inet.v6_saddr1 = 0;
  }
  if (!(inet.sk_userlocks & SOCK_BINDPORT_LOCK)) {
    unhash(inet);
    inet.inet_sport_be = 0;
  }
  return 0;
}

/** udp_disconnect() */
export function udp_disconnect(sk: Sock, flags: i32): i32 {
  return __udp_disconnect(sk, inet_put_port);
}

/** udp_lib_close(): the socket and its queued datagrams go; udp_destroy_sock() drops a pending datagram unsent. */
export function udp_close(sk: Sock): void {
  const inet = inet_sk(sk);
  udp_flush_pending_frames(inet);
  inet_put_port(inet);
  sk.sk_socket = null;
  sock_put_udp(inet);
}

function sock_put_udp(inet: InetSock): void {
  inet.rmem_alloc = 0;
  sock_put(inet);
}

export function udp_shutdown(sk: Sock, how: i32): void {}

/** udp_poll() -> datagram_poll() */
export function udp_poll(file: File, sock: Socket, pt: PollTable | null): u32 {
  const sk = sock.sk;
  poll_wait(sk.sk_wq, pt);
  let mask: u32 = 0;
  if (sk.sk_err) mask |= POLLERR;
  if (sk.sk_shutdown & net.RCV_SHUTDOWN) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
  if (sk.sk_shutdown == net.SHUTDOWN_MASK) mask |= POLLHUP;
  if (sk.sk_receive_queue.first) mask |= POLLIN | POLLRDNORM;
  // sock_writeable(): datagrams leave at once on lo, so the send buffer is never full
  mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return mask;
}

/** udp_ioctl(): SIOCINQ is the size of the next datagram's payload. */
export function udp_ioctl(sock: Socket, cmd: u32, arg: u32): i32 {
  const sk = sock.sk;
  let amount = 0;
  switch (cmd) {
    case SIOCOUTQ: amount = sk.sk_wmem_alloc; break;
    case SIOCINQ: {
      const skb = sk.sk_receive_queue.first;
      amount = skb ? <i32>(skb.len - skb.consumed) : 0;
      break;
    }
    default: return -E.ENOIOCTLCMD;
  }
  return put_user(<u32>amount, arg) ? -E.EFAULT : 0;
}

export const udp_prot = new Proto();
udp_prot.protocol = IPPROTO_UDP;
udp_prot.close = udp_close;
udp_prot.connect = ip4_datagram_connect;
udp_prot.disconnect = udp_disconnect;
udp_prot.get_port = inet_get_port;
udp_prot.shutdown = udp_shutdown;

import { sock_put } from "../core/sock";

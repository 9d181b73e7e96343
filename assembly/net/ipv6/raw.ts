// Raw IPv6 sockets (net/ipv6/raw.c): socket(AF_INET6, SOCK_RAW, protocol) as root. Unlike
// IPv4's, what a raw IPv6 socket sends and receives starts after the IPv6 header (RFC 3542
// 3): the kernel writes the header, and for ICMPv6 (or with IPV6_CHECKSUM) computes the
// checksum over the pseudo-header at the offset given (2 for ICMPv6). Every IPv6 packet of
// its protocol that lo delivers is copied to it before the protocol's handler runs
// (ipv6_raw_deliver); ICMPv6 sockets filter types with ICMP6_FILTER. The socket list and
// the receive queue are raw IPv4's (net/ipv4/raw.ts).
import { ktrace } from "../../kernel/trace";
import { copy_from_user, copy_to_user, get_user, put_user } from "../../kernel/uaccess";
import { copy_from_iter } from "../../kernel/iov_iter";
import { Socket } from "../net";
import { Msghdr } from "../core/msghdr";
import { SkBuff, alloc_skb, kfree_skb } from "../core/skbuff";
import { Sock, TCP_CLOSE, TCP_ESTABLISHED } from "../core/sock";
import { local_bh_disable, local_bh_enable, dev_queue_xmit, loopback_dev } from "../core/dev";
import { put_cmsg } from "../core/scm";
import { InetSock, Flowi, Proto, inet_sk } from "../ipv4/inet_sock";
import { RawSock, raw_sk, raw_first, raw_queue_copy, raw_close, raw_disconnect } from "../ipv4/raw";
import { __udp_recvmsg } from "../ipv4/udp";
import { csum_partial, csum_fold } from "../../include/net/checksum";
import { csum_ipv6_magic_nofold } from "./ip6_checksum";
import { IPV6H_LEN, IPV6_MAXPLEN, IP6H_NEXTHDR, IP6H_SADDR, IP6H_DADDR, ip6_route_output, ip6_xmit, ipv6_dev_get_saddr } from "./ip6_output";
import { ip6_flow_init } from "./inet6_connection_sock";
import { ip6_datagram_connect } from "./datagram";
import { inet6_setsockopt, inet6_getsockopt } from "./ipv6_sockglue";
import {
  SIN6_FAMILY, SIN6_PORT, SIN6_FLOWINFO, SIN6_ADDR, SIN6_SCOPE_ID, SIN6_LEN_RFC2133, SOCKADDR_IN6_SIZE,
  IPPROTO_IPV6, IPPROTO_ICMPV6, IPV6_PKTINFO, IN6_PKTINFO_SIZE, IN6ADDR_LOOPBACK_1,
  ipv6_addr_any, ipv6_addr_loopback, ipv6_addr_v4mapped, ipv6_addr_is_multicast,
} from "../../uapi/in6";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";

/** include/uapi/linux/in6.h, icmpv6.h */
export const IPV6_CHECKSUM = 7;
export const IPV6_HDRINCL = 36;
export const ICMPV6_FILTER = 1;
/** sizeof(struct icmp6_filter) */
const ICMP6_FILTER_SIZE: u32 = 32;

/** rawv6_init_sk(): ICMPv6 sockets have the kernel's checksum at offset 2 (RFC 3542 3.1). */
export function rawv6_init_sk(sk: RawSock): void {
  if (sk.inet_num == IPPROTO_ICMPV6) {
    sk.checksum = 1;
    sk.offset = 2;
  }
}

/** icmpv6_filter(): whether sk's ICMP6_FILTER drops this message. */
function icmpv6_filter(sk: RawSock, skb: SkBuff): bool {
  if (skb.len < IPV6H_LEN + 1) return true;
  const type = <u32>load<u8>(skb.data + IPV6H_LEN);
  const w = type < 64 ? sk.icmp6_filter0 : type < 128 ? sk.icmp6_filter1 : type < 192 ? sk.icmp6_filter2 : sk.icmp6_filter3;
  return ((w >> <u64>(type & 63)) & 1) != 0;
}

/**
 * ipv6_raw_deliver() (raw_v6_match): a copy to every IPv6 raw socket of the packet's next
 * header whose bound address is its destination (or ::) and whose peer is its source (or
 * none), unless an ICMPv6 socket's filter drops its type. The user sees it from the upper
 * header on.
 */
export function ipv6_raw_deliver(skb: SkBuff, nexthdr: i32): void {
  let sk = raw_first();
  if (!sk) return;
  ktrace("ipv6_raw_deliver");
  const h = skb.data;
  const s0 = load<u64>(h + IP6H_SADDR), s1 = load<u64>(h + IP6H_SADDR + 8);
  const d0 = load<u64>(h + IP6H_DADDR), d1 = load<u64>(h + IP6H_DADDR + 8);
  for (; sk; sk = sk!.raw_next) {
    if (sk.sk_family != net.AF_INET6 || sk.inet_num != nexthdr) continue;
    if (!ipv6_addr_any(sk.v6_daddr0, sk.v6_daddr1) && (sk.v6_daddr0 != s0 || sk.v6_daddr1 != s1)) continue;
    if (!ipv6_addr_any(sk.v6_rcv_saddr0, sk.v6_rcv_saddr1) && (sk.v6_rcv_saddr0 != d0 || sk.v6_rcv_saddr1 != d1)) continue;
    if (nexthdr == IPPROTO_ICMPV6 && icmpv6_filter(sk, skb)) continue;
    raw_queue_copy(sk, skb, IPV6H_LEN);
  }
}

// ---- bind ----

/** rawv6_bind(): AF_INET6 only (EINVAL), no v4-mapped address, an address of this host. */
export function rawv6_bind(sock: Socket, uaddr: usize, addr_len: i32): i32 {
  ktrace("rawv6_bind");
  const sk = inet_sk(sock.sk);
  if (addr_len < SIN6_LEN_RFC2133) return -E.EINVAL;
  if (<i32>load<u16>(uaddr + SIN6_FAMILY) != net.AF_INET6) return -E.EINVAL;
  const a0 = load<u64>(uaddr + SIN6_ADDR), a1 = load<u64>(uaddr + SIN6_ADDR + 8);
  if (ipv6_addr_v4mapped(a0, a1)) return -E.EADDRNOTAVAIL;
  if (sk.sk_state != TCP_CLOSE) return -E.EINVAL;
  let v4addr: u32 = 0;
  const mcast = ipv6_addr_is_multicast(a0);
  if (!ipv6_addr_any(a0, a1)) {
    v4addr = 0x0600007f; // LOOPBACK4_IPV6
    if (!mcast && !ipv6_addr_loopback(a0, a1)) return -E.EADDRNOTAVAIL; // ipv6_chk_addr(): lo has ::1
  }
  sk.inet_rcv_saddr_be = v4addr;
  sk.inet_saddr_be = v4addr;
  sk.v6_rcv_saddr0 = a0;
  sk.v6_rcv_saddr1 = a1;
  if (!mcast) {
    sk.v6_saddr0 = a0;
    sk.v6_saddr1 = a1;
  }
  return 0;
}

// ---- send ----

const fl = new Flowi();

/**
 * rawv6_sendmsg(): the checks in Linux's order (sin6_port, when given, is the protocol and
 * must be the socket's), the route (:: is this host), then the payload under an IPv6
 * header; with a kernel checksum (rawv6_push_pending_frames) the field at the offset is
 * overwritten with the sum over the pseudo-header and the payload. With IPV6_HDRINCL the
 * user's packet goes as it is (rawv6_send_hdrinc).
 */
export function rawv6_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 {
  ktrace("rawv6_sendmsg");
  const sk = raw_sk(sock.sk);
  if (len > 0x7fffffff) return -E.EMSGSIZE;
  if (msg.msg_flags & net.MSG_OOB) return -E.EOPNOTSUPP;
  let d0: u64, d1: u64, proto: i32;
  const sin6 = msg.msg_name;
  ip6_flow_init(sk, fl);
  if (sin6) {
    if (msg.msg_namelen < SIN6_LEN_RFC2133) return -E.EINVAL;
    const family = <i32>load<u16>(sin6 + SIN6_FAMILY);
    if (family && family != net.AF_INET6) return -E.EAFNOSUPPORT;
    proto = <i32>bswap<u16>(load<u16>(sin6 + SIN6_PORT));
    if (!proto) proto = sk.inet_num;
    else if (proto != sk.inet_num && sk.inet_num != 255) return -E.EINVAL;
    if (proto > 255) return -E.EINVAL;
    d0 = load<u64>(sin6 + SIN6_ADDR);
    d1 = load<u64>(sin6 + SIN6_ADDR + 8);
    fl.flowlabel_be = 0;
  } else {
    if (sk.sk_state != TCP_ESTABLISHED) return -E.EDESTADDRREQ;
    proto = sk.inet_num;
    d0 = sk.v6_daddr0;
    d1 = sk.v6_daddr1;
  }
  if (ipv6_addr_any(d0, d1)) d1 = IN6ADDR_LOOPBACK_1; // :: means loopback (BSD'ism)
  const rerr = ip6_route_output(d0, d1);
  if (rerr) return rerr;
  fl.proto = <u32>proto;
  fl.daddr0 = d0;
  fl.daddr1 = d1;
  if (ipv6_addr_any(fl.saddr0, fl.saddr1)) ipv6_dev_get_saddr(fl);
  let err: i32;
  if (sk.hdrincl) {
    err = rawv6_send_hdrinc(msg, len);
  } else {
    if (len > IPV6_MAXPLEN) return -E.EMSGSIZE; // ip6_append_data()
    const skb = alloc_skb(IPV6H_LEN + len);
    skb.len = IPV6H_LEN + len;
    const p = skb.data + IPV6H_LEN;
    if (copy_from_iter(p, len, msg.msg_iter) != len) {
      kfree_skb(skb);
      return -E.EFAULT;
    }
    if (sk.checksum) {
      // rawv6_push_pending_frames()
      const offset = sk.offset;
      if (offset >= <i32>len - 1) {
        kfree_skb(skb);
        return -E.EINVAL;
      }
      store<u16>(p + offset, 0);
      let csum = csum_fold(csum_ipv6_magic_nofold(fl.saddr0, fl.saddr1, fl.daddr0, fl.daddr1, len, fl.proto, csum_partial(p, len, 0)));
      if (csum == 0 && proto == 17) csum = 0xffff; // CSUM_MANGLED_0 for UDP
      store<u16>(p + offset, csum);
    }
    local_bh_disable();
    err = ip6_xmit(skb, fl);
    local_bh_enable();
  }
  return err < 0 ? err : <i32>len;
}

/** rawv6_send_hdrinc(): the user's packet, IPv6 header included, unchanged. */
function rawv6_send_hdrinc(msg: Msghdr, len: u32): i32 {
  if (len > <u32>loopback_dev.mtu) return -E.EMSGSIZE;
  if (len < IPV6H_LEN) return -E.EINVAL;
  const skb = alloc_skb(len);
  skb.len = len;
  if (copy_from_iter(skb.data, len, msg.msg_iter) != len) {
    kfree_skb(skb);
    return -E.EFAULT;
  }
  local_bh_disable();
  const err = dev_queue_xmit(skb, loopback_dev);
  local_bh_enable();
  return err;
}

// ---- receive ----

const pktinfo = memory.data(IN6_PKTINFO_SIZE);

/** rawv6_recvmsg()'s name: the sender as a sockaddr_in6 (port 0); IPV6_PKTINFO if asked. */
function rawv6_name(inet: InetSock, msg: Msghdr, skb: SkBuff): void {
  const sin6 = msg.msg_name;
  const h = skb.data;
  if (sin6) {
    store<u16>(sin6 + SIN6_FAMILY, net.AF_INET6);
    store<u16>(sin6 + SIN6_PORT, 0);
    store<u32>(sin6 + SIN6_FLOWINFO, 0);
    store<u64>(sin6 + SIN6_ADDR, load<u64>(h + IP6H_SADDR));
    store<u64>(sin6 + SIN6_ADDR + 8, load<u64>(h + IP6H_SADDR + 8));
    store<u32>(sin6 + SIN6_SCOPE_ID, 0); // ipv6_iface_scope_id(): only link-local addresses have one
    msg.msg_namelen = SOCKADDR_IN6_SIZE;
  }
  if (inet.rxpktinfo) {
    store<u64>(pktinfo, load<u64>(h + IP6H_DADDR));
    store<u64>(pktinfo + 8, load<u64>(h + IP6H_DADDR + 8));
    store<i32>(pktinfo + 16, loopback_dev.ifindex);
    put_cmsg(msg, IPPROTO_IPV6, IPV6_PKTINFO, IN6_PKTINFO_SIZE, pktinfo);
  }
}

/** rawv6_recvmsg(): one message from the upper-layer header on; MSG_TRUNC as for UDP. */
export function rawv6_recvmsg(sock: Socket, msg: Msghdr, len: u32, flags: i32): i32 {
  ktrace("rawv6_recvmsg");
  return __udp_recvmsg(sock, msg, len, flags, rawv6_name);
}

// ---- options ----

const optbuf = memory.data(ICMP6_FILTER_SIZE);
const lenbuf = memory.data(4);

/**
 * rawv6_setsockopt(): SOL_RAW has IPV6_CHECKSUM and IPV6_HDRINCL; at IPPROTO_IPV6 those two
 * are raw's too (but RFC 3542 3.1 forbids IPV6_CHECKSUM there for ICMPv6: EINVAL);
 * IPPROTO_ICMPV6 has ICMP6_FILTER (ICMPv6 sockets only); the rest is IPv6's.
 */
export function rawv6_setsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: i32): i32 {
  ktrace("rawv6_setsockopt");
  const sk = raw_sk(sock.sk);
  if (level == IPPROTO_ICMPV6) {
    if (sk.inet_num != IPPROTO_ICMPV6) return -E.EOPNOTSUPP;
    if (optname != ICMPV6_FILTER) return -E.ENOPROTOOPT;
    // rawv6_seticmpfilter(): up to 32 bytes over the filter
    let n = optlen;
    if (n > <i32>ICMP6_FILTER_SIZE || n < 0) n = ICMP6_FILTER_SIZE;
    icmp6_filter_store(sk);
    if (copy_from_user(optbuf, optval, <u32>n)) return -E.EFAULT;
    sk.icmp6_filter0 = load<u64>(optbuf);
    sk.icmp6_filter1 = load<u64>(optbuf, 8);
    sk.icmp6_filter2 = load<u64>(optbuf, 16);
    sk.icmp6_filter3 = load<u64>(optbuf, 24);
    return 0;
  }
  if (level != net.SOL_RAW && !(level == IPPROTO_IPV6 && (optname == IPV6_CHECKSUM || optname == IPV6_HDRINCL))) {
    return inet6_setsockopt(sock, level, optname, optval, optlen);
  }
  // do_rawv6_setsockopt()
  if (optlen < 4) return -E.EINVAL;
  if (copy_from_user(optbuf, optval, 4)) return -E.EFAULT;
  const val = load<i32>(optbuf);
  switch (optname) {
    case IPV6_HDRINCL:
      sk.hdrincl = val ? 1 : 0;
      return 0;
    case IPV6_CHECKSUM:
      if (sk.inet_num == IPPROTO_ICMPV6 && level == IPPROTO_IPV6) return -E.EINVAL;
      if (val > 0 && (val & 1)) return -E.EINVAL; // an odd offset
      if (val < 0) {
        sk.checksum = 0;
      } else {
        sk.checksum = 1;
        sk.offset = val;
      }
      return 0;
  }
  return -E.ENOPROTOOPT;
}

function icmp6_filter_store(sk: RawSock): void {
  store<u64>(optbuf, sk.icmp6_filter0);
  store<u64>(optbuf, sk.icmp6_filter1, 8);
  store<u64>(optbuf, sk.icmp6_filter2, 16);
  store<u64>(optbuf, sk.icmp6_filter3, 24);
}

/** rawv6_getsockopt() */
export function rawv6_getsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: u32): i32 {
  ktrace("rawv6_getsockopt");
  const sk = raw_sk(sock.sk);
  let val = 0;
  let max: i32 = 4;
  if (level == IPPROTO_ICMPV6) {
    if (sk.inet_num != IPPROTO_ICMPV6) return -E.EOPNOTSUPP;
    if (optname != ICMPV6_FILTER) return -E.ENOPROTOOPT;
    icmp6_filter_store(sk);
    max = ICMP6_FILTER_SIZE;
  } else if (level == net.SOL_RAW || (level == IPPROTO_IPV6 && (optname == IPV6_CHECKSUM || optname == IPV6_HDRINCL))) {
    // do_rawv6_getsockopt()
    switch (optname) {
      case IPV6_HDRINCL: val = sk.hdrincl; break;
      case IPV6_CHECKSUM: val = sk.checksum ? sk.offset : -1; break;
      default: return -E.ENOPROTOOPT;
    }
    store<i32>(optbuf, val);
  } else {
    return inet6_getsockopt(sock, level, optname, optval, optlen);
  }
  if (get_user(lenbuf, optlen)) return -E.EFAULT;
  let len = load<i32>(lenbuf);
  if (len < 0) return -E.EINVAL;
  if (len > max) len = max;
  if (put_user(<u32>len, optlen)) return -E.EFAULT;
  return copy_to_user(optval, optbuf, <u32>len) ? -E.EFAULT : 0;
}

/** rawv6_prot */
export const rawv6_prot = new Proto();
rawv6_prot.protocol = 0;
rawv6_prot.close = raw_close;
rawv6_prot.connect = ip6_datagram_connect;
rawv6_prot.disconnect = raw_disconnect;
rawv6_prot.get_port = rawv6_get_port;
rawv6_prot.shutdown = rawv6_shutdown;

function rawv6_get_port(sk: Sock, snum: i32): i32 {
  return 0;
}

function rawv6_shutdown(sk: Sock, how: i32): void {}

// UDP over IPv6 (net/ipv6/udp.c): the address handling of an AF_INET6 UDP socket around
// the one UDP engine of net/ipv4/udp.ts (udp_send, __udp_lib_rcv, __udp_recvmsg). A
// v4-mapped destination, or an AF_INET one, goes to udp_sendmsg and leaves as IPv4.
import { ktrace } from "../../kernel/trace";
import { Socket } from "../net";
import { Msghdr } from "../core/msghdr";
import { SkBuff } from "../core/skbuff";
import { TCP_ESTABLISHED } from "../core/sock";
import { put_cmsg } from "../core/scm";
import { InetSock, Flowi, Proto, inet_sk, ipv6_only_sock } from "../ipv4/inet_sock";
import { inet_get_port } from "../ipv4/inet_hashtables";
import {
  udp_sendmsg, udp_send, udp_append_data, udp_lib_lookup, __udp_lib_rcv, __udp_recvmsg, udp_set_err,
  udp_close, udp_disconnect, udp_shutdown, UDPH_LEN,
} from "../ipv4/udp";
import { IPH_SADDR, IPH_DADDR } from "../ipv4/ip_output";
import { IPV6H_LEN, IPV6_MAXPLEN, IP6H_SADDR, IP6H_DADDR, ip6_route_output, ipv6_dev_get_saddr } from "./ip6_output";
import { icmpv6_send, icmpv6_err_convert, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH } from "./icmp";
import { ipv6_specific, ip6_flow_init } from "./inet6_connection_sock";
import { ip6_datagram_connect } from "./datagram";
import { SIN_FAMILY, SIN_PORT, SIN_ADDR, SOCKADDR_IN_SIZE, IPPROTO_UDP, INADDR_LOOPBACK_BE } from "../../uapi/in";
import {
  SIN6_FAMILY, SIN6_PORT, SIN6_FLOWINFO, SIN6_ADDR, SIN6_SCOPE_ID, SIN6_LEN_RFC2133, SOCKADDR_IN6_SIZE,
  IPPROTO_IPV6, IPV6_PKTINFO, IN6_PKTINFO_SIZE, ipv6_addr_any, ipv6_addr_v4mapped, v4mapped_1, v4mapped_addr,
} from "../../uapi/in6";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";

const tx = new Flowi();
const rx = new Flowi();
/** The sockaddr_in udpv6_sendmsg builds for a v4-mapped destination. */
const sin_buf = memory.data(16);

/** udpv6_sendmsg() */
export function udpv6_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 {
  ktrace("udpv6_sendmsg");
  const inet = inet_sk(sock.sk);
  let d0: u64 = 0, d1: u64 = 0, dport: u32 = 0;
  let have_daddr = false;
  const sin6 = msg.msg_name;
  if (sin6) {
    if (msg.msg_namelen < 2) return -E.EINVAL; // offsetof(struct sockaddr, sa_data)
    const family = <i32>load<u16>(sin6 + SIN6_FAMILY);
    if (family == net.AF_INET) {
      // do_udp_sendmsg
      return ipv6_only_sock(inet) ? -E.ENETUNREACH : udp_sendmsg(sock, msg, len);
    } else if (family == net.AF_INET6) {
      if (msg.msg_namelen < SIN6_LEN_RFC2133) return -E.EINVAL;
      d0 = load<u64>(sin6 + SIN6_ADDR);
      d1 = load<u64>(sin6 + SIN6_ADDR + 8);
      // :: from a socket whose source is v4-mapped means 127.0.0.1
      if (ipv6_addr_any(d0, d1) && ipv6_addr_v4mapped(inet.v6_saddr0, inet.v6_saddr1)) d1 = v4mapped_1(INADDR_LOOPBACK_BE);
      dport = <u32>load<u16>(sin6 + SIN6_PORT);
      have_daddr = true;
    } else if (family != net.AF_UNSPEC) {
      return -E.EINVAL;
    }
  }
  // no address: the connected peer; unless frames are pending, whose first send fixed the
  // destination (daddr = NULL in Linux; d0:d1 stay ::, which is not v4-mapped)
  if (!have_daddr && !inet.pending) {
    if (inet.sk_state != TCP_ESTABLISHED) return -E.EDESTADDRREQ;
    d0 = inet.v6_daddr0;
    d1 = inet.v6_daddr1;
    dport = inet.inet_dport_be;
    msg.msg_name = 0;
  }
  if (ipv6_addr_v4mapped(d0, d1)) {
    // a v4-mapped destination: the datagram is IPv4 (udp_sendmsg with a sockaddr_in)
    if (ipv6_only_sock(inet)) return -E.ENETUNREACH;
    store<u16>(sin_buf + SIN_FAMILY, net.AF_INET);
    store<u16>(sin_buf + SIN_PORT, <u16>dport);
    store<u32>(sin_buf + SIN_ADDR, v4mapped_addr(d1));
    store<u64>(sin_buf + 8, 0);
    const saved_name = msg.msg_name, saved_len = msg.msg_namelen;
    msg.msg_name = sin_buf;
    msg.msg_namelen = SOCKADDR_IN_SIZE;
    const r = udp_sendmsg(sock, msg, len);
    msg.msg_name = saved_name;
    msg.msg_namelen = saved_len;
    return r;
  }
  if (msg.msg_flags & net.MSG_OOB) return -E.EOPNOTSUPP;
  const corkreq = inet.corkflag != 0 || (msg.msg_flags & net.MSG_MORE) != 0;
  if (inet.pending) {
    // frames pending: an IPv4 one goes on in udp_sendmsg (which ignores any address); an
    // IPv6 one takes the bytes whatever the address given now
    if (inet.pending == net.AF_INET) return udp_sendmsg(sock, msg, len);
    return udp_append_data(inet, msg, len, corkreq);
  }
  if (have_daddr && dport == 0) return -E.EINVAL;
  const rerr = ip6_route_output(d0, d1);
  if (rerr) return rerr;
  ip6_flow_init(inet, tx);
  tx.proto = IPPROTO_UDP;
  tx.daddr0 = d0;
  tx.daddr1 = d1;
  if (ipv6_addr_any(inet.v6_saddr0, inet.v6_saddr1)) ipv6_dev_get_saddr(tx);
  return udp_send(inet, msg, len, tx, dport, ipv6_specific, IPV6_MAXPLEN - UDPH_LEN, corkreq);
}

/** udpv6_rcv() -> __udp6_lib_rcv(): an IPv6 datagram; nobody there: ICMPv6 port unreachable. */
export function udpv6_rcv(skb: SkBuff): i32 {
  ktrace("udpv6_rcv");
  rx.family = net.AF_INET6;
  rx.saddr0 = load<u64>(skb.data + IP6H_SADDR);
  rx.saddr1 = load<u64>(skb.data + IP6H_SADDR + 8);
  rx.daddr0 = load<u64>(skb.data + IP6H_DADDR);
  rx.daddr1 = load<u64>(skb.data + IP6H_DADDR + 8);
  return __udp_lib_rcv(skb, IPV6H_LEN, rx, udp6_unreach);
}

function udp6_unreach(skb: SkBuff): void {
  icmpv6_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, 0);
}

/** __udp6_lib_err(): an ICMPv6 error about a datagram we sent (inner: its IPv6 header). */
export function udpv6_err(skb: SkBuff, type: u32, code: u32, inner: usize): void {
  const uh = inner + IPV6H_LEN;
  rx.family = net.AF_INET6;
  rx.saddr0 = load<u64>(inner + IP6H_DADDR);
  rx.saddr1 = load<u64>(inner + IP6H_DADDR + 8);
  rx.daddr0 = load<u64>(inner + IP6H_SADDR);
  rx.daddr1 = load<u64>(inner + IP6H_SADDR + 8);
  const sk = udp_lib_lookup(rx, <u32>load<u16>(uh, 2), <u32>load<u16>(uh));
  if (!sk) return;
  const harderr = type == ICMPV6_DEST_UNREACH && code == ICMPV6_PORT_UNREACH;
  udp_set_err(sk, harderr, icmpv6_err_convert(type, code));
}

const pktinfo = memory.data(IN6_PKTINFO_SIZE);

/**
 * The sender as a sockaddr_in6 (udpv6_recvmsg): an IPv4 datagram's sender is v4-mapped;
 * with IPV6_RECVPKTINFO, the address it was sent to and lo's ifindex
 * (ip6_datagram_recv_ctl).
 */
function udp6_name(inet: InetSock, msg: Msghdr, skb: SkBuff): void {
  const v4 = (<u32>load<u8>(skb.data) >> 4) == 4;
  const uh = skb.data + skb.consumed - UDPH_LEN;
  const sin6 = msg.msg_name;
  if (sin6) {
    store<u16>(sin6 + SIN6_FAMILY, net.AF_INET6);
    store<u16>(sin6 + SIN6_PORT, load<u16>(uh));
    store<u32>(sin6 + SIN6_FLOWINFO, 0);
    if (v4) {
      store<u64>(sin6 + SIN6_ADDR, 0);
      store<u64>(sin6 + SIN6_ADDR + 8, v4mapped_1(load<u32>(skb.data + IPH_SADDR)));
    } else {
      store<u64>(sin6 + SIN6_ADDR, load<u64>(skb.data + IP6H_SADDR));
      store<u64>(sin6 + SIN6_ADDR + 8, load<u64>(skb.data + IP6H_SADDR + 8));
    }
    store<u32>(sin6 + SIN6_SCOPE_ID, 0);
    msg.msg_namelen = SOCKADDR_IN6_SIZE;
  }
  if (inet.rxpktinfo) {
    if (v4) {
      store<u64>(pktinfo, 0);
      store<u64>(pktinfo + 8, v4mapped_1(load<u32>(skb.data + IPH_DADDR)));
    } else {
      store<u64>(pktinfo, load<u64>(skb.data + IP6H_DADDR));
      store<u64>(pktinfo + 8, load<u64>(skb.data + IP6H_DADDR + 8));
    }
    store<i32>(pktinfo + 16, 1); // lo
    put_cmsg(msg, IPPROTO_IPV6, IPV6_PKTINFO, IN6_PKTINFO_SIZE, pktinfo);
  }
}

/** udpv6_recvmsg() */
export function udpv6_recvmsg(sock: Socket, msg: Msghdr, len: u32, flags: i32): i32 {
  ktrace("udpv6_recvmsg");
  return __udp_recvmsg(sock, msg, len, flags, udp6_name);
}

/** udpv6_prot: UDP's proto with ip6_datagram_connect. */
export const udpv6_prot = new Proto();
udpv6_prot.protocol = IPPROTO_UDP;
udpv6_prot.close = udp_close;
udpv6_prot.connect = ip6_datagram_connect;
udpv6_prot.disconnect = udp_disconnect;
udpv6_prot.get_port = inet_get_port;
udpv6_prot.shutdown = udp_shutdown;

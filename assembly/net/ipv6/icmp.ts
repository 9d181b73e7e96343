// ICMPv6 (net/ipv6/icmp.c, RFC 4443): the errors a loopback stack produces and consumes.
// icmpv6_send() answers a datagram nobody receives with "port unreachable"; icmpv6_rcv()
// checks the checksum and hands an error to the protocol of the packet it quotes
// (udpv6_err, tcp_v6_err), or answers an echo request.
import { ktrace } from "../../kernel/trace";
import { SkBuff, alloc_skb, kfree_skb } from "../core/skbuff";
import { Flowi } from "../ipv4/inet_sock";
import { csum_ipv6 } from "./ip6_checksum";
import { IPV6H_LEN, IPV6_MAXPLEN, IP6H_NEXTHDR, IP6H_SADDR, IP6H_DADDR, IP6H_VTF, ip6_xmit, sysctl_ipv6_hop_limit } from "./ip6_output";
import { IPPROTO_TCP, IPPROTO_UDP } from "../../uapi/in";
import { IPPROTO_ICMPV6 } from "../../uapi/in6";
import * as E from "../../uapi/errno";

// ICMPv6 types and codes (include/uapi/linux/icmpv6.h)
export const ICMPV6_DEST_UNREACH: u8 = 1;
export const ICMPV6_PKT_TOOBIG: u8 = 2;
export const ICMPV6_TIME_EXCEED: u8 = 3;
export const ICMPV6_PARAMPROB: u8 = 4;
export const ICMPV6_ECHO_REQUEST: u8 = 128;
export const ICMPV6_ECHO_REPLY: u8 = 129;
export const ICMPV6_NOROUTE: u8 = 0;
export const ICMPV6_ADM_PROHIBITED: u8 = 1;
export const ICMPV6_NOT_NEIGHBOUR: u8 = 2;
export const ICMPV6_ADDR_UNREACH: u8 = 3;
export const ICMPV6_PORT_UNREACH: u8 = 4;
/** struct icmp6hdr: type, code, checksum, 4 bytes of data */
export const ICMP6H_LEN: u32 = 8;
/** IPV6_MIN_MTU: an error quotes as much of the packet as fits in 1280 bytes (RFC 4443 2.4(c)). */
const IPV6_MIN_MTU: u32 = 1280;

/** icmpv6_err_convert(): the errno a DEST_UNREACH code means (tab_unreach[]). */
export function icmpv6_err_convert(type: u32, code: u32): i32 {
  if (type == ICMPV6_DEST_UNREACH) {
    switch (code) {
      case 0: return E.ENETUNREACH;
      case 1: return E.EACCES;
      case 2: return E.EHOSTUNREACH;
      case 3: return E.EHOSTUNREACH;
      case 4: return E.ECONNREFUSED;
      case 5: return E.EACCES;
      case 6: return E.EACCES;
    }
    return E.EPROTO;
  }
  if (type == ICMPV6_PKT_TOOBIG) return E.EMSGSIZE;
  if (type == ICMPV6_PARAMPROB) return E.EPROTO;
  if (type == ICMPV6_TIME_EXCEED) return E.EHOSTUNREACH;
  return E.EPROTO;
}

/** Error handlers (inet6_protocol.err_handler): (skb, type, code, quoted IPv6 header). */
let udpv6_err_handler: (skb: SkBuff, type: u32, code: u32, inner: usize) => void = no_err;
let tcpv6_err_handler: (skb: SkBuff, type: u32, code: u32, inner: usize) => void = no_err;
function no_err(skb: SkBuff, type: u32, code: u32, inner: usize): void {}
export function icmpv6_set_err_handler(protocol: i32, fn: (skb: SkBuff, type: u32, code: u32, inner: usize) => void): void {
  if (protocol == IPPROTO_UDP) udpv6_err_handler = fn;
  else if (protocol == IPPROTO_TCP) tcpv6_err_handler = fn;
}

const fl = new Flowi();

/** Send an ICMPv6 message of body_len bytes (header included) at body to the sender of iph. */
function icmpv6_xmit(iph: usize, type: u8, code: u8, info: u32, body: usize, body_len: u32, tclass: u32): void {
  const skb = alloc_skb(IPV6H_LEN + ICMP6H_LEN + body_len);
  skb.len = IPV6H_LEN + ICMP6H_LEN + body_len;
  const icmph = skb.data + IPV6H_LEN;
  store<u8>(icmph, type);
  store<u8>(icmph, code, 1);
  store<u16>(icmph, 0, 2);
  store<u32>(icmph, bswap<u32>(info), 4);
  memory.copy(icmph + ICMP6H_LEN, body, body_len);
  fl.family = 10;
  fl.proto = IPPROTO_ICMPV6;
  // the reply goes from the address the packet was sent to, back to its source
  fl.saddr0 = load<u64>(iph + IP6H_DADDR);
  fl.saddr1 = load<u64>(iph + IP6H_DADDR + 8);
  fl.daddr0 = load<u64>(iph + IP6H_SADDR);
  fl.daddr1 = load<u64>(iph + IP6H_SADDR + 8);
  fl.ttl = sysctl_ipv6_hop_limit;
  fl.tos = tclass;
  fl.flowlabel_be = 0;
  store<u16>(icmph, csum_ipv6(fl.saddr0, fl.saddr1, fl.daddr0, fl.daddr1, IPPROTO_ICMPV6, icmph, ICMP6H_LEN + body_len), 2);
  ip6_xmit(skb, fl);
}

/**
 * icmp6_send(): an ICMPv6 error about skb_in (which the caller still owns), quoting as
 * much of it as fits in the minimum MTU. Never an error about an ICMPv6 error (RFC 4443
 * 2.4(e.1)) nor about a packet sent to a multicast address.
 */
export function icmpv6_send(skb_in: SkBuff, type: u8, code: u8, info: u32): void {
  ktrace("icmpv6_send");
  const iph = skb_in.data;
  if (load<u8>(iph + IP6H_DADDR) == 0xff) return;
  if (load<u8>(iph + IP6H_NEXTHDR) == IPPROTO_ICMPV6 && skb_in.len >= IPV6H_LEN + 1) {
    const itype = load<u8>(iph + IPV6H_LEN);
    if (itype < 128) return; // an error message (types 0..127)
  }
  const quoted = min(skb_in.len, IPV6_MIN_MTU - IPV6H_LEN - ICMP6H_LEN);
  icmpv6_xmit(iph, type, code, info, iph, quoted, 0);
}

/** icmpv6_rcv(): verify the checksum; errors go to the quoted protocol; echo is answered. */
export function icmpv6_rcv(skb: SkBuff): i32 {
  ktrace("icmpv6_rcv");
  const iph = skb.data;
  const icmph = iph + IPV6H_LEN;
  const len = skb.len - IPV6H_LEN;
  if (len < ICMP6H_LEN || csum_ipv6(load<u64>(iph + IP6H_SADDR), load<u64>(iph + IP6H_SADDR + 8),
    load<u64>(iph + IP6H_DADDR), load<u64>(iph + IP6H_DADDR + 8), IPPROTO_ICMPV6, icmph, len) != 0) {
    kfree_skb(skb);
    return 0;
  }
  const type = <u32>load<u8>(icmph);
  const code = <u32>load<u8>(icmph, 1);
  if (type == ICMPV6_ECHO_REQUEST) {
    // icmpv6_echo_reply(): the same identifier, sequence and data, the request's traffic class
    const tclass = (bswap<u32>(load<u32>(iph + IP6H_VTF)) >> 20) & 0xff;
    if (len - ICMP6H_LEN <= IPV6_MAXPLEN - ICMP6H_LEN) icmpv6_xmit(iph, ICMPV6_ECHO_REPLY, 0, bswap<u32>(load<u32>(icmph, 4)), icmph + ICMP6H_LEN, len - ICMP6H_LEN, tclass);
  } else if (type < 128 && len >= ICMP6H_LEN + IPV6H_LEN + 8) {
    // icmpv6_notify(): the quoted packet's header names the protocol
    const inner = icmph + ICMP6H_LEN;
    if ((<u32>load<u8>(inner + IP6H_VTF) >> 4) == 6) {
      const proto = load<u8>(inner + IP6H_NEXTHDR);
      if (proto == IPPROTO_UDP) udpv6_err_handler(skb, type, code, inner);
      else if (proto == IPPROTO_TCP) tcpv6_err_handler(skb, type, code, inner);
    }
  }
  kfree_skb(skb);
  return 0;
}

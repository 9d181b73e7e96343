// ICMP (net/ipv4/icmp.c, RFC 792): the errors a loopback stack produces and consumes, and
// the answer to an echo request (ping).
// icmp_send() answers a datagram nobody receives with "port unreachable"; icmp_rcv()
// hands an error to the protocol of the datagram it quotes (udp_err, tcp_v4_err).
import { ktrace } from "../../kernel/trace";
import { SkBuff, kfree_skb } from "../core/skbuff";
import { csum_fold, csum_partial } from "../../include/net/checksum";
import { IPH_LEN, IPH_TOS, IPH_PROTOCOL, IPH_SADDR, IPH_DADDR, ip_alloc_skb, ip_queue_xmit } from "./ip_output";
import { ip_hdrlen } from "./ip_input";
import { sysctl_ip_default_ttl } from "./inet_sock";
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, ipv4_is_multicast } from "../../uapi/in";
import * as E from "../../uapi/errno";

export const ICMP_ECHOREPLY: u8 = 0;
export const ICMP_DEST_UNREACH: u8 = 3;
export const ICMP_ECHO: u8 = 8;
export const ICMP_NET_UNREACH: u8 = 0;
export const ICMP_HOST_UNREACH: u8 = 1;
export const ICMP_PROT_UNREACH: u8 = 2;
export const ICMP_PORT_UNREACH: u8 = 3;
export const ICMP_FRAG_NEEDED: u8 = 4;
/** struct icmphdr: type, code, checksum, 4 bytes of rest */
export const ICMPH_LEN: u32 = 8;
/** An error quotes as much of the datagram as fits in 576 bytes (RFC 1812 4.3.2.3). */
const ICMP_ERR_ROOM: u32 = 576 - IPH_LEN - ICMPH_LEN;
const IPTOS_PREC_INTERNETCONTROL: u32 = 0xc0;

/** icmp_err_convert[]: the errno a DEST_UNREACH code means, and whether it is fatal. */
export function icmp_err_convert(code: u32): i32 {
  switch (code) {
    case 0: return E.ENETUNREACH;
    case 1: return E.EHOSTUNREACH;
    case 2: return E.ENOPROTOOPT;
    case 3: return E.ECONNREFUSED;
    case 4: return E.EMSGSIZE;
    case 5: return E.EOPNOTSUPP;
  }
  return E.EHOSTUNREACH;
}

/** Error handlers (net_protocol.err_handler): (skb, info, quoted header offset). */
let udp_err_handler: (skb: SkBuff, type: u32, code: u32, inner: usize) => void = no_err;
let tcp_err_handler: (skb: SkBuff, type: u32, code: u32, inner: usize) => void = no_err;
function no_err(skb: SkBuff, type: u32, code: u32, inner: usize): void {}
export function icmp_set_err_handler(protocol: i32, fn: (skb: SkBuff, type: u32, code: u32, inner: usize) => void): void {
  if (protocol == IPPROTO_UDP) udp_err_handler = fn;
  else if (protocol == IPPROTO_TCP) tcp_err_handler = fn;
}

/** __icmp_send(): an ICMP error about skb_in (which the caller still owns). */
export function icmp_send(skb_in: SkBuff, type: u8, code: u8): void {
  ktrace("icmp_send");
  const iph = skb_in.data;
  const daddr = load<u32>(iph + IPH_DADDR);
  // never an error about an ICMP error, nor to/from a broadcast address
  if (daddr == 0xffffffff) return;
  if (load<u8>(iph + IPH_PROTOCOL) == IPPROTO_ICMP) {
    const itype = load<u8>(iph + ip_hdrlen(skb_in));
    if (itype != 0 && itype != 8 && itype != 13 && itype != 15 && itype != 17) return;
  }
  const quoted = min(skb_in.len, ICMP_ERR_ROOM);
  const skb = ip_alloc_skb(ICMPH_LEN + quoted);
  const icmph = skb.data + IPH_LEN;
  store<u8>(icmph, type);
  store<u8>(icmph, code, 1);
  store<u16>(icmph, 0, 2);
  store<u32>(icmph, 0, 4);
  memory.copy(icmph + ICMPH_LEN, iph, quoted);
  store<u16>(icmph, csum_fold(csum_partial(icmph, ICMPH_LEN + quoted, 0)), 2);
  const tos = (<u32>load<u8>(iph + IPH_TOS) & 0x1e) | IPTOS_PREC_INTERNETCONTROL;
  ip_queue_xmit(skb, daddr, load<u32>(iph + IPH_SADDR), IPPROTO_ICMP, sysctl_ip_default_ttl, tos, false);
}

/**
 * icmp_echo() -> icmp_reply(): an echo reply with the request's identifier, sequence and
 * data, from the address the request was sent to, with its TOS (net.ipv4.icmp_echo_ignore_all
 * is 0). The ICMP socket does no path MTU discovery: no DF. A request to the broadcast or a
 * multicast address is ignored (icmp_echo_ignore_broadcasts).
 */
function icmp_echo(skb: SkBuff, icmph: usize, len: u32): void {
  ktrace("icmp_echo");
  const iph = skb.data;
  const daddr = load<u32>(iph + IPH_DADDR);
  if (daddr == 0xffffffff || ipv4_is_multicast(daddr)) return;
  const reply = ip_alloc_skb(len);
  const rh = reply.data + IPH_LEN;
  memory.copy(rh, icmph, len);
  store<u8>(rh, ICMP_ECHOREPLY);
  store<u8>(rh, 0, 1);
  store<u16>(rh, 0, 2);
  store<u16>(rh, csum_fold(csum_partial(rh, len, 0)), 2);
  ip_queue_xmit(reply, daddr, load<u32>(iph + IPH_SADDR), IPPROTO_ICMP, sysctl_ip_default_ttl, <u32>load<u8>(iph + IPH_TOS), false);
}

/** icmp_rcv(): verify the checksum; answer an echo request; hand DEST_UNREACH to the quoted protocol's err handler. */
export function icmp_rcv(skb: SkBuff): i32 {
  ktrace("icmp_rcv");
  const hl = ip_hdrlen(skb);
  const icmph = skb.data + hl;
  const len = skb.len - hl;
  if (len < ICMPH_LEN || csum_fold(csum_partial(icmph, len, 0)) != 0) {
    kfree_skb(skb);
    return 0;
  }
  const type = <u32>load<u8>(icmph);
  const code = <u32>load<u8>(icmph, 1);
  if (type == ICMP_ECHO) {
    icmp_echo(skb, icmph, len);
  } else if (type == ICMP_DEST_UNREACH && len >= ICMPH_LEN + 20 + 8) {
    const inner = icmph + ICMPH_LEN;
    const proto = load<u8>(inner + IPH_PROTOCOL);
    if (proto == IPPROTO_UDP) udp_err_handler(skb, type, code, inner);
    else if (proto == IPPROTO_TCP) tcp_err_handler(skb, type, code, inner);
  }
  kfree_skb(skb);
  return 0;
}

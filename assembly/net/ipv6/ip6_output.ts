// IPv6 output (net/ipv6/ip6_output.c, route.c reduced to the one route int80 has: ::1/128
// on lo). A transport protocol builds its packet in one skb with IPV6H_LEN bytes left in
// front; ip6_xmit() writes the fixed header (RFC 8200 3) and hands the packet to lo.
import { ktrace } from "../../kernel/trace";
import { SkBuff } from "../core/skbuff";
import { dev_queue_xmit, loopback_dev } from "../core/dev";
import { Flowi } from "../ipv4/inet_sock";
import { ipv6_addr_any, ipv6_addr_loopback, IN6ADDR_LOOPBACK_1 } from "../../uapi/in6";
import { ENETUNREACH, EMSGSIZE } from "../../uapi/errno";

/** sizeof(struct ipv6hdr): int80 sends no extension headers. */
export const IPV6H_LEN: u32 = 40;
/** Largest payload without a jumbogram (payload_len is 16 bits). */
export const IPV6_MAXPLEN: u32 = 65535;
/** net.ipv6.conf.all.hop_limit */
export const sysctl_ipv6_hop_limit: u32 = 64;

// struct ipv6hdr byte offsets (include/uapi/linux/ipv6.h)
export const IP6H_VTF = 0;          // version (4 bits), traffic class (8), flow label (20)
export const IP6H_PAYLOAD_LEN = 4;
export const IP6H_NEXTHDR = 6;
export const IP6H_HOP_LIMIT = 7;
export const IP6H_SADDR = 8;
export const IP6H_DADDR = 24;

/**
 * ip6_route_output(), reduced: ::1 (and ::, which means this host) is reached through lo.
 * Unlike Linux, which would try another interface, anything else is -ENETUNREACH: lo is
 * the only device.
 */
export function ip6_route_output(a0: u64, a1: u64): i32 {
  return ipv6_addr_loopback(a0, a1) || ipv6_addr_any(a0, a1) ? 0 : -ENETUNREACH;
}

/** ipv6_dev_get_saddr() on lo: the source for any destination is ::1. */
export function ipv6_dev_get_saddr(fl: Flowi): void {
  fl.saddr0 = 0;
  fl.saddr1 = IN6ADDR_LOOPBACK_1;
}

/**
 * ip6_xmit(): write the IPv6 header of skb from the flow (payload length from skb.len,
 * traffic class, flow label, next header, hop limit, addresses) and transmit it on lo.
 * A destination of :: is this host (::1), as ip6_datagram_connect and udpv6_sendmsg make it.
 */
export function ip6_xmit(skb: SkBuff, fl: Flowi): i32 {
  ktrace("ip6_xmit");
  const plen = skb.len - IPV6H_LEN;
  if (plen > IPV6_MAXPLEN) return -EMSGSIZE;
  const h = skb.data;
  const vtf: u32 = (6 << 28) | ((fl.tos & 0xff) << 20) | (bswap<u32>(fl.flowlabel_be) & 0xfffff);
  store<u32>(h + IP6H_VTF, bswap<u32>(vtf));
  store<u16>(h + IP6H_PAYLOAD_LEN, bswap<u16>(<u16>plen));
  store<u8>(h + IP6H_NEXTHDR, <u8>fl.proto);
  store<u8>(h + IP6H_HOP_LIMIT, <u8>fl.ttl);
  store<u64>(h + IP6H_SADDR, fl.saddr0);
  store<u64>(h + IP6H_SADDR + 8, fl.saddr1);
  const any = ipv6_addr_any(fl.daddr0, fl.daddr1);
  store<u64>(h + IP6H_DADDR, any ? 0 : fl.daddr0);
  store<u64>(h + IP6H_DADDR + 8, any ? IN6ADDR_LOOPBACK_1 : fl.daddr1);
  return dev_queue_xmit(skb, loopback_dev);
}

// IPv4 output (net/ipv4/ip_output.c, route.c reduced to the one route int80 has).
//
// A transport protocol builds its packet in one skb: skb.data[0..IPH_LEN) is left for the
// IPv4 header, then comes the TCP/UDP/ICMP header and payload; skb.len is the whole
// packet. ip_queue_xmit() writes the header (RFC 791) and hands the packet to the device.
import { ktrace } from "../../kernel/trace";
import { SkBuff, alloc_skb, kfree_skb } from "../core/skbuff";
import { dev_queue_xmit, loopback_dev, eth0_dev, NetDevice } from "../core/dev";
import { ip_fast_csum, csum_tcpudp, csum_tcpudp_nofold, csum_fold } from "../../include/net/checksum";
import { InetSock, InetAfOps, Flowi, ip_select_ttl, inet_register_af } from "./inet_sock";
import { AF_INET } from "../../uapi/net";
import { IP_PMTUDISC_WANT } from "../../uapi/in";
import { ipv4_is_loopback, INADDR_LOOPBACK_BE } from "../../uapi/in";
import { ENETUNREACH, EMSGSIZE, EINVAL } from "../../uapi/errno";

/** Length of the IPv4 header int80 sends (no options). */
export const IPH_LEN: u32 = 20;
/** Largest IPv4 packet (tot_len is 16 bits). */
export const IP_MAX_MTU: u32 = 65535;

// struct iphdr byte offsets (include/uapi/linux/ip.h)
export const IPH_VERSION_IHL = 0;
export const IPH_TOS = 1;
export const IPH_TOT_LEN = 2;
export const IPH_ID = 4;
export const IPH_FRAG_OFF = 6;
export const IPH_TTL = 8;
export const IPH_PROTOCOL = 9;
export const IPH_CHECK = 10;
export const IPH_SADDR = 12;
export const IPH_DADDR = 16;
export const IP_DF: u32 = 0x4000;

/**
 * The routing table (fib_lookup), as `ip route` would show it:
 *   local 127.0.0.0/8 dev lo, local <eth0's address> dev lo      (the local table)
 *   10.0.2.0/24 dev eth0 src 10.0.2.15, default via 10.0.2.2 dev eth0   (with eth0 only)
 * INADDR_ANY (meaning this host) and the limited broadcast go out on lo. Without eth0
 * anything else is unreachable: unlike Linux, whose table would come from the system's
 * configuration, int80 has no other interface then.
 */
export function ip_route_output_dev(daddr_be: u32): NetDevice | null {
  if (ipv4_is_loopback(daddr_be) || daddr_be == 0 || daddr_be == 0xffffffff) return loopback_dev;
  const eth = eth0_dev;
  if (!eth) return null;
  if (daddr_be == eth.ifa_local_be) return loopback_dev;
  return eth;
}

/**
 * ip_route_output_key(): 0 if daddr can be reached, else -ENETUNREACH; with a source
 * address, a loopback source cannot leave on another device (__mkroute_output: -EINVAL).
 */
export function ip_route_output(daddr_be: u32, saddr_be: u32 = 0): i32 {
  const dev = ip_route_output_dev(daddr_be);
  if (!dev) return -ENETUNREACH;
  if (saddr_be && ipv4_is_loopback(saddr_be) && dev != loopback_dev) return -EINVAL;
  return 0;
}

/** inet_select_addr(): the source address a route to daddr picks (lo's 127.0.0.1, eth0's 10.0.2.15). */
export function inet_select_addr(daddr_be: u32): u32 {
  const eth = eth0_dev;
  if (eth && !ipv4_is_loopback(daddr_be) && daddr_be != 0 && daddr_be != 0xffffffff) return eth.ifa_local_be;
  return INADDR_LOOPBACK_BE;
}

/** dst_metric_advmss(): the MSS for a route to daddr, at most `advmss` (the device's MTU less 40). */
export function ip_route_advmss(daddr_be: u32, advmss: u32): u32 {
  const dev = ip_route_output_dev(daddr_be);
  if (dev && dev != loopback_dev && dev.mtu - 40 < advmss) return dev.mtu - 40;
  return advmss;
}

/** The MTU of the route to daddr (IP_MAX_MTU on lo: its 65536 is more than an IPv4 packet holds). */
export function ip_route_mtu(daddr_be: u32): u32 {
  const dev = ip_route_output_dev(daddr_be);
  return dev && dev != loopback_dev ? dev.mtu : IP_MAX_MTU;
}

/** The address a packet to daddr is delivered to (0.0.0.0 means this host: 127.0.0.1). */
export function ip_route_daddr(daddr_be: u32): u32 {
  return daddr_be == 0 ? INADDR_LOOPBACK_BE : daddr_be;
}

/** An skb for a packet whose IPv4 payload (transport header and data) is `len` bytes. */
export function ip_alloc_skb(len: u32): SkBuff {
  const skb = alloc_skb(IPH_LEN + len);
  skb.len = IPH_LEN + len;
  return skb;
}

let ip_ident: u32 = 0;

/**
 * ip_queue_xmit() / ip_build_and_send_pkt(): write the IPv4 header of skb (tot_len from
 * skb.len, TTL, DF, protocol, header checksum) and transmit it on lo.
 */
export function ip_queue_xmit(skb: SkBuff, saddr_be: u32, daddr_be: u32, protocol: u32, ttl: u32, tos: u32, df: bool): i32 {
  ktrace("ip_queue_xmit");
  if (skb.len > IP_MAX_MTU) return -EMSGSIZE;
  const dev = ip_route_output_dev(daddr_be);
  if (!dev) { kfree_skb(skb); return -ENETUNREACH; }
  // unlike Linux, nothing is fragmented (ip_fragment): a packet larger than the device's
  // MTU is -EMSGSIZE (TCP's MSS follows the route, so only big datagrams meet this)
  if (skb.len > dev.mtu) { kfree_skb(skb); return -EMSGSIZE; }
  const iph = skb.data;
  store<u8>(iph + IPH_VERSION_IHL, 0x45);
  store<u8>(iph + IPH_TOS, <u8>tos);
  store<u16>(iph + IPH_TOT_LEN, bswap<u16>(<u16>skb.len));
  // ip_select_ident(): DF packets may carry any id; Linux uses a per-socket counter
  store<u16>(iph + IPH_ID, bswap<u16>(<u16>(ip_ident++)));
  store<u16>(iph + IPH_FRAG_OFF, bswap<u16>(<u16>(df ? IP_DF : 0)));
  store<u8>(iph + IPH_TTL, <u8>ttl);
  store<u8>(iph + IPH_PROTOCOL, <u8>protocol);
  store<u16>(iph + IPH_CHECK, 0);
  store<u32>(iph + IPH_SADDR, saddr_be);
  store<u32>(iph + IPH_DADDR, ip_route_daddr(daddr_be));
  store<u16>(iph + IPH_CHECK, ip_fast_csum(iph, 5));
  return dev_queue_xmit(skb, dev);
}

// ---- the IPv4 af_ops (ipv4_specific in net/ipv4/tcp_ipv4.c) ----

/** ip_queue_xmit() of a flow. */
function ipv4_queue_xmit(skb: SkBuff, fl: Flowi): i32 {
  return ip_queue_xmit(skb, fl.saddr_be, fl.daddr_be, fl.proto, fl.ttl, fl.tos, fl.df != 0);
}

/** The checksum of a TCP/UDP segment over the IPv4 pseudo-header (tcp_v4_check over the whole segment). */
function ipv4_send_check(fl: Flowi, th: usize, len: u32): u16 {
  return csum_tcpudp(fl.saddr_be, ip_route_daddr(fl.daddr_be), fl.proto, th, len);
}

/** __tcp_v4_send_check() / udp4_hwcsum(): th->check = ~tcp_v4_check(len, saddr, daddr, 0). */
function ipv4_send_check_partial(fl: Flowi, len: u32): u16 {
  return <u16>~<u32>csum_fold(csum_tcpudp_nofold(fl.saddr_be, ip_route_daddr(fl.daddr_be), len, fl.proto, 0));
}

/** The flow of a connected IPv4 socket (ip_queue_xmit's use of inet->inet_saddr and the route). */
export function ipv4_flow_init(sk: InetSock, fl: Flowi): void {
  fl.family = AF_INET;
  fl.saddr_be = sk.inet_saddr_be;
  fl.daddr_be = sk.inet_daddr_be;
  fl.ttl = ip_select_ttl(sk);
  fl.tos = <u32>sk.tos;
  fl.df = sk.pmtudisc >= IP_PMTUDISC_WANT ? 1 : 0;
}

export const ipv4_specific = new InetAfOps();
ipv4_specific.family = AF_INET;
ipv4_specific.net_header_len = IPH_LEN;
ipv4_specific.sockaddr_len = 16;
ipv4_specific.queue_xmit = ipv4_queue_xmit;
ipv4_specific.send_check = ipv4_send_check;
ipv4_specific.send_check_partial = ipv4_send_check_partial;
ipv4_specific.flow_init = ipv4_flow_init;
ipv4_specific.advmss = IP_MAX_MTU - 40;
ipv4_specific.mapped = ipv4_specific;
inet_register_af(ipv4_specific);

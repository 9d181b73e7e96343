// IPv4 input (net/ipv4/ip_input.c): ip_rcv checks the header, ip_local_deliver hands the
// packet to its protocol by the protocol field (the inet_protos table).
import { ktrace } from "../../kernel/trace";
import { SkBuff, kfree_skb } from "../core/skbuff";
import { NetDevice, loopback_dev } from "../core/dev";
import { ip_fast_csum } from "../../include/net/checksum";
import { IPH_VERSION_IHL, IPH_TOT_LEN, IPH_PROTOCOL, IPH_DADDR } from "./ip_output";
import { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP } from "../../uapi/in";

/** inet_protos[]: the handlers (net_protocol.handler) of the protocols int80 has. */
let tcp_protocol: (skb: SkBuff) => i32 = drop;
let udp_protocol: (skb: SkBuff) => i32 = drop;
let icmp_protocol: (skb: SkBuff) => i32 = drop;

/** raw_local_deliver() (net/ipv4/raw.ts), set by af_inet_init: raw sockets are not a protocol. */
let raw_deliver: (skb: SkBuff, protocol: i32) => void = no_raw;
function no_raw(skb: SkBuff, protocol: i32): void {}
export function inet_set_raw_deliver(fn: (skb: SkBuff, protocol: i32) => void): void {
  raw_deliver = fn;
}

/** inet_add_protocol() */
export function inet_add_protocol(handler: (skb: SkBuff) => i32, protocol: i32): void {
  if (protocol == IPPROTO_TCP) tcp_protocol = handler;
  else if (protocol == IPPROTO_UDP) udp_protocol = handler;
  else if (protocol == IPPROTO_ICMP) icmp_protocol = handler;
}

/** ip_hdrlen(): the header length in bytes (IHL * 4). */
// @ts-ignore: decorator
@inline export function ip_hdrlen(skb: SkBuff): u32 {
  return (<u32>load<u8>(skb.data + IPH_VERSION_IHL) & 0xf) << 2;
}

/**
 * ip_local_deliver_finish(): the raw sockets of the packet's protocol get a copy first
 * (raw_local_deliver), then the protocol's handler runs; an unknown protocol is dropped
 * (unlike Linux, no ICMP protocol unreachable when no raw socket took it).
 */
function ip_local_deliver(skb: SkBuff): i32 {
  ktrace("ip_local_deliver");
  const protocol = <i32>load<u8>(skb.data + IPH_PROTOCOL);
  raw_deliver(skb, protocol);
  switch (protocol) {
    case IPPROTO_TCP: return tcp_protocol(skb);
    case IPPROTO_UDP: return udp_protocol(skb);
    case IPPROTO_ICMP: return icmp_protocol(skb);
  }
  return drop(skb);
}

/**
 * ip_rcv() + ip_rcv_core(): drop what is not a well-formed IPv4 packet (RFC 1122 3.2.1):
 * version 4, IHL >= 5, a header checksum that verifies, tot_len within the packet.
 * Everything lo receives is for this host; from eth0 only what is addressed to eth0's
 * address is (this host does not forward: ip_route_input_noref finds no local route, and
 * with forwarding off the packet is dropped).
 */
export function ip_rcv(skb: SkBuff, dev: NetDevice): i32 {
  ktrace("ip_rcv");
  if (skb.len < 20) return drop(skb);
  const iph = skb.data;
  const vihl = <u32>load<u8>(iph + IPH_VERSION_IHL);
  const ihl = vihl & 0xf;
  if ((vihl >> 4) != 4 || ihl < 5 || (ihl << 2) > skb.len) return drop(skb);
  if (ip_fast_csum(iph, ihl) != 0) return drop(skb);
  const tot_len = <u32>bswap<u16>(load<u16>(iph + IPH_TOT_LEN));
  if (tot_len > skb.len || tot_len < (ihl << 2)) return drop(skb);
  skb.len = tot_len; // pskb_trim_rcsum()
  if (dev != loopback_dev && load<u32>(iph + IPH_DADDR) != dev.ifa_local_be) return drop(skb);
  return ip_local_deliver(skb);
}

function drop(skb: SkBuff): i32 {
  kfree_skb(skb);
  return 0;
}

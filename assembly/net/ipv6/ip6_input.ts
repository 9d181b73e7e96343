// IPv6 input (net/ipv6/ip6_input.c): ipv6_rcv checks the fixed header, ip6_input hands the
// packet to the protocol its next-header field names (the inet6_protos table).
import { ktrace } from "../../kernel/trace";
import { SkBuff, kfree_skb } from "../core/skbuff";
import { NetDevice } from "../core/dev";
import { ipv6_raw_deliver } from "./raw";
import { IPV6H_LEN, IP6H_VTF, IP6H_PAYLOAD_LEN, IP6H_NEXTHDR, IP6H_DADDR } from "./ip6_output";
import { IPPROTO_TCP, IPPROTO_UDP } from "../../uapi/in";
import { IPPROTO_ICMPV6 } from "../../uapi/in6";

/** inet6_protos[]: the handlers of the upper-layer protocols int80 has. */
let tcpv6_protocol: (skb: SkBuff) => i32 = drop;
let udpv6_protocol: (skb: SkBuff) => i32 = drop;
let icmpv6_protocol: (skb: SkBuff) => i32 = drop;

/** inet6_add_protocol() */
export function inet6_add_protocol(handler: (skb: SkBuff) => i32, protocol: i32): void {
  if (protocol == IPPROTO_TCP) tcpv6_protocol = handler;
  else if (protocol == IPPROTO_UDP) udpv6_protocol = handler;
  else if (protocol == IPPROTO_ICMPV6) icmpv6_protocol = handler;
}

/**
 * ip6_input_finish(): deliver by next header. Unlike Linux, extension headers are not
 * walked: a packet whose next header is not TCP, UDP or ICMPv6 is dropped (int80 never
 * sends one; a raw socket of that next header still gets its copy), without an ICMPv6
 * parameter problem.
 */
function ip6_input(skb: SkBuff): i32 {
  ktrace("ip6_input");
  const nexthdr = <i32>load<u8>(skb.data + IP6H_NEXTHDR);
  ipv6_raw_deliver(skb, nexthdr); // raw sockets of that protocol get a copy first
  switch (nexthdr) {
    case IPPROTO_TCP: return tcpv6_protocol(skb);
    case IPPROTO_UDP: return udpv6_protocol(skb);
    case IPPROTO_ICMPV6: return icmpv6_protocol(skb);
  }
  return drop(skb);
}

/**
 * ipv6_rcv() + ip6_rcv_core(): drop what is not a well-formed IPv6 packet: version 6, a
 * payload length within the packet (RFC 8200 3), a destination that is not multicast
 * ff00::/8 from lo's point of view is ours. The packet is trimmed to its payload length.
 */
export function ipv6_rcv(skb: SkBuff, dev: NetDevice): i32 {
  ktrace("ipv6_rcv");
  if (skb.len < IPV6H_LEN) return drop(skb);
  const h = skb.data;
  if ((<u32>load<u8>(h + IP6H_VTF) >> 4) != 6) return drop(skb);
  const plen = <u32>bswap<u16>(load<u16>(h + IP6H_PAYLOAD_LEN));
  if (plen + IPV6H_LEN > skb.len) return drop(skb);
  skb.len = plen + IPV6H_LEN; // pskb_trim_rcsum()
  // RFC 4291 2.5.3: a packet with destination ::1 that arrives on a real interface is
  // dropped; on lo it is ours, and so is everything else lo carries
  if (load<u8>(h + IP6H_DADDR) == 0xff) return drop(skb); // no multicast listeners here
  return ip6_input(skb);
}

function drop(skb: SkBuff): i32 {
  kfree_skb(skb);
  return 0;
}

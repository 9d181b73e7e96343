// The IPv6 address-family operations (net/ipv6/inet6_connection_sock.c inet6_csk_xmit,
// tcp_ipv6.c ipv6_specific / ipv6_mapped): how TCP and UDP send from an AF_INET6 socket.
// ipv6_mapped is what an AF_INET6 socket uses once its peer is v4-mapped: IPv4 on the
// wire, sockaddr_in6 to the user.
import { SkBuff } from "../core/skbuff";
import { InetSock, InetAfOps, Flowi, inet_register_af } from "../ipv4/inet_sock";
import { ipv4_specific, ipv4_flow_init } from "../ipv4/ip_output";
import { csum_ipv6, csum_ipv6_partial } from "./ip6_checksum";
import { IPV6H_LEN, ip6_xmit, sysctl_ipv6_hop_limit } from "./ip6_output";
import { SOCKADDR_IN6_SIZE } from "../../uapi/in6";
import { AF_INET, AF_INET6 } from "../../uapi/net";

/** ip6_dst_hoplimit() for a socket: IPV6_UNICAST_HOPS, or the interface's 64. */
export function ip6_sk_hoplimit(sk: InetSock): u32 {
  return sk.hop_limit < 0 ? sysctl_ipv6_hop_limit : <u32>sk.hop_limit;
}

/** The flow of an AF_INET6 socket (inet6_csk_route_socket): its addresses, hop limit, class. */
export function ip6_flow_init(sk: InetSock, fl: Flowi): void {
  fl.family = AF_INET6;
  fl.saddr0 = sk.v6_saddr0;
  fl.saddr1 = sk.v6_saddr1;
  fl.daddr0 = sk.v6_daddr0;
  fl.daddr1 = sk.v6_daddr1;
  fl.ttl = ip6_sk_hoplimit(sk);
  fl.tos = <u32>sk.tclass;
  fl.flowlabel_be = sk.flowinfo_be;
  fl.df = 0;
}

/** inet6_csk_xmit() -> ip6_xmit() */
function inet6_csk_xmit(skb: SkBuff, fl: Flowi): i32 {
  return ip6_xmit(skb, fl);
}

/** The checksum of a TCP/UDP segment over the IPv6 pseudo-header. */
function ipv6_send_check(fl: Flowi, th: usize, len: u32): u16 {
  return csum_ipv6(fl.saddr0, fl.saddr1, fl.daddr0, fl.daddr1, fl.proto, th, len);
}

/** __tcp_v6_send_check() / udp6_hwcsum_outgoing(): the CHECKSUM_PARTIAL check field. */
function ipv6_send_check_partial(fl: Flowi, len: u32): u16 {
  return csum_ipv6_partial(fl.saddr0, fl.saddr1, fl.daddr0, fl.daddr1, fl.proto, len);
}

export const ipv6_specific = new InetAfOps();
ipv6_specific.family = AF_INET6;
ipv6_specific.net_header_len = IPV6H_LEN;
ipv6_specific.sockaddr_len = SOCKADDR_IN6_SIZE;
ipv6_specific.queue_xmit = inet6_csk_xmit;
ipv6_specific.send_check = ipv6_send_check;
ipv6_specific.send_check_partial = ipv6_send_check_partial;
ipv6_specific.flow_init = ip6_flow_init;
ipv6_specific.advmss = 65536 - IPV6H_LEN - 20; // ipv6_default_advmss(): lo's MTU less the IPv6 and TCP headers

/** ipv6_mapped: an AF_INET6 socket talking IPv4 (tcp_v6_connect to ::ffff:a.b.c.d, or accepted from an IPv4 client). */
export const ipv6_mapped = new InetAfOps();
ipv6_mapped.family = AF_INET;
ipv6_mapped.net_header_len = ipv4_specific.net_header_len;
ipv6_mapped.sockaddr_len = SOCKADDR_IN6_SIZE;
ipv6_mapped.queue_xmit = ipv4_specific.queue_xmit;
ipv6_mapped.send_check = ipv4_specific.send_check;
ipv6_mapped.send_check_partial = ipv4_specific.send_check_partial;
ipv6_mapped.flow_init = ipv4_flow_init;
ipv6_mapped.advmss = ipv4_specific.advmss;
ipv6_mapped.mapped = ipv6_mapped;
ipv6_specific.mapped = ipv6_mapped;

export function inet6_register_af(): void {
  inet_register_af(ipv6_specific);
}

// connect() of an AF_INET6 datagram socket (net/ipv6/datagram.c).
import { ktrace } from "../../kernel/trace";
import { Sock, TCP_ESTABLISHED } from "../core/sock";
import { inet_sk, ipv6_only_sock, LOOPBACK4_IPV6 } from "../ipv4/inet_sock";
import { ip4_datagram_connect } from "../ipv4/udp";
import { ip6_route_output } from "./ip6_output";
import { SIN_FAMILY, SIN_PORT, SIN_ADDR, SOCKADDR_IN_SIZE, INADDR_LOOPBACK_BE } from "../../uapi/in";
import {
  SIN6_FAMILY, SIN6_PORT, SIN6_FLOWINFO, SIN6_ADDR, SIN6_LEN_RFC2133, IN6ADDR_LOOPBACK_1,
  ipv6_addr_any, ipv6_addr_v4mapped, v4mapped_1, v4mapped_addr,
} from "../../uapi/in6";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";

const sin_buf = memory.data(16);

/**
 * __ip6_datagram_connect(): an AF_INET peer, or a v4-mapped one, is connected the IPv4
 * way (__ip4_datagram_connect) and its addresses are kept v4-mapped; an IPv6 peer must be
 * reachable (::1, or :: meaning this host); the source becomes ::1 unless bound.
 */
export function ip6_datagram_connect(sk: Sock, uaddr: usize, addr_len: i32): i32 {
  ktrace("ip6_datagram_connect");
  const inet = inet_sk(sk);
  const family = <i32>load<u16>(uaddr + SIN6_FAMILY);
  let err: i32;
  if (family == net.AF_INET) {
    if (ipv6_only_sock(inet)) return -E.EAFNOSUPPORT;
    err = ip4_datagram_connect(sk, uaddr, addr_len);
  } else {
    if (addr_len < SIN6_LEN_RFC2133) return -E.EINVAL;
    if (family != net.AF_INET6) return -E.EAFNOSUPPORT;
    let d0 = load<u64>(uaddr + SIN6_ADDR), d1 = load<u64>(uaddr + SIN6_ADDR + 8);
    if (ipv6_addr_any(d0, d1)) {
      // connect to self: ::1, or 127.0.0.1 for a socket bound v4-mapped
      if (ipv6_addr_v4mapped(inet.v6_rcv_saddr0, inet.v6_rcv_saddr1)) d1 = v4mapped_1(INADDR_LOOPBACK_BE);
      else d1 = IN6ADDR_LOOPBACK_1;
    }
    if (!ipv6_addr_v4mapped(d0, d1)) {
      err = ip6_route_output(d0, d1);
      if (err) return err;
      // ip6_datagram_dst_update(): the source is ::1 unless the socket is bound
      if (ipv6_addr_any(inet.v6_saddr0, inet.v6_saddr1)) {
        inet.v6_saddr0 = 0;
        inet.v6_saddr1 = IN6ADDR_LOOPBACK_1;
      }
      if (ipv6_addr_any(inet.v6_rcv_saddr0, inet.v6_rcv_saddr1)) {
        inet.v6_rcv_saddr0 = inet.v6_saddr0;
        inet.v6_rcv_saddr1 = inet.v6_saddr1;
        inet.inet_rcv_saddr_be = LOOPBACK4_IPV6;
      }
      inet.v6_daddr0 = d0;
      inet.v6_daddr1 = d1;
      inet.flowinfo_be = load<u32>(uaddr + SIN6_FLOWINFO) & bswap<u32>(0xfffff);
      inet.inet_dport_be = <u32>load<u16>(uaddr + SIN6_PORT);
      inet.inet_daddr_be = LOOPBACK4_IPV6;
      inet.sk_state = TCP_ESTABLISHED;
      return 0;
    }
    if (ipv6_only_sock(inet)) return -E.ENETUNREACH;
    store<u16>(sin_buf + SIN_FAMILY, net.AF_INET);
    store<u16>(sin_buf + SIN_PORT, load<u16>(uaddr + SIN6_PORT));
    store<u32>(sin_buf + SIN_ADDR, v4mapped_addr(d1));
    store<u64>(sin_buf + 8, 0);
    err = ip4_datagram_connect(sk, sin_buf, SOCKADDR_IN_SIZE);
  }
  if (err) return err;
  // ipv4_connected: the IPv6 view of the IPv4 connection is v4-mapped
  inet.v6_daddr0 = 0;
  inet.v6_daddr1 = v4mapped_1(inet.inet_daddr_be);
  if (ipv6_addr_any(inet.v6_saddr0, inet.v6_saddr1) || ipv6_addr_v4mapped(inet.v6_saddr0, inet.v6_saddr1)) {
    inet.v6_saddr0 = 0;
    inet.v6_saddr1 = v4mapped_1(inet.inet_saddr_be);
  }
  if (ipv6_addr_any(inet.v6_rcv_saddr0, inet.v6_rcv_saddr1) || ipv6_addr_v4mapped(inet.v6_rcv_saddr0, inet.v6_rcv_saddr1)) {
    inet.v6_rcv_saddr0 = 0;
    inet.v6_rcv_saddr1 = v4mapped_1(inet.inet_rcv_saddr_be);
  }
  return 0;
}

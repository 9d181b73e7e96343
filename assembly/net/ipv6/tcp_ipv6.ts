// TCP over IPv6 (net/ipv6/tcp_ipv6.c): the IPv6 entry points around the one TCP engine.
// tcp_v6_rcv() reads the IPv6 header into TCP_SKB_CB and hands the segment to the engine
// (tcp_rcv_skb: checksum, lookup, state machine); tcp_v6_connect() picks the addresses and
// starts the handshake, or for a v4-mapped peer switches the socket to ipv6_mapped and
// connects the IPv4 way (tcp_v4_connect), as Linux does.
import { ktrace } from "../../kernel/trace";
import { SkBuff } from "../core/skbuff";
import { Sock } from "../core/sock";
import { Proto, ipv6_only_sock, LOOPBACK4_IPV6 } from "../ipv4/inet_sock";
import { inet_get_port } from "../ipv4/inet_hashtables";
import { tcp_sk, tcp_close, tcp_disconnect, tcp_shutdown } from "../ipv4/tcp";
import { tcp_cb, tcp_rcv_skb, tcp_v4_connect, tcp_connect_start } from "../ipv4/tcp_ipv4";
import { IPV6H_LEN, IP6H_SADDR, IP6H_DADDR, ip6_route_output } from "./ip6_output";
import { ipv6_specific, ipv6_mapped } from "./inet6_connection_sock";
import { SIN_FAMILY, SIN_PORT, SIN_ADDR, SOCKADDR_IN_SIZE, IPPROTO_TCP, INADDR_LOOPBACK_BE } from "../../uapi/in";
import {
  SIN6_FAMILY, SIN6_PORT, SIN6_FLOWINFO, SIN6_ADDR, SIN6_LEN_RFC2133, IN6ADDR_LOOPBACK_1,
  ipv6_addr_any, ipv6_addr_v4mapped, ipv6_addr_is_multicast, v4mapped_1, v4mapped_addr,
} from "../../uapi/in6";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";

/** The MSS an AF_INET6 socket advertises (ipv6_default_advmss on lo). */
export const TCP_V6_ADVMSS: u32 = 65536 - 40 - 20;

/** tcp_v6_rcv(): the addresses of the IPv6 header, then the engine. */
export function tcp_v6_rcv(skb: SkBuff): i32 {
  ktrace("tcp_v6_rcv");
  const c = tcp_cb;
  c.family = net.AF_INET6;
  c.saddr0 = load<u64>(skb.data + IP6H_SADDR);
  c.saddr1 = load<u64>(skb.data + IP6H_SADDR + 8);
  c.daddr0 = load<u64>(skb.data + IP6H_DADDR);
  c.daddr1 = load<u64>(skb.data + IP6H_DADDR + 8);
  return tcp_rcv_skb(skb, IPV6H_LEN);
}

const sin_buf = memory.data(16);

/** tcp_v6_connect() */
function tcp_v6_connect(sk: Sock, uaddr: usize, addr_len: i32): i32 {
  ktrace("tcp_v6_connect");
  const tp = tcp_sk(sk);
  if (addr_len < SIN6_LEN_RFC2133) return -E.EINVAL;
  if (<i32>load<u16>(uaddr + SIN6_FAMILY) != net.AF_INET6) return -E.EAFNOSUPPORT;
  let d0 = load<u64>(uaddr + SIN6_ADDR), d1 = load<u64>(uaddr + SIN6_ADDR + 8);
  if (ipv6_addr_any(d0, d1)) {
    // connect to :: means this host
    if (ipv6_addr_v4mapped(tp.v6_rcv_saddr0, tp.v6_rcv_saddr1)) d1 = v4mapped_1(INADDR_LOOPBACK_BE);
    else d1 = IN6ADDR_LOOPBACK_1;
  }
  if (ipv6_addr_is_multicast(d0)) return -E.ENETUNREACH;
  if (ipv6_addr_v4mapped(d0, d1)) {
    // TCP over IPv4 from an IPv6 socket
    if (ipv6_only_sock(tp)) return -E.ENETUNREACH;
    store<u16>(sin_buf + SIN_FAMILY, net.AF_INET);
    store<u16>(sin_buf + SIN_PORT, load<u16>(uaddr + SIN6_PORT));
    store<u32>(sin_buf + SIN_ADDR, v4mapped_addr(d1));
    store<u64>(sin_buf + 8, 0);
    tp.af_ops = ipv6_mapped;
    const err = tcp_v4_connect(tp, sin_buf, SOCKADDR_IN_SIZE);
    if (err) {
      tp.af_ops = ipv6_specific;
      return err;
    }
    tp.v6_daddr0 = 0;
    tp.v6_daddr1 = v4mapped_1(tp.inet_daddr_be);
    tp.v6_saddr0 = 0;
    tp.v6_saddr1 = v4mapped_1(tp.inet_saddr_be);
    tp.v6_rcv_saddr0 = 0;
    tp.v6_rcv_saddr1 = v4mapped_1(tp.inet_rcv_saddr_be);
    return 0;
  }
  const err = ip6_route_output(d0, d1);
  if (err) return err;
  tp.af_ops = ipv6_specific;
  // the source: the bound address, else the route's (lo: ::1)
  if (ipv6_addr_any(tp.v6_rcv_saddr0, tp.v6_rcv_saddr1)) {
    tp.v6_rcv_saddr0 = 0;
    tp.v6_rcv_saddr1 = IN6ADDR_LOOPBACK_1;
  }
  tp.v6_saddr0 = tp.v6_rcv_saddr0;
  tp.v6_saddr1 = tp.v6_rcv_saddr1;
  tp.inet_rcv_saddr_be = LOOPBACK4_IPV6;
  tp.inet_saddr_be = LOOPBACK4_IPV6;
  tp.v6_daddr0 = d0;
  tp.v6_daddr1 = d1;
  tp.inet_daddr_be = LOOPBACK4_IPV6;
  tp.flowinfo_be = load<u32>(uaddr + SIN6_FLOWINFO) & bswap<u32>(0xfffff);
  tp.inet_dport_be = <u32>load<u16>(uaddr + SIN6_PORT);
  tp.advmss = TCP_V6_ADVMSS;
  const r = tcp_connect_start(tp);
  if (r) {
    tp.v6_daddr0 = 0;
    tp.v6_daddr1 = 0;
  }
  return r;
}

/** tcpv6_prot: tcp_prot with tcp_v6_connect. */
export const tcpv6_prot = new Proto();
tcpv6_prot.protocol = IPPROTO_TCP;
tcpv6_prot.close = tcp_close;
tcpv6_prot.connect = tcp_v6_connect;
tcpv6_prot.disconnect = tcp_disconnect;
tcpv6_prot.get_port = inet_get_port;
tcpv6_prot.shutdown = tcp_shutdown;

// The AF_INET6 family (net/ipv6/af_inet6.c): socket(2) picks TCP, UDP or raw from inetsw6;
// bind (inet6_bind) and getname (inet6_getname) speak sockaddr_in6; the rest are the
// generic inet_* operations of net/ipv4/af_inet.ts, over the same TCP and UDP engines,
// which reach IPv6 through the socket's af_ops (ipv6_specific, or ipv6_mapped for an
// IPv4 peer). Dual stack as Linux: IPV6_V6ONLY is 0 by default (net.ipv6.bindv6only), so
// a socket bound to :: also receives IPv4, whose addresses it sees v4-mapped.
import { ktrace } from "../../kernel/trace";
import { Socket, ProtoOps, NetProtoFamily } from "../net";
import { sk_alloc, sock_init_data, TCP_CLOSE } from "../core/sock";
import { dev_add_pack, ETH_P_IPV6 } from "../core/dev";
import { sock_register } from "../socket";
import { InetSock, Proto, inet_sk, SOCK_BINDADDR_LOCK, SOCK_BINDPORT_LOCK, LOOPBACK4_IPV6 } from "../ipv4/inet_sock";
import {
  inet_addr_valid, inet_release, inet_stream_connect, inet_dgram_connect, inet_accept, inet_listen,
  inet_shutdown, inet_ioctl,
} from "../ipv4/af_inet";
import { udp_poll } from "../ipv4/udp";
import { TcpSock, tcp_sk, tcp_init_sock, tcp_sendmsg, tcp_recvmsg, tcp_poll } from "../ipv4/tcp";
import { ipv6_rcv, inet6_add_protocol } from "./ip6_input";
import { icmpv6_rcv, icmpv6_set_err_handler } from "./icmp";
import { udpv6_prot, udpv6_sendmsg, udpv6_recvmsg, udpv6_rcv, udpv6_err } from "./udp";
import { tcpv6_prot, tcp_v6_rcv, TCP_V6_ADVMSS } from "./tcp_ipv6";
import { RawSock, raw_sk, raw_init_sock } from "../ipv4/raw";
import { rawv6_prot, rawv6_init_sk, rawv6_bind, rawv6_sendmsg, rawv6_recvmsg, rawv6_setsockopt, rawv6_getsockopt } from "./raw";
import { ipv6_specific, inet6_register_af } from "./inet6_connection_sock";
import { inet6_setsockopt, inet6_getsockopt } from "./ipv6_sockglue";
import { IPPROTO_IP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_MAX, IP_PMTUDISC_WANT, ntohs } from "../../uapi/in";
import {
  SIN6_FAMILY, SIN6_PORT, SIN6_FLOWINFO, SIN6_ADDR, SIN6_SCOPE_ID, SIN6_LEN_RFC2133, SOCKADDR_IN6_SIZE,
  IPPROTO_ICMPV6, ipv6_addr_any, ipv6_addr_loopback, ipv6_addr_v4mapped, ipv6_addr_is_multicast, v4mapped_addr,
} from "../../uapi/in6";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";

/** net.ipv6.bindv6only */
export const sysctl_bindv6only = 0;

/** struct inet_protosw: one row of inetsw6[] */
@unmanaged class Inet6Protosw {
  type: i32;
  protocol: i32;
  prot!: Proto;
  ops!: ProtoOps;
  obj_size: i32;
}

/** inet6_create(): as inet_create, with the ipv6_pinfo defaults. */
function inet6_create(sock: Socket, protocol: i32, kern: i32): i32 {
  ktrace("inet6_create");
  if (protocol < 0 || protocol >= IPPROTO_MAX) return -E.EINVAL;
  sock.state = net.SS_UNCONNECTED;
  // inet6_create's lookup, as inet_create's (net/ipv4/af_inet.ts)
  let answer: Inet6Protosw | null = null;
  let err = -E.ESOCKTNOSUPPORT;
  for (let i = 0; i < inetsw6.length; i++) {
    const a = unchecked(inetsw6[i]);
    if (a.type != sock.type) continue;
    err = 0;
    if (protocol == a.protocol) {
      if (protocol != IPPROTO_IP) { answer = a; break; }
    } else {
      if (protocol == IPPROTO_IP) { protocol = a.protocol; answer = a; break; }
      if (a.protocol == IPPROTO_IP) { answer = a; break; }
    }
    err = -E.EPROTONOSUPPORT;
  }
  if (!answer) return err;
  // the ping row (SOCK_DGRAM, IPPROTO_ICMPV6): ping_init_sock() refuses every group with
  // net.ipv4.ping_group_range at its default "1 0"
  if (answer.protocol == IPPROTO_ICMPV6) return -E.EACCES;
  sock.ops = answer.ops;
  const np = changetype<InetSock>(sk_alloc(net.AF_INET6, <usize>answer.obj_size));
  sock_init_data(sock, np);
  np.sk_protocol = protocol;
  np.sk_prot = answer.prot;
  np.uc_ttl = -1;
  np.pmtudisc = IP_PMTUDISC_WANT;
  np.af_ops = ipv6_specific;
  np.hop_limit = -1;
  np.mcast_hops = -1;
  np.mcast_loop = 1;
  np.sk_ipv6only = sysctl_bindv6only;
  if (protocol == IPPROTO_TCP) {
    const tp = tcp_sk(np);
    tcp_init_sock(tp);
    tp.advmss = TCP_V6_ADVMSS;
  }
  if (sock.type == net.SOCK_RAW) { // as root: no CAP_NET_RAW check
    raw_init_sock(raw_sk(np), protocol);
    rawv6_init_sk(raw_sk(np));
  }
  return 0;
}

/**
 * inet6_bind() -> __inet6_bind(). A v4-mapped address binds the IPv4 way (not on a V6ONLY
 * socket); :: binds both families unless V6ONLY; any other address must be this host's
 * (::1) or multicast, and makes the socket IPv6-only.
 */
function inet6_bind(sock: Socket, uaddr: usize, addr_len: i32): i32 {
  ktrace("inet6_bind");
  const np = inet_sk(sock.sk);
  if (addr_len < SIN6_LEN_RFC2133) return -E.EINVAL;
  if (<i32>load<u16>(uaddr + SIN6_FAMILY) != net.AF_INET6) return -E.EAFNOSUPPORT;
  const a0 = load<u64>(uaddr + SIN6_ADDR), a1 = load<u64>(uaddr + SIN6_ADDR + 8);
  const mcast = ipv6_addr_is_multicast(a0);
  if (mcast && sock.type == net.SOCK_STREAM) return -E.EINVAL;
  const snum = <i32>ntohs(<u32>load<u16>(uaddr + SIN6_PORT));
  if (np.sk_state != TCP_CLOSE || np.inet_num) return -E.EINVAL;
  let v4addr: u32 = 0;
  const any = ipv6_addr_any(a0, a1);
  const mapped = ipv6_addr_v4mapped(a0, a1);
  if (mapped) {
    if (np.sk_ipv6only) return -E.EINVAL;
    v4addr = v4mapped_addr(a1);
    if (!inet_addr_valid(v4addr)) return -E.EADDRNOTAVAIL;
  } else if (!any) {
    v4addr = LOOPBACK4_IPV6;
    // ipv6_chk_addr(): lo owns ::1 only
    if (!mcast && !ipv6_addr_loopback(a0, a1)) return -E.EADDRNOTAVAIL;
  }
  np.inet_rcv_saddr_be = v4addr;
  np.inet_saddr_be = v4addr;
  np.v6_rcv_saddr0 = a0;
  np.v6_rcv_saddr1 = a1;
  if (!mcast) {
    np.v6_saddr0 = a0;
    np.v6_saddr1 = a1;
  }
  const saved_ipv6only = np.sk_ipv6only;
  if (!any && !mapped) np.sk_ipv6only = 1;
  if (np.sk_prot.get_port(np, snum)) {
    np.sk_ipv6only = saved_ipv6only;
    // inet_reset_saddr()
    np.inet_rcv_saddr_be = 0;
    np.inet_saddr_be = 0;
    np.v6_rcv_saddr0 = 0;
    np.v6_rcv_saddr1 = 0;
    np.v6_saddr0 = 0;
    np.v6_saddr1 = 0;
    return -E.EADDRINUSE;
  }
  if (!any) np.sk_userlocks |= SOCK_BINDADDR_LOCK;
  if (snum) np.sk_userlocks |= SOCK_BINDPORT_LOCK;
  np.inet_daddr_be = 0;
  np.inet_dport_be = 0;
  return 0;
}

/** inet6_getname(): a 28-byte sockaddr_in6 of our end or the peer's. */
function inet6_getname(sock: Socket, uaddr: usize, peer: i32): i32 {
  ktrace("inet6_getname");
  const np = inet_sk(sock.sk);
  store<u16>(uaddr + SIN6_FAMILY, net.AF_INET6);
  store<u32>(uaddr + SIN6_FLOWINFO, 0);
  store<u32>(uaddr + SIN6_SCOPE_ID, 0);
  if (peer) {
    const s = np.sk_state;
    if (!np.inet_dport_be || ((s == TCP_CLOSE || s == 2 /* TCP_SYN_SENT */) && peer == 1)) return -E.ENOTCONN;
    store<u16>(uaddr + SIN6_PORT, <u16>np.inet_dport_be);
    store<u64>(uaddr + SIN6_ADDR, np.v6_daddr0);
    store<u64>(uaddr + SIN6_ADDR + 8, np.v6_daddr1);
  } else {
    const any = ipv6_addr_any(np.v6_rcv_saddr0, np.v6_rcv_saddr1);
    store<u16>(uaddr + SIN6_PORT, <u16>np.inet_sport_be);
    store<u64>(uaddr + SIN6_ADDR, any ? np.v6_saddr0 : np.v6_rcv_saddr0);
    store<u64>(uaddr + SIN6_ADDR + 8, any ? np.v6_saddr1 : np.v6_rcv_saddr1);
  }
  return SOCKADDR_IN6_SIZE;
}

// ---- tables ----

/** What inet6_stream_ops and inet6_dgram_ops share; the rest stay sock_no_*. */
function ops(): ProtoOps {
  const o = new ProtoOps(net.AF_INET6);
  o.release = inet_release;
  o.bind = inet6_bind;
  o.getname = inet6_getname;
  o.ioctl = inet_ioctl;
  o.shutdown = inet_shutdown;
  o.setsockopt = inet6_setsockopt;
  o.getsockopt = inet6_getsockopt;
  return o;
}

export const inet6_stream_ops = ops();
inet6_stream_ops.connect = inet_stream_connect;
inet6_stream_ops.accept = inet_accept;
inet6_stream_ops.poll = tcp_poll;
inet6_stream_ops.listen = inet_listen;
inet6_stream_ops.sendmsg = tcp_sendmsg;
inet6_stream_ops.recvmsg = tcp_recvmsg;

export const inet6_dgram_ops = ops();
inet6_dgram_ops.connect = inet_dgram_connect;
inet6_dgram_ops.poll = udp_poll;
inet6_dgram_ops.sendmsg = udpv6_sendmsg;
inet6_dgram_ops.recvmsg = udpv6_recvmsg;

function protosw(type: i32, protocol: i32, prot: Proto, o: ProtoOps, size: usize): Inet6Protosw {
  const p = new Inet6Protosw();
  p.type = type;
  p.protocol = protocol;
  p.prot = prot;
  p.ops = o;
  p.obj_size = <i32>size;
  return p;
}

/** inet6_sockraw_ops */
export const inet6_sockraw_ops = ops();
inet6_sockraw_ops.bind = rawv6_bind;
inet6_sockraw_ops.connect = inet_dgram_connect;
inet6_sockraw_ops.poll = udp_poll;
inet6_sockraw_ops.setsockopt = rawv6_setsockopt;
inet6_sockraw_ops.getsockopt = rawv6_getsockopt;
inet6_sockraw_ops.sendmsg = rawv6_sendmsg;
inet6_sockraw_ops.recvmsg = rawv6_recvmsg;

/** inetsw6[]: with the ping row (EACCES) and the raw wildcard row */
const inetsw6: StaticArray<Inet6Protosw> = [
  protosw(net.SOCK_STREAM, IPPROTO_TCP, tcpv6_prot, inet6_stream_ops, offsetof<TcpSock>()),
  protosw(net.SOCK_DGRAM, IPPROTO_UDP, udpv6_prot, inet6_dgram_ops, offsetof<InetSock>()),
  protosw(net.SOCK_DGRAM, IPPROTO_ICMPV6, udpv6_prot, inet6_dgram_ops, offsetof<InetSock>()),
  protosw(net.SOCK_RAW, IPPROTO_IP, rawv6_prot, inet6_sockraw_ops, offsetof<RawSock>()),
];

const inet6_family_ops = new NetProtoFamily();
inet6_family_ops.family = net.AF_INET6;
inet6_family_ops.create = inet6_create;

/** inet6_init(): the IPv6 receive path, its protocols, the family (after af_inet_init: lo exists). */
export function inet6_init(): void {
  inet6_register_af();
  dev_add_pack(ETH_P_IPV6, ipv6_rcv);
  inet6_add_protocol(tcp_v6_rcv, IPPROTO_TCP);
  inet6_add_protocol(udpv6_rcv, IPPROTO_UDP);
  inet6_add_protocol(icmpv6_rcv, IPPROTO_ICMPV6);
  icmpv6_set_err_handler(IPPROTO_UDP, udpv6_err);
  sock_register(inet6_family_ops);
}

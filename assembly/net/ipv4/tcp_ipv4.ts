// TCP over IPv4 (net/ipv4/tcp_ipv4.c, inet_connection_sock.c): segment demultiplexing
// (tcp_v4_rcv), connecting (tcp_v4_connect), the listener's side of the handshake
// (tcp_v4_conn_request, accept queue, inet_csk_accept) and tcp_prot.
//
// The engine is shared with IPv6 (net/ipv6/tcp_ipv6.ts): tcp_v4_rcv and tcp_v6_rcv only
// read their network header into TCP_SKB_CB (cb.family and its addresses) and call
// tcp_rcv_skb; lookups and the listener's child follow cb.family; what a socket sends goes
// through its af_ops (ipv4_specific, ipv6_specific, ipv6_mapped).
import { ktrace } from "../../kernel/trace";
import { SkBuff, kfree_skb, skb_csum_unnecessary } from "../core/skbuff";
import { ktime_get_ns } from "../../kernel/time";
import { ERR_PTR } from "../../kernel/err";
import {
  Sock, sock_hold, sock_put, sock_rcvtimeo, sk_wait,
  TCP_SYN_SENT, TCP_SYN_RECV, TCP_CLOSE, TCP_LISTEN, TCP_TIME_WAIT, SOCK_DEAD,
} from "../core/sock";
import { IPH_SADDR, IPH_DADDR, ip_route_output, inet_select_addr, ip_route_daddr, ip_route_advmss } from "./ip_output";
import { ip_hdrlen } from "./ip_input";
import { csum_tcpudp } from "../../include/net/checksum";
import { InetSock, Proto } from "./inet_sock";
import { Flowi, inet_af, inet_sk_v4, inet_sk_v6, LOOPBACK4_IPV6 } from "./inet_sock";
import { ipv6_addr_any, v4mapped_1 } from "../../uapi/in6";
import { inet_bucket, inet_get_port, inet_hash, inet_twsk_reap } from "./inet_hashtables";
import {
  TcpSock, TcpCb, tcp_sk, tcp_sk_alloc, tcp_set_state, tcp_close, tcp_disconnect, tcp_shutdown,
  inet_csk_destroy_sock, tcp_register, TCP_MSS_DEFAULT,
} from "./tcp";
import { tcp_rcv_state_process, tcp_parse_options, tcp_skb_taken } from "./tcp_input";
import {
  TCPHDR_SYN, TCPHDR_RST, TCPHDR_ACK, TCPHDR_FIN, TH_SOURCE, TH_DEST, TH_SEQ, TH_ACK_SEQ, TH_DOFF, TH_FLAGS, TH_WINDOW,
  TCPH_LEN, tcp_connect, tcp_send_synack, tcp_send_reset, tcp_send_ack,
} from "./tcp_output";
import { SIN_FAMILY, SIN_PORT, SIN_ADDR, SOCKADDR_IN_SIZE, IPPROTO_TCP, ntohs } from "../../uapi/in";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";

/** TCP_SKB_CB of the segment being processed (filled by tcp_v4_rcv / tcp_v6_rcv). */
export const tcp_cb = new TcpCb();
const cb = tcp_cb;
/** The flow of the segment being processed, for its checksum. */
const rx_fl = new Flowi();

let isn_counter: u32 = 0;

/** secure_tcp_seq(), reduced: an initial sequence number from the clock (RFC 6528's M). */
function tcp_v4_init_seq(): u32 {
  isn_counter += 0x10000;
  return <u32>(ktime_get_ns() >> 6) + isn_counter;
}

/**
 * __inet_lookup_established() / __inet6_lookup_established(): the connection a segment
 * belongs to. An IPv4 segment matches the v4 fields of the sockets that take IPv4 (an
 * AF_INET6 socket talking to a v4-mapped peer among them); an IPv6 one the v6 fields.
 */
function inet_lookup_established(c: TcpCb): TcpSock | null {
  const lport = <i32>ntohs(c.dport_be);
  const v4 = c.family == net.AF_INET;
  for (let p: InetSock | null = inet_bucket(lport); p; p = p!.bind_next) {
    if (p.sk_protocol != IPPROTO_TCP || p.inet_num != lport) continue;
    const s = p.sk_state;
    if (s == TCP_LISTEN || s == TCP_CLOSE || p.inet_dport_be != c.sport_be) continue;
    if (v4) {
      if (inet_sk_v4(p) && p.inet_daddr_be == c.saddr_be && p.inet_saddr_be == c.daddr_be) return changetype<TcpSock>(p);
    } else if (inet_sk_v6(p) && p.v6_daddr0 == c.saddr0 && p.v6_daddr1 == c.saddr1 &&
      p.v6_rcv_saddr0 == c.daddr0 && p.v6_rcv_saddr1 == c.daddr1) {
      return changetype<TcpSock>(p);
    }
  }
  return null;
}

/**
 * __inet_lookup_listener() / inet6_lookup_listener(): a listener on the port, one bound to
 * the address first, else a wildcard one. A [::] listener without IPV6_V6ONLY hears IPv4.
 */
function inet_lookup_listener(c: TcpCb): TcpSock | null {
  const lport = <i32>ntohs(c.dport_be);
  const v4 = c.family == net.AF_INET;
  let best: InetSock | null = null;
  for (let p: InetSock | null = inet_bucket(lport); p; p = p!.bind_next) {
    if (p.sk_protocol != IPPROTO_TCP || p.inet_num != lport || p.sk_state != TCP_LISTEN) continue;
    if (v4) {
      if (!inet_sk_v4(p)) continue;
      if (p.inet_rcv_saddr_be == c.daddr_be) return changetype<TcpSock>(p);
      if (p.inet_rcv_saddr_be == 0 && (!best || p.sk_family == net.AF_INET)) best = p;
    } else {
      if (!inet_sk_v6(p)) continue;
      if (p.v6_rcv_saddr0 == c.daddr0 && p.v6_rcv_saddr1 == c.daddr1) return changetype<TcpSock>(p);
      if (ipv6_addr_any(p.v6_rcv_saddr0, p.v6_rcv_saddr1) && !best) best = p;
    }
  }
  return changetype<TcpSock | null>(best);
}


/**
 * tcp_v4_conn_request() + tcp_v4_syn_recv_sock(): a SYN for a listener. Unlike Linux,
 * which keeps a small request_sock until the handshake completes, the child tcp_sock is
 * made at once, in SYN_RECV, and answers with the SYN-ACK. A full accept queue drops
 * the SYN, as Linux does (the client would retransmit; nothing retransmits here).
 */
function tcp_v4_conn_request(lp: TcpSock, c: TcpCb): void {
  ktrace("tcp_v4_conn_request");
  if (lp.sk_ack_backlog > lp.sk_max_ack_backlog) return; // sk_acceptq_is_full()
  const child = tcp_sk_alloc();
  child.sk_reuse = lp.sk_reuse;
  child.sk_reuseport = lp.sk_reuseport;
  child.sk_userlocks = lp.sk_userlocks;
  child.sk_flags = lp.sk_flags & ~(1 << SOCK_DEAD);
  child.sk_sndbuf = lp.sk_sndbuf;
  child.sk_rcvbuf = lp.sk_rcvbuf;
  child.sk_rcvtimeo = lp.sk_rcvtimeo;
  child.sk_sndtimeo = lp.sk_sndtimeo;
  child.sk_lingertime = lp.sk_lingertime;
  child.sk_priority = lp.sk_priority;
  child.sk_mark = lp.sk_mark;
  child.sk_rcvlowat = lp.sk_rcvlowat;
  child.uc_ttl = lp.uc_ttl;
  child.tos = lp.tos;
  child.pmtudisc = lp.pmtudisc;
  child.nodelay = lp.nodelay;
  child.user_mss = lp.user_mss;
  child.keepidle = lp.keepidle;
  child.keepintvl = lp.keepintvl;
  child.keepcnt = lp.keepcnt;
  child.linger2 = lp.linger2;
  child.advmss = lp.advmss;
  child.sk_prot = lp.sk_prot;
  tcp_child_addrs(child, lp, c);
  child.inet_dport_be = c.sport_be;
  child.inet_sport_be = lp.inet_sport_be;
  child.inet_num = lp.inet_num;
  child.parent = lp;
  child.rcv_nxt = c.seq + 1;
  child.rcv_wup = child.rcv_nxt;
  child.snd_wnd = c.window;
  child.max_window = c.window;
  child.rx_mss = c.mss ? c.mss : TCP_MSS_DEFAULT;
  child.tstamp_ok = c.saw_tstamp;
  child.ts_recent = c.rcv_tsval;
  child.tsoffset = lp.tsoffset;
  child.iss = tcp_v4_init_seq();
  child.snd_una = child.iss;
  child.snd_nxt = child.iss;
  child.write_seq = child.iss;
  child.sk_state = TCP_SYN_RECV;
  inet_hash(child);
  tcp_send_synack(child);
}

/**
 * The child's addresses (tcp_v4_syn_recv_sock / tcp_v6_syn_recv_sock): those of the
 * segment, reversed. An AF_INET6 listener's child is AF_INET6; for an IPv4 SYN it uses its
 * family's ops for a v4-mapped peer (ipv6_mapped) and sees the addresses v4-mapped.
 */
function tcp_child_addrs(child: TcpSock, lp: TcpSock, c: TcpCb): void {
  child.sk_family = lp.sk_family;
  child.sk_ipv6only = lp.sk_ipv6only;
  child.hop_limit = lp.hop_limit;
  child.mcast_hops = lp.mcast_hops;
  child.mcast_loop = lp.mcast_loop;
  child.tclass = lp.tclass;
  child.rxpktinfo = lp.rxpktinfo;
  if (c.family == net.AF_INET) {
    child.af_ops = lp.af_ops.mapped;
    child.inet_saddr_be = c.daddr_be;
    child.inet_rcv_saddr_be = c.daddr_be;
    child.inet_daddr_be = c.saddr_be;
    if (lp.sk_family == net.AF_INET6) {
      child.v6_daddr0 = 0;
      child.v6_daddr1 = v4mapped_1(c.saddr_be);
      child.v6_saddr0 = 0;
      child.v6_saddr1 = v4mapped_1(c.daddr_be);
      child.v6_rcv_saddr0 = 0;
      child.v6_rcv_saddr1 = child.v6_saddr1;
    }
  } else {
    child.af_ops = lp.af_ops;
    child.v6_daddr0 = c.saddr0;
    child.v6_daddr1 = c.saddr1;
    child.v6_saddr0 = c.daddr0;
    child.v6_saddr1 = c.daddr1;
    child.v6_rcv_saddr0 = c.daddr0;
    child.v6_rcv_saddr1 = c.daddr1;
    child.inet_saddr_be = LOOPBACK4_IPV6;
    child.inet_rcv_saddr_be = LOOPBACK4_IPV6;
    child.inet_daddr_be = LOOPBACK4_IPV6;
  }
  // dst_metric_advmss() of the route the child answers on
  child.advmss = child.af_ops == lp.af_ops ? lp.advmss : child.af_ops.advmss;
  if (c.family == net.AF_INET) child.advmss = ip_route_advmss(child.inet_daddr_be, child.advmss);
}

/** tcp_timewait_state_process(): a segment for a connection in TIME_WAIT. */
function tcp_timewait_state_process(tw: TcpSock, c: TcpCb): TcpSock | null {
  ktrace("tcp_timewait_state_process");
  if (c.flags & TCPHDR_RST) {
    inet_csk_destroy_sock(tw); // RFC 1337 is not applied, as on Linux by default
    return null;
  }
  if ((c.flags & TCPHDR_SYN) && !(c.flags & TCPHDR_ACK)) {
    // TCP_TW_SYN: a new connection may reuse the 4-tuple
    inet_csk_destroy_sock(tw);
    return inet_lookup_listener(c);
  }
  if (c.len || (c.flags & TCPHDR_FIN)) tcp_send_ack(tw);
  return null;
}

/** tcp_v4_rcv(): the addresses of the IPv4 header, then the engine. */
export function tcp_v4_rcv(skb: SkBuff): i32 {
  ktrace("tcp_v4_rcv");
  cb.family = net.AF_INET;
  cb.saddr_be = load<u32>(skb.data + IPH_SADDR);
  cb.daddr_be = load<u32>(skb.data + IPH_DADDR);
  return tcp_rcv_skb(skb, ip_hdrlen(skb));
}

/** The flow of the segment in cb (its addresses; reversed for a reply). */
export function tcp_cb_flow(c: TcpCb, fl: Flowi, reply: bool): void {
  fl.family = c.family;
  fl.proto = IPPROTO_TCP;
  fl.saddr_be = reply ? c.daddr_be : c.saddr_be;
  fl.daddr_be = reply ? c.saddr_be : c.daddr_be;
  fl.saddr0 = reply ? c.daddr0 : c.saddr0;
  fl.saddr1 = reply ? c.daddr1 : c.saddr1;
  fl.daddr0 = reply ? c.saddr0 : c.daddr0;
  fl.daddr1 = reply ? c.saddr1 : c.daddr1;
}

/**
 * The part of tcp_v4_rcv / tcp_v6_rcv after the network header (cb.family and addresses
 * set; the TCP header at hl): check the segment and its checksum over the family's
 * pseudo-header, find its socket, process it.
 */
export function tcp_rcv_skb(skb: SkBuff, hl: u32): i32 {
  const th = skb.data + hl;
  const tlen = skb.len - hl;
  if (tlen < TCPH_LEN) { kfree_skb(skb); return 0; }
  const doff = (<u32>load<u8>(th + TH_DOFF) >> 4) << 2;
  if (doff < TCPH_LEN || doff > tlen) { kfree_skb(skb); return 0; }
  tcp_cb_flow(cb, rx_fl, false);
  // tcp_v4_rcv / tcp_v6_rcv: skb_checksum_init(), unless it was sent over lo by this host
  // (CHECKSUM_PARTIAL: the device was to complete it; skb_csum_unnecessary)
  if (!skb_csum_unnecessary(skb) && inet_af(cb.family).send_check(rx_fl, th, tlen) != 0) { kfree_skb(skb); return 0; }
  cb.sport_be = <u32>load<u16>(th + TH_SOURCE);
  cb.dport_be = <u32>load<u16>(th + TH_DEST);
  cb.seq = bswap<u32>(load<u32>(th + TH_SEQ));
  cb.ack_seq = bswap<u32>(load<u32>(th + TH_ACK_SEQ));
  cb.flags = <u32>load<u8>(th + TH_FLAGS);
  cb.window = <u32>bswap<u16>(load<u16>(th + TH_WINDOW));
  cb.hdr = hl + doff;
  cb.data = th + doff;
  cb.len = tlen - doff;
  cb.end_seq = cb.seq + cb.len + ((cb.flags & TCPHDR_SYN) ? 1 : 0) + ((cb.flags & TCPHDR_FIN) ? 1 : 0);
  tcp_parse_options(cb, th + TCPH_LEN, doff - TCPH_LEN);

  inet_twsk_reap();
  let tp = inet_lookup_established(cb);
  if (!tp) tp = inet_lookup_listener(cb);
  if (tp && tp.sk_state == TCP_TIME_WAIT) tp = tcp_timewait_state_process(tp, cb);
  if (!tp) {
    // RFC 793: a segment for no connection is answered with a reset (unless it is one)
    if (!(cb.flags & TCPHDR_RST) && !inet_lookup_established(cb)) tcp_send_reset(cb);
    kfree_skb(skb);
    return 0;
  }
  sock_hold(tp);
  let taken = false;
  if (tp.sk_state == TCP_LISTEN) {
    // tcp_rcv_state_process(), case TCP_LISTEN
    if (cb.flags & TCPHDR_ACK) tcp_send_reset(cb);
    else if (!(cb.flags & TCPHDR_RST) && (cb.flags & TCPHDR_SYN)) tcp_v4_conn_request(tp, cb);
  } else {
    if (tcp_rcv_state_process(tp, cb, skb)) tcp_send_reset(cb);
    taken = tcp_skb_taken;
  }
  sock_put(tp);
  if (!taken) kfree_skb(skb);
  return 0;
}

/** tcp_v4_connect(): pick the source, a port (inet_hash_connect), send the SYN. */
export function tcp_v4_connect(sk: Sock, uaddr: usize, addr_len: i32): i32 {
  ktrace("tcp_v4_connect");
  const tp = tcp_sk(sk);
  if (addr_len < SOCKADDR_IN_SIZE) return -E.EINVAL;
  if (load<u16>(uaddr + SIN_FAMILY) != net.AF_INET) return -E.EAFNOSUPPORT;
  const daddr = load<u32>(uaddr + SIN_ADDR);
  const err = ip_route_output(daddr, tp.inet_saddr_be);
  if (err) return err;
  if (!tp.inet_saddr_be) tp.inet_saddr_be = inet_select_addr(daddr);
  tp.inet_rcv_saddr_be = tp.inet_saddr_be;
  tp.inet_dport_be = <u32>load<u16>(uaddr + SIN_PORT);
  tp.inet_daddr_be = ip_route_daddr(daddr);
  tp.advmss = ip_route_advmss(daddr, tp.af_ops.advmss);
  return tcp_connect_start(tp);
}

/**
 * The end of tcp_v4_connect / tcp_v6_connect once the addresses are set: SYN_SENT, an
 * ephemeral port unless bound (inet_hash_connect), the initial sequence number, the SYN.
 */
export function tcp_connect_start(tp: TcpSock): i32 {
  tcp_set_state(tp, TCP_SYN_SENT);
  if (!tp.inet_num && inet_get_port(tp, 0)) {
    tcp_set_state(tp, TCP_CLOSE);
    tp.inet_dport_be = 0;
    tp.inet_daddr_be = 0;
    return -E.EADDRNOTAVAIL;
  }
  inet_hash(tp);
  tp.iss = tcp_v4_init_seq();
  tp.snd_una = tp.iss;
  tp.snd_nxt = tp.iss;
  tp.write_seq = tp.iss;
  tp.rcv_nxt = 0;
  tp.rcv_wnd = 0;
  tp.rcv_wup = 0;
  tp.fin_queued = 0;
  tp.tstamp_ok = 1; // offered on the SYN; kept if the SYN-ACK has it
  tp.tsoffset = 0;
  if (tp.user_mss && tp.user_mss < tp.advmss) tp.advmss = tp.user_mss;
  tcp_connect(tp);
  return 0;
}

/**
 * inet_csk_accept(): the first connection of the accept queue, or ERR_PTR(-errno): -EINVAL
 * when not listening, -EAGAIN / -ERESTARTSYS while the queue is empty.
 */
export function inet_csk_accept(sk: Sock, nonblock: bool): TcpSock {
  ktrace("inet_csk_accept");
  const lp = tcp_sk(sk);
  if (lp.sk_state != TCP_LISTEN) return ERR_PTR<TcpSock>(-E.EINVAL);
  const child = lp.accept_head;
  if (!child) return ERR_PTR<TcpSock>(sk_wait(lp, sock_rcvtimeo(lp, nonblock)));
  lp.accept_head = child.accept_next;
  if (!lp.accept_head) lp.accept_tail = null;
  child.accept_next = null;
  child.parent = null;
  lp.sk_ack_backlog--;
  return child;
}

export const tcp_prot = new Proto();
tcp_prot.protocol = IPPROTO_TCP;
tcp_prot.close = tcp_close;
tcp_prot.connect = tcp_v4_connect;
tcp_prot.disconnect = tcp_disconnect;
tcp_prot.get_port = inet_get_port;
tcp_prot.shutdown = tcp_shutdown;

export function tcp_v4_init(): void {
  tcp_register();
}

// TCP output (net/ipv4/tcp_output.c): building real segments (RFC 793 header, MSS and
// timestamp options, checksum over the pseudo-header) and deciding what to send.
import { ktrace } from "../../kernel/trace";
import { ktime_get_ns } from "../../kernel/time";
import { TCP_ESTABLISHED, TCP_CLOSE_WAIT, TCP_FIN_WAIT1, TCP_CLOSING, TCP_LAST_ACK, TCP_TIME_WAIT } from "../core/sock";
import { AF_INET } from "../../uapi/net";
import { alloc_skb, skb_partial_csum_set } from "../core/skbuff";
import { Flowi, inet_af, sysctl_ip_default_ttl } from "./inet_sock";
import { TcpSock, TcpCb } from "../../include/linux/tcp";
import { IPPROTO_TCP } from "../../uapi/in";

// TCP header flags (include/net/tcp.h TCPHDR_*)
export const TCPHDR_FIN: u32 = 0x01;
export const TCPHDR_SYN: u32 = 0x02;
export const TCPHDR_RST: u32 = 0x04;
export const TCPHDR_PSH: u32 = 0x08;
export const TCPHDR_ACK: u32 = 0x10;
export const TCPHDR_URG: u32 = 0x20;

// struct tcphdr byte offsets (include/uapi/linux/tcp.h)
export const TH_SOURCE = 0;
export const TH_DEST = 2;
export const TH_SEQ = 4;
export const TH_ACK_SEQ = 8;
export const TH_DOFF = 12;
export const TH_FLAGS = 13;
export const TH_WINDOW = 14;
export const TH_CHECK = 16;
export const TH_URG_PTR = 18;
export const TCPH_LEN: u32 = 20;

// Options (RFC 793, RFC 7323)
export const TCPOPT_EOL: u8 = 0;
export const TCPOPT_NOP: u8 = 1;
export const TCPOPT_MSS: u8 = 2;
export const TCPOPT_WINDOW: u8 = 3;
export const TCPOPT_TIMESTAMP: u8 = 8;
export const TCPOLEN_MSS: u32 = 4;
export const TCPOLEN_TSTAMP_ALIGNED: u32 = 12;

/** Largest unscaled window (int80 sends no window-scale option). */
export const MAX_TCP_WINDOW: u32 = 65535;

/** tcp_time_stamp_ms(): the TSval clock, in milliseconds. */
export function tcp_time_stamp(): u32 {
  return <u32>(ktime_get_ns() / 1000000);
}

/** tcp_full_space(): the window the whole receive buffer is worth (tcp_adv_win_scale 1: half). */
function tcp_full_space(tp: TcpSock): i32 {
  return tp.sk_rcvbuf >> 1;
}

/** tcp_space(): the window the free part of the receive buffer is worth. */
function tcp_space(tp: TcpSock): i32 {
  const free = (tp.sk_rcvbuf - tp.rmem_alloc) >> 1;
  return free < 0 ? 0 : free;
}

/**
 * tcp_select_initial_window(): the window of the SYN or SYN-ACK: the buffer's worth,
 * at most 65535 (no window scaling), rounded down to a multiple of the MSS we expect.
 */
export function tcp_select_initial_window(tp: TcpSock, mss: u32): void {
  let space = <u32>min(tcp_full_space(tp), <i32>MAX_TCP_WINDOW);
  if (mss && space > mss) space = (space / mss) * mss;
  tp.rcv_wnd = space;
  tp.rcv_wup = tp.rcv_nxt;
}

/**
 * __tcp_select_window(): the window the buffer allows now, as Linux computes it (receiver
 * SWS avoidance, RFC 1122 4.2.3.3): no window at all when less than an MSS (or a
 * sixteenth of the buffer) is free and the buffer is over half full; otherwise a
 * multiple of the peer's MSS, and the window already offered is kept while it is
 * within one MSS of the free space, so the right edge moves in whole segments.
 */
export function __tcp_select_window(tp: TcpSock): u32 {
  let mss = <i32>tp.rcv_mss;
  let free_space = tcp_space(tp);
  const allowed_space = tcp_full_space(tp);
  const full_space = min(<i32>MAX_TCP_WINDOW, allowed_space); // window_clamp: 65535 without scaling
  if (mss > full_space) {
    mss = full_space;
    if (mss <= 0) return 0;
  }
  if (free_space < (full_space >> 1)) {
    if (free_space < (allowed_space >> 4) || free_space < mss) return 0;
  }
  if (free_space > full_space) free_space = full_space; // rcv_ssthresh
  let window = <i32>tp.rcv_wnd;
  if (window <= free_space - mss || window > free_space) {
    window = (free_space / mss) * mss;
  } else if (mss == full_space && free_space > window + (full_space >> 1)) {
    window = free_space;
  }
  return <u32>window;
}

/**
 * tcp_select_window(): the window to put in an outgoing segment: never less than what
 * is left of the window already offered (RFC 7323 2.4: the right edge does not move
 * back); it becomes the offered window (rcv_wup = rcv_nxt).
 */
export function tcp_select_window(tp: TcpSock): u32 {
  const cur_win = tcp_receive_window(tp);
  let new_win = __tcp_select_window(tp);
  if (new_win < cur_win) new_win = cur_win;
  if (new_win > MAX_TCP_WINDOW) new_win = MAX_TCP_WINDOW;
  tp.rcv_wnd = new_win;
  tp.rcv_wup = tp.rcv_nxt;
  return new_win;
}

/** tcp_receive_window(): what is left of the window last advertised. */
export function tcp_receive_window(tp: TcpSock): u32 {
  const w = <i32>(tp.rcv_wup + tp.rcv_wnd - tp.rcv_nxt);
  return w < 0 ? 0 : <u32>w;
}

/** Copy n bytes of the write queue, starting off bytes after snd_una, to dst. */
function write_queue_copy(tp: TcpSock, off: u32, dst: usize, n: u32): void {
  let skb = tp.write_queue.first;
  while (skb && n) {
    const avail = skb.len - skb.consumed;
    if (off >= avail) {
      off -= avail;
    } else {
      const chunk = min(avail - off, n);
      memory.copy(dst, skb.data + skb.consumed + off, chunk);
      dst += chunk;
      n -= chunk;
      off = 0;
    }
    skb = skb.next;
  }
}

function put_be16(p: usize, v: u32): void { store<u16>(p, bswap<u16>(<u16>v)); }
function put_be32(p: usize, v: u32): void { store<u32>(p, bswap<u32>(v)); }

/**
 * tcp_transmit_skb(): one segment of tp: flags, sequence number, `len` bytes of the write
 * queue from `off` (bytes after snd_una). SYNs carry the MSS option; every segment carries
 * timestamps once both ends agreed to them (RFC 7323).
 */
export function tcp_transmit_skb(tp: TcpSock, flags: u32, seq: u32, off: u32, len: u32): void {
  ktrace("tcp_transmit_skb");
  const syn = (flags & TCPHDR_SYN) != 0;
  let optlen: u32 = syn ? TCPOLEN_MSS : 0;
  if (tp.tstamp_ok) optlen += TCPOLEN_TSTAMP_ALIGNED;
  const thlen = TCPH_LEN + optlen;
  // the family's network header goes in front (icsk_af_ops: ipv4_specific, ipv6_specific, ipv6_mapped)
  const ops = tp.af_ops;
  const hl = ops.net_header_len;
  const skb = alloc_skb(hl + thlen + len);
  skb.len = hl + thlen + len;
  const th = skb.data + hl;
  store<u16>(th + TH_SOURCE, <u16>tp.inet_sport_be);
  store<u16>(th + TH_DEST, <u16>tp.inet_dport_be);
  put_be32(th + TH_SEQ, seq);
  put_be32(th + TH_ACK_SEQ, (flags & TCPHDR_ACK) ? tp.rcv_nxt : 0);
  store<u8>(th + TH_DOFF, <u8>((thlen >> 2) << 4));
  store<u8>(th + TH_FLAGS, <u8>flags);
  // RFC 7323 2.2: the window of a SYN is never scaled; it is the initial window
  put_be16(th + TH_WINDOW, syn ? min(tp.rcv_wnd, MAX_TCP_WINDOW) : tcp_select_window(tp));
  store<u16>(th + TH_CHECK, 0);
  store<u16>(th + TH_URG_PTR, 0);
  let opt = th + TCPH_LEN;
  if (syn) {
    store<u8>(opt, TCPOPT_MSS);
    store<u8>(opt, <u8>TCPOLEN_MSS, 1);
    put_be16(opt + 2, tp.advmss);
    opt += TCPOLEN_MSS;
  }
  if (tp.tstamp_ok) {
    store<u8>(opt, TCPOPT_NOP);
    store<u8>(opt, TCPOPT_NOP, 1);
    store<u8>(opt, TCPOPT_TIMESTAMP, 2);
    store<u8>(opt, 10, 3);
    put_be32(opt + 4, tcp_time_stamp() + tp.tsoffset);
    put_be32(opt + 8, tp.ts_recent);
  }
  if (len) write_queue_copy(tp, off, th + thlen, len);
  ops.flow_init(tp, tx_fl);
  tx_fl.proto = IPPROTO_TCP;
  tx_fl.df = 1;
  if (tp.sk_state == TCP_TIME_WAIT && ops.family == AF_INET) {
    // tcp_v4_timewait_ack() -> tcp_v4_send_ack(): ip_send_unicast_reply() computes the
    // checksum in software (CHECKSUM_NONE); IPv6's tcp_v6_send_response() leaves it partial
    store<u16>(th + TH_CHECK, ops.send_check(tx_fl, th, thlen + len));
  } else {
    // tcp_v4_send_check / tcp_v6_send_check: CHECKSUM_PARTIAL, the device (or
    // dev_queue_xmit for one without checksum offload) sums the segment
    store<u16>(th + TH_CHECK, ops.send_check_partial(tx_fl, thlen + len));
    skb_partial_csum_set(skb, hl, TH_CHECK);
  }
  if (flags & TCPHDR_ACK) tp.ack_pending = 0;
  ops.queue_xmit(skb, tx_fl); // ip_queue_xmit / inet6_csk_xmit
}

/** tcp_send_ack() */
export function tcp_send_ack(tp: TcpSock): void {
  ktrace("tcp_send_ack");
  tcp_transmit_skb(tp, TCPHDR_ACK, tp.snd_nxt, 0, 0);
}

/** tcp_connect(): send the SYN (tcp_connect_init: the initial window for our MSS). */
export function tcp_connect(tp: TcpSock): void {
  ktrace("tcp_connect");
  tcp_select_initial_window(tp, tp.advmss);
  tcp_transmit_skb(tp, TCPHDR_SYN, tp.iss, 0, 0);
  tp.snd_nxt = tp.iss + 1;
  tp.write_seq = tp.iss + 1;
}

/** tcp_make_synack() + send: the listener's child answers a SYN. */
export function tcp_send_synack(tp: TcpSock): void {
  // tcp_openreq_init_rwin(): the MSS we advertise, less the timestamp option if agreed
  tcp_select_initial_window(tp, tp.advmss - (tp.tstamp_ok ? TCPOLEN_TSTAMP_ALIGNED : 0));
  tcp_transmit_skb(tp, TCPHDR_SYN | TCPHDR_ACK, tp.iss, 0, 0);
  tp.snd_nxt = tp.iss + 1;
  tp.write_seq = tp.iss + 1;
}

/** tcp_send_active_reset(): abort the connection (RST|ACK at snd_nxt). */
export function tcp_send_active_reset(tp: TcpSock): void {
  tcp_transmit_skb(tp, TCPHDR_RST | TCPHDR_ACK, tp.snd_nxt, 0, 0);
}

/** tcp_send_fin(): queue a FIN after the data; tcp_write_xmit sends it. */
export function tcp_send_fin(tp: TcpSock): void {
  if (tp.fin_queued) return;
  tp.fin_queued = 1;
  tp.write_seq++;
  tcp_write_xmit(tp);
}

function can_send_data(state: i32): bool {
  return state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT || state == TCP_FIN_WAIT1 ||
    state == TCP_CLOSING || state == TCP_LAST_ACK;
}

/**
 * tcp_nagle_check(): hold back a short last segment: always while corked, and without
 * TCP_NODELAY while a short segment sent earlier is not yet acknowledged (RFC 896 as
 * Linux applies it, with Minshall's variant: tcp_minshall_check).
 */
function tcp_nagle_check(tp: TcpSock): bool {
  if (tp.cork) return true;
  if (tp.nodelay) return false;
  return tp.snd_nxt != tp.snd_una && after(tp.snd_sml, tp.snd_una) && !after(tp.snd_sml, tp.snd_nxt);
}

// @ts-ignore: decorator
@inline function after(a: u32, b: u32): bool { return <i32>(b - a) < 0; }

/**
 * tcp_write_xmit(): send what the peer's window allows, in segments of at most mss_cache
 * bytes; the FIN rides on the last segment.
 *  - tcp_snd_wnd_test(): a segment must fit in the window. When the window cuts a segment
 *    short, the piece goes only if it is at least half the largest window the peer ever
 *    offered (sender SWS avoidance, RFC 1122 4.2.3.4) or nothing is in flight. Unlike
 *    Linux, which waits for the zero-window probe timer to send that piece
 *    (tcp_write_wakeup), it is sent at once: there is no timer, and with nothing in
 *    flight no ACK will come to try again.
 *  - tcp_nagle_test(): a short last segment waits while Nagle says so.
 */
export function tcp_write_xmit(tp: TcpSock): void {
  ktrace("tcp_write_xmit");
  if (!can_send_data(tp.sk_state)) return;
  const mss = <i32>tp.mss_cache;
  const data_end = tp.fin_queued ? tp.write_seq - 1 : tp.write_seq;
  for (;;) {
    const unsent = <i32>(data_end - tp.snd_nxt);
    if (unsent <= 0) break;
    const wnd = <i32>(tp.snd_una + tp.snd_wnd - tp.snd_nxt);
    let len = min(unsent, mss);
    if (len > wnd) {
      if (wnd <= 0) break;
      if (<u32>wnd < (tp.max_window >> 1) && tp.snd_nxt != tp.snd_una) break;
      len = wnd;
    } else if (len < mss && len == unsent && !tp.fin_queued && tcp_nagle_check(tp)) {
      break;
    }
    let flags = TCPHDR_ACK;
    if (unsent == len) flags |= TCPHDR_PSH;
    if (tp.fin_queued && tp.snd_nxt + <u32>len == data_end) flags |= TCPHDR_FIN;
    tcp_transmit_skb(tp, flags, tp.snd_nxt, tp.snd_nxt - tp.snd_una, <u32>len);
    tp.snd_nxt += <u32>len + ((flags & TCPHDR_FIN) ? 1 : 0);
    if (len < mss) tp.snd_sml = tp.snd_nxt; // tcp_minshall_update()
  }
  if (tp.fin_queued && tp.snd_nxt == data_end) {
    tcp_transmit_skb(tp, TCPHDR_FIN | TCPHDR_ACK, tp.snd_nxt, 0, 0);
    tp.snd_nxt++;
  }
}

/** The flow of what a socket sends, and of resets. */
const tx_fl = new Flowi();

/**
 * tcp_v4_send_reset() / tcp_v6_send_reset(): answer a segment no socket wants (RFC 793
 * "Reset Generation") in the segment's family: if it had an ACK the reset takes that
 * sequence number, else it acknowledges the segment.
 */
export function tcp_send_reset(cb: TcpCb): void {
  if (cb.flags & TCPHDR_RST) return;
  const ops = inet_af(cb.family);
  const hl = ops.net_header_len;
  const skb = alloc_skb(hl + TCPH_LEN);
  skb.len = hl + TCPH_LEN;
  const th = skb.data + hl;
  store<u16>(th + TH_SOURCE, <u16>cb.dport_be);
  store<u16>(th + TH_DEST, <u16>cb.sport_be);
  let flags = TCPHDR_RST;
  if (cb.flags & TCPHDR_ACK) {
    put_be32(th + TH_SEQ, cb.ack_seq);
    put_be32(th + TH_ACK_SEQ, 0);
  } else {
    flags |= TCPHDR_ACK;
    put_be32(th + TH_SEQ, 0);
    put_be32(th + TH_ACK_SEQ, cb.end_seq);
  }
  store<u8>(th + TH_DOFF, <u8>((TCPH_LEN >> 2) << 4));
  store<u8>(th + TH_FLAGS, <u8>flags);
  store<u16>(th + TH_WINDOW, 0);
  store<u16>(th + TH_CHECK, 0);
  store<u16>(th + TH_URG_PTR, 0);
  tx_fl.family = cb.family;
  tx_fl.proto = IPPROTO_TCP;
  tx_fl.saddr_be = cb.daddr_be;
  tx_fl.daddr_be = cb.saddr_be;
  tx_fl.saddr0 = cb.daddr0;
  tx_fl.saddr1 = cb.daddr1;
  tx_fl.daddr0 = cb.saddr0;
  tx_fl.daddr1 = cb.saddr1;
  tx_fl.ttl = sysctl_ip_default_ttl; // IPv6: the interface's hop limit, also 64
  tx_fl.tos = 0;
  tx_fl.df = 1;
  tx_fl.flowlabel_be = 0;
  if (ops.family == AF_INET) {
    // tcp_v4_send_reset() -> ip_send_unicast_reply(): the whole checksum, in software
    store<u16>(th + TH_CHECK, ops.send_check(tx_fl, th, TCPH_LEN));
  } else {
    // tcp_v6_send_response(): CHECKSUM_PARTIAL (__tcp_v6_send_check)
    store<u16>(th + TH_CHECK, ops.send_check_partial(tx_fl, TCPH_LEN));
    skb_partial_csum_set(skb, hl, TH_CHECK);
  }
  ops.queue_xmit(skb, tx_fl);
}

// TCP output (net/ipv4/tcp_output.c): building real segments (RFC 793 header, MSS and
// timestamp options, checksum over the pseudo-header) and deciding what to send.
import { SkBuff } from "../core/skbuff";
import { ktime_get_ns } from "../../kernel/time";
import { TCP_ESTABLISHED, TCP_CLOSE_WAIT, TCP_FIN_WAIT1, TCP_CLOSING, TCP_LAST_ACK, TCP_SYN_SENT, TCP_SYN_RECV } from "../core/sock";
import { csum_tcpudp } from "./checksum";
import { IPH_LEN, ip_alloc_skb, ip_queue_xmit } from "./ip_output";
import { ip_select_ttl, sysctl_ip_default_ttl } from "./inet_sock";
import { TcpSock, TcpCb } from "./tcp";
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

/**
 * __tcp_select_window() + tcp_select_window(): the receive window to advertise: half of the
 * free receive buffer (tcp_adv_win_scale 1), at most 65535, and never shrinking the right
 * edge already advertised (RFC 7323 2.4).
 */
export function tcp_select_window(tp: TcpSock): u32 {
  let free = (tp.sk_rcvbuf - tp.rmem_alloc) >> 1;
  if (free < 0) free = 0;
  let win = min(<u32>free, MAX_TCP_WINDOW);
  const cur = tcp_receive_window(tp);
  if (win < cur) win = cur;
  tp.rcv_wnd = win;
  tp.rcv_wup = tp.rcv_nxt;
  return win;
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
  const syn = (flags & TCPHDR_SYN) != 0;
  let optlen: u32 = syn ? TCPOLEN_MSS : 0;
  if (tp.tstamp_ok) optlen += TCPOLEN_TSTAMP_ALIGNED;
  const thlen = TCPH_LEN + optlen;
  const skb = ip_alloc_skb(thlen + len);
  const th = skb.data + IPH_LEN;
  store<u16>(th + TH_SOURCE, <u16>tp.inet_sport_be);
  store<u16>(th + TH_DEST, <u16>tp.inet_dport_be);
  put_be32(th + TH_SEQ, seq);
  put_be32(th + TH_ACK_SEQ, (flags & TCPHDR_ACK) ? tp.rcv_nxt : 0);
  store<u8>(th + TH_DOFF, <u8>((thlen >> 2) << 4));
  store<u8>(th + TH_FLAGS, <u8>flags);
  put_be16(th + TH_WINDOW, syn && !(flags & TCPHDR_ACK) ? min(<u32>(tp.sk_rcvbuf >> 1), MAX_TCP_WINDOW) : tcp_select_window(tp));
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
  store<u16>(th + TH_CHECK, csum_tcpudp(tp.inet_saddr_be, tp.inet_daddr_be, IPPROTO_TCP, th, thlen + len));
  if (flags & TCPHDR_ACK) tp.ack_pending = 0;
  ip_queue_xmit(skb, tp.inet_saddr_be, tp.inet_daddr_be, IPPROTO_TCP, ip_select_ttl(tp), <u32>tp.tos, true);
}

/** tcp_send_ack() */
export function tcp_send_ack(tp: TcpSock): void {
  tcp_transmit_skb(tp, TCPHDR_ACK, tp.snd_nxt, 0, 0);
}

/** tcp_connect(): send the SYN. */
export function tcp_connect(tp: TcpSock): void {
  tcp_transmit_skb(tp, TCPHDR_SYN, tp.iss, 0, 0);
  tp.snd_nxt = tp.iss + 1;
  tp.write_seq = tp.iss + 1;
}

/** tcp_make_synack() + send: the listener's child answers a SYN. */
export function tcp_send_synack(tp: TcpSock): void {
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
 * tcp_write_xmit(): send what the peer's window allows, in segments of at most mss_cache
 * bytes; Nagle's algorithm (RFC 896) holds back a small segment while data is unacked
 * unless TCP_NODELAY is set; the FIN rides on the last segment.
 */
export function tcp_write_xmit(tp: TcpSock): void {
  if (!can_send_data(tp.sk_state)) return;
  const data_end = tp.fin_queued ? tp.write_seq - 1 : tp.write_seq;
  for (;;) {
    const unsent = <i32>(data_end - tp.snd_nxt);
    if (unsent <= 0) break;
    const avail = <i32>(tp.snd_una + tp.snd_wnd - tp.snd_nxt);
    if (avail <= 0) break;
    let len = <u32>min(min(unsent, avail), <i32>tp.mss_cache);
    if (len < tp.mss_cache && <u32>unsent > len) {
      // the window cuts the segment: send it only if it is worth it (sender-side SWS avoidance)
      if (len < (tp.max_window >> 1) && tp.snd_nxt != tp.snd_una) break;
    }
    if (len < tp.mss_cache && <u32>unsent == len && !tp.nodelay && !tp.fin_queued && tp.snd_nxt != tp.snd_una) break; // Nagle
    let flags = TCPHDR_ACK;
    if (<u32>unsent == len) flags |= TCPHDR_PSH;
    if (tp.fin_queued && tp.snd_nxt + len == data_end) flags |= TCPHDR_FIN;
    tcp_transmit_skb(tp, flags, tp.snd_nxt, tp.snd_nxt - tp.snd_una, len);
    tp.snd_nxt += len + ((flags & TCPHDR_FIN) ? 1 : 0);
  }
  if (tp.fin_queued && tp.snd_nxt == data_end) {
    tcp_transmit_skb(tp, TCPHDR_FIN | TCPHDR_ACK, tp.snd_nxt, 0, 0);
    tp.snd_nxt++;
  }
}

/**
 * tcp_v4_send_reset(): answer a segment no socket wants (RFC 793 "Reset Generation"):
 * if it had an ACK the reset takes that sequence number, else it acknowledges the segment.
 */
export function tcp_v4_send_reset(cb: TcpCb): void {
  if (cb.flags & TCPHDR_RST) return;
  const skb = ip_alloc_skb(TCPH_LEN);
  const th = skb.data + IPH_LEN;
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
  store<u16>(th + TH_CHECK, csum_tcpudp(cb.daddr_be, cb.saddr_be, IPPROTO_TCP, th, TCPH_LEN));
  ip_queue_xmit(skb, cb.daddr_be, cb.saddr_be, IPPROTO_TCP, sysctl_ip_default_ttl, 0, true);
}

export { SkBuff, TCP_SYN_SENT, TCP_SYN_RECV };

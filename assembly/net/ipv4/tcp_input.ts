// TCP input (net/ipv4/tcp_input.c): RFC 793 "SEGMENT ARRIVES" for a socket that is past
// LISTEN. The loopback device neither loses nor reorders, so a segment that is not the
// next one expected is answered with an ACK and dropped (there is no out-of-order queue),
// and nothing is ever retransmitted.
import { ktrace } from "../../kernel/trace";
import { SkBuff, skb_queue_tail } from "../core/skbuff";
import { sock_set_flag, TCP_ESTABLISHED, TCP_SYN_SENT, TCP_SYN_RECV, TCP_FIN_WAIT1, TCP_FIN_WAIT2, TCP_CLOSE_WAIT, TCP_CLOSING, TCP_LAST_ACK, SOCK_DONE } from "../core/sock";
import * as net from "../../uapi/net";
import {
  TcpSock, TcpCb, tcp_set_state, tcp_done, tcp_reset, tcp_time_wait, tcp_clean_rtx_queue, tcp_init_buffer_space, sk_wake,
  TCP_MSS_DEFAULT, TCP_MIN_MSS,
} from "./tcp";
import {
  TCPHDR_FIN, TCPHDR_SYN, TCPHDR_RST, TCPHDR_ACK, TCPOPT_EOL, TCPOPT_NOP, TCPOPT_MSS, TCPOPT_TIMESTAMP,
  TCPOPT_WINDOW, TCP_MAX_WSCALE, MAX_TCP_WINDOW, tcp_send_ack, tcp_write_xmit, tcp_send_reset, tcp_receive_window,
} from "./tcp_output";

/** Set when the segment's skb was queued on a socket (the caller must not free it). */
export let tcp_skb_taken = false;

// @ts-ignore: decorator
@inline function before(a: u32, b: u32): bool { return <i32>(a - b) < 0; }
// @ts-ignore: decorator
@inline function after(a: u32, b: u32): bool { return <i32>(b - a) < 0; }

/** tcp_parse_options(): MSS, window scale and timestamps; others are skipped by their length. */
export function tcp_parse_options(cb: TcpCb, opt: usize, len: u32): void {
  cb.mss = 0;
  cb.saw_tstamp = 0;
  cb.saw_wscale = 0;
  let i: u32 = 0;
  while (i < len) {
    const kind = load<u8>(opt + i);
    if (kind == TCPOPT_EOL) break;
    if (kind == TCPOPT_NOP) { i++; continue; }
    if (i + 1 >= len) break;
    const olen = <u32>load<u8>(opt + i + 1);
    if (olen < 2 || i + olen > len) break;
    if (kind == TCPOPT_MSS && olen == 4 && (cb.flags & TCPHDR_SYN)) {
      cb.mss = <u32>bswap<u16>(load<u16>(opt + i + 2));
    } else if (kind == TCPOPT_WINDOW && olen == 3 && (cb.flags & TCPHDR_SYN)) {
      // RFC 7323 2.3: a shift above 14 is taken as 14
      cb.saw_wscale = 1;
      cb.wscale = min(<u32>load<u8>(opt + i + 2), TCP_MAX_WSCALE);
    } else if (kind == TCPOPT_TIMESTAMP && olen == 10) {
      cb.saw_tstamp = 1;
      cb.rcv_tsval = bswap<u32>(load<u32>(opt + i + 2));
      cb.rcv_tsecr = bswap<u32>(load<u32>(opt + i + 6));
    }
    i += olen;
  }
}

/**
 * tcp_sync_mss(): the segment size: the route's (65536 - 40), clamped by the peer's MSS
 * option and TCP_MAXSEG, less the timestamp option when in use (Linux reports 65483 on lo).
 */
export function tcp_sync_mss(tp: TcpSock): void {
  let mss: u32 = 65536 - tp.af_ops.net_header_len - 20; // lo's MTU less the network and TCP headers
  let clamp = tp.rx_mss ? tp.rx_mss : TCP_MSS_DEFAULT;
  if (tp.user_mss && tp.user_mss < clamp) clamp = tp.user_mss;
  if (mss > clamp) mss = clamp;
  if (tp.tstamp_ok) mss -= 12;
  tp.mss_cache = mss;
}

/**
 * tcp_initialize_rcv_mss(): our estimate of the segment size the peer sends, the unit in
 * which our window opens. Linux starts from a low guess (at most 536) and learns the
 * size from the first segments; on lo every segment is a GSO packet whose gso_size is
 * the sender's MSS, so it learns exactly that. Unlike Linux (there is no GSO here, and a
 * first short write would teach a short size), the estimate starts at the MSS the peer
 * announced on its SYN (bounded by ours), less the timestamp option: what the peer sends with.
 */
export function tcp_initialize_rcv_mss(tp: TcpSock): void {
  let hint = min(tp.rx_mss ? tp.rx_mss : TCP_MSS_DEFAULT, tp.advmss); // what the peer's tcp_sync_mss picks
  if (tp.tstamp_ok) hint -= 12;
  hint = max(hint, TCP_MIN_MSS);
  tp.rcv_mss = hint;
}

/**
 * tcp_measure_rcv_mss(), reduced: a segment at least as long as the estimate is the
 * peer's MSS (bounded by ours). Unlike Linux, shorter segments never lower it.
 */
function tcp_measure_rcv_mss(tp: TcpSock, len: u32): void {
  if (len >= tp.rcv_mss) tp.rcv_mss = min(len, tp.advmss);
}

/** tcp_rcv_synsent_state_process(): the answer to our SYN. */
function tcp_rcv_synsent_state_process(tp: TcpSock, cb: TcpCb): void {
  ktrace("tcp_rcv_synsent_state_process");
  if (cb.flags & TCPHDR_ACK) {
    if (!after(cb.ack_seq, tp.snd_una) || after(cb.ack_seq, tp.snd_nxt)) {
      tcp_send_reset(cb);
      return;
    }
    if (cb.flags & TCPHDR_RST) {
      tcp_reset(tp);
      return;
    }
    if (!(cb.flags & TCPHDR_SYN)) return;
    tp.rcv_nxt = cb.seq + 1;
    tp.rcv_wup = tp.rcv_nxt;
    tp.snd_una = cb.ack_seq;
    tp.snd_wnd = cb.window; // a SYN's window is never scaled
    tp.max_window = cb.window;
    if (tp.wscale_ok && cb.saw_wscale) {
      tp.snd_wscale = cb.wscale;
    } else {
      // the peer did not agree: neither side scales (RFC 7323 2.2)
      tp.wscale_ok = 0;
      tp.snd_wscale = 0;
      tp.rcv_wscale = 0;
      tp.wnd_clamp = min(tp.wnd_clamp, MAX_TCP_WINDOW);
    }
    tp.tstamp_ok = cb.saw_tstamp;
    if (cb.saw_tstamp) tp.ts_recent = cb.rcv_tsval;
    tp.rx_mss = cb.mss;
    tcp_sync_mss(tp);
    tcp_set_state(tp, TCP_ESTABLISHED);
    tcp_init_buffer_space(tp);
    tcp_initialize_rcv_mss(tp);
    sk_wake(tp);
    tcp_send_ack(tp);
    return;
  }
  // unlike Linux, no simultaneous open: a SYN without ACK (or a bare RST) is dropped
}

/** The window a segment offers: scaled by the peer's shift unless it is a SYN (tcp_ack_update_window). */
function tcp_seg_window(tp: TcpSock, cb: TcpCb): u32 {
  return cb.flags & TCPHDR_SYN ? cb.window : cb.window << tp.snd_wscale;
}

/** tcp_ack(): process the acknowledgment; false when the segment must be dropped. */
function tcp_ack(tp: TcpSock, cb: TcpCb): bool {
  ktrace("tcp_ack");
  const ack = cb.ack_seq;
  if (after(ack, tp.snd_nxt)) {
    tcp_send_ack(tp); // acknowledges what we never sent
    return false;
  }
  if (before(ack, tp.snd_una)) return true; // old duplicate: ignore its ACK
  let acked = ack - tp.snd_una;
  const fin_acked = tp.fin_queued != 0 && acked > 0 && ack == tp.write_seq && tp.snd_nxt == tp.write_seq;
  if (fin_acked) acked--;
  tp.snd_una = ack;
  tp.snd_wnd = tcp_seg_window(tp, cb);
  if (tp.snd_wnd > tp.max_window) tp.max_window = tp.snd_wnd;
  if (acked) tcp_clean_rtx_queue(tp, acked);
  if (fin_acked) tp.fin_acked = 1;
  return true;
}

/**
 * tcp_rcv_state_process(): a segment for a socket in any state but LISTEN and TIME_WAIT.
 * Returns true when the caller must answer with a reset.
 */
export function tcp_rcv_state_process(tp: TcpSock, cb: TcpCb, skb: SkBuff): bool {
  ktrace("tcp_rcv_state_process");
  tcp_skb_taken = false;
  if (tp.sk_state == TCP_SYN_SENT) {
    tcp_rcv_synsent_state_process(tp, cb);
    return false;
  }
  const flags = cb.flags;
  // RFC 5961 3.2: a reset is accepted only at exactly rcv_nxt
  if (flags & TCPHDR_RST) {
    if (cb.seq == tp.rcv_nxt) tcp_reset(tp);
    return false;
  }
  if (flags & TCPHDR_SYN) {
    tcp_send_ack(tp); // RFC 5961 4.2 challenge ACK
    return false;
  }
  if (!(flags & TCPHDR_ACK)) return false;
  if (cb.saw_tstamp && !after(cb.seq, tp.rcv_nxt)) tp.ts_recent = cb.rcv_tsval;

  if (tp.sk_state == TCP_SYN_RECV) {
    if (!after(cb.ack_seq, tp.snd_una) || after(cb.ack_seq, tp.snd_nxt)) return true;
    tp.snd_una = cb.ack_seq;
    tp.snd_wnd = tcp_seg_window(tp, cb);
    tp.max_window = tp.snd_wnd;
    tcp_sync_mss(tp);
    tcp_set_state(tp, TCP_ESTABLISHED);
    tcp_init_buffer_space(tp);
    tcp_initialize_rcv_mss(tp);
    inet_csk_complete_hashdance(tp);
  } else if (!tcp_ack(tp, cb)) {
    return false;
  }

  if (tp.fin_acked) {
    tp.fin_acked = 0;
    switch (tp.sk_state) {
      case TCP_FIN_WAIT1:
        tcp_set_state(tp, TCP_FIN_WAIT2);
        tp.sk_shutdown |= net.SEND_SHUTDOWN;
        sk_wake(tp);
        break;
      case TCP_CLOSING:
        tcp_time_wait(tp);
        return false;
      case TCP_LAST_ACK:
        tcp_done(tp);
        return false;
    }
  }

  const state = tp.sk_state;
  const len = cb.len;
  let fin_ok = (flags & TCPHDR_FIN) != 0;
  if (len) {
    if (state == TCP_ESTABLISHED || state == TCP_FIN_WAIT1 || state == TCP_FIN_WAIT2) {
      if (state != TCP_ESTABLISHED && (tp.sk_shutdown & net.RCV_SHUTDOWN) && after(cb.seq + len, tp.rcv_nxt)) {
        // data for a socket that will never read it (closed): abort
        tcp_reset(tp);
        return true;
      }
      if (cb.seq != tp.rcv_nxt) {
        tp.ack_pending = 1;
        fin_ok = false;
      } else {
        // tcp_data_queue(): the payload stays in the packet's skb, after its headers.
        // As on Linux a segment that starts in the window is taken whole (tcp_sequence
        // checks only its start); with no window at all it is dropped and re-ACKed.
        tcp_measure_rcv_mss(tp, len);
        if (tcp_receive_window(tp) == 0) {
          fin_ok = false;
        } else {
          skb.consumed = cb.hdr;
          skb.len = cb.hdr + len;
          skb_queue_tail(tp.sk_receive_queue, skb);
          tcp_skb_taken = true;
          tp.rmem_alloc += <i32>len;
          tp.rcv_nxt += len;
          sk_wake(tp);
        }
        tp.ack_pending = 1;
      }
    } else {
      fin_ok = false; // CLOSE_WAIT, CLOSING, LAST_ACK: the peer already sent its FIN
    }
  } else if (fin_ok && cb.seq != tp.rcv_nxt) {
    fin_ok = false;
  }

  if (fin_ok && (state == TCP_ESTABLISHED || state == TCP_FIN_WAIT1 || state == TCP_FIN_WAIT2)) {
    // tcp_fin()
    tp.rcv_nxt++;
    tp.sk_shutdown |= net.RCV_SHUTDOWN;
    sock_set_flag(tp, SOCK_DONE);
    tp.ack_pending = 1;
    sk_wake(tp);
    if (state == TCP_ESTABLISHED) {
      tcp_set_state(tp, TCP_CLOSE_WAIT);
    } else if (state == TCP_FIN_WAIT1) {
      tcp_set_state(tp, TCP_CLOSING);
    } else {
      tcp_send_ack(tp);
      tcp_time_wait(tp);
      return false;
    }
  }

  // tcp_data_snd_check() + tcp_ack_snd_check()
  tcp_write_xmit(tp);
  if (tp.ack_pending) tcp_send_ack(tp);
  return false;
}

/** inet_csk_reqsk_queue_add(): an established child joins its listener's accept queue. */
function inet_csk_complete_hashdance(tp: TcpSock): void {
  const parent = tp.parent;
  if (!parent) return;
  tp.accept_next = null;
  if (parent.accept_tail) parent.accept_tail!.accept_next = tp;
  else parent.accept_head = tp;
  parent.accept_tail = tp;
  parent.sk_ack_backlog++;
  sk_wake(parent); // sk_data_ready of the listener
}

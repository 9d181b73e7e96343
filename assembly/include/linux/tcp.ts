// struct tcp_sock (include/linux/tcp.h) and TCP_SKB_CB (include/net/tcp.h): the structs
// TCP's implementation files share. tcp.ts, tcp_input.ts, tcp_output.ts and tcp_ipv4.ts
// import them from here, so none of them needs another only for a type.
import { SkBuffHead, Sock } from "../../net/net";
import { InetSock } from "../../net/ipv4/inet_sock";

/**
 * struct tcp_sock (inet_sock first). Sequence space (RFC 793 3.2):
 *   iss                initial send sequence number
 *   snd_una            oldest unacknowledged; snd_nxt next to send; write_seq end of queued data
 *   snd_wnd, max_window  peer's window (last and largest)
 *   rcv_nxt            next expected; rcv_wup/rcv_wnd: the window last advertised (rcv_wup + rcv_wnd is its right edge)
 *   advmss, mss_cache  MSS we advertise / we send with; rx_mss the peer's option; user_mss TCP_MAXSEG
 *   tstamp_ok, ts_recent, tsoffset   timestamps (RFC 7323)
 *   nodelay, cork      TCP_NODELAY, TCP_CORK
 *   wmem_queued        sk_wmem_queued: bytes charged for the write queue
 *   fin_queued         a FIN follows the data (write_seq counts it)
 *   ack_pending        an ACK is owed for received data or FIN
 *   write_queue        data from snd_una to write_seq (skb.consumed: bytes acked of the first skb)
 *   parent             the listener, while an accepted connection waits to be accepted
 *   accept_next        link in the listener's accept queue (accept_head .. accept_tail)
 *   keepidle, keepintvl, keepcnt, syncnt, linger2, defer_accept, window_clamp   options as stored
 *   rcv_mss            icsk_ack.rcv_mss: our estimate of the peer's MSS (the unit of our window)
 *   snd_sml            end of the last small segment sent (Minshall's Nagle variant)
 *   wscale_ok, snd_wscale, rcv_wscale   window scaling (RFC 7323 2): agreed, the peer's
 *                      shift (applied to the windows it sends), ours (to the windows we send)
 *   wnd_clamp          the largest window we advertise (tp->window_clamp once connected:
 *                      65535 << rcv_wscale, or less by TCP_WINDOW_CLAMP or a locked SO_RCVBUF)
 *   rcvq_space         rcvq_space.space: the most the reader took in one measure (auto-tuning)
 */
@unmanaged export class TcpSock extends InetSock {
  iss: u32;
  snd_una: u32;
  snd_nxt: u32;
  write_seq: u32;
  snd_wnd: u32;
  max_window: u32;
  rcv_nxt: u32;
  rcv_wup: u32;
  rcv_wnd: u32;
  advmss: u32;
  mss_cache: u32;
  rx_mss: u32;
  user_mss: u32;
  tstamp_ok: i32;
  ts_recent: u32;
  tsoffset: u32;
  nodelay: i32;
  cork: i32;
  wmem_queued: i32;
  fin_queued: i32;
  ack_pending: i32;
  fin_acked: i32;
  write_queue: SkBuffHead;
  parent: TcpSock | null;
  accept_next: TcpSock | null;
  accept_head: TcpSock | null;
  accept_tail: TcpSock | null;
  keepidle: i32;
  keepintvl: i32;
  keepcnt: i32;
  syncnt: i32;
  linger2: i32;
  defer_accept: i32;
  window_clamp: i32;
  rcv_mss: u32;
  snd_sml: u32;
  wscale_ok: i32;
  snd_wscale: u32;
  rcv_wscale: u32;
  wnd_clamp: u32;
  rcvq_space: u32;
}

/**
 * TCP_SKB_CB(): what tcp_v4_rcv / tcp_v6_rcv parsed from the segment being processed. One is enough:
 * the softirq processes one segment at a time, to the end.
 */
@unmanaged export class TcpCb {
  family: i32;
  saddr_be: u32;
  daddr_be: u32;
  saddr0: u64;
  saddr1: u64;
  daddr0: u64;
  daddr1: u64;
  sport_be: u32;
  dport_be: u32;
  seq: u32;
  end_seq: u32;
  ack_seq: u32;
  flags: u32;
  window: u32;
  data: usize;
  len: u32;
  hdr: u32;
  mss: u32;
  saw_tstamp: i32;
  rcv_tsval: u32;
  rcv_tsecr: u32;
  saw_wscale: i32;
  wscale: u32;
}

// @ts-ignore: decorator
@inline export function tcp_sk(sk: Sock): TcpSock {
  return changetype<TcpSock>(sk);
}

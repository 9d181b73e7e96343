// TCP, the user side (net/ipv4/tcp.c): struct tcp_sock, sendmsg/recvmsg, poll, close,
// shutdown, options. Segments go out in tcp_output.ts and come in through tcp_ipv4.ts
// (tcp_v4_rcv) and tcp_input.ts (tcp_rcv_state_process).
//
// Every entry point runs with the softirq deferred (local_bh_disable, Linux's lock_sock):
// segments it sends are processed by the receiving sockets when it is done
// (local_bh_enable, Linux's release_sock), before the syscall returns.
import { ktrace } from "../../kernel/trace";
import { current } from "../../kernel/sched";
import { kfree_obj, kzalloc_obj } from "../../kernel/slab";
import { put_user, copy_from_user } from "../../kernel/uaccess";
import { ktime_get_ns } from "../../kernel/time";
import { wake_up } from "../../kernel/wait";
import { send_sig, SIGPIPE } from "../../kernel/signal";
import { File } from "../../kernel/fs";
import { copy_from_iter, copy_to_iter } from "../../kernel/iov_iter";
import { PollTable, poll_wait, POLLIN, POLLRDNORM, POLLOUT, POLLWRNORM, POLLERR, POLLHUP, POLLRDHUP } from "../../kernel/poll";
import { Socket, SOCKF_NOSPACE } from "../net";
import { Msghdr } from "../core/msghdr";
import {
  Sock, sk_alloc, sock_hold, sock_put, sock_flag, sock_set_flag, sock_error, sock_rcvtimeo, sock_sndtimeo,
  sock_rcvlowat, sk_wait, sk_restart, sock_reset_flag, sockopt_put_int,
  TCP_ESTABLISHED, TCP_SYN_SENT, TCP_SYN_RECV, TCP_FIN_WAIT1, TCP_FIN_WAIT2, TCP_TIME_WAIT, TCP_CLOSE,
  TCP_CLOSE_WAIT, TCP_LAST_ACK, TCP_LISTEN, TCP_CLOSING, SOCK_DEAD, SOCK_DONE, SOCK_LINGER, SOCK_SNDBUF_LOCK, SOCK_RCVBUF_LOCK,
} from "../core/sock";
import { SkBuff, alloc_skb, kfree_skb, skb_queue_head_init, skb_queue_tail, skb_unlink, skb_queue_purge, skb_dequeue } from "../core/skbuff";
import { local_bh_disable, local_bh_enable } from "../core/dev";
import { InetSock, Proto, SOCK_BINDPORT_LOCK } from "./inet_sock";
import { TcpSock, TcpCb, tcp_sk } from "../../include/linux/tcp";
export { TcpSock, TcpCb, tcp_sk } from "../../include/linux/tcp";
import { inet_put_port, inet_hash, inet_bucket, set_tw_kill } from "./inet_hashtables";
import { tcp_write_xmit, tcp_send_fin, tcp_send_active_reset, tcp_send_ack, tcp_receive_window, __tcp_select_window, MAX_TCP_WINDOW, sysctl_tcp_rmem_max } from "./tcp_output";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";
import { SIOCINQ, SIOCOUTQ } from "../../uapi/fcntl";
import { TCP_NODELAY, TCP_MAXSEG, TCP_CORK, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_SYNCNT, TCP_LINGER2, TCP_DEFER_ACCEPT, TCP_WINDOW_CLAMP, TCP_QUICKACK, IPPROTO_TCP } from "../../uapi/in";

/** net.ipv4.tcp_rmem / tcp_wmem defaults (the middle values) and maxima */
export const sysctl_tcp_rmem_default = 131072;
export const sysctl_tcp_wmem_default = 16384;
export const sysctl_tcp_wmem_max = 4194304;
/** TCP_MSS_DEFAULT: the MSS before a connection has one (RFC 1122) */
export const TCP_MSS_DEFAULT: u32 = 536;
export const TCP_MIN_MSS: u32 = 88;
/** TCP_TIMEWAIT_LEN: 60 s */
export const TCP_TIMEWAIT_LEN: i64 = 60 * 1000000000;
/** net.ipv4.tcp_fin_timeout: an orphaned FIN_WAIT2 socket lives 60 s */
export const TCP_FIN_TIMEOUT: i64 = 60 * 1000000000;
/** Most bytes one write-queue skb carries (a 64 KiB chunk). */
const TCP_SKB_MAX: u32 = 65536;

function tcp_sk_destruct(sk: Sock): void {
  const tp = tcp_sk(sk);
  skb_queue_purge(tp.write_queue);
  kfree_obj(tp.write_queue);
}

function tcp_write_space(sk: Sock): void {
  if (sk_stream_is_writeable(tcp_sk(sk))) {
    if (sk.sk_socket) sk.sk_socket!.flags &= ~SOCKF_NOSPACE;
    wake_up(sk.sk_wq);
  }
}

/** tcp_init_sock(): buffers from tcp_wmem/tcp_rmem, MSS 536 until connected. */
export function tcp_init_sock(tp: TcpSock): void {
  tp.sk_sndbuf = sysctl_tcp_wmem_default;
  tp.sk_rcvbuf = sysctl_tcp_rmem_default;
  tp.mss_cache = TCP_MSS_DEFAULT;
  tp.advmss = 65535 - 40; // ipv4_default_advmss(): min(mtu, IPV4_MAX_PMTU) - 40
  tp.write_queue = skb_queue_head_init();
  tp.sk_destruct = tcp_sk_destruct;
  tp.sk_write_space = tcp_write_space;
  tp.keepidle = 7200;
  tp.keepintvl = 75;
  tp.keepcnt = 9;
  tp.syncnt = 6;
  tp.linger2 = 60;
}

/** sk_alloc of a tcp_sock (tcp_v4_init_sock). */
export function tcp_sk_alloc(): TcpSock {
  const tp = changetype<TcpSock>(sk_alloc(net.AF_INET, offsetof<TcpSock>()));
  tp.sk_type = net.SOCK_STREAM;
  tp.sk_protocol = 6;
  tp.uc_ttl = -1;
  tcp_init_sock(tp);
  return tp;
}

/** tcp_set_state(): entering CLOSE gives the port back unless it was bound explicitly. */
export function tcp_set_state(tp: TcpSock, state: i32): void {
  ktrace("tcp_set_state");
  tp.sk_state = state;
  if (state == TCP_CLOSE && !(tp.sk_userlocks & SOCK_BINDPORT_LOCK)) inet_put_port(tp);
}

/** inet_csk_destroy_sock(): the protocol lets go of a dead socket. */
export function inet_csk_destroy_sock(tp: TcpSock): void {
  inet_put_port(tp);
  skb_queue_purge(tp.sk_receive_queue);
  tp.rmem_alloc = 0;
  skb_queue_purge(tp.write_queue);
  tp.wmem_queued = 0;
  sock_put(tp);
}

/** sk_state_change / sk_data_ready / sk_error_report: wake whoever waits on the socket. */
export function sk_wake(sk: Sock): void {
  wake_up(sk.sk_wq);
}

/** tcp_done(): the connection is over. */
export function tcp_done(tp: TcpSock): void {
  ktrace("tcp_done");
  tcp_set_state(tp, TCP_CLOSE);
  tp.sk_shutdown = net.SHUTDOWN_MASK;
  if (!sock_flag(tp, SOCK_DEAD)) sk_wake(tp);
  else inet_csk_destroy_sock(tp);
}

/** tcp_reset(): the peer reset the connection. */
export function tcp_reset(tp: TcpSock): void {
  let err = E.ECONNRESET;
  switch (tp.sk_state) {
    case TCP_SYN_SENT: err = E.ECONNREFUSED; break;
    case TCP_CLOSE_WAIT: err = E.EPIPE; break;
    case TCP_CLOSE: return;
  }
  tp.sk_err = err;
  sk_wake(tp);
  tcp_done(tp);
}

/** inet_twsk_kill(): a TIME_WAIT socket's time is over. */
function tcp_tw_kill(inet: InetSock): void {
  inet_csk_destroy_sock(changetype<TcpSock>(inet));
}

/**
 * tcp_time_wait(): the connection is over but its port is held for TCP_TIMEWAIT_LEN, so
 * late segments of it cannot reach a new connection. As on Linux a separate timewait
 * socket holds the port; the user's socket (if any) is done and CLOSE.
 */
export function tcp_time_wait(tp: TcpSock): void {
  ktrace("tcp_time_wait");
  const tw = tcp_sk_alloc();
  tw.sk_state = TCP_TIME_WAIT;
  tw.sk_reuse = tp.sk_reuse;
  tw.sk_reuseport = tp.sk_reuseport;
  tw.sk_family = tp.sk_family;
  tw.af_ops = tp.af_ops;
  tw.sk_ipv6only = tp.sk_ipv6only;
  tw.v6_rcv_saddr0 = tp.v6_rcv_saddr0;
  tw.v6_rcv_saddr1 = tp.v6_rcv_saddr1;
  tw.v6_saddr0 = tp.v6_saddr0;
  tw.v6_saddr1 = tp.v6_saddr1;
  tw.v6_daddr0 = tp.v6_daddr0;
  tw.v6_daddr1 = tp.v6_daddr1;
  tw.hop_limit = tp.hop_limit;
  tw.tclass = tp.tclass;
  tw.inet_saddr_be = tp.inet_saddr_be;
  tw.inet_rcv_saddr_be = tp.inet_rcv_saddr_be;
  tw.inet_daddr_be = tp.inet_daddr_be;
  tw.inet_sport_be = tp.inet_sport_be;
  tw.inet_dport_be = tp.inet_dport_be;
  tw.inet_num = tp.inet_num;
  tw.snd_nxt = tp.snd_nxt;
  tw.snd_una = tp.snd_una;
  tw.rcv_nxt = tp.rcv_nxt;
  tw.tstamp_ok = tp.tstamp_ok;
  tw.rcv_wscale = tp.rcv_wscale;
  tw.snd_wscale = tp.snd_wscale;
  tw.wnd_clamp = tp.wnd_clamp;
  tw.ts_recent = tp.ts_recent;
  tw.tsoffset = tp.tsoffset;
  tw.tw_deadline = ktime_get_ns() + TCP_TIMEWAIT_LEN;
  sock_set_flag(tw, SOCK_DEAD);
  inet_hash(tw);
  // the user's socket lets go of the port whatever its locks: the timewait socket has it
  tp.sk_userlocks &= ~SOCK_BINDPORT_LOCK;
  tcp_done(tp);
}

// ---- sending ----

/** sk_stream_wspace() >= sk_stream_min_wspace(): room for a third more. */
export function sk_stream_is_writeable(tp: TcpSock): bool {
  return tp.sk_sndbuf - tp.wmem_queued >= (tp.wmem_queued >> 1);
}

/** tcp_sndbuf_expand(): once connected, room for 10 full segments twice (tcp_init_buffer_space). */
export function tcp_init_buffer_space(tp: TcpSock): void {
  tp.rcvq_space = min(tp.rcv_wnd, 10 * tp.advmss); // TCP_INIT_CWND segments
  if (tp.sk_userlocks & SOCK_SNDBUF_LOCK) return;
  const per_mss = <i32>(tp.mss_cache + 40 + 576);
  const sndmem = min(2 * 10 * per_mss * 2, sysctl_tcp_wmem_max);
  if (sndmem > tp.sk_sndbuf) tp.sk_sndbuf = sndmem;
}

/**
 * tcp_rcv_space_adjust(): receive buffer auto-tuning (tcp_moderate_rcvbuf). When the reader
 * took more than the last measure, the buffer grows to the space worth twice that plus 16
 * segments (more when the rate grew), up to tcp_rmem[2], and the window clamp follows, so
 * a bulk receiver soon offers a window of megabytes (with window scaling). Unlike Linux,
 * which measures what was read once per receive round-trip time, each read is a measure
 * (on lo a round trip is shorter than a read).
 */
function tcp_rcv_space_adjust(tp: TcpSock, copied: i32): void {
  const space = tp.rcvq_space;
  if (<u32>copied <= space || !space) return;
  if (!(tp.sk_userlocks & SOCK_RCVBUF_LOCK)) {
    let rcvwin = (<u64>copied << 1) + 16 * <u64>tp.advmss;
    rcvwin += ((rcvwin * <u64>(<u32>copied - space)) / space) << 1;
    const rcvbuf = <i32>min(rcvwin << 1, <u64>sysctl_tcp_rmem_max); // tcp_space_from_win()
    if (rcvbuf > tp.sk_rcvbuf) {
      tp.sk_rcvbuf = rcvbuf;
      if (tp.rcv_wscale) tp.wnd_clamp = min(<u32>rcvbuf >> 1, MAX_TCP_WINDOW << tp.rcv_wscale);
    }
  }
  tp.rcvq_space = <u32>copied;
}

/** sk_stream_wait_connect(): a send before the connection is up. */
function sk_stream_wait_connect(tp: TcpSock, timeo: i64): i32 {
  if (tp.sk_err) return sock_error(tp);
  if (tp.sk_state != TCP_SYN_SENT && tp.sk_state != TCP_SYN_RECV) return -E.EPIPE;
  return sk_wait(tp, timeo);
}

/** sk_stream_error(): EPIPE (the pending error if any) raises SIGPIPE unless MSG_NOSIGNAL. */
function sk_stream_error(tp: TcpSock, flags: i32, err: i32): i32 {
  if (err == -E.EPIPE) {
    const e = sock_error(tp);
    err = e ? e : -E.EPIPE;
  }
  if (err == -E.EPIPE && !(flags & net.MSG_NOSIGNAL)) send_sig(SIGPIPE, current);
  return err;
}

/** tcp_sendmsg(): queue the data behind write_seq and push what the window allows. */
export function tcp_sendmsg(sock: Socket, msg: Msghdr, size: u32): i32 {
  ktrace("tcp_sendmsg");
  const tp = tcp_sk(sock.sk);
  const flags = msg.msg_flags;
  if (flags & net.MSG_OOB) return -E.EOPNOTSUPP; // unlike Linux: no urgent data
  local_bh_disable();
  const timeo = sock_sndtimeo(tp, (flags & net.MSG_DONTWAIT) != 0);
  let copied = 0;
  let err = 0;
  if (tp.sk_state != TCP_ESTABLISHED && tp.sk_state != TCP_CLOSE_WAIT) {
    err = sk_stream_wait_connect(tp, timeo);
    if (err) return sendmsg_out(tp, flags, 0, err);
  }
  if (tp.sk_err || (tp.sk_shutdown & net.SEND_SHUTDOWN)) return sendmsg_out(tp, flags, 0, -E.EPIPE);
  while (msg.msg_iter.count) {
    if (tp.wmem_queued >= tp.sk_sndbuf) {
      // sk_stream_wait_memory()
      if (tp.sk_socket) tp.sk_socket!.flags |= SOCKF_NOSPACE;
      tcp_write_xmit(tp);
      err = sk_wait(tp, timeo);
      break;
    }
    const size = min(msg.msg_iter.count, TCP_SKB_MAX);
    const skb = alloc_skb(size);
    skb.len = size;
    if (copy_from_iter(skb.data, size, msg.msg_iter) != size) {
      kfree_skb(skb);
      err = -E.EFAULT;
      break;
    }
    skb_queue_tail(tp.write_queue, skb);
    tp.wmem_queued += <i32>skb.truesize;
    tp.write_seq += size;
    copied += <i32>size;
  }
  if (!tp.cork && !(flags & net.MSG_MORE)) tcp_write_xmit(tp);
  else if (tp.wmem_queued >= tp.sk_sndbuf) tcp_write_xmit(tp);
  if (copied) {
    local_bh_enable();
    if (err == -E.ERESTARTSYS) return sk_restart(copied, err);
    return copied;
  }
  return sendmsg_out(tp, flags, 0, err);
}

function sendmsg_out(tp: TcpSock, flags: i32, copied: i32, err: i32): i32 {
  if (err == -E.EAGAIN || err == -E.ERESTARTSYS) {
    local_bh_enable();
    return err;
  }
  err = sk_stream_error(tp, flags, err);
  local_bh_enable();
  return err;
}

/** tcp_clean_rtx_queue(): n data bytes were acknowledged; free them. */
export function tcp_clean_rtx_queue(tp: TcpSock, n: u32): void {
  while (n) {
    const skb = tp.write_queue.first;
    if (!skb) break;
    const avail = skb.len - skb.consumed;
    if (n < avail) {
      skb.consumed += n;
      break;
    }
    n -= avail;
    skb_unlink(skb, tp.write_queue);
    tp.wmem_queued -= <i32>skb.truesize;
    kfree_skb(skb);
  }
  tp.sk_write_space(tp);
}

// ---- receiving ----

/**
 * tcp_cleanup_rbuf(): after the user read `copied` bytes, tell the peer about the room made,
 * but only when the window __tcp_select_window() would now offer is at least twice what
 * the peer may still send (receiver SWS avoidance, RFC 1122 4.2.3.3: the window opens in
 * steps of at least one MSS or half the buffer, never by a few bytes).
 */
export function tcp_cleanup_rbuf(tp: TcpSock, copied: i32): void {
  ktrace("tcp_cleanup_rbuf");
  const state = tp.sk_state;
  if (state != TCP_ESTABLISHED && state != TCP_FIN_WAIT1 && state != TCP_FIN_WAIT2) return;
  let time_to_ack = tp.ack_pending != 0;
  if (copied > 0 && !time_to_ack && !(tp.sk_shutdown & net.RCV_SHUTDOWN)) {
    const rcv_window_now = tcp_receive_window(tp);
    if (2 * <u64>rcv_window_now <= <u64>tp.wnd_clamp) { // tp->window_clamp
      const new_window = __tcp_select_window(tp);
      if (new_window && <u64>new_window >= 2 * <u64>rcv_window_now) time_to_ack = true;
    }
  }
  if (time_to_ack) tcp_send_ack(tp);
}

/** Bytes not yet read in the receive queue. */
function tcp_inq(tp: TcpSock): i32 {
  let n = 0;
  for (let skb: SkBuff | null = tp.sk_receive_queue.first; skb; skb = skb!.next) n += <i32>(skb!.len - skb!.consumed);
  return n;
}

/** tcp_recvmsg_locked() */
/**
 * tcp_mmap(): the zerocopy-receive mapping (filled by getsockopt TCP_ZEROCOPY_RECEIVE on
 * Linux) may only be read. Unlike Linux, nothing fills it: it stays zero.
 */
export function tcp_mmap(sock: Socket, prot: u32): i32 {
  if (prot & (0x2 | 0x4)) return -E.EPERM; // PROT_WRITE | PROT_EXEC: VM_WRITE | VM_EXEC
  return 0;
}

export function tcp_recvmsg(sock: Socket, msg: Msghdr, len: u32, flags: i32): i32 {
  ktrace("tcp_recvmsg");
  const tp = tcp_sk(sock.sk);
  if (tp.sk_state == TCP_LISTEN) return -E.ENOTCONN;
  if (flags & net.MSG_OOB) return -E.EINVAL; // tcp_recv_urg(): no urgent data here
  if (flags & net.MSG_ERRQUEUE) return -E.EAGAIN;
  local_bh_disable();
  const peek = (flags & net.MSG_PEEK) != 0;
  const timeo = sock_rcvtimeo(tp, (flags & net.MSG_DONTWAIT) != 0);
  const target = sock_rcvlowat(tp, (flags & net.MSG_WAITALL) != 0, <i32>len);
  let copied = 0;
  let peek_skip: u32 = 0;
  let err = 0;
  let again = true;
  while (again) {
    // take data from the queue
    let skb = tp.sk_receive_queue.first;
    let skip = peek_skip;
    while (skb && skip >= skb.len - skb.consumed) {
      skip -= skb.len - skb.consumed;
      skb = skb.next;
    }
    if (skb && <u32>copied < len) {
      const chunk = min(skb.len - skb.consumed - skip, len - <u32>copied);
      if (!(flags & net.MSG_TRUNC)) {
        if (copy_to_iter(skb.data + skb.consumed + skip, chunk, msg.msg_iter) != chunk) {
          if (!copied) copied = -E.EFAULT;
          break;
        }
      }
      copied += <i32>chunk;
      if (peek) {
        peek_skip += chunk;
      } else {
        skb.consumed += chunk;
        tp.rmem_alloc -= <i32>chunk;
        if (skb.consumed == skb.len) {
          skb_unlink(skb, tp.sk_receive_queue);
          kfree_skb(skb);
        }
      }
      continue;
    }
    if (<u32>copied >= len) break;
    if (copied >= target) break;
    if (copied) {
      if (!timeo || tp.sk_err || tp.sk_state == TCP_CLOSE || (tp.sk_shutdown & net.RCV_SHUTDOWN)) break;
    } else {
      if (sock_flag(tp, SOCK_DONE)) break;
      if (tp.sk_err) { copied = sock_error(tp); break; }
      if (tp.sk_shutdown & net.RCV_SHUTDOWN) break;
      if (tp.sk_state == TCP_CLOSE) { copied = -E.ENOTCONN; break; }
      if (!timeo) { copied = -E.EAGAIN; break; }
    }
    tcp_cleanup_rbuf(tp, copied);
    err = sk_wait(tp, timeo);
    break;
  }
  if (copied > 0 && !peek) {
    tcp_rcv_space_adjust(tp, copied);
    tcp_cleanup_rbuf(tp, copied);
  }
  local_bh_enable();
  if (err) {
    if (copied > 0) {
      if (err == -E.ERESTARTSYS && !peek) return sk_restart(copied, err);
      return copied;
    }
    return err;
  }
  return copied;
}

// ---- poll, ioctl ----

/** tcp_poll() */
export function tcp_poll(file: File, sock: Socket, pt: PollTable | null): u32 {
  ktrace("tcp_poll");
  const tp = tcp_sk(sock.sk);
  poll_wait(tp.sk_wq, pt);
  const state = tp.sk_state;
  if (state == TCP_LISTEN) return tp.accept_head ? POLLIN | POLLRDNORM : 0; // inet_csk_listen_poll
  let mask: u32 = 0;
  const shutdown = tp.sk_shutdown;
  if (shutdown == net.SHUTDOWN_MASK || state == TCP_CLOSE) mask |= POLLHUP;
  if (shutdown & net.RCV_SHUTDOWN) mask |= POLLIN | POLLRDNORM | POLLRDHUP;
  if (state != TCP_SYN_SENT && state != TCP_SYN_RECV) {
    if (tcp_inq(tp) >= sock_rcvlowat(tp, false, 0x7fffffff)) mask |= POLLIN | POLLRDNORM;
    if (!(shutdown & net.SEND_SHUTDOWN)) {
      if (sk_stream_is_writeable(tp)) mask |= POLLOUT | POLLWRNORM;
      else if (tp.sk_socket) tp.sk_socket!.flags |= SOCKF_NOSPACE;
    } else {
      mask |= POLLOUT | POLLWRNORM;
    }
  }
  if (tp.sk_err) mask |= POLLERR;
  return mask;
}

/** tcp_ioctl(): SIOCINQ (unread bytes), SIOCOUTQ (unacknowledged), SIOCOUTQNSD (unsent). */
export function tcp_ioctl(sock: Socket, cmd: u32, arg: u32): i32 {
  const tp = tcp_sk(sock.sk);
  let answ = 0;
  switch (cmd) {
    case SIOCINQ:
      if (tp.sk_state == TCP_LISTEN) return -E.EINVAL;
      answ = tcp_inq(tp);
      break;
    case SIOCOUTQ:
      if (tp.sk_state == TCP_LISTEN) return -E.EINVAL;
      answ = (tp.sk_state == TCP_SYN_SENT || tp.sk_state == TCP_SYN_RECV) ? 0 : <i32>(tp.write_seq - tp.snd_una) - tp.fin_queued;
      if (answ < 0) answ = 0;
      break;
    case 0x894b: // SIOCOUTQNSD
      if (tp.sk_state == TCP_LISTEN) return -E.EINVAL;
      answ = (tp.sk_state == TCP_SYN_SENT || tp.sk_state == TCP_SYN_RECV) ? 0 : <i32>(tp.write_seq - tp.snd_nxt);
      if (answ < 0) answ = 0;
      break;
    default:
      return -E.ENOIOCTLCMD;
  }
  return put_user(<u32>answ, arg) ? -E.EFAULT : 0;
}

// ---- close, shutdown, disconnect ----

/** tcp_close_state(): the state a close moves to; true when a FIN must be sent. */
function tcp_close_state(tp: TcpSock): bool {
  let next = tp.sk_state;
  let fin = false;
  switch (tp.sk_state) {
    case TCP_SYN_RECV:
    case TCP_ESTABLISHED: next = TCP_FIN_WAIT1; fin = true; break;
    case TCP_CLOSE_WAIT: next = TCP_LAST_ACK; fin = true; break;
    case TCP_SYN_SENT:
    case TCP_LISTEN:
    case TCP_TIME_WAIT: next = TCP_CLOSE; break;
  }
  tcp_set_state(tp, next);
  return fin;
}

/** tcp_shutdown(): SHUT_WR sends a FIN after the queued data. */
export function tcp_shutdown(sk: Sock, how: i32): void {
  ktrace("tcp_shutdown");
  const tp = tcp_sk(sk);
  if (!(how & net.SEND_SHUTDOWN)) return;
  const s = tp.sk_state;
  if (s == TCP_ESTABLISHED || s == TCP_SYN_SENT || s == TCP_SYN_RECV || s == TCP_CLOSE_WAIT) {
    if (tcp_close_state(tp)) tcp_send_fin(tp);
  }
}

/** inet_child_forget() for every connection the listener never accepted; then forget the queue. */
function inet_csk_listen_stop(tp: TcpSock): void {
  let child = tp.accept_head;
  tp.accept_head = null;
  tp.accept_tail = null;
  tp.sk_ack_backlog = 0;
  while (child) {
    const next = child.accept_next;
    child.accept_next = null;
    child.parent = null;
    tcp_disconnect(child, 0);
    sock_set_flag(child, SOCK_DEAD);
    inet_csk_destroy_sock(child);
    child = next;
  }
  // children still in SYN_RECV point at the listener: forget them too
  tcp_forget_embryos(tp);
}

/**
 * The end of inet_csk_listen_stop(): children of a closing listener that are still in
 * SYN_RECV (on the listener's port, pointing at it) are reset and freed.
 */
function tcp_forget_embryos(parent: TcpSock): void {
  for (;;) {
    let found: TcpSock | null = null;
    for (let p: InetSock | null = inet_bucket(parent.inet_num); p; p = p!.bind_next) {
      if (p.sk_protocol == IPPROTO_TCP && p.sk_state == TCP_SYN_RECV && tcp_sk(p).parent == parent) { found = tcp_sk(p); break; }
    }
    if (!found) return;
    const child = found!;
    child.parent = null;
    tcp_send_active_reset(child);
    tcp_set_state(child, TCP_CLOSE);
    sock_set_flag(child, SOCK_DEAD);
    inet_csk_destroy_sock(child);
  }
}


/** tcp_need_reset(): states whose abort tells the peer. */
function tcp_need_reset(state: i32): bool {
  return state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT || state == TCP_FIN_WAIT1 ||
    state == TCP_FIN_WAIT2 || state == TCP_SYN_RECV;
}

/** tcp_disconnect(): abort to CLOSE (connect(AF_UNSPEC), SO_LINGER 0, listener teardown). */
export function tcp_disconnect(sk: Sock, flags: i32): i32 {
  const tp = tcp_sk(sk);
  const old = tp.sk_state;
  if (old != TCP_CLOSE) tcp_set_state(tp, TCP_CLOSE);
  if (old == TCP_LISTEN) inet_csk_listen_stop(tp);
  else if (tcp_need_reset(old)) tcp_send_active_reset(tp);
  skb_queue_purge(tp.sk_receive_queue);
  tp.rmem_alloc = 0;
  skb_queue_purge(tp.write_queue);
  tp.wmem_queued = 0;
  tp.fin_queued = 0;
  tp.sk_shutdown = 0;
  tp.inet_dport_be = 0;
  tp.inet_daddr_be = 0;
  tp.v6_daddr0 = 0;
  tp.v6_daddr1 = 0;
  tp.sk_err = 0;
  sock_reset_flag(tp, SOCK_DONE);
  sk_wake(tp);
  return 0;
}

/** tcp_close() */
export function tcp_close(sk: Sock): void {
  ktrace("tcp_close");
  const tp = tcp_sk(sk);
  local_bh_disable();
  tp.sk_shutdown = net.SHUTDOWN_MASK;
  if (tp.sk_state == TCP_LISTEN) {
    tcp_set_state(tp, TCP_CLOSE);
    inet_csk_listen_stop(tp);
  }
  // RFC 2525 2.17: closing with unread data aborts the connection
  const data_was_unread = tcp_inq(tp) > 0;
  skb_queue_purge(tp.sk_receive_queue);
  tp.rmem_alloc = 0;
  if (tp.sk_state == TCP_CLOSE) {
    // nothing to tell the peer
  } else if (data_was_unread) {
    tcp_set_state(tp, TCP_CLOSE);
    tcp_send_active_reset(tp);
  } else if (sock_flag(tp, SOCK_LINGER) && !tp.sk_lingertime) {
    tcp_disconnect(tp, 0);
  } else if (tcp_close_state(tp)) {
    tcp_send_fin(tp);
  }
  // sock_orphan()
  sock_set_flag(tp, SOCK_DEAD);
  tp.sk_socket = null;
  if (tp.sk_state == TCP_FIN_WAIT2 || tp.sk_state == TCP_FIN_WAIT1 || tp.sk_state == TCP_CLOSING || tp.sk_state == TCP_LAST_ACK) {
    tp.tw_deadline = ktime_get_ns() + TCP_FIN_TIMEOUT;
  }
  if (tp.sk_state == TCP_CLOSE) inet_csk_destroy_sock(tp);
  local_bh_enable();
}

// ---- options ----

const optbuf = new StaticArray<u8>(8);

/** do_tcp_setsockopt() */
export function tcp_setsockopt_tcp(tp: TcpSock, optname: i32, optval: u32, optlen: i32): i32 {
  if (optlen < 4) return -E.EINVAL;
  const tmp = changetype<usize>(optbuf);
  if (copy_from_user(tmp, optval, 4)) return -E.EFAULT;
  const val = load<i32>(tmp);
  switch (optname) {
    case TCP_NODELAY:
      tp.nodelay = val ? 1 : 0;
      if (val) {
        local_bh_disable();
        tcp_write_xmit(tp);
        local_bh_enable();
      }
      return 0;
    case TCP_MAXSEG:
      if (val && (<u32>val < TCP_MIN_MSS || val > 32767)) return -E.EINVAL;
      tp.user_mss = <u32>val;
      return 0;
    case TCP_CORK:
      tp.cork = val ? 1 : 0;
      if (!val) {
        local_bh_disable();
        tcp_write_xmit(tp);
        local_bh_enable();
      }
      return 0;
    case TCP_KEEPIDLE:
      if (val < 1 || val > 32767) return -E.EINVAL;
      tp.keepidle = val;
      return 0;
    case TCP_KEEPINTVL:
      if (val < 1 || val > 32767) return -E.EINVAL;
      tp.keepintvl = val;
      return 0;
    case TCP_KEEPCNT:
      if (val < 1 || val > 127) return -E.EINVAL;
      tp.keepcnt = val;
      return 0;
    case TCP_SYNCNT:
      if (val < 1 || val > 127) return -E.EINVAL;
      tp.syncnt = val;
      return 0;
    case TCP_LINGER2:
      tp.linger2 = val < 0 ? -1 : val;
      return 0;
    case TCP_DEFER_ACCEPT:
      tp.defer_accept = val < 0 ? 0 : val;
      return 0;
    case TCP_WINDOW_CLAMP:
      tp.window_clamp = val;
      return 0;
    case TCP_QUICKACK:
      return 0;
  }
  return -E.ENOPROTOOPT;
}

/** do_tcp_getsockopt() */
export function tcp_getsockopt_tcp(tp: TcpSock, optname: i32, optval: u32, optlen: u32): i32 {
  let val = 0;
  switch (optname) {
    case TCP_NODELAY: val = tp.nodelay; break;
    case TCP_MAXSEG:
      val = <i32>tp.mss_cache;
      if (tp.user_mss && (tp.sk_state == TCP_CLOSE || tp.sk_state == TCP_LISTEN)) val = <i32>tp.user_mss;
      break;
    case TCP_CORK: val = tp.cork; break;
    case TCP_KEEPIDLE: val = tp.keepidle; break;
    case TCP_KEEPINTVL: val = tp.keepintvl; break;
    case TCP_KEEPCNT: val = tp.keepcnt; break;
    case TCP_SYNCNT: val = tp.syncnt; break;
    case TCP_LINGER2: val = tp.linger2; break;
    case TCP_DEFER_ACCEPT: val = tp.defer_accept; break;
    case TCP_WINDOW_CLAMP: val = tp.window_clamp; break;
    case TCP_QUICKACK: val = 1; break;
    default: return -E.ENOPROTOOPT;
  }
  return sockopt_put_int(optval, optlen, val);
}

export function tcp_register(): void {
  set_tw_kill(tcp_tw_kill);
}


// struct sock and the protocol-independent socket core (include/net/sock.h,
// net/core/sock.c): allocation, buffer accounting, waiting, SOL_SOCKET options.
import { ktrace } from "../../kernel/trace";
import { kzalloc, kfree } from "../../kernel/slab";
import { copy_from_user, copy_to_user, get_user, put_user } from "../../kernel/uaccess";
import { current } from "../../kernel/sched";
import { WaitQueueHead, init_waitqueue_head, wait_queue_destroy, prepare_to_wait, wake_up } from "../../kernel/wait";
import { signal_pending, sock_intr_errno } from "../../kernel/signal";
import { ktime_get_ns } from "../../kernel/time";
import { ERR_PTR } from "../../kernel/err";
import { SkBuff, SkBuffHead, alloc_skb, skb_queue_head_init, skb_queue_purge, skb_mem_exhausted } from "./skbuff";
import { Socket, Sock, SOCKF_PASSCRED, SOCKF_NOSPACE } from "../net";
export { Sock } from "../net";
import { EAGAIN, EDOM, EFAULT, EINVAL, ENOBUFS, ENODEV, ENOPROTOOPT, EOPNOTSUPP, EPIPE, ERESTARTSYS } from "../../uapi/errno";
import { dev_get_by_name, dev_get_by_index, netdev_get_name, IFNAMSIZ } from "./dev";
import * as net from "../../uapi/net";
import { SEND_SHUTDOWN, MAX_SCHEDULE_TIMEOUT } from "../../uapi/net";

// TCP-style states, used by every family (include/net/tcp_states.h)
export const TCP_ESTABLISHED = 1;
export const TCP_SYN_SENT = 2;
export const TCP_SYN_RECV = 3;
export const TCP_FIN_WAIT1 = 4;
export const TCP_FIN_WAIT2 = 5;
export const TCP_TIME_WAIT = 6;
export const TCP_CLOSE = 7;
export const TCP_CLOSE_WAIT = 8;
export const TCP_LAST_ACK = 9;
export const TCP_LISTEN = 10;
export const TCP_CLOSING = 11;

// enum sock_flags (include/net/sock.h): bits of sk_flags
export const SOCK_DEAD = 0;
export const SOCK_DONE = 1;
export const SOCK_URGINLINE = 2;
export const SOCK_KEEPOPEN = 3;
export const SOCK_LINGER = 4;
export const SOCK_BROADCAST = 6;
export const SOCK_TIMESTAMP = 7;
export const SOCK_DBG = 10;
export const SOCK_RCVTSTAMP = 11;
export const SOCK_LOCALROUTE = 15;
export const SOCK_RXQ_OVFL = 17;
export const SOCK_NOFCS = 20;

// sk_userlocks
export const SOCK_SNDBUF_LOCK = 1;
export const SOCK_RCVBUF_LOCK = 2;

// sysctls of the reference machine (net.core.*); see docs
export const sysctl_wmem_default = 212992;
export const sysctl_rmem_default = 212992;
export const sysctl_wmem_max = 4194304;
export const sysctl_rmem_max = 4194304;
/** SOCK_MIN_SNDBUF = 2 * (2048 + SKB_DATA_ALIGN(sizeof(struct sk_buff))) */
export const SOCK_MIN_SNDBUF = 4608;
export const SOCK_MIN_RCVBUF = 2304;

/** HZ of the reference kernel: socket timeouts are kept in jiffies and read back rounded as Linux does. */
export const HZ: i64 = 250;
export const NSEC_PER_JIFFY: i64 = 1000000000 / HZ;


// @ts-ignore: decorator
@inline export function sock_flag(sk: Sock, flag: i32): bool {
  return (sk.sk_flags & (1 << flag)) != 0;
}

export function sock_set_flag(sk: Sock, flag: i32): void {
  sk.sk_flags |= 1 << flag;
}

export function sock_reset_flag(sk: Sock, flag: i32): void {
  sk.sk_flags &= ~(1 << flag);
}

export function sock_valbool_flag(sk: Sock, flag: i32, valbool: bool): void {
  if (valbool) sock_set_flag(sk, flag);
  else sock_reset_flag(sk, flag);
}

function sk_def_destruct(sk: Sock): void {}

/** Wake writers when buffer space frees (sk_stream_write_space / sock_def_write_space). */
function sock_def_write_space(sk: Sock): void {
  wake_up(sk.sk_wq);
}

/** sk_alloc() + sock_init_data(): a struct sock of `size` bytes (a family's subclass). */
export function sk_alloc(family: i32, size: usize): Sock {
  const sk = changetype<Sock>(kzalloc(size));
  sk.sk_size = <u32>size;
  sk.sk_family = family;
  sk.sk_refcnt = 1;
  sk.sk_state = TCP_CLOSE;
  sk.sk_rcvbuf = sysctl_rmem_default;
  sk.sk_sndbuf = sysctl_wmem_default;
  sk.sk_rcvlowat = 1;
  sk.sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
  sk.sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
  sk.sk_peek_off = -1;
  sk.sk_receive_queue = skb_queue_head_init();
  sk.sk_wq = init_waitqueue_head();
  sk.sk_destruct = sk_def_destruct;
  sk.sk_write_space = sock_def_write_space;
  return sk;
}

/** sock_init_data(): attach sk to its socket. */
export function sock_init_data(sock: Socket | null, sk: Sock): void {
  if (sock) {
    sk.sk_type = sock.type;
    sock.sk = sk;
  }
  sk.sk_socket = sock;
}

export function sock_hold(sk: Sock): void {
  sk.sk_refcnt++;
}

/** sock_put(): the last reference frees the sock (sk_free). */
export function sock_put(sk: Sock): void {
  if (--sk.sk_refcnt > 0) return;
  sk.sk_destruct(sk);
  skb_queue_purge(sk.sk_receive_queue);
  kfree(changetype<usize>(sk.sk_receive_queue), offsetof<SkBuffHead>());
  wait_queue_destroy(sk.sk_wq);
  kfree(changetype<usize>(sk), sk.sk_size);
}

/** sock_orphan(): the socket is closed; the sock lives on while referenced. */
export function sock_orphan(sk: Sock): void {
  sock_set_flag(sk, SOCK_DEAD);
  sk.sk_socket = null;
}

/** sock_error(): take and clear the pending error, as -errno. */
export function sock_error(sk: Sock): i32 {
  const err = sk.sk_err;
  if (!err) return 0;
  sk.sk_err = 0;
  return -err;
}

/** sock_rcvtimeo(): 0 when nonblocking, else the receive timeout in jiffies. */
export function sock_rcvtimeo(sk: Sock, noblock: bool): i64 {
  return noblock ? 0 : sk.sk_rcvtimeo;
}

export function sock_sndtimeo(sk: Sock, noblock: bool): i64 {
  return noblock ? 0 : sk.sk_sndtimeo;
}

/** sock_rcvlowat(): bytes a stream read waits for (MSG_WAITALL: all of them). */
export function sock_rcvlowat(sk: Sock, waitall: bool, len: i32): i32 {
  const v = waitall ? len : min(sk.sk_rcvlowat, len);
  return v ? v : 1;
}

/**
 * The one way a socket call waits (Linux's sk_wait_event / schedule_timeout). Unlike Linux
 * the kernel does not sleep here: it queues the current task on `wq` and returns
 * -ERESTARTSYS; the host suspends the process and re-issues the syscall when woken.
 * timeo == 0 (nonblocking) gives -EAGAIN; a deadline that passed gives `expired`
 * (-EAGAIN for SO_RCVTIMEO/SO_SNDTIMEO, -EINPROGRESS for connect, 0 for poll).
 */
export function sk_wait_on(wq: WaitQueueHead, timeo: i64, expired: i32): i32 {
  ktrace("sk_wait_event");
  if (timeo == 0) return -EAGAIN;
  const task = current;
  if (task.timed_out) return expired;
  // a signal while the call would sleep: sock_intr_errno() (restartable only without a timeout)
  if (signal_pending(task)) return sock_intr_errno(timeo, MAX_SCHEDULE_TIMEOUT);
  prepare_to_wait(wq);
  if (timeo != MAX_SCHEDULE_TIMEOUT && task.timeout < 0) {
    task.timeout = ktime_get_ns() + timeo * NSEC_PER_JIFFY;
  }
  return -ERESTARTSYS;
}

export function sk_wait(sk: Sock, timeo: i64): i32 {
  return sk_wait_on(sk.sk_wq, timeo, -EAGAIN);
}

/** sock_wfree(): an skb charged to sk was freed; wake writers waiting for room. */
export function sock_wfree(skb: SkBuff): void {
  const sk = skb.sk!;
  sk.sk_wmem_alloc -= skb.truesize;
  skb.sk = null;
  sk.sk_write_space(sk);
  sock_put(sk);
}

/** skb_set_owner_w(): charge skb to sk's write memory; freeing it credits sk back (sock_wfree). */
export function skb_set_owner_w(skb: SkBuff, sk: Sock): void {
  sock_hold(sk);
  skb.sk = sk;
  skb.destructor = sock_wfree;
  sk.sk_wmem_alloc += skb.truesize;
}

/**
 * sock_alloc_send_pskb(): an skb of `size` bytes charged to sk, or ERR_PTR(-errno): the
 * pending error, -EPIPE after shutdown, -EAGAIN / -ERESTARTSYS while the send buffer is
 * full, -ENOBUFS past the global socket memory limit.
 */
export function sock_alloc_send_skb(sk: Sock, size: u32, noblock: bool): SkBuff {
  ktrace("sock_alloc_send_pskb");
  if (sk.sk_err) return ERR_PTR<SkBuff>(sock_error(sk));
  if (sk.sk_shutdown & SEND_SHUTDOWN) return ERR_PTR<SkBuff>(-EPIPE);
  if (sk.sk_wmem_alloc >= sk.sk_sndbuf) {
    if (sk.sk_socket) sk.sk_socket!.flags |= SOCKF_NOSPACE;
    return ERR_PTR<SkBuff>(sk_wait(sk, sock_sndtimeo(sk, noblock)));
  }
  // the global socket memory limit (see skbuff.ts)
  if (skb_mem_exhausted(size)) return ERR_PTR<SkBuff>(-ENOBUFS);
  const skb = alloc_skb(size);
  skb_set_owner_w(skb, sk);
  return skb;
}

// ---- SOL_SOCKET options: sk_setsockopt() / sk_getsockopt() ----

/** sock_set_timeout(): i386 passes the old 32-bit timeval (SO_RCVTIMEO_OLD) or the 64-bit one. */
function sock_set_timeout(sk: Sock, rcv: bool, optval: u32, optlen: i32, old: bool): i32 {
  let sec: i64, usec: i64;
  const tmp = changetype<usize>(scratch);
  if (old) {
    if (optlen < <i32>net.OLD_TIMEVAL_SIZE) return -EINVAL;
    if (copy_from_user(tmp, optval, net.OLD_TIMEVAL_SIZE)) return -EFAULT;
    sec = <i64>load<i32>(tmp);
    usec = <i64>load<i32>(tmp, 4);
  } else {
    if (optlen < <i32>net.SOCK_TIMEVAL_SIZE) return -EINVAL;
    if (copy_from_user(tmp, optval, net.SOCK_TIMEVAL_SIZE)) return -EFAULT;
    sec = load<i64>(tmp);
    usec = load<i64>(tmp, 8);
  }
  if (usec < 0 || usec >= 1000000) return -EDOM;
  let timeo: i64;
  if (sec < 0) timeo = 0;
  else if (sec == 0 && usec == 0) timeo = MAX_SCHEDULE_TIMEOUT;
  else {
    timeo = MAX_SCHEDULE_TIMEOUT;
    if (sec < MAX_SCHEDULE_TIMEOUT / HZ - 1) {
      timeo = sec * HZ + (usec + (1000000 / HZ - 1)) / (1000000 / HZ);
    }
  }
  if (rcv) sk.sk_rcvtimeo = timeo;
  else sk.sk_sndtimeo = timeo;
  return 0;
}

const scratch = new StaticArray<u8>(32);

/**
 * sock_setbindtodevice(): the name is at most IFNAMSIZ - 1 bytes (a longer optlen is
 * clamped); "" unbinds; an unknown device is -ENODEV.
 */
function sock_setbindtodevice(sk: Sock, optval: u32, optlen: i32): i32 {
  if (optlen < 0) return -EINVAL;
  if (optlen > IFNAMSIZ - 1) optlen = IFNAMSIZ - 1;
  const devname = changetype<usize>(scratch);
  memory.fill(devname, 0, IFNAMSIZ);
  if (optlen && copy_from_user(devname, optval, <u32>optlen)) return -EFAULT;
  let index = 0;
  if (load<u8>(devname)) {
    const dev = dev_get_by_name(devname);
    if (!dev) return -ENODEV;
    index = dev.ifindex;
  }
  sk.sk_bound_dev_if = index;
  return 0;
}

/** sock_getbindtodevice(): the bound device's name with its NUL, or length 0 when unbound. */
function sock_getbindtodevice(sk: Sock, optval: u32, optlen: u32, len: i32): i32 {
  if (sk.sk_bound_dev_if) {
    if (len < IFNAMSIZ) return -EINVAL;
    const dev = dev_get_by_index(sk.sk_bound_dev_if);
    if (!dev) return -ENODEV;
    const name = changetype<usize>(scratch);
    len = netdev_get_name(dev, name) + 1;
    if (copy_to_user(optval, name, <u32>len)) return -EFAULT;
  } else len = 0;
  if (put_user(<u32>len, optlen)) return -EFAULT;
  return 0;
}

export function sock_setsockopt(sock: Socket, optname: i32, optval: u32, optlen: i32): i32 {
  ktrace("sk_setsockopt");
  const sk = sock.sk;
  // sk_setsockopt(): SO_BINDTODEVICE takes a string, before the int-sized check
  if (optname == net.SO_BINDTODEVICE) return sock_setbindtodevice(sk, optval, optlen);
  if (optlen < 4) return -EINVAL;
  const tmp = changetype<usize>(scratch);
  if (copy_from_user(tmp, optval, 4)) return -EFAULT;
  let val = load<i32>(tmp);
  const valbool = val != 0;
  switch (optname) {
    case net.SO_DEBUG: sock_valbool_flag(sk, SOCK_DBG, valbool); return 0;
    case net.SO_REUSEADDR: sk.sk_reuse = valbool ? 1 : 0; return 0;
    case net.SO_REUSEPORT:
      if (valbool && sk.sk_family != net.AF_INET && sk.sk_family != net.AF_INET6) return -EOPNOTSUPP;
      sk.sk_reuseport = valbool ? 1 : 0;
      return 0;
    case net.SO_TYPE:
    case net.SO_PROTOCOL:
    case net.SO_DOMAIN:
    case net.SO_ERROR:
    case net.SO_ACCEPTCONN:
    case net.SO_PEERCRED:
      return -ENOPROTOOPT;
    case net.SO_DONTROUTE: sock_valbool_flag(sk, SOCK_LOCALROUTE, valbool); return 0;
    case net.SO_BROADCAST: sock_valbool_flag(sk, SOCK_BROADCAST, valbool); return 0;
    case net.SO_SNDBUF:
    case net.SO_SNDBUFFORCE: {
      // val = min_t(u32, val, sysctl_wmem_max) (FORCE skips the cap: we are root)
      if (optname == net.SO_SNDBUF && <u32>val > <u32>sysctl_wmem_max) val = sysctl_wmem_max;
      if (optname == net.SO_SNDBUFFORCE && val < 0) val = 0;
      if (val > i32.MAX_VALUE / 2) val = i32.MAX_VALUE / 2;
      sk.sk_userlocks |= SOCK_SNDBUF_LOCK;
      sk.sk_sndbuf = max(val * 2, SOCK_MIN_SNDBUF);
      sk.sk_write_space(sk);
      return 0;
    }
    case net.SO_RCVBUF:
    case net.SO_RCVBUFFORCE: {
      if (optname == net.SO_RCVBUF && <u32>val > <u32>sysctl_rmem_max) val = sysctl_rmem_max;
      if (optname == net.SO_RCVBUFFORCE && val < 0) val = 0;
      if (val > i32.MAX_VALUE / 2) val = i32.MAX_VALUE / 2;
      sk.sk_userlocks |= SOCK_RCVBUF_LOCK;
      sk.sk_rcvbuf = max(val * 2, SOCK_MIN_RCVBUF);
      return 0;
    }
    case net.SO_KEEPALIVE: sock_valbool_flag(sk, SOCK_KEEPOPEN, valbool); return 0;
    case net.SO_OOBINLINE: sock_valbool_flag(sk, SOCK_URGINLINE, valbool); return 0;
    case net.SO_NO_CHECK: return 0;
    case net.SO_PRIORITY: sk.sk_priority = <u32>val; return 0;
    case net.SO_LINGER: {
      if (optlen < <i32>net.LINGER_SIZE) return -EINVAL;
      if (copy_from_user(tmp, optval, net.LINGER_SIZE)) return -EFAULT;
      const onoff = load<i32>(tmp);
      const secs = <i64><u32>load<i32>(tmp, 4);
      if (!onoff) sock_reset_flag(sk, SOCK_LINGER);
      else {
        sk.sk_lingertime = secs * HZ < MAX_SCHEDULE_TIMEOUT ? secs * HZ : MAX_SCHEDULE_TIMEOUT;
        sock_set_flag(sk, SOCK_LINGER);
      }
      return 0;
    }
    case net.SO_BSDCOMPAT: return 0;
    case net.SO_PASSCRED:
      if (valbool) sock.flags |= SOCKF_PASSCRED;
      else sock.flags &= ~SOCKF_PASSCRED;
      return 0;
    case net.SO_TIMESTAMP_OLD:
      sock_valbool_flag(sk, SOCK_RCVTSTAMP, valbool);
      sock_valbool_flag(sk, SOCK_TIMESTAMP, valbool);
      return 0;
    case net.SO_RCVLOWAT:
      if (val < 0) val = i32.MAX_VALUE;
      sk.sk_rcvlowat = val ? val : 1;
      return 0;
    case net.SO_RCVTIMEO_OLD:
    case net.SO_RCVTIMEO_NEW:
      return sock_set_timeout(sk, true, optval, optlen, optname == net.SO_RCVTIMEO_OLD);
    case net.SO_SNDTIMEO_OLD:
    case net.SO_SNDTIMEO_NEW:
      return sock_set_timeout(sk, false, optval, optlen, optname == net.SO_SNDTIMEO_OLD);
    case net.SO_MARK: sk.sk_mark = <u32>val; return 0;
    case net.SO_RXQ_OVFL: sock_valbool_flag(sk, SOCK_RXQ_OVFL, valbool); return 0;
    case net.SO_PEEK_OFF:
      // sk_set_peek_off (AF_UNIX sets it; others have no set_peek_off)
      if (sk.sk_family != net.AF_UNIX) return -EOPNOTSUPP;
      if (val < 0) val = -1;
      sk.sk_peek_off = val;
      return 0;
    case net.SO_NOFCS: sock_valbool_flag(sk, SOCK_NOFCS, valbool); return 0;
    default:
      return -ENOPROTOOPT;
  }
}

/** Write an int-sized (or struct) value back like sk_getsockopt: min(len, lv) bytes, then len. */
function getsockopt_out(optval: u32, optlen: u32, len: i32, src: usize, lv: i32): i32 {
  if (len > lv) len = lv;
  if (copy_to_user(optval, src, <u32>len)) return -EFAULT;
  if (put_user(<u32>len, optlen)) return -EFAULT;
  return 0;
}

/**
 * The int answer of a protocol's getsockopt, as do_tcp_getsockopt, udp_lib_getsockopt,
 * do_ipv6_getsockopt and raw_geticmpfilter each write it: the caller's length (EINVAL if
 * negative), at most 4 bytes of val, the length written back first.
 */
export function sockopt_put_int(optval: u32, optlen: u32, val: i32): i32 {
  const tmp = changetype<usize>(scratch);
  if (get_user(tmp, optlen)) return -EFAULT;
  let len = load<i32>(tmp);
  if (len < 0) return -EINVAL;
  if (len > 4) len = 4;
  store<i32>(tmp, val);
  if (put_user(<u32>len, optlen)) return -EFAULT;
  return copy_to_user(optval, tmp, <u32>len) ? -EFAULT : 0;
}

export function sock_getsockopt(sock: Socket, optname: i32, optval: u32, optlen: u32): i32 {
  ktrace("sk_getsockopt");
  const sk = sock.sk;
  const tmp = changetype<usize>(scratch);
  if (get_user(tmp, optlen)) return -EFAULT;
  const len = load<i32>(tmp);
  if (len < 0) return -EINVAL;
  memory.fill(tmp, 0, 32);
  let v = 0;
  switch (optname) {
    case net.SO_DEBUG: v = sock_flag(sk, SOCK_DBG) ? 1 : 0; break;
    case net.SO_DONTROUTE: v = sock_flag(sk, SOCK_LOCALROUTE) ? 1 : 0; break;
    case net.SO_BROADCAST: v = sock_flag(sk, SOCK_BROADCAST) ? 1 : 0; break;
    case net.SO_SNDBUF: v = sk.sk_sndbuf; break;
    case net.SO_RCVBUF: v = sk.sk_rcvbuf; break;
    case net.SO_REUSEADDR: v = sk.sk_reuse; break;
    case net.SO_REUSEPORT: v = sk.sk_reuseport; break;
    case net.SO_KEEPALIVE: v = sock_flag(sk, SOCK_KEEPOPEN) ? 1 : 0; break;
    case net.SO_TYPE: v = sk.sk_type; break;
    case net.SO_PROTOCOL: v = sk.sk_protocol; break;
    case net.SO_DOMAIN: v = sk.sk_family; break;
    case net.SO_ERROR:
      v = -sock_error(sk);
      if (!v) { v = sk.sk_err_soft; sk.sk_err_soft = 0; }
      break;
    case net.SO_OOBINLINE: v = sock_flag(sk, SOCK_URGINLINE) ? 1 : 0; break;
    case net.SO_NO_CHECK: v = 0; break;
    case net.SO_PRIORITY: v = <i32>sk.sk_priority; break;
    case net.SO_LINGER:
      store<i32>(tmp, sock_flag(sk, SOCK_LINGER) ? 1 : 0);
      store<i32>(tmp, <i32>(sk.sk_lingertime / HZ), 4);
      return getsockopt_out(optval, optlen, len, tmp, net.LINGER_SIZE);
    case net.SO_BSDCOMPAT: v = 0; break;
    case net.SO_TIMESTAMP_OLD: v = sock_flag(sk, SOCK_RCVTSTAMP) ? 1 : 0; break;
    case net.SO_RCVTIMEO_OLD:
    case net.SO_SNDTIMEO_OLD:
    case net.SO_RCVTIMEO_NEW:
    case net.SO_SNDTIMEO_NEW: {
      const rcv = optname == net.SO_RCVTIMEO_OLD || optname == net.SO_RCVTIMEO_NEW;
      const timeo = rcv ? sk.sk_rcvtimeo : sk.sk_sndtimeo;
      let sec: i64 = 0, usec: i64 = 0;
      if (timeo != MAX_SCHEDULE_TIMEOUT) {
        sec = timeo / HZ;
        usec = ((timeo % HZ) * 1000000) / HZ;
      }
      if (optname == net.SO_RCVTIMEO_OLD || optname == net.SO_SNDTIMEO_OLD) {
        store<i32>(tmp, <i32>sec);
        store<i32>(tmp, <i32>usec, 4);
        return getsockopt_out(optval, optlen, len, tmp, net.OLD_TIMEVAL_SIZE);
      }
      store<i64>(tmp, sec);
      store<i64>(tmp, usec, 8);
      return getsockopt_out(optval, optlen, len, tmp, net.SOCK_TIMEVAL_SIZE);
    }
    case net.SO_RCVLOWAT: v = sk.sk_rcvlowat; break;
    case net.SO_SNDLOWAT: v = 1; break;
    case net.SO_PASSCRED: v = (sock.flags & SOCKF_PASSCRED) ? 1 : 0; break;
    case net.SO_PEERCRED: {
      // struct ucred of the peer; an unconnected socket reports pid 0, uid/gid -1 (overflowuid)
      const has = sk.sk_peer_pid != 0;
      store<i32>(tmp, sk.sk_peer_pid);
      store<u32>(tmp, has ? sk.sk_peer_uid : 0xffffffff, 4);
      store<u32>(tmp, has ? sk.sk_peer_gid : 0xffffffff, 8);
      return getsockopt_out(optval, optlen, len, tmp, net.UCRED_SIZE);
    }
    case net.SO_ACCEPTCONN: v = sk.sk_state == TCP_LISTEN ? 1 : 0; break;
    case net.SO_MARK: v = <i32>sk.sk_mark; break;
    case net.SO_RXQ_OVFL: v = sock_flag(sk, SOCK_RXQ_OVFL) ? 1 : 0; break;
    case net.SO_PEEK_OFF:
      if (sk.sk_family != net.AF_UNIX) return -EOPNOTSUPP;
      v = sk.sk_peek_off;
      break;
    case net.SO_NOFCS: v = sock_flag(sk, SOCK_NOFCS) ? 1 : 0; break;
    case net.SO_BINDTODEVICE: return sock_getbindtodevice(sk, optval, optlen, len);
    case net.SO_BINDTOIFINDEX: v = sk.sk_bound_dev_if; break;
    default:
      return -ENOPROTOOPT;
  }
  store<i32>(tmp, v);
  return getsockopt_out(optval, optlen, len, tmp, 4);
}


/**
 * A call that made progress and must now wait records the bytes already moved, so that
 * the restarted syscall continues after them (the role of Linux's restart_block here).
 */
export function sk_restart(progress: i32, err: i32): i32 {
  if (err == -ERESTARTSYS && progress > 0) current.restart_progress += progress;
  return err;
}

// The sock_no_* operations (net/core/sock.c) live with struct proto_ops in net/net.ts.
export {
  sock_no_release, sock_no_bind, sock_no_connect, sock_no_socketpair, sock_no_accept, sock_no_getname, sock_no_poll,
  sock_no_ioctl, sock_no_listen, sock_no_shutdown, sock_no_setsockopt, sock_no_getsockopt, sock_no_sendmsg,
  sock_no_recvmsg,
} from "../net";

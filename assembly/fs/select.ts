// poll(2), ppoll(2), select(2), pselect6(2) (fs/select.c).
//
// One pass asks every file's ->poll for its events. If nothing is ready and the call may
// wait, a second pass queues the task on every file's wait queue (poll_wait) and the call
// returns -ERESTARTSYS; the host re-issues it when a file wakes the task or the timeout
// passes (then the restarted call reports what is ready, or 0).
import { current } from "../kernel/sched";
import { files_lookup, NR_OPEN_DEFAULT } from "../kernel/fdtable";
import { copy_from_user, copy_to_user } from "../kernel/uaccess";
import { kmalloc, kfree, kzalloc_obj } from "../kernel/slab";
import { ktime_get_ns } from "../kernel/time";
import { prepare_to_wait, init_waitqueue_head } from "../kernel/wait";
import {
  PollTable, POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM, POLLRDBAND,
  POLLWRNORM, POLLWRBAND,
} from "../kernel/poll";
import { EFAULT, EINVAL, ERESTARTSYS, ERESTARTNOHAND } from "../uapi/errno";
import { signal_pending } from "../kernel/signal";

const pt = kzalloc_obj<PollTable>();
/** Waits with nothing to wait on (poll of no fds, select with empty sets) sleep here. */
const nothing = init_waitqueue_head();

/**
 * Decide whether to wait: 0 = report now, -ERESTARTSYS = queued (deadline set), or the
 * restarted call's deadline passed (report now). timeout_ns < 0 waits forever.
 */
function poll_schedule(timeout_ns: i64): i32 {
  const t = current;
  if (timeout_ns == 0 || t.timed_out) return 0;
  if (signal_pending(t)) return -ERESTARTNOHAND; // poll and select never restart after a handler
  if (timeout_ns > 0 && t.timeout < 0) t.timeout = ktime_get_ns() + timeout_ns;
  return -ERESTARTSYS;
}

// ---- poll ----

const POLLFD_SIZE: u32 = 8; // struct pollfd { int fd; short events; short revents; }

function do_poll(ufds: u32, nfds: u32, timeout_ns: i64): i32 {
  if (nfds > <u32>NR_OPEN_DEFAULT) return -EINVAL;
  const bytes = nfds * POLLFD_SIZE;
  const kfds = bytes ? kmalloc(bytes) : 0;
  if (bytes && copy_from_user(kfds, ufds, bytes)) {
    kfree(kfds, bytes);
    return -EFAULT;
  }
  let count = poll_pass(kfds, nfds, null);
  let ret = count;
  if (!count) {
    ret = poll_schedule(timeout_ns);
    if (ret == -ERESTARTSYS) {
      // queue on every file, then check once more: an event may have come in between
      count = poll_pass(kfds, nfds, pt);
      if (!nfds) prepare_to_wait(nothing);
      ret = count ? count : -ERESTARTSYS;
    }
  }
  if (ret >= 0 && bytes && copy_to_user(ufds, kfds, bytes)) ret = -EFAULT;
  if (bytes) kfree(kfds, bytes);
  return ret;
}

function poll_pass(kfds: usize, nfds: u32, wait: PollTable | null): i32 {
  let count = 0;
  for (let i: u32 = 0; i < nfds; i++) {
    const p = kfds + <usize>i * POLLFD_SIZE;
    const fd = load<i32>(p);
    let mask: u32 = 0;
    if (fd >= 0) {
      const file = files_lookup(current.files, fd);
      if (!file) mask = POLLNVAL;
      else {
        const filter = <u32>load<u16>(p, 4) | POLLERR | POLLHUP;
        if (wait) wait.key = filter;
        mask = file.f_op.poll(file, wait) & filter;
      }
    }
    store<u16>(p, <u16>mask, 6);
    if (mask) count++;
  }
  return count;
}

export function sys_poll(ufds: u32, nfds: u32, timeout_msecs: i32): i32 {
  return do_poll(ufds, nfds, timeout_msecs < 0 ? -1 : <i64>timeout_msecs * 1000000);
}

const tsbuf = memory.data(16);

/** A user timespec (32- or 64-bit) as nanoseconds, -1 for NULL, or -errno - (1 << 62). */
const BAD: i64 = -(1 << 62);
function get_timespec(u: u32, time64: bool): i64 {
  if (!u) return -1;
  const size: u32 = time64 ? 16 : 8;
  if (copy_from_user(tsbuf, u, size)) return BAD - EFAULT;
  const sec = time64 ? load<i64>(tsbuf) : <i64>load<i32>(tsbuf);
  const nsec = time64 ? load<i64>(tsbuf, 8) : <i64>load<i32>(tsbuf, 4);
  if (sec < 0 || nsec < 0 || nsec >= 1000000000) return BAD - EINVAL;
  return sec * 1000000000 + nsec;
}

function ppoll(ufds: u32, nfds: u32, tsp: u32, sigsetsize: u32, time64: bool): i32 {
  const ns = get_timespec(tsp, time64);
  if (ns <= BAD) return <i32>(BAD - ns) * -1;
  return do_poll(ufds, nfds, ns);
}

export function sys_ppoll_time32(ufds: u32, nfds: u32, tsp: u32, sigmask: u32, sigsetsize: u32): i32 {
  return ppoll(ufds, nfds, tsp, sigsetsize, false);
}

export function sys_ppoll(ufds: u32, nfds: u32, tsp: u32, sigmask: u32, sigsetsize: u32): i32 {
  return ppoll(ufds, nfds, tsp, sigsetsize, true);
}

// ---- select ----

const POLLIN_SET: u32 = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
const POLLOUT_SET: u32 = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
const POLLEX_SET: u32 = POLLPRI;
const FDSET_BYTES: u32 = NR_OPEN_DEFAULT >> 3;
/** in, out, ex as given; then res_in, res_out, res_ex */
const fds = memory.data(6 * (NR_OPEN_DEFAULT >> 3));

// @ts-ignore: decorator
@inline function fd_isset(set: usize, fd: i32): bool {
  return (load<u8>(set + (<usize>fd >> 3)) & (1 << (fd & 7))) != 0;
}

// @ts-ignore: decorator
@inline function fd_set_bit(set: usize, fd: i32): void {
  store<u8>(set + (<usize>fd >> 3), load<u8>(set + (<usize>fd >> 3)) | <u8>(1 << <u8>(fd & 7)));
}

/** do_select(): -EBADF for a set bit on a closed fd, else the number of bits set. */
function select_pass(n: i32, wait: PollTable | null): i32 {
  const inp = fds, outp = fds + FDSET_BYTES, exp = fds + 2 * FDSET_BYTES;
  const rin = fds + 3 * FDSET_BYTES, rout = fds + 4 * FDSET_BYTES, rex = fds + 5 * FDSET_BYTES;
  memory.fill(rin, 0, 3 * FDSET_BYTES);
  let count = 0;
  for (let fd = 0; fd < n; fd++) {
    const want_in = fd_isset(inp, fd), want_out = fd_isset(outp, fd), want_ex = fd_isset(exp, fd);
    if (!want_in && !want_out && !want_ex) continue;
    const file = files_lookup(current.files, fd);
    if (!file) return -9; // -EBADF
    let key: u32 = POLLEX_SET;
    if (want_in) key |= POLLIN_SET;
    if (want_out) key |= POLLOUT_SET;
    if (wait) wait.key = key;
    const mask = file.f_op.poll(file, wait);
    if (want_in && (mask & POLLIN_SET)) { fd_set_bit(rin, fd); count++; }
    if (want_out && (mask & POLLOUT_SET)) { fd_set_bit(rout, fd); count++; }
    if (want_ex && (mask & POLLEX_SET)) { fd_set_bit(rex, fd); count++; }
  }
  return count;
}

/** core_sys_select(): n bits of each set, in longs (4 bytes on i386). */
function core_sys_select(n: i32, inp: u32, outp: u32, exp: u32, timeout_ns: i64): i32 {
  if (n < 0) return -EINVAL;
  if (n > NR_OPEN_DEFAULT) n = NR_OPEN_DEFAULT;
  const size = (<u32>(n + 31) >> 5) << 2;
  memory.fill(fds, 0, 3 * FDSET_BYTES);
  if (inp && size && copy_from_user(fds, inp, size)) return -EFAULT;
  if (outp && size && copy_from_user(fds + FDSET_BYTES, outp, size)) return -EFAULT;
  if (exp && size && copy_from_user(fds + 2 * FDSET_BYTES, exp, size)) return -EFAULT;
  let ret = select_pass(n, null);
  if (ret == 0) {
    ret = poll_schedule(timeout_ns);
    if (ret == -ERESTARTSYS) {
      const count = select_pass(n, pt);
      prepare_to_wait(nothing);
      ret = count ? count : -ERESTARTSYS;
    }
  }
  if (ret < 0) return ret;
  if (inp && size && copy_to_user(inp, fds + 3 * FDSET_BYTES, size)) return -EFAULT;
  if (outp && size && copy_to_user(outp, fds + 4 * FDSET_BYTES, size)) return -EFAULT;
  if (exp && size && copy_to_user(exp, fds + 5 * FDSET_BYTES, size)) return -EFAULT;
  return ret;
}

/** Remaining time written back to the caller's timeval/timespec (poll_select_finish). */
function remaining_ns(timeout_ns: i64): i64 {
  if (timeout_ns <= 0) return 0;
  const t = current;
  if (t.timeout < 0) return timeout_ns;
  const left = t.timeout - ktime_get_ns();
  return left > 0 ? left : 0;
}

/** _newselect (142): struct old_timeval32 timeout, updated with the time left. */
export function sys_select(n: i32, inp: u32, outp: u32, exp: u32, tvp: u32): i32 {
  let ns: i64 = -1;
  if (tvp) {
    if (copy_from_user(tsbuf, tvp, 8)) return -EFAULT;
    const sec = load<i32>(tsbuf), usec = load<i32>(tsbuf, 4);
    if (sec < 0 || usec < 0) return -EINVAL;
    ns = <i64>sec * 1000000000 + <i64>usec * 1000;
  }
  const ret = core_sys_select(n, inp, outp, exp, ns);
  if (tvp && ret != -ERESTARTSYS) {
    const left = remaining_ns(ns);
    store<i32>(tsbuf, <i32>(left / 1000000000));
    store<i32>(tsbuf, <i32>((left % 1000000000) / 1000), 4);
    copy_to_user(tvp, tsbuf, 8);
  }
  return ret;
}

/** select (82): old_select takes one pointer to the five arguments. */
export function sys_old_select(arg: u32): i32 {
  const a = memory.data(20);
  if (copy_from_user(a, arg, 20)) return -EFAULT;
  return sys_select(load<i32>(a), load<u32>(a, 4), load<u32>(a, 8), load<u32>(a, 12), load<u32>(a, 16));
}

function pselect(n: i32, inp: u32, outp: u32, exp: u32, tsp: u32, time64: bool): i32 {
  const ns = get_timespec(tsp, time64);
  if (ns <= BAD) return <i32>(BAD - ns) * -1;
  const ret = core_sys_select(n, inp, outp, exp, ns);
  if (tsp && ret != -ERESTARTSYS) {
    const left = remaining_ns(ns);
    if (time64) {
      store<i64>(tsbuf, left / 1000000000);
      store<i64>(tsbuf, left % 1000000000, 8);
      copy_to_user(tsp, tsbuf, 16);
    } else {
      store<i32>(tsbuf, <i32>(left / 1000000000));
      store<i32>(tsbuf, <i32>(left % 1000000000), 4);
      copy_to_user(tsp, tsbuf, 8);
    }
  }
  return ret;
}

export function sys_pselect6_time32(n: i32, inp: u32, outp: u32, exp: u32, tsp: u32, sig: u32): i32 {
  return pselect(n, inp, outp, exp, tsp, false);
}

export function sys_pselect6(n: i32, inp: u32, outp: u32, exp: u32, tsp: u32, sig: u32): i32 {
  return pselect(n, inp, outp, exp, tsp, true);
}


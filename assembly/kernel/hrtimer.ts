// nanosleep(2), clock_nanosleep(2) (kernel/time/hrtimer.c). The task waits on a queue
// nobody wakes; the host's timer for its deadline ends the wait (task_timer_expired),
// and the restarted call returns 0.
import { current } from "./sched";
import { copy_from_user, copy_to_user } from "./uaccess";
import { signal_pending } from "./signal";
import { init_waitqueue_head, prepare_to_wait } from "./wait";
import { ktime_get_ns } from "./time";
import { EFAULT, EINVAL, ERESTARTSYS, ERESTART_RESTARTBLOCK } from "../uapi/errno";

const sleepers = init_waitqueue_head();
const tsbuf = memory.data(16);
const TIMER_ABSTIME = 1;

/**
 * A signal ends the sleep with -ERESTART_RESTARTBLOCK (EINTR after a handler) and, for a
 * relative sleep, the time left in *rmtp (do_nanosleep + nanosleep_copyout); rm_size is
 * 8 (old_timespec32) or 16 (__kernel_timespec).
 */
function do_nanosleep(ns: i64, abs: bool, rmtp: u32, rm_size: u32): i32 {
  const t = current;
  if (t.timed_out) return 0;
  if (t.timeout < 0) {
    const deadline = abs ? ns : ktime_get_ns() + ns;
    if (deadline <= ktime_get_ns()) return 0;
    t.timeout = deadline;
  }
  if (signal_pending(t)) {
    if (rmtp && !abs) {
      let left = t.timeout - ktime_get_ns();
      if (left < 0) left = 0;
      if (rm_size == 8) {
        store<i32>(tsbuf, <i32>(left / 1000000000));
        store<i32>(tsbuf, <i32>(left % 1000000000), 4);
      } else {
        store<i64>(tsbuf, left / 1000000000);
        store<i64>(tsbuf, left % 1000000000, 8);
      }
      if (copy_to_user(rmtp, tsbuf, rm_size)) return -EFAULT;
    }
    return -ERESTART_RESTARTBLOCK;
  }
  prepare_to_wait(sleepers);
  return -ERESTARTSYS;
}

function timespec32(u: u32): i64 {
  if (copy_from_user(tsbuf, u, 8)) return -EFAULT;
  const sec = load<i32>(tsbuf), nsec = load<i32>(tsbuf, 4);
  if (sec < 0 || nsec < 0 || nsec >= 1000000000) return -EINVAL;
  return <i64>sec * 1000000000 + nsec;
}

function timespec64(u: u32): i64 {
  if (copy_from_user(tsbuf, u, 16)) return -EFAULT;
  const sec = load<i64>(tsbuf), nsec = load<i64>(tsbuf, 8);
  if (sec < 0 || nsec < 0 || nsec >= 1000000000) return -EINVAL;
  return sec * 1000000000 + nsec;
}

export function sys_nanosleep(rqtp: u32, rmtp: u32): i32 {
  const ns = timespec32(rqtp);
  if (ns < 0) return <i32>ns;
  return do_nanosleep(ns, false, rmtp, 8);
}

// Unlike Linux, TIMER_ABSTIME counts only for the monotonic clocks: an absolute
// CLOCK_REALTIME deadline is taken as relative (the kernel's clock is monotonic).
export function sys_clock_nanosleep_time32(which: i32, flags: i32, rqtp: u32, rmtp: u32): i32 {
  if (which < 0 || which > 7) return -EINVAL;
  const ns = timespec32(rqtp);
  if (ns < 0) return <i32>ns;
  return do_nanosleep(ns, (flags & TIMER_ABSTIME) != 0 && which != 0, rmtp, 8);
}

export function sys_clock_nanosleep(which: i32, flags: i32, rqtp: u32, rmtp: u32): i32 {
  if (which < 0 || which > 7) return -EINVAL;
  const ns = timespec64(rqtp);
  if (ns < 0) return <i32>ns;
  return do_nanosleep(ns, (flags & TIMER_ABSTIME) != 0 && which != 0, rmtp, 16);
}

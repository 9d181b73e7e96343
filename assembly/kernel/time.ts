// Time is passed in: the kernel never reads a clock of its own. The host answers with its
// monotonic clock (a virtual one in deterministic tests), in nanoseconds.
import { host_ktime_get_ns } from "../arch/host";

export function ktime_get_ns(): i64 {
  return <i64>host_ktime_get_ns();
}

/** KTIME_MAX, and KTIME_SEC_MAX: the seconds beyond which a time saturates (include/linux/ktime.h). */
export const KTIME_MAX: i64 = i64.MAX_VALUE;
export const KTIME_SEC_MAX: i64 = i64.MAX_VALUE / 1000000000;

/** ktime_set(): seconds and nanoseconds as ns, saturating at KTIME_MAX (a valid timespec). */
export function ktime_set(sec: i64, nsec: i64): i64 {
  if (sec >= KTIME_SEC_MAX) return KTIME_MAX;
  return sec * 1000000000 + nsec;
}

/** ktime_add_safe(): a + b for non-negative times, saturating at KTIME_MAX. */
export function ktime_add_safe(a: i64, b: i64): i64 {
  return b > KTIME_MAX - a ? KTIME_MAX : a + b;
}

// Time is passed in: the kernel never reads a clock of its own. The host answers with its
// monotonic clock (a virtual one in deterministic tests), in nanoseconds.
import { host_ktime_get_ns } from "../arch/host";

export function ktime_get_ns(): i64 {
  return <i64>host_ktime_get_ns();
}

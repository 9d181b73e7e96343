// Process identity and exit (kernel/exit.c, kernel/sys.c), clock_gettime (kernel/time).
import { Task, current, TASK_DEAD } from "./sched";
import { task_free } from "./fork";
import { files_free } from "./fdtable";
import { finish_wait } from "./wait";
import { copy_to_user } from "./uaccess";
import { ktime_get_ns } from "./time";
import { EFAULT, EINVAL } from "../uapi/errno";
import { host_process_exit, host_ktime_get_real_ns } from "../arch/host";

/** do_exit(): release everything the task holds (its sockets close, peers see EOF). */
export function do_exit(t: Task): void {
  if (t.state == TASK_DEAD) return;
  finish_wait(t);
  t.state = TASK_DEAD;
  files_free(t.files);
  task_free(t);
}

export function sys_exit_group(error_code: i32): i32 {
  host_process_exit(current.pid, (error_code & 0xff) << 8);
  return 0;
}

export function sys_exit(error_code: i32): i32 {
  return sys_exit_group(error_code);
}

export function sys_getpid(): i32 { return current.pid; }
export function sys_gettid(): i32 { return current.pid; }
/** Unlike Linux, processes started by int80 run have no parent process: getppid() is 1 (init). */
export function sys_getppid(): i32 { return 1; }
export function sys_getuid(): i32 { return <i32>current.uid; }
export function sys_geteuid(): i32 { return <i32>current.uid; }
export function sys_getgid(): i32 { return <i32>current.gid; }
export function sys_getegid(): i32 { return <i32>current.gid; }
export function sys_getuid32(): i32 { return <i32>current.uid; }
export function sys_geteuid32(): i32 { return <i32>current.uid; }
export function sys_getgid32(): i32 { return <i32>current.gid; }
export function sys_getegid32(): i32 { return <i32>current.gid; }

const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const CLOCK_PROCESS_CPUTIME_ID = 2;
const CLOCK_THREAD_CPUTIME_ID = 3;
const CLOCK_MONOTONIC_RAW = 4;
const CLOCK_REALTIME_COARSE = 5;
const CLOCK_MONOTONIC_COARSE = 6;
const CLOCK_BOOTTIME = 7;
const tsbuf = memory.data(16);

function clock_now(which: i32): i64 {
  switch (which) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
      return <i64>host_ktime_get_real_ns();
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
      return ktime_get_ns();
  }
  return -1;
}

/** clock_gettime64 (403): struct __kernel_timespec { s64 tv_sec; s64 tv_nsec; } */
export function sys_clock_gettime(which: i32, tp: u32): i32 {
  const ns = clock_now(which);
  if (ns < 0) return -EINVAL;
  store<i64>(tsbuf, ns / 1000000000);
  store<i64>(tsbuf, ns % 1000000000, 8);
  return copy_to_user(tp, tsbuf, 16) ? -EFAULT : 0;
}

/** clock_gettime (265): struct old_timespec32 { s32 tv_sec; s32 tv_nsec; } */
export function sys_clock_gettime32(which: i32, tp: u32): i32 {
  const ns = clock_now(which);
  if (ns < 0) return -EINVAL;
  store<i32>(tsbuf, <i32>(ns / 1000000000));
  store<i32>(tsbuf, <i32>(ns % 1000000000), 4);
  return copy_to_user(tp, tsbuf, 8) ? -EFAULT : 0;
}

// Resource limits, resource usage and prctl (kernel/sys.c: getrlimit, setrlimit, prlimit64,
// do_prlimit, getrusage, prctl).
//
// The limits live in the thread group's signal->rlim (Task.rlim: RLIM_NLIMITS pairs of u64
// { rlim_cur, rlim_max }), inherited across fork, kept across exec. Processes run as root
// (CAP_SYS_RESOURCE), so raising a hard limit is allowed.
//
// Unlike Linux, the limits are kept and reported but not enforced: int80's fd table has
// NR_OPEN_DEFAULT (1024) slots whatever RLIMIT_NOFILE says, and nothing counts CPU time,
// file sizes or processes against them.
import { Task, current, find_live_task } from "./sched";
import { copy_from_user, copy_to_user, strncpy_from_user } from "./uaccess";
import { EFAULT, EINVAL, EPERM, ESRCH } from "../uapi/errno";

export const RLIM_NLIMITS = 16;
export const RLIMIT_SIZE: usize = 16; // struct rlimit64
export const TASK_COMM_LEN: u32 = 16;

const RLIMIT_STACK = 3;
const RLIMIT_CORE = 4;
const RLIMIT_NPROC = 6;
const RLIMIT_NOFILE = 7;
const RLIMIT_MEMLOCK = 8;
const RLIMIT_SIGPENDING = 11;
const RLIMIT_MSGQUEUE = 12;
const RLIMIT_NICE = 13;
const RLIMIT_RTPRIO = 14;

const RLIM64_INFINITY: u64 = 0xffffffffffffffff;
const RLIM_INFINITY32: u32 = 0xffffffff; // i386's RLIM_INFINITY (~0UL)
const NR_OPEN: u64 = 1024 * 1024; // fs/file.c sysctl_nr_open

/**
 * include/asm-generic/resource.h INIT_RLIMITS: what init starts with. RLIMIT_NPROC and
 * RLIMIT_SIGPENDING are max_threads / 2 on Linux (set from memory size at boot); here
 * they are 16384, half of int80's pid space.
 */
export function init_rlimits(rlim: usize): void {
  for (let i = 0; i < RLIM_NLIMITS; i++) set(rlim, i, RLIM64_INFINITY, RLIM64_INFINITY);
  set(rlim, RLIMIT_STACK, 8 * 1024 * 1024, RLIM64_INFINITY); // _STK_LIM
  set(rlim, RLIMIT_CORE, 0, RLIM64_INFINITY);
  set(rlim, RLIMIT_NPROC, 16384, 16384);
  set(rlim, RLIMIT_NOFILE, 1024, 4096); // INR_OPEN_CUR, INR_OPEN_MAX
  set(rlim, RLIMIT_MEMLOCK, 8 * 1024 * 1024, 8 * 1024 * 1024); // MLOCK_LIMIT
  set(rlim, RLIMIT_SIGPENDING, 16384, 16384);
  set(rlim, RLIMIT_MSGQUEUE, 819200, 819200); // MQ_BYTES_MAX
  set(rlim, RLIMIT_NICE, 0, 0);
  set(rlim, RLIMIT_RTPRIO, 0, 0);
}

function set(rlim: usize, r: i32, cur: u64, max: u64): void {
  store<u64>(rlim + <usize>r * RLIMIT_SIZE, cur);
  store<u64>(rlim + <usize>r * RLIMIT_SIZE, max, 8);
}
function cur_of(rlim: usize, r: i32): u64 { return load<u64>(rlim + <usize>r * RLIMIT_SIZE); }
function max_of(rlim: usize, r: i32): u64 { return load<u64>(rlim + <usize>r * RLIMIT_SIZE, 8); }

const kbuf = memory.data(32);

/**
 * do_prlimit(): read the old limit into old64 (if non-zero) and set the new one (if
 * new64 is non-zero). The new limit must have cur <= max (EINVAL); RLIMIT_NOFILE's max is
 * capped by nr_open (EPERM). Raising max needs CAP_SYS_RESOURCE, which root has.
 */
function do_prlimit(t: Task, resource: u32, new64: usize, old64: usize): i32 {
  if (resource >= <u32>RLIM_NLIMITS) return -EINVAL;
  const r = <i32>resource;
  if (new64) {
    const ncur = load<u64>(new64), nmax = load<u64>(new64, 8);
    if (ncur > nmax) return -EINVAL;
    if (r == RLIMIT_NOFILE && nmax > NR_OPEN) return -EPERM;
  }
  if (old64) {
    store<u64>(old64, cur_of(t.rlim, r));
    store<u64>(old64, max_of(t.rlim, r), 8);
  }
  if (new64) set(t.rlim, r, load<u64>(new64), load<u64>(new64, 8));
  return 0;
}

/** prlimit64 (340): pid 0 is the caller; struct rlimit64 in and out. */
export function sys_prlimit64(pid: i32, resource: u32, new_rlim: u32, old_rlim: u32): i32 {
  if (new_rlim && copy_from_user(kbuf, new_rlim, 16)) return -EFAULT;
  const t = pid ? find_live_task(pid) : current;
  if (!t) return -ESRCH;
  const r = do_prlimit(t, resource, new_rlim ? kbuf : 0, old_rlim ? kbuf + 16 : 0);
  if (r < 0) return r;
  if (old_rlim && copy_to_user(old_rlim, kbuf + 16, 16)) return -EFAULT;
  return 0;
}

/** ugetrlimit (191), Linux's sys_getrlimit: struct rlimit of two unsigned longs; a value
 * that does not fit is RLIM_INFINITY (~0UL). */
export function sys_ugetrlimit(resource: u32, rlim: u32): i32 {
  const r = do_prlimit(current, resource, 0, kbuf + 16);
  if (r < 0) return r;
  const c = load<u64>(kbuf + 16), m = load<u64>(kbuf + 24);
  store<u32>(kbuf, c > <u64>RLIM_INFINITY32 ? RLIM_INFINITY32 : <u32>c);
  store<u32>(kbuf, m > <u64>RLIM_INFINITY32 ? RLIM_INFINITY32 : <u32>m, 4);
  return copy_to_user(rlim, kbuf, 8) ? -EFAULT : 0;
}

/** getrlimit (76), Linux's sys_old_getrlimit: values above 0x7fffffff read as 0x7fffffff. */
export function sys_getrlimit(resource: u32, rlim: u32): i32 {
  const r = do_prlimit(current, resource, 0, kbuf + 16);
  if (r < 0) return r;
  const c = load<u64>(kbuf + 16), m = load<u64>(kbuf + 24);
  store<u32>(kbuf, c > 0x7fffffff ? 0x7fffffff : <u32>c);
  store<u32>(kbuf, m > 0x7fffffff ? 0x7fffffff : <u32>m, 4);
  return copy_to_user(rlim, kbuf, 8) ? -EFAULT : 0;
}

/** setrlimit (75): struct rlimit of unsigned longs; RLIM_INFINITY (~0UL) is RLIM64_INFINITY
 * (rlim_to_rlim64). */
export function sys_setrlimit(resource: u32, rlim: u32): i32 {
  if (copy_from_user(kbuf + 16, rlim, 8)) return -EFAULT;
  const c = load<u32>(kbuf + 16), m = load<u32>(kbuf + 20);
  store<u64>(kbuf, c == RLIM_INFINITY32 ? RLIM64_INFINITY : <u64>c);
  store<u64>(kbuf, m == RLIM_INFINITY32 ? RLIM64_INFINITY : <u64>m, 8);
  return do_prlimit(current, resource, kbuf, 0);
}

const RUSAGE_SELF = 0;
const RUSAGE_CHILDREN = -1;
const RUSAGE_THREAD = 1;
const ru_buf = memory.data(72);

/**
 * getrusage (77): i386 struct rusage (two old_timeval32, then 14 longs: 72 bytes).
 * Unlike Linux, int80 accounts neither CPU time nor faults, context switches or I/O: every
 * field is 0 (as in wait4's rusage). The caller's `who` is checked as Linux does.
 */
export function sys_getrusage(who: i32, ru: u32): i32 {
  if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD) return -EINVAL;
  memory.fill(ru_buf, 0, 72);
  return copy_to_user(ru, ru_buf, 72) ? -EFAULT : 0;
}

const PR_GET_DUMPABLE = 3;
const PR_SET_DUMPABLE = 4;
const PR_SET_NAME = 15;
const PR_GET_NAME = 16;

/**
 * prctl (172): PR_SET_NAME copies at most 15 bytes of the name into comm (always
 * NUL-terminated), PR_GET_NAME copies the 16 bytes of comm out; PR_SET_DUMPABLE takes
 * SUID_DUMP_DISABLE (0) or SUID_DUMP_USER (1), PR_GET_DUMPABLE returns it. Every other
 * option is EINVAL, as Linux answers an option it does not know.
 */
export function sys_prctl(option: i32, arg2: u32, arg3: u32, arg4: u32, arg5: u32): i32 {
  const t = current;
  switch (option) {
    case PR_SET_NAME: {
      memory.fill(kbuf, 0, TASK_COMM_LEN);
      const n = strncpy_from_user(kbuf, arg2, TASK_COMM_LEN - 1);
      if (n < 0) return -EFAULT;
      memory.copy(t.comm, kbuf, TASK_COMM_LEN);
      return 0;
    }
    case PR_GET_NAME:
      return copy_to_user(arg2, t.comm, TASK_COMM_LEN) ? -EFAULT : 0;
    case PR_GET_DUMPABLE:
      return t.dumpable;
    case PR_SET_DUMPABLE:
      if (arg2 > 1) return -EINVAL;
      t.dumpable = <i32>arg2;
      return 0;
  }
  return -EINVAL;
}

// Process exit and wait (kernel/exit.c), identity (kernel/sys.c), clock_gettime (kernel/time).
//
// A process that ends keeps its task as a zombie (EXIT_ZOMBIE) holding the status wait()
// reports, until its parent reaps it with wait4/waitid; its children go to the reaper.
// Unlike Linux there is no init process: the run itself is pid 1, the parent of the
// processes `int80 run` starts and the reaper of orphans, and it reaps its children at once.
import {
  Task, current, sig_handler, sig_flags, remove_child, TASK_DEAD, EXIT_ZOMBIE, EXIT_DEAD,
  thread_group_leader, nr_live_threads,
} from "./sched";
import { futex_abort, futex_wake, futex_key, FUTEX_BITSET_MATCH_ANY } from "./futex";
import { task_free } from "./fork";
import { files_free } from "./fdtable";
import { FilesStruct } from "../include/linux/fdtable";
import { finish_wait, wake_up, prepare_to_wait } from "./wait";
import { copy_to_user, put_user } from "./uaccess";
import { ktime_get_ns } from "./time";
import { send_signal, signal_pending } from "./signal";
import { EFAULT, EINVAL, ECHILD, ESRCH, ERESTARTSYS } from "../uapi/errno";
import * as S from "../uapi/signal";
import { exit_mmap } from "../mm/mmap";

import { host_process_exit, host_ktime_get_real_ns } from "../arch/host";

/** release_task(): the zombie is gone, its pid free. */
function release_task(p: Task): void {
  p.exit_state = EXIT_DEAD;
  remove_child(p);
  task_free(p);
}

/**
 * forget_original_parent(): the children of an exiting task go to the reaper (the run,
 * pid 1), which reaps zombies at once.
 */
function forget_original_parent(t: Task): void {
  let c = t.children;
  t.children = null;
  while (c) {
    const next = c.sibling;
    c.parent = null;
    c.sibling = null;
    if (c.exit_state == EXIT_ZOMBIE) release_task(c);
    c = next;
  }
}

/**
 * do_notify_parent(): tell the parent a child ended. SIGCHLD (the child's exit_signal) with
 * CLD_EXITED/CLD_KILLED, the parent's waiters woken. If the parent ignores SIGCHLD (SIG_IGN)
 * or set SA_NOCLDWAIT, the child is reaped now (autoreap). Returns whether it was.
 */
function do_notify_parent(t: Task): bool {
  const parent = t.parent;
  if (!parent) return true; // the run reaps
  const status = t.exit_code;
  const killed = (status & 0x7f) != 0;
  let sig = t.exit_signal;
  let autoreap = false;
  if (sig == S.SIGCHLD) {
    const h = sig_handler(parent, S.SIGCHLD);
    if (h == S.SIG_IGN || (sig_flags(parent, S.SIGCHLD) & S.SA_NOCLDWAIT)) {
      autoreap = true;
      if (h == S.SIG_IGN) sig = 0;
    }
  }
  if (sig > 0 && sig <= S.NSIG) {
    send_signal(sig, parent, killed ? S.CLD_KILLED : S.CLD_EXITED, t.pid, t.uid, killed ? status & 0x7f : (status >> 8) & 0xff);
  }
  wake_up(parent.wait_chldexit); // __wake_up_parent()
  return autoreap;
}

/**
 * do_exit(): release everything the task holds (its sockets close, peers see EOF), hand
 * its children to the reaper, become a zombie for the parent, or go at once if nobody
 * will wait. `status` is the wait status (code << 8, or the signal).
 */
/**
 * mm_release(): CLONE_CHILD_CLEARTID's word becomes 0 and one waiter of it is woken
 * (pthread_join sleeps there).
 */
function mm_release(t: Task): void {
  futex_abort(t);
  if (t.clear_child_tid) {
    const addr = t.clear_child_tid;
    t.clear_child_tid = 0;
    if (!put_user(0, addr)) futex_wake(futex_key(t, true), addr, 1, FUTEX_BITSET_MATCH_ANY); // FLAGS_SHARED
  }
}

/**
 * A thread that is not its group's leader ends (exit(2), or its group's exit): it is
 * released at once (its exit_signal is -1, nobody waits for it). What it shares with the
 * group (files, signal actions, memory) stays with the leader.
 */
function exit_thread(t: Task, status: i32): void {
  finish_wait(t);
  t.state = TASK_DEAD;
  t.exit_code = status;
  mm_release(t);
  const leader = t.group_leader;
  for (let c: Task = leader; c.thread_next; c = c.thread_next!) {
    if (c.thread_next == t) {
      c.thread_next = t.thread_next;
      break;
    }
  }
  t.thread_next = null;
  t.exit_state = EXIT_DEAD;
  task_free(t);
}

export function do_exit(t: Task, status: i32): void {
  if (t.state == TASK_DEAD) return;
  if (!thread_group_leader(t)) return exit_thread(t, status);
  if (t.thread_exited == 1 && status & EXIT_THREAD_ONLY) return;
  if (status & EXIT_THREAD_ONLY) {
    // the leader's exit(2) while other threads run: it waits, silent, for the group
    // (delay_group_leader); the last thread's exit ends the process with its status
    finish_wait(t);
    mm_release(t);
    t.thread_exited = 1;
    return;
  }
  finish_wait(t);
  t.state = TASK_DEAD;
  t.exit_code = status;
  mm_release(t);
  // exit_files(): the table goes and the task no longer points at it (a zombie has no files)
  files_free(t.files);
  t.files = changetype<FilesStruct>(0);
  exit_mmap(t);
  forget_original_parent(t);
  t.exit_state = EXIT_ZOMBIE;
  if (do_notify_parent(t)) release_task(t);
}

/** Bit of host_process_exit's status: only this thread ends (exit(2) with others running). */
export const EXIT_THREAD_ONLY = 0x10000;

/**
 * exit_group(2): every thread of the group ends (the host ends the other threads, then
 * the leader: zap_other_threads), the process with this status.
 */
export function sys_exit_group(error_code: i32): i32 {
  host_process_exit(current.pid, (error_code & 0xff) << 8);
  return 0;
}

/**
 * exit(2) ends the calling thread. The last thread of a group ends the process
 * (do_exit -> the group is dead -> the parent is notified with this status).
 */
export function sys_exit(error_code: i32): i32 {
  if (nr_live_threads(current) > 1) {
    host_process_exit(current.pid, ((error_code & 0xff) << 8) | EXIT_THREAD_ONLY);
    return 0;
  }
  return sys_exit_group(error_code);
}

// ---- wait4, waitpid, waitid (do_wait) ----

/** struct wait_opts, reduced: which children, and what to report. */
const PIDTYPE_PID = 0;
const PIDTYPE_PGID = 1;
const PIDTYPE_MAX = 2; // any child

const wait_rusage = memory.data(72); // i386 struct rusage: 18 longs, reported as zeros
const wait_info = memory.data(<i32>S.SIGINFO_SIZE);

/** eligible_pid() + eligible_child(): does child p match this wait? */
function eligible_child(p: Task, type: i32, id: i32, options: i32): bool {
  if (type == PIDTYPE_PID && p.pid != id) return false;
  if (type == PIDTYPE_PGID && p.pgid != id) return false;
  if (options & S.__WALL) return true;
  // __WCLONE waits only for children whose exit signal is not SIGCHLD, and the reverse
  return (p.exit_signal != S.SIGCHLD) == ((options & S.__WCLONE) != 0);
}

/**
 * do_wait(): 0 with a zombie found (*found set), -ECHILD when no child matches at all, 0
 * with none found when WNOHANG says not to wait, or -ERESTARTSYS (queued on
 * wait_chldexit; a signal makes it -ERESTARTSYS without waiting).
 */
let found: Task | null = null;

function do_wait(type: i32, id: i32, options: i32): i32 {
  const t = current;
  found = null;
  let any = false;
  for (let c = t.children; c; c = c!.sibling) {
    if (!eligible_child(c, type, id, options)) continue;
    any = true;
    if (c.exit_state == EXIT_ZOMBIE && (options & S.WEXITED)) {
      found = c;
      return 0;
    }
  }
  if (!any) return -ECHILD;
  if (options & S.WNOHANG) return 0;
  if (signal_pending(t)) return -ERESTARTSYS;
  prepare_to_wait(t.wait_chldexit);
  return -ERESTARTSYS;
}

/**
 * wait4(2) (kernel_wait4): pid > 0 that child, 0 any child in the caller's process group,
 * -1 any child, < -1 any child in group -pid. The status word as Linux writes it; rusage
 * as zeros (Unlike Linux, int80 keeps no resource usage).
 */
export function sys_wait4(upid: i32, stat_addr: u32, options: i32, ru: u32): i32 {
  if (options & ~(S.WNOHANG | S.WUNTRACED | S.WCONTINUED | S.__WNOTHREAD | S.__WCLONE | S.__WALL)) return -EINVAL;
  // -INT_MIN has no positive value (kernel_wait4)
  if (upid == -2147483648) return -ESRCH;
  let type = PIDTYPE_MAX, id = 0;
  if (upid < -1) { type = PIDTYPE_PGID; id = -upid; }
  else if (upid == 0) { type = PIDTYPE_PGID; id = current.pgid; }
  else if (upid > 0) { type = PIDTYPE_PID; id = upid; }
  const err = do_wait(type, id, options | S.WEXITED);
  if (err < 0) return err;
  const p = found;
  if (!p) return 0;
  const pid = p.pid, status = p.exit_code;
  release_task(p);
  if (stat_addr && put_user(<u32>status, stat_addr)) return -EFAULT;
  if (ru) {
    memory.fill(wait_rusage, 0, 72);
    if (copy_to_user(ru, wait_rusage, 72)) return -EFAULT;
  }
  return pid;
}

/** waitpid(2), the old i386 entry: wait4 without rusage. */
export function sys_waitpid(pid: i32, stat_addr: u32, options: i32): i32 {
  return sys_wait4(pid, stat_addr, options, 0);
}

/**
 * waitid(2): P_ALL, P_PID, P_PGID (id 0: the caller's group); WEXITED required among
 * WEXITED/WSTOPPED/WCONTINUED; WNOWAIT leaves the zombie. The siginfo fields Linux writes:
 * si_signo, si_errno, si_code, si_pid, si_uid, si_status (all 0 when WNOHANG finds none).
 */
export function sys_waitid(which: i32, upid: i32, infop: u32, options: i32, ru: u32): i32 {
  if (options & ~(S.WNOHANG | S.WNOWAIT | S.WEXITED | S.WSTOPPED | S.WCONTINUED | S.__WNOTHREAD | S.__WCLONE | S.__WALL)) return -EINVAL;
  if (!(options & (S.WEXITED | S.WSTOPPED | S.WCONTINUED))) return -EINVAL;
  let type = PIDTYPE_MAX, id = 0;
  if (which == S.P_ALL) {}
  else if (which == S.P_PID) {
    if (upid <= 0) return -EINVAL;
    type = PIDTYPE_PID; id = upid;
  } else if (which == S.P_PGID) {
    if (upid < 0) return -EINVAL;
    type = PIDTYPE_PGID; id = upid ? upid : current.pgid;
  } else return -EINVAL;
  const err = do_wait(type, id, options);
  if (err < 0) return err;
  const p = found;
  memory.fill(wait_info, 0, S.SIGINFO_SIZE);
  if (p) {
    const status = p.exit_code;
    const killed = (status & 0x7f) != 0;
    store<i32>(wait_info + S.SI_SIGNO, S.SIGCHLD);
    store<i32>(wait_info + S.SI_CODE, killed ? ((status & 0x80) ? S.CLD_DUMPED : S.CLD_KILLED) : S.CLD_EXITED);
    store<i32>(wait_info + S.SI_PID, p.pid);
    store<u32>(wait_info + S.SI_UID, p.uid);
    store<i32>(wait_info + S.SI_STATUS, killed ? status & 0x7f : (status >> 8) & 0xff);
    if (!(options & S.WNOWAIT)) release_task(p);
  }
  if (infop && copy_to_user(infop, wait_info, 24)) return -EFAULT;
  if (ru) {
    memory.fill(wait_rusage, 0, 72);
    if (copy_to_user(ru, wait_rusage, 72)) return -EFAULT;
  }
  return 0;
}

// ---- identity ----

/** getpid(2): the thread group's id; gettid(2) the thread's own. */
export function sys_getpid(): i32 { return current.tgid; }
export function sys_gettid(): i32 { return current.pid; }
/** getppid(2): the parent's pid; 1 (the run, as init) for the processes the run started and for orphans. */
export function sys_getppid(): i32 {
  const p = current.group_leader.parent;
  return p ? p.pid : 1;
}
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


/**
 * clock_getres_time64 (406): posix_get_hrtimer_res() — 1 ns for the clocks above (hrtimers
 * with high resolution). A NULL tp is allowed (the call only validates the clock).
 * Unlike Linux, the COARSE clocks also report 1 ns: the host clock has no tick (Linux
 * reports one jiffy for them).
 */
export function sys_clock_getres(which: i32, tp: u32): i32 {
  if (clock_now(which) < 0) return -EINVAL;
  if (!tp) return 0;
  store<i64>(tsbuf, 0);
  store<i64>(tsbuf, 1, 8);
  return copy_to_user(tp, tsbuf, 16) ? -EFAULT : 0;
}

/** clock_getres (266): the same with struct old_timespec32. */
export function sys_clock_getres32(which: i32, tp: u32): i32 {
  if (clock_now(which) < 0) return -EINVAL;
  if (!tp) return 0;
  store<i32>(tsbuf, 0);
  store<i32>(tsbuf, 1, 4);
  return copy_to_user(tp, tsbuf, 8) ? -EFAULT : 0;
}

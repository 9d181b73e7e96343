// The kernel's only exports. The host calls int80() for every trap of every process;
// the other exports create and end tasks and deliver timer expiries.
import { find_task_by_pid, find_live_task, set_current } from "./kernel/sched";
import { task_alloc, register_fs_struct_ops } from "./kernel/fork";
import { proc_root_init } from "./fs/proc";
import "./net/core/proc_net";
import { syscall_exit, is_restart_code, it_real_fn, restart_code, do_signal_preempt } from "./kernel/signal";
import { schedule_tail } from "./kernel/fork";
import { exec_ready } from "./kernel/exec";
import { finish_wait, wake_up_task } from "./kernel/wait";
import { fd_install_at } from "./kernel/fdtable";
import { console_file, console_init, console_wake as do_console_wake } from "./kernel/console";
import { do_exit, EXIT_THREAD_ONLY } from "./kernel/exit";
import { futex_abort } from "./kernel/futex";
import { mm_sync_enter, mm_switch_in, mm_switch_out } from "./mm/mmap";
import { Task, thread_group_leader } from "./kernel/sched";
import { kmalloc_bytes, kmalloc_objects } from "./kernel/slab";
import { syscall_dispatch, __NR_socketcall } from "./generated/syscall_table";
import { af_unix_init } from "./net/unix/af_unix";
import "./fs/init";
import { init_task_fs, exit_fs, copy_fs } from "./fs/namei";
import { fifo_abort } from "./fs/pipe";
import { af_inet_init } from "./net/ipv4/af_inet";
import { inet6_init } from "./net/ipv6/af_inet6";
import { ESRCH, ERESTARTSYS } from "./uapi/errno";
import { set_ktrace, ktrace_reset } from "./kernel/trace";
import { diag } from "./net/core/sock_diag";
import { dev_tap_enable } from "./net/core/dev_tap";
import { send_signal, pick_thread } from "./kernel/signal";
import * as S from "./uapi/signal";

register_fs_struct_ops(copy_fs, exit_fs);
af_unix_init();
af_inet_init();
inet6_init();
proc_root_init();
console_init();

/** Another number that reaches sys_socketcall (int80 run --socketcall-nr), if any. */
let socketcall_alias: i32 = 0;
let socketcall_aliased = false;

/** nr >= 0: that number also means socketcall; nr < 0: no alias (syscall(-1) is ENOSYS). */
export function set_socketcall_alias(nr: i32): void {
  socketcall_alias = nr;
  socketcall_aliased = nr >= 0;
}

/** `restart` bit: the host re-issues a call that returned -ERESTARTSYS while it slept. */
const ENTRY_RESTART = 1;
/** `restart` bit: the call comes from the host's own WASI adapter, which cannot run a handler. */
const ENTRY_NO_SIGNALS = 2;

/**
 * The int 0x80 entry: eax is the syscall number, ebx..ebp its arguments. `restart` has
 * ENTRY_RESTART when the host re-issues a call that returned -ERESTARTSYS (the task keeps its
 * deadline and the progress the call made), ENTRY_NO_SIGNALS for an adapter's call.
 *
 * On the way out (exit_to_user_mode): a call that sleeps returns -ERESTARTSYS with the task
 * queued; any other result goes through syscall_exit, which delivers a pending signal. A
 * call interrupted after it moved data returns what it moved, as Linux's do.
 *
 * A process with shared mappings copies them out on the way in and in on the way out
 * (mm/mmap.ts, "Shared mappings"); one that blocks copies nothing in: it runs no code of
 * its own until the host resumes it, which copies in (mm_switch).
 */
/** linux.preempt found the process in its own code: deliver a pending signal (do_signal_preempt). */
export function signal_at_preempt(pid: i32): i32 {
  const t = find_live_task(pid);
  if (!t) return 0;
  set_current(t);
  return do_signal_preempt(t);
}

export function int80(pid: i32, restart: i32, eax: i32, ebx: u32, ecx: u32, edx: u32, esi: u32, edi: u32, ebp: u32): i32 {
  const t = find_live_task(pid);
  if (!t) return -ESRCH;
  set_current(t);
  ktrace_reset();
  if (t.waits) finish_wait(t);
  if (t.sigwait) {
    // rt_sigtimedwait unblocked the awaited signals while it slept: the mask comes back
    t.blocked = t.real_blocked;
    t.sigwait = 0;
  }
  if (!(restart & ENTRY_RESTART)) {
    if (t.fifo_pending) fifo_abort(t);
    if (t.futex_uaddr) futex_abort(t);
    t.timeout = -1;
    t.timed_out = 0;
    t.restart_progress = 0;
    t.restart_count = 0;
  }
  if (socketcall_aliased && eax == socketcall_alias) eax = __NR_socketcall;
  const g = t.group_leader;
  if (g.mm_shared) mm_sync_enter(t);
  let ret = syscall_dispatch(eax, ebx, ecx, edx, esi, edi, ebp);
  if (ret == -ERESTARTSYS && t.waits) return ret;
  if (is_restart_code(ret)) {
    // interrupted: a call that already moved bytes or messages returns that count
    if (t.restart_progress > 0) ret = t.restart_progress;
    else if (t.restart_count > 0) ret = t.restart_count;
  }
  if (t.exit_state) return ret;
  ret = syscall_exit(t, ret, !(restart & ENTRY_NO_SIGNALS), eax);
  if (g.mm_shared) mm_switch_in(t);
  return ret;
}

/**
 * The host switches a process with shared mappings (its mm_shared import said so): `into`
 * 1 before its code runs again (after a block, a preemption, a fork), 0 when its code
 * stopped at a preemption point. Its memory is the host's current user memory.
 */
export function mm_switch(pid: i32, into: i32): void {
  const t = find_live_task(pid);
  if (!t || !t.group_leader.mm_shared) return;
  set_current(t);
  if (into) mm_switch_in(t);
  else mm_switch_out(t);
}

/**
 * A new process of the run: its task (a child of the run, pid 1, in its own process group)
 * and the console on descriptors 0, 1, 2. Its pid, or -EAGAIN.
 */
export function task_create(uid: u32, gid: u32): i32 {
  const t = task_alloc();
  if (!t) return -11; // -EAGAIN
  t.uid = uid;
  t.gid = gid;
  init_task_fs(t);
  for (let fd = 0; fd < 3; fd++) fd_install_at(t.files, fd, console_file(fd));
  return t.pid;
}

/**
 * The process is gone (exit, trap, signal) with this wait status: close its files (peers
 * see EOF or a reset), hand its children to the reaper, leave a zombie for its parent.
 */
export function task_exit(pid: i32, status: i32): void {
  const t = find_live_task(pid);
  if (!t) return;
  set_current(t);
  if (t.fifo_pending) fifo_abort(t);
  if (thread_group_leader(t) && (status & EXIT_THREAD_ONLY)) {
    do_exit(t, status); // the leader's exit(2): it stays for the group
    return;
  }
  status &= ~EXIT_THREAD_ONLY;
  if (thread_group_leader(t)) {
    // zap_other_threads(): the host ended their instances' threads; the kernel's go too
    while (t.thread_next) {
      const c: Task = t.thread_next!;
      set_current(c);
      exit_fs(c);
      do_exit(c, status);
      if (t.thread_next == c) t.thread_next = c.thread_next; // already gone
    }
    set_current(t);
  }
  exit_fs(t);
  do_exit(t, status);
}

/** The user address of the process's signal frame mailbox (its libc's __int80_sigframe), or 0. */
export function task_set_sigframe(pid: i32, uaddr: u32): void {
  const t = find_live_task(pid);
  if (t) t.sigframe = uaddr;
}

/** A forked child is about to run for the first time, its memory current (ret_from_fork). */
export function task_fork_tail(pid: i32): void {
  const t = find_live_task(pid);
  if (!t) return;
  set_current(t);
  schedule_tail(t);
}

/** The host loaded the program a task's execve waits for. */
export function task_exec_ready(pid: i32): void {
  const t = find_live_task(pid);
  if (t) exec_ready(t);
}

/** The host's ITIMER_REAL timer (alarm) of the task fired. */
export function task_itimer_fired(pid: i32): void {
  const t = find_live_task(pid);
  if (t) it_real_fn(t);
}

/** The restart code (-ERESTARTSYS, ...) the last call had before its signal was delivered, or 0. */
export function syscall_restart_code(): i32 {
  return restart_code;
}

/** The parent's pid of a task (0: the run), for the host's bookkeeping. */
export function task_ppid(pid: i32): i32 {
  const t = find_task_by_pid(pid);
  return t && t.parent ? t.parent!.pid : 0;
}

/** Absolute ktime (ns) at which a blocked task's call times out, or -1 for none. */
export function task_timeout(pid: i32): f64 {
  const t = find_live_task(pid);
  return t ? <f64>t.timeout : -1;
}

/** The host's timer for a blocked task fired: its restarted call sees the timeout. */
export function task_timer_expired(pid: i32): void {
  const t = find_live_task(pid);
  if (!t) return;
  t.timed_out = 1;
  wake_up_task(t);
}

/** Whether the task is waiting (for the host's deadlock report). */
export function task_blocked(pid: i32): i32 {
  const t = find_live_task(pid);
  return t && t.waits ? 1 : 0;
}

/** Bytes and objects the kernel heap holds (for leak checks). */
export function kmem_bytes(): i32 { return <i32>kmalloc_bytes; }
export function kmem_objects(): i32 { return kmalloc_objects; }

/** int80 run --ktrace: turn the kernel's tracepoints on or off. */
export function ktrace_enable(on: i32): void {
  set_ktrace(on != 0);
}

export { sock_diag_fill } from "./net/core/sock_diag";
/** Address of the record sock_diag_fill writes. */
export function sock_diag_buf(): usize {
  return diag;
}

export { kcheck, kcheck_where } from "./debug/kcheck";

/** int80 run --pcap: report every packet sent on lo to the host. */
export function pcap_enable(on: i32): void {
  dev_tap_enable(on != 0);
}

/** Bytes all skbs hold, and the global socket memory limit (tests lower it). */
export { skb_mem_total_bytes, set_skb_mem_limit } from "./net/core/skb_mem";

/** The initramfs the host unpacks at boot, and the file system's invariants. */
export { initramfs_buf, initramfs_entry, fs_tree_objects, fs_check_idle } from "./fs/init";
export { hostfs_mount, hostfs_attr_buf } from "./fs/hostfs";

/**
 * The host sends a signal to a task (the end of a run stops the processes left waiting
 * with SIGTERM, as a shell's kill would): the same path as kill(2), so SIG_IGN and
 * handlers apply. 0 or -ESRCH.
 */
export function task_signal(pid: i32, sig: i32): i32 {
  const t = find_task_by_pid(pid);
  if (!t) return -ESRCH;
  send_signal(sig, pick_thread(t, sig), S.SI_USER, 0, 0, 0); // a thread that takes it
  return 0;
}

/**
 * The host's console streams changed: stdin has bytes or ended, or stdout drained. Tasks
 * waiting in a console read or write (or polling it) wake and try again.
 */
export function console_wake(): void {
  do_console_wake();
}

/** `int80 run --net user` / `--publish`: add eth0 (10.0.2.15/24, the host's gateway behind it). */
export { hostnet_init, hostnet_rx_alloc, hostnet_rx } from "./drivers/net/hostnet";

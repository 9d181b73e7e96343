// The kernel's only exports. The host calls int80() for every trap of every process;
// the other exports create and end tasks and deliver timer expiries.
import { Task, find_task_by_pid, set_current, current, TASK_DEAD } from "./kernel/sched";
import { task_alloc } from "./kernel/fork";
import { finish_wait, wake_up_task } from "./kernel/wait";
import { fd_install_at } from "./kernel/fdtable";
import { console_file } from "./kernel/console";
import { do_exit } from "./kernel/exit";
import { kmalloc_bytes, kmalloc_objects } from "./kernel/slab";
import { syscall_dispatch, __NR_socketcall } from "./generated/syscall_table";
import { af_unix_init } from "./net/unix/af_unix";
import { af_inet_init } from "./net/ipv4/af_inet";
import { ESRCH } from "./uapi/errno";
import { set_ktrace } from "./kernel/trace";
import { diag } from "./net/core/sock_diag";
import { dev_tap_enable } from "./net/core/dev_tap";
import { send_sig } from "./kernel/signal";

af_unix_init();
af_inet_init();

/** Another number that reaches sys_socketcall (int80 run --socketcall-nr), or -1. */
let socketcall_alias: i32 = -1;

export function set_socketcall_alias(nr: i32): void {
  socketcall_alias = nr;
}

/**
 * The int 0x80 entry: eax is the syscall number, ebx..ebp its arguments. `restart` is 1
 * when the host re-issues a call that returned -ERESTARTSYS (the task keeps its deadline
 * and the progress the call made), 0 for a new call.
 */
export function int80(pid: i32, restart: i32, eax: i32, ebx: u32, ecx: u32, edx: u32, esi: u32, edi: u32, ebp: u32): i32 {
  const t = find_task_by_pid(pid);
  if (!t) return -ESRCH;
  set_current(t);
  if (t.waits) finish_wait(t);
  if (!restart) {
    t.timeout = -1;
    t.timed_out = 0;
    t.restart_progress = 0;
    t.restart_count = 0;
  }
  if (eax == socketcall_alias) eax = __NR_socketcall;
  return syscall_dispatch(eax, ebx, ecx, edx, esi, edi, ebp);
}

/** A new process: its task and the console on descriptors 0, 1, 2. 0 or -errno. */
export function task_create(pid: i32, uid: u32, gid: u32): i32 {
  const t = task_alloc(pid);
  if (!t) return -ESRCH;
  t.uid = uid;
  t.gid = gid;
  for (let fd = 0; fd < 3; fd++) fd_install_at(t.files, fd, console_file(fd));
  return 0;
}

/** The process is gone (exit, trap, signal): close its files; peers see EOF or a reset. */
export function task_exit(pid: i32): void {
  const t = find_task_by_pid(pid);
  if (t) {
    set_current(t);
    do_exit(t);
  }
}

/** Absolute ktime (ns) at which a blocked task's call times out, or -1 for none. */
export function task_timeout(pid: i32): f64 {
  const t = find_task_by_pid(pid);
  return t ? <f64>t.timeout : -1;
}

/** The host's timer for a blocked task fired: its restarted call sees the timeout. */
export function task_timer_expired(pid: i32): void {
  const t = find_task_by_pid(pid);
  if (!t) return;
  t.timed_out = 1;
  wake_up_task(t);
}

/** Whether the task is waiting (for the host's deadlock report). */
export function task_blocked(pid: i32): i32 {
  const t = find_task_by_pid(pid);
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

export { kcheck } from "./debug/kcheck";
/** Names in fs/'s socket name table (the fuzzer counts them as expected heap objects). */
export { sockname_count as unix_bsd_entries } from "./fs/namei";

/** int80 run --pcap: report every packet sent on lo to the host. */
export function pcap_enable(on: i32): void {
  dev_tap_enable(on != 0);
}

/** Bytes all skbs hold, and the global socket memory limit (tests lower it). */
export { skb_mem_total_bytes, set_skb_mem_limit } from "./net/core/skb_mem";

/**
 * The host sends a signal to a task (the end of a run stops the processes left waiting
 * with SIGTERM, as a shell's kill would): the same path as kill(2), so SIG_IGN and
 * handlers apply. 0 or -ESRCH.
 */
export function task_signal(pid: i32, sig: i32): i32 {
  const t = find_task_by_pid(pid);
  if (!t) return -ESRCH;
  send_sig(sig, t);
  return 0;
}

// Tasks (include/linux/sched.h): one per process. The host owns the process (its Wasm
// instance); the kernel owns its identity, its place in the process tree, its fd table,
// its signal state and its waits.
import { kzalloc, kfree, kzalloc_obj, kfree_obj } from "./slab";
import { FilesStruct, files_alloc } from "./fdtable";
import { WaitQueueEntry, WaitQueueHead } from "./wait";
import { NSIG, SIGKILL, SIGSEGV, SIGPIPE, SIG_DFL, SIG_IGN } from "../uapi/signal";

/** Run states. A task that sleeps is TASK_INTERRUPTIBLE: a signal wakes it. */
export const TASK_RUNNING = 0;
export const TASK_INTERRUPTIBLE = 1;
export const TASK_DEAD = 64;

/** exit_state: a zombie waits for its parent's wait(); EXIT_DEAD is being released. */
export const EXIT_ZOMBIE = 16;
export const EXIT_DEAD = 32;

export const PID_MAX = 32768;
/** Linux's RESERVED_PIDS: after wrapping, pids start again above this. */
const RESERVED_PIDS = 300;
/** The first pid int80 gives (Unlike Linux, which starts at 1: pid 1 is the run itself). */
const FIRST_PID = 100;

export { NSIG, SIGKILL, SIGSEGV, SIGPIPE, SIG_DFL, SIG_IGN };

/**
 * struct k_sigaction, 16 bytes per signal in the task's sighand array:
 *   0  handler   SIG_DFL, SIG_IGN or a user function (a table index)
 *   4  flags     SA_*
 *   8  mask      u64, signals blocked while the handler runs
 */
export const KSA_SIZE: usize = 16;

/**
 * Per-signal siginfo the kernel keeps while a signal is pending (non-realtime signals are
 * not queued twice, as Linux's legacy_queue): si_code, si_pid, si_uid, si_status.
 */
export const KSI_SIZE: usize = 16;

/**
 * struct task_struct, the part a network stack and a process tree need:
 *
 *   pid, state, files   identity, run state, fd table
 *   waits               the wait queue entries this task sleeps on (removed when it runs)
 *   timeout             absolute ktime (ns) at which a blocking call gives up, or -1
 *   timed_out           set by the host's timer: the restarted call sees its deadline passed
 *   restart_progress    bytes a suspended call already moved (it continues after them)
 *   restart_count       messages a suspended sendmmsg/recvmmsg already handled
 *   uid, gid
 *   sighand             NSIG struct k_sigaction (KSA_SIZE each)
 *   siginfo             NSIG pending siginfo records (KSI_SIZE each)
 *   pending, blocked    signal sets (bit sig-1)
 *   saved_sigmask       the mask sigsuspend() replaced, restored after the handler
 *   restore_sigmask     set while saved_sigmask is to be restored (TIF_RESTORE_SIGMASK)
 *   sigframe            user address of the libc's signal frame mailbox (0: none)
 *   parent              real_parent; null means the run itself (pid 1, which reaps)
 *   children, sibling   the children list (first child, next sibling)
 *   exit_state          0, EXIT_ZOMBIE or EXIT_DEAD
 *   exit_code           the status wait() reports (code << 8, or the signal)
 *   exit_signal         the signal the parent gets at exit (SIGCHLD from fork)
 *   pgid, sid           process group and session
 *   wait_chldexit       where the task sleeps in wait4/waitid (signal->wait_chldexit)
 *   did_exec            set by execve (setpgid on a child that exec'd is EACCES)
 *   set_child_tid       CLONE_CHILD_SETTID: the child writes its tid there at first run
 *   clear_child_tid     CLONE_CHILD_CLEARTID: zeroed at exit
 *   it_real_value       absolute ktime (ns) of the ITIMER_REAL expiry (alarm), or -1
 *   it_real_incr        its interval (ns), 0 for one shot
 */
@unmanaged export class Task {
  pid: i32;
  state: i32;
  files: FilesStruct;
  waits: WaitQueueEntry | null;
  timeout: i64;
  timed_out: i32;
  restart_progress: i32;
  restart_count: i32;
  uid: u32;
  gid: u32;
  sighand: usize;
  siginfo: usize;
  pending: u64;
  blocked: u64;
  saved_sigmask: u64;
  restore_sigmask: i32;
  sigframe: u32;
  parent: Task | null;
  children: Task | null;
  sibling: Task | null;
  exit_state: i32;
  exit_code: i32;
  exit_signal: i32;
  pgid: i32;
  sid: i32;
  wait_chldexit: WaitQueueHead;
  did_exec: i32;
  set_child_tid: u32;
  clear_child_tid: u32;
  it_real_value: i64;
  it_real_incr: i64;
}

const pid_table = new StaticArray<usize>(PID_MAX);
let last_pid: i32 = FIRST_PID - 1;

/** The task whose syscall is running (set by the entry). */
export let current: Task = changetype<Task>(0);

export function set_current(t: Task): void {
  current = t;
}

/** Any task with this pid, zombies included (find_task_by_vpid). */
export function find_task_by_pid(pid: i32): Task | null {
  if (pid <= 0 || pid >= PID_MAX) return null;
  return changetype<Task | null>(unchecked(pid_table[pid]));
}

/** A live (not zombie) task, the ones that run syscalls. */
export function find_live_task(pid: i32): Task | null {
  const t = find_task_by_pid(pid);
  return t && !t.exit_state ? t : null;
}

/** alloc_pid(): the next free pid after the last one given, wrapping above RESERVED_PIDS; 0 if none. */
function alloc_pid(): i32 {
  for (let i = 0; i < PID_MAX; i++) {
    let pid = last_pid + 1;
    if (pid >= PID_MAX) pid = RESERVED_PIDS;
    last_pid = pid;
    if (!unchecked(pid_table[pid])) return pid;
  }
  return 0;
}

/**
 * A new task (the common part of copy_process): a fresh pid, an empty fd table, default
 * signal actions, no parent. null when every pid is taken (fork's -EAGAIN).
 */
export function task_alloc(): Task | null {
  const pid = alloc_pid();
  if (!pid) return null;
  const t = kzalloc_obj<Task>();
  t.pid = pid;
  t.state = TASK_RUNNING;
  t.files = files_alloc();
  t.timeout = -1;
  t.it_real_value = -1;
  t.sighand = kzalloc(<usize>NSIG * KSA_SIZE);
  t.siginfo = kzalloc(<usize>NSIG * KSI_SIZE);
  t.wait_chldexit = kzalloc_obj<WaitQueueHead>();
  t.exit_signal = 17; // SIGCHLD
  t.pgid = pid;
  t.sid = 1;
  unchecked(pid_table[pid] = changetype<usize>(t));
  return t;
}

/** Free the task_struct (release_task's last step): its pid can be given again. */
export function task_free(t: Task): void {
  unchecked(pid_table[t.pid] = 0);
  kfree(t.sighand, <usize>NSIG * KSA_SIZE);
  kfree(t.siginfo, <usize>NSIG * KSI_SIZE);
  kfree_obj(t.wait_chldexit);
  kfree_obj(t);
}

/** Every task, in pid order (for kill(-1), process groups and re-parenting). */
export function next_task(after: i32): Task | null {
  for (let pid = after + 1; pid < PID_MAX; pid++) {
    const p = unchecked(pid_table[pid]);
    if (p) return changetype<Task>(p);
  }
  return null;
}

// ---- struct k_sigaction access ----

// @ts-ignore: decorator
@inline export function ksa(t: Task, sig: i32): usize {
  return t.sighand + (<usize>(sig - 1) << 4);
}

export function sig_handler(t: Task, sig: i32): u32 {
  return load<u32>(ksa(t, sig));
}

export function sig_flags(t: Task, sig: i32): u32 {
  return load<u32>(ksa(t, sig), 4);
}

export function set_sig_handler(t: Task, sig: i32, handler: u32): void {
  store<u32>(ksa(t, sig), handler);
}

// @ts-ignore: decorator
@inline export function sigmask(sig: i32): u64 {
  return (<u64>1) << <u64>(sig - 1);
}

// ---- the process tree (kernel/fork.c, kernel/exit.c) ----

/** Link child under parent (list_add_tail(&p->sibling, &p->real_parent->children)). */
export function add_child(parent: Task | null, child: Task): void {
  child.parent = parent;
  child.sibling = null;
  if (!parent) return;
  if (!parent.children) {
    parent.children = child;
    return;
  }
  let c = parent.children!;
  while (c.sibling) c = c.sibling!;
  c.sibling = child;
}

/** Unlink child from its parent's children list. */
export function remove_child(child: Task): void {
  const parent = child.parent;
  if (!parent) return;
  if (parent.children == child) parent.children = child.sibling;
  else {
    for (let c = parent.children; c; c = c!.sibling) {
      if (c.sibling == child) {
        c.sibling = child.sibling;
        break;
      }
    }
  }
  child.sibling = null;
  child.parent = null;
}

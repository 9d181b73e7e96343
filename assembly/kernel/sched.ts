// Tasks (include/linux/sched.h): one per process. The host owns the process (its Wasm
// instance); the kernel owns its identity, its place in the process tree, its fd table,
// its signal state and its waits.
import { FilesStruct } from "../include/linux/fdtable";
import { WaitQueueEntry, WaitQueueHead } from "../include/linux/wait";
import { NSIG, SIGKILL, SIGSEGV, SIGPIPE, SIG_DFL, SIG_IGN } from "../uapi/signal";

/** Run states. A task that sleeps is TASK_INTERRUPTIBLE: a signal wakes it. */
export const TASK_RUNNING = 0;
export const TASK_INTERRUPTIBLE = 1;
export const TASK_DEAD = 64;

/** exit_state: a zombie waits for its parent's wait(); EXIT_DEAD is being released. */
export const EXIT_ZOMBIE = 16;
export const EXIT_DEAD = 32;

export const PID_MAX = 32768;

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
 *   fs_cwd, fs_umask    struct fs_struct: the working directory (a referenced Dentry) and
 *                       the umask (fs/namei.ts sets them up and releases them)
 *   fifo_pending        a FIFO open that waits for its partner: the pipe already counts this
 *                       task's end, so the restarted open does not count it twice;
 *                       fifo_seen is the partner count it saw, fifo_write its end
 *   tgid                the thread group's id (getpid): the leader's pid
 *   group_leader        the thread group's first task (itself for a process)
 *   thread_next         the next task of the group (the leader's list, in creation order)
 *   thread_exited       the leader called exit(2) while other threads live: it stays,
 *                       silent, until the last thread ends the group (Linux's
 *                       delay_group_leader)
 *   futex_uaddr         the futex word this task waits on (kernel/futex.ts), 0 for none;
 *   futex_key           its key (the group leader: one address space per thread group),
 *   futex_bitset        FUTEX_WAIT_BITSET's mask, futex_woken set by futex_wake,
 *   futex_next/prev     links in the futex queue (one queue, FIFO, as a plist of equal
 *                       priorities)
 *   real_blocked        rt_sigtimedwait(): the mask before the wait unblocked the awaited
 *                       set; sigwait is 1 while the task sleeps in it
 *   futex_word          what a futex waiter's key names with futex_key: its address, or
 *                       the byte offset in the mapped file of a shared mapping
 *   mm_shared           on the group leader: the shared mappings of its address space
 *                       (mm/mmap.ts); 0 for most processes, which then never sync
 *   mm_dirty            on the group leader: its user code ran since its shared mappings
 *                       were last copied out (they may hold stores the files lack)
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
  fs_cwd: usize;
  fs_umask: u32;
  fifo_pending: usize;
  fifo_seen: u32;
  fifo_write: i32;
  tgid: i32;
  group_leader: Task;
  thread_next: Task | null;
  thread_exited: i32;
  futex_uaddr: u32;
  futex_key: usize;
  futex_bitset: u32;
  futex_woken: i32;
  futex_next: Task | null;
  futex_prev: Task | null;
  real_blocked: u64;
  sigwait: i32;
  futex_word: u32;
  mm_shared: i32;
  mm_dirty: i32;
  /** signal->rlim: RLIM_NLIMITS pairs of u64 { rlim_cur, rlim_max }, shared by the thread group */
  rlim: usize;
  /** comm: TASK_COMM_LEN (16) bytes, NUL-terminated (prctl PR_SET_NAME, exec) */
  comm: usize;
  /** mm->flags' dumpable bit (prctl PR_SET_DUMPABLE) */
  dumpable: i32;
}

/** thread_group_leader() */
export function thread_group_leader(t: Task): bool {
  return t.group_leader == t;
}

/** get_nr_threads() counting only the threads that still run (not an exited leader). */
export function nr_live_threads(t: Task): i32 {
  let n = 0;
  for (let c: Task | null = t.group_leader; c; c = c!.thread_next) if (!c.exit_state && !c.thread_exited && c.state != TASK_DEAD) n++;
  return n;
}

/** pid -> Task (0 when free): kernel/fork.ts fills it, find_task_by_pid reads it. */
export const pid_table = new StaticArray<usize>(PID_MAX);

/** The task whose syscall is running (set by the entry). */
export let current: Task = changetype<Task>(0);

/**
 * sched_yield(2) (do_sched_yield): the caller goes to the back of the run queue. The run
 * queue is the host's: it unwinds the caller before issuing this call (host/machine.ts
 * int80) and issues it when the caller's turn comes again, so here it only returns 0.
 */
export function sys_sched_yield(): i32 {
  return 0;
}

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

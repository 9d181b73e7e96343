// Tasks (include/linux/sched.h): one per process. The host owns the process (its Wasm
// instance); the kernel owns its fd table, its signal state and its waits.
import { FilesStruct } from "../include/linux/fdtable";
import { WaitQueueEntry } from "../include/linux/wait";

export const TASK_RUNNING = 0;
export const TASK_INTERRUPTIBLE = 1;
export const TASK_DEAD = 64;

export const PID_MAX = 32768;
export const NSIG = 64;

// Signals (include/uapi/asm-generic/signal.h)
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIG_DFL: u32 = 0;
export const SIG_IGN: u32 = 1;

/**
 * struct task_struct, the part a network stack needs:
 *
 *   pid, state, files   identity, run state, fd table
 *   waits               the wait queue entries this task sleeps on (removed when it runs)
 *   timeout             absolute ktime (ns) at which a blocking call gives up, or -1
 *   timed_out           set by the host's timer: the restarted call sees its deadline passed
 *   restart_progress    bytes a suspended call already moved (it continues after them)
 *   restart_count       messages a suspended sendmmsg/recvmmsg already handled
 *   sighand             64 handler words (SIG_DFL, SIG_IGN or a user function index)
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
}

/** pid -> Task (0 when free): kernel/fork.ts fills it, find_task_by_pid reads it. */
export const pid_table = new StaticArray<usize>(PID_MAX);

/** The task whose syscall is running (set by the entry). */
export let current: Task = changetype<Task>(0);

export function set_current(t: Task): void {
  current = t;
}

export function find_task_by_pid(pid: i32): Task | null {
  if (pid <= 0 || pid >= PID_MAX) return null;
  return changetype<Task | null>(unchecked(pid_table[pid]));
}

export function sig_handler(t: Task, sig: i32): u32 {
  return load<u32>(t.sighand + ((<usize>sig - 1) << 2));
}

export function set_sig_handler(t: Task, sig: i32, handler: u32): void {
  store<u32>(t.sighand + ((<usize>sig - 1) << 2), handler);
}

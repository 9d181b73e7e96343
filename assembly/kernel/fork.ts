// fork(2), vfork(2), clone(2) (kernel/fork.c). The kernel copies what it owns -- the task,
// its fd table (sharing each struct file, as dup_fd), its signal actions and mask, its
// process group and session -- and asks the host to copy what the host owns: the Wasm
// instance with its memory, mutable globals and asyncify data. The parent's call returns
// the child's pid; the child's returns 0 (the host rewinds both into the same trap).
import { Task, current, add_child, pid_table, PID_MAX, TASK_RUNNING, KSA_SIZE, KSI_SIZE, NSIG } from "./sched";
import { kzalloc, kfree, kzalloc_obj, kfree_obj } from "./slab";
import { files_alloc, files_free, dup_fd } from "./fdtable";
import { WaitQueueHead } from "../include/linux/wait";
import { put_user } from "./uaccess";
import { RLIM_NLIMITS, RLIMIT_SIZE, TASK_COMM_LEN, init_rlimits } from "./resource";
import { host_process_fork, host_process_clone_thread } from "../arch/host";
import { dup_mmap } from "../mm/mmap";
import { EAGAIN, EINVAL } from "../uapi/errno";
import * as S from "../uapi/signal";

/**
 * copy_fs()/exit_fs(): the child's working directory and umask, and their release when
 * the fork fails. fs/ sits above this layer, so it registers them at boot
 * (assembly/index.ts) instead of being imported here.
 */
export type CopyFs = (parent: Task, child: Task) => void;
export type ExitFs = (t: Task) => void;
function copy_fs_none(parent: Task, child: Task): void {}
function exit_fs_none(t: Task): void {}
let copy_fs: CopyFs = copy_fs_none;
let exit_fs: ExitFs = exit_fs_none;
export function register_fs_struct_ops(copy: CopyFs, exit: ExitFs): void {
  copy_fs = copy;
  exit_fs = exit;
}

/** Linux's RESERVED_PIDS: after wrapping, pids start again above this. */
const RESERVED_PIDS = 300;
/** The first pid int80 gives (Unlike Linux, which starts at 1: pid 1 is the run itself). */
const FIRST_PID = 100;
let last_pid: i32 = FIRST_PID - 1;

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
  t.tgid = pid;
  t.group_leader = t;
  t.rlim = kzalloc(<usize>RLIM_NLIMITS * RLIMIT_SIZE);
  init_rlimits(t.rlim);
  t.comm = kzalloc(TASK_COMM_LEN);
  t.dumpable = 1;
  unchecked(pid_table[pid] = changetype<usize>(t));
  return t;
}

/** Free the task_struct (release_task's last step): its pid can be given again. */
export function task_free(t: Task): void {
  unchecked(pid_table[t.pid] = 0);
  // a thread's signal actions are its leader's (CLONE_SIGHAND)
  if (t.group_leader == t) kfree(t.sighand, <usize>NSIG * KSA_SIZE);
  // and its resource limits (signal->rlim)
  if (t.group_leader == t) kfree(t.rlim, <usize>RLIM_NLIMITS * RLIMIT_SIZE);
  kfree(t.comm, TASK_COMM_LEN);
  kfree(t.siginfo, <usize>NSIG * KSI_SIZE);
  kfree_obj(t.wait_chldexit);
  kfree_obj(t);
}


/**
 * Unlike Linux, an address space is shared only by the threads of one group: CLONE_VM goes
 * with CLONE_THREAD (and so CLONE_SIGHAND), and the namespace flags are -EINVAL.
 */
const CLONE_SUPPORTED: u32 = S.CSIGNAL | S.CLONE_VFORK | S.CLONE_PARENT | S.CLONE_PARENT_SETTID |
  S.CLONE_CHILD_SETTID | S.CLONE_CHILD_CLEARTID;
const CLONE_THREAD_FLAGS: u32 = S.CLONE_VM | S.CLONE_FS | S.CLONE_FILES | S.CLONE_SIGHAND | S.CLONE_THREAD |
  S.CLONE_SYSVSEM | S.CLONE_SETTLS | S.CLONE_PARENT_SETTID | S.CLONE_CHILD_CLEARTID | S.CLONE_CHILD_SETTID | S.CLONE_DETACHED;

/**
 * copy_process() with CLONE_THREAD: a new thread in the caller's group. It shares the fd
 * table, the signal actions and the address space (the host runs it in the same Wasm
 * instance); it has its own tid, signal mask and pending set. Threads are not children:
 * nobody waits for them (exit_signal -1, released at exit).
 *
 * Unlike Linux, a thread does not return from clone: the host starts it at the function the
 * libc left at newsp (struct int80_thread_start, libc/src/pthread.c), on the stack below
 * newsp. `tls` is the thread's TLS block (wasm's __tls_base), not a struct user_desc.
 * CLONE_FS shares nothing: the new thread has its own copy of the cwd and umask.
 */
function clone_thread(flags: u32, newsp: u32, parent_tidptr: u32, tls: u32, child_tidptr: u32): i32 {
  // copy_process's checks: a thread group shares signal handlers, handlers need the VM
  if ((flags & S.CLONE_THREAD) && !(flags & S.CLONE_SIGHAND)) return -EINVAL;
  if ((flags & S.CLONE_SIGHAND) && !(flags & S.CLONE_VM)) return -EINVAL;
  if (!(flags & S.CLONE_THREAD) || (flags & ~(CLONE_THREAD_FLAGS | S.CSIGNAL))) return -EINVAL;
  if (!newsp) return -EINVAL;
  const parent = current;
  const leader = parent.group_leader;
  const p = task_alloc();
  if (!p) return -EAGAIN;
  files_free(p.files);
  p.files = leader.files; // CLONE_FILES: the leader's table, freed when the group ends
  kfree(p.sighand, <usize>NSIG * KSA_SIZE);
  p.sighand = leader.sighand;
  kfree(p.rlim, <usize>RLIM_NLIMITS * RLIMIT_SIZE);
  p.rlim = leader.rlim;
  memory.copy(p.comm, parent.comm, TASK_COMM_LEN);
  p.dumpable = parent.dumpable;
  p.uid = parent.uid;
  p.gid = parent.gid;
  copy_fs(parent, p);
  p.blocked = parent.blocked;
  p.sigframe = parent.sigframe;
  p.pgid = parent.pgid;
  p.sid = parent.sid;
  p.parent = leader.parent;
  p.exit_signal = -1;
  p.tgid = leader.tgid;
  p.group_leader = leader;
  let last = leader;
  while (last.thread_next) last = last.thread_next!;
  last.thread_next = p;
  if (flags & S.CLONE_CHILD_SETTID) p.set_child_tid = child_tidptr;
  if (flags & S.CLONE_CHILD_CLEARTID) p.clear_child_tid = child_tidptr;
  const err = host_process_clone_thread(parent.pid, p.pid, newsp, (flags & S.CLONE_SETTLS) ? tls : 0);
  if (err < 0) {
    last.thread_next = null;
    exit_fs(p);
    task_free(p);
    return err;
  }
  if (flags & S.CLONE_PARENT_SETTID) put_user(<u32>p.pid, parent_tidptr);
  if (flags & S.CLONE_CHILD_SETTID) put_user(<u32>p.pid, child_tidptr); // same memory: now
  return p.pid;
}

/**
 * copy_process() + kernel_clone(): a child of the current task; its pid, or -errno.
 * Unlike Linux, CLONE_VFORK does not suspend the parent until the child execs or exits:
 * vfork is fork (memory is copied, so the child cannot harm the parent's).
 */
export function kernel_clone(flags: u32, newsp: u32, parent_tidptr: u32, child_tidptr: u32, tls: u32 = 0): i32 {
  if (flags & (S.CLONE_VM | S.CLONE_THREAD | S.CLONE_SIGHAND)) return clone_thread(flags, newsp, parent_tidptr, tls, child_tidptr);
  if (flags & ~CLONE_SUPPORTED) return -EINVAL;
  if (newsp) return -EINVAL; // a new stack needs a shared address space (CLONE_VM)
  const exit_signal = <i32>(flags & S.CSIGNAL);
  if (exit_signal > S.NSIG) return -EINVAL;
  const parent = current;
  const p = task_alloc();
  if (!p) return -EAGAIN;
  // the fd table: same files, one more reference each
  files_free(p.files);
  p.files = dup_fd(parent.files);
  p.uid = parent.uid;
  p.gid = parent.gid;
  copy_fs(parent, p);
  // signal actions and mask are inherited; pending signals and timers are not
  memory.copy(p.sighand, parent.sighand, <usize>NSIG * KSA_SIZE);
  // resource limits, name and dumpable flag are inherited (copy_signal, dup_task_struct)
  memory.copy(p.rlim, parent.rlim, <usize>RLIM_NLIMITS * RLIMIT_SIZE);
  memory.copy(p.comm, parent.comm, TASK_COMM_LEN);
  p.dumpable = parent.dumpable;
  p.blocked = parent.blocked;
  p.sigframe = parent.sigframe;
  p.pgid = parent.pgid;
  p.sid = parent.sid;
  p.exit_signal = exit_signal;
  if (flags & S.CLONE_CHILD_SETTID) p.set_child_tid = child_tidptr;
  if (flags & S.CLONE_CHILD_CLEARTID) p.clear_child_tid = child_tidptr;
  const err = host_process_fork(parent.pid, p.pid);
  if (err < 0) {
    files_free(p.files);
    exit_fs(p);
    task_free(p);
    return err;
  }
  dup_mmap(parent, p);
  add_child((flags & S.CLONE_PARENT) ? parent.parent : parent, p);
  if (flags & S.CLONE_PARENT_SETTID) put_user(<u32>p.pid, parent_tidptr);
  return p.pid;
}

/** schedule_tail(): the child's first moment in user mode (CLONE_CHILD_SETTID). */
export function schedule_tail(p: Task): void {
  if (p.set_child_tid) put_user(<u32>p.pid, p.set_child_tid);
}

export function sys_fork(): i32 {
  return kernel_clone(S.SIGCHLD, 0, 0, 0);
}

export function sys_vfork(): i32 {
  return kernel_clone(S.CLONE_VFORK | S.SIGCHLD, 0, 0, 0);
}

/** clone(2), i386 argument order (CONFIG_CLONE_BACKWARDS): flags, newsp, parent_tid, tls, child_tid. */
export function sys_clone(flags: u32, newsp: u32, parent_tidptr: u32, tls: u32, child_tidptr: u32): i32 {
  return kernel_clone(flags, newsp, parent_tidptr, child_tidptr, tls);
}

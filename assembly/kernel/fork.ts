// fork(2), vfork(2), clone(2) (kernel/fork.c). The kernel copies what it owns -- the task,
// its fd table (sharing each struct file, as dup_fd), its signal actions and mask, its
// process group and session -- and asks the host to copy what the host owns: the Wasm
// instance with its memory, mutable globals and asyncify data. The parent's call returns
// the child's pid; the child's returns 0 (the host rewinds both into the same trap).
import { Task, current, task_alloc, task_free, add_child, KSA_SIZE, NSIG } from "./sched";
import { files_free, dup_fd } from "./fdtable";
import { put_user } from "./uaccess";
import { EAGAIN, EINVAL } from "../uapi/errno";
import * as S from "../uapi/signal";

/**
 * Host: make process child_pid a copy of the current process (parent_pid). 0, or -ENOMEM /
 * -EAGAIN when the host cannot make another instance (the parent keeps running).
 */
@external("env", "process_fork")
declare function host_process_fork(parent_pid: i32, child_pid: i32): i32;

/**
 * Unlike Linux, there are no threads and no shared address spaces: CLONE_VM, CLONE_THREAD,
 * CLONE_SIGHAND, CLONE_FILES, CLONE_FS, CLONE_SETTLS and the namespace flags are -EINVAL.
 */
const CLONE_SUPPORTED: u32 = S.CSIGNAL | S.CLONE_VFORK | S.CLONE_PARENT | S.CLONE_PARENT_SETTID |
  S.CLONE_CHILD_SETTID | S.CLONE_CHILD_CLEARTID;

/**
 * copy_process() + kernel_clone(): a child of the current task; its pid, or -errno.
 * Unlike Linux, CLONE_VFORK does not suspend the parent until the child execs or exits:
 * vfork is fork (memory is copied, so the child cannot harm the parent's).
 */
export function kernel_clone(flags: u32, newsp: u32, parent_tidptr: u32, child_tidptr: u32): i32 {
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
  // signal actions and mask are inherited; pending signals and timers are not
  memory.copy(p.sighand, parent.sighand, <usize>NSIG * KSA_SIZE);
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
    task_free(p);
    return err;
  }
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
  return kernel_clone(flags, newsp, parent_tidptr, child_tidptr);
}

// Signals, as far as sockets need them (kernel/signal.c): SIGPIPE from a write to a
// closed peer, and the dispositions set with rt_sigaction.
import { Task, current, sig_handler, set_sig_handler, find_task_by_pid, NSIG, SIG_IGN, SIG_DFL, SIGKILL, SIGPIPE } from "./sched";
import { copy_from_user, copy_to_user } from "./uaccess";
import { EFAULT, EINVAL, ESRCH } from "../uapi/errno";
import { host_signal_deliver } from "../arch/host";

/** Signals whose default action is to do nothing (SIGCHLD, SIGCONT, SIGURG, SIGWINCH). */
function sig_default_ignored(sig: i32): bool {
  return sig == 17 || sig == 18 || sig == 23 || sig == 28;
}

/**
 * send_sig(): an ignored signal is dropped, as Linux does for SIG_IGN and for signals
 * whose default action is to ignore. Unlike Linux, the stop signals (SIGSTOP, SIGTSTP,
 * SIGTTIN, SIGTTOU) are dropped too: int80 has no job control.
 */
export function send_sig(sig: i32, t: Task): void {
  const h = sig_handler(t, sig);
  if (h == SIG_IGN) return;
  if (h == SIG_DFL && (sig_default_ignored(sig) || (sig >= 19 && sig <= 22))) return;
  host_signal_deliver(t.pid, sig, h);
}

/** kill(2): pid > 0 names a process; 0 and -1 reach the caller (one process group here). */
export function sys_kill(pid: i32, sig: i32): i32 {
  if (sig < 0 || sig > NSIG) return -EINVAL;
  const t = pid > 0 ? find_task_by_pid(pid) : current;
  if (!t) return -ESRCH;
  if (sig) send_sig(sig, t);
  return 0;
}

export function sys_tkill(tid: i32, sig: i32): i32 {
  if (tid <= 0) return -EINVAL;
  return sys_kill(tid, sig);
}

export function sys_tgkill(tgid: i32, tid: i32, sig: i32): i32 {
  if (tgid <= 0 || tid <= 0) return -EINVAL;
  if (tgid != tid) return -ESRCH; // every process has one thread
  return sys_kill(tid, sig);
}

// i386 struct sigaction as the kernel sees it (k_sigaction): handler, flags, restorer, mask[2]
const KSIGACTION_SIZE: u32 = 20;
const sabuf = memory.data(20);

/** rt_sigaction(2): records SIG_DFL / SIG_IGN / handler per signal; 0 or -errno. */
export function sys_rt_sigaction(sig: i32, act: u32, oact: u32, sigsetsize: u32): i32 {
  if (sigsetsize != 8) return -EINVAL;
  if (sig < 1 || sig > NSIG || sig == SIGKILL || sig == 19 /* SIGSTOP */) return -EINVAL;
  const t = current;
  if (oact) {
    memory.fill(sabuf, 0, KSIGACTION_SIZE);
    store<u32>(sabuf, sig_handler(t, sig));
    if (copy_to_user(oact, sabuf, KSIGACTION_SIZE)) return -EFAULT;
  }
  if (act) {
    if (copy_from_user(sabuf, act, KSIGACTION_SIZE)) return -EFAULT;
    set_sig_handler(t, sig, load<u32>(sabuf));
  }
  return 0;
}

/** rt_sigprocmask(2): accepted; int80 blocks no signals (SIGPIPE is synchronous here). */
export function sys_rt_sigprocmask(how: i32, set: u32, oset: u32, sigsetsize: u32): i32 {
  if (sigsetsize != 8) return -EINVAL;
  if (oset) {
    memory.fill(sabuf, 0, 8);
    if (copy_to_user(oset, sabuf, 8)) return -EFAULT;
  }
  if (set && how != 0 && how != 1 && how != 2) return -EINVAL;
  return 0;
}

export { SIGPIPE };

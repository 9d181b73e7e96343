// Signals, as far as sockets need them (kernel/signal.c): SIGPIPE from a write to a
// closed peer, and the dispositions set with rt_sigaction.
import { Task, current, sig_handler, set_sig_handler, NSIG, SIG_IGN, SIGKILL, SIGPIPE } from "./sched";
import { copy_from_user, copy_to_user } from "./uaccess";
import { EFAULT, EINVAL } from "../uapi/errno";

/**
 * The host delivers the signal when the syscall returns: SIG_DFL terminates the process
 * (status 128+sig), a handler is called through the process's function table.
 */
@external("env", "signal_deliver")
declare function host_signal_deliver(pid: i32, sig: i32, handler: u32): void;

/** send_sig(): an ignored signal is dropped, as Linux does for SIG_IGN. */
export function send_sig(sig: i32, t: Task): void {
  const h = sig_handler(t, sig);
  if (h == SIG_IGN) return;
  host_signal_deliver(t.pid, sig, h);
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

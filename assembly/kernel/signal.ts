// Signals (kernel/signal.c, arch/x86/kernel/signal.c): dispositions, masks, pending sets,
// kill(2) to a pid, a process group or everyone, and delivery at the return to user mode.
//
// Delivery. Unlike Linux, the kernel cannot push a frame on a user stack and point the
// instruction pointer at the handler: a Wasm process's control stack is not in its memory.
// So the libc's trap wrapper plays the part of the signal trampoline: at every syscall's
// return the kernel (do_signal) writes a frame into a mailbox the libc exports (the task's
// `sigframe`) -- the signal, the handler, its flags, the mask to restore and whether the
// interrupted call is to be restarted -- and the wrapper calls the handler, then
// rt_sigreturn with the frame, then re-issues the call or returns -EINTR. A default action
// that terminates is done by the host (signal_deliver with handler 0) right away.
//
// Interruption. A call that must wait checks signal_pending() first and returns Linux's
// restart code instead of sleeping: -ERESTARTSYS (restarted after a handler with
// SA_RESTART, else EINTR), -ERESTARTNOHAND (poll, select, pause, sigsuspend: EINTR),
// -ERESTART_RESTARTBLOCK (nanosleep: EINTR), -ERESTARTNOINTR (always restarted). A sleeping
// task is woken by a signal it does not block (signal_wake_up), re-issues its call and meets
// that check.
import {
  Task, current, find_task_by_pid, next_task, sig_handler, set_sig_handler, sig_flags, ksa, sigmask, KSI_SIZE,
} from "./sched";
import { wake_up_task, init_waitqueue_head, prepare_to_wait } from "./wait";
import { copy_from_user, copy_to_user, get_user } from "./uaccess";
import { ktime_get_ns } from "./time";
import { EAGAIN, EFAULT, EINVAL, ESRCH, EINTR, ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK } from "../uapi/errno";
import * as S from "../uapi/signal";

export { SIGPIPE } from "../uapi/signal";

import { host_signal_deliver, host_itimer_arm } from "../arch/host";

const UNBLOCKABLE: u64 = sigmask(S.SIGKILL) | sigmask(S.SIGSTOP);

/** Signals whose default action is to do nothing (SIGCHLD, SIGCONT, SIGURG, SIGWINCH). */
export function sig_kernel_ignore(sig: i32): bool {
  return sig == S.SIGCHLD || sig == S.SIGCONT || sig == S.SIGURG || sig == S.SIGWINCH;
}

/** Stop signals. Unlike Linux, int80 has no job control: they are dropped. */
function sig_kernel_stop(sig: i32): bool {
  return sig == S.SIGSTOP || sig == S.SIGTSTP || sig == S.SIGTTIN || sig == S.SIGTTOU;
}

/** sig_ignored(): the signal would do nothing (blocked signals are never ignored: the handler may change). */
function sig_ignored(t: Task, sig: i32): bool {
  if (t.blocked & sigmask(sig)) return false;
  const h = sig_handler(t, sig);
  if (h == S.SIG_IGN) return sig != S.SIGKILL && sig != S.SIGSTOP;
  return h == S.SIG_DFL && (sig_kernel_ignore(sig) || sig_kernel_stop(sig));
}

/** signal_pending(): a signal is pending that the task does not block. */
// @ts-ignore: decorator
@inline export function signal_pending(t: Task): bool {
  return (t.pending & ~t.blocked) != 0;
}

/**
 * send_signal() + complete_signal(): queue sig on t with its siginfo. A signal already
 * pending is not queued twice (legacy_queue). Then, unless t blocks it: a fatal default
 * action ends the process now; otherwise a sleeping task wakes to take it.
 */
export function send_signal(sig: i32, t: Task, code: i32, pid: i32, uid: u32, status: i32): void {
  if (t.exit_state) return; // a zombie takes no signals
  if (sig_ignored(t, sig)) return;
  const bit = sigmask(sig);
  if (t.pending & bit) return;
  t.pending |= bit;
  const si = t.siginfo + (<usize>(sig - 1) * KSI_SIZE);
  store<i32>(si, code);
  store<i32>(si, pid, 4);
  store<u32>(si, uid, 8);
  store<i32>(si, status, 12);
  if (t.blocked & bit) return;
  if (t.sigwait && (t.real_blocked & bit)) {
    // complete_signal(): a signal sigtimedwait() waits for is not fatal (it was blocked)
    wake_up_task(t);
    return;
  }
  if (sig == S.SIGKILL || sig_handler(t, sig) == S.SIG_DFL) {
    t.pending &= ~bit;
    host_signal_deliver(t.pid, sig, 0);
    return;
  }
  wake_up_task(t); // signal_wake_up(): an interruptible sleep ends
}

/**
 * send_sig(sig, t, 0): a signal the kernel sends on the task's behalf (SIGPIPE from a
 * write to a closed peer): SEND_SIG_NOINFO, so si_code SI_USER from the current task.
 */
export function send_sig(sig: i32, t: Task): void {
  send_signal(sig, t, S.SI_USER, current.pid, current.uid, 0);
}

/** The restart code a call that is interrupted while it would sleep on a socket returns (sock_intr_errno). */
export function sock_intr_errno(timeo: i64, max: i64): i32 {
  return timeo == max ? -ERESTARTSYS : -EINTR;
}

// ---- delivery ----

/**
 * The frame the kernel writes into the libc's mailbox (struct __int80_sigframe in
 * libc/src/int80.c):
 *   0   sig        the signal (0: no frame)
 *   4   handler    the function (a table index)
 *   8   flags      sa_flags (SA_SIGINFO: called with siginfo_t *)
 *   12  restart    1: re-issue the interrupted call after the handler
 *   16  oldmask    u64, the mask rt_sigreturn restores
 *   24  siginfo    128 bytes (siginfo_t)
 *   152 ret        what rt_sigreturn returns: the call's result, or its number when it
 *                  restarts (as the restored eax on Linux)
 */
export const SIGFRAME_SIZE: u32 = 24 + S.SIGINFO_SIZE + 4;
const frame = memory.data(<i32>SIGFRAME_SIZE);

/** copy_siginfo_to_user(): the siginfo_t of a pending sig (the 128 bytes at info are zeroed by the caller). */
function fill_siginfo(info: usize, t: Task, sig: i32): void {
  const si = t.siginfo + (<usize>(sig - 1) * KSI_SIZE);
  store<i32>(info + S.SI_SIGNO, sig);
  store<i32>(info + S.SI_CODE, load<i32>(si));
  store<i32>(info + S.SI_PID, load<i32>(si, 4));
  store<u32>(info + S.SI_UID, load<u32>(si, 8));
  store<i32>(info + S.SI_STATUS, load<i32>(si, 12));
}

function dequeue_signal(t: Task): i32 {
  const ready = t.pending & ~t.blocked;
  if (!ready) return 0;
  const sig = <i32>ctz(ready) + 1;
  t.pending &= ~sigmask(sig);
  return sig;
}

/**
 * do_signal() + handle_signal(), run when a syscall returns to a process whose libc can
 * take a frame: take the lowest pending signal, decide the interrupted call's fate from
 * its return value (Linux's rules below), write the frame, block the handler's mask.
 * Returns the value the call returns.
 */
export function do_signal(t: Task, ret: i32, nr: i32): i32 {
  const sig = dequeue_signal(t);
  if (!sig) return ret;
  const a = ksa(t, sig);
  const handler = load<u32>(a);
  const flags = load<u32>(a, 4);
  if (handler == S.SIG_IGN || (handler == S.SIG_DFL && (sig_kernel_ignore(sig) || sig_kernel_stop(sig)))) {
    return ret; // nothing to run (see syscall_exit for a restart code)
  }
  if (handler == S.SIG_DFL) {
    host_signal_deliver(t.pid, sig, 0);
    return ret;
  }
  let restart = 0;
  if (ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK) ret = -EINTR;
  else if (ret == -ERESTARTSYS) {
    if (flags & S.SA_RESTART) restart = 1;
    else ret = -EINTR;
  } else if (ret == -ERESTARTNOINTR) restart = 1;
  const oldmask = t.restore_sigmask ? t.saved_sigmask : t.blocked;
  t.restore_sigmask = 0;
  memory.fill(frame, 0, SIGFRAME_SIZE);
  store<i32>(frame, sig);
  store<u32>(frame, handler, 4);
  store<u32>(frame, flags, 8);
  store<i32>(frame, restart, 12);
  store<u64>(frame, oldmask, 16);
  fill_siginfo(frame + 24, t, sig);
  store<i32>(frame + 24 + S.SIGINFO_SIZE, restart ? nr : ret);
  if (copy_to_user(t.sigframe, frame, SIGFRAME_SIZE)) {
    // the frame cannot be written: force_sigsegv(), as setup_rt_frame's failure
    host_signal_deliver(t.pid, S.SIGSEGV, 0);
    return ret;
  }
  t.blocked |= load<u64>(a, 8) & ~UNBLOCKABLE;
  if (!(flags & S.SA_NODEFER)) t.blocked |= sigmask(sig);
  if (flags & S.SA_RESETHAND) {
    store<u32>(a, S.SIG_DFL);
    store<u32>(a, flags & ~S.SA_SIGINFO, 4);
  }
  return ret;
}

/**
 * A preemption point in the program's own code (no syscall running): the return to user
 * mode after a timer interrupt, where Linux delivers a pending signal too. Writes the
 * frame as do_signal does for a call that returned 0 and nothing to restart; 1 when the
 * libc must run a handler (its __int80_signal_point), else 0 (a fatal default action was
 * reported to the host with signal_deliver).
 */
export function do_signal_preempt(t: Task): i32 {
  if (!t.sigframe || !signal_pending(t)) return 0;
  do_signal(t, 0, -1);
  let sig: i32 = 0;
  if (get_user(pbuf, t.sigframe)) return 0;
  sig = load<i32>(pbuf);
  return sig ? 1 : 0;
}
const pbuf = memory.data(4);

/** The restart code the last call returned before a signal decided its fate, or 0 (for strace). */
export let restart_code: i32 = 0;

/** Whether ret is one of the kernel-internal restart codes. */
export function is_restart_code(ret: i32): bool {
  return ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK && ret != -515;
}

/**
 * The end of every syscall (exit_to_user_mode): deliver one pending signal if the libc can
 * take a frame (`deliver` is false for the host's own WASI adapters, which cannot run a
 * handler: the signal stays pending until the next trap). Unlike Linux, a restart code
 * left without a handler that ran (the signal was fatal, or handled by the older protocol)
 * is returned as -EINTR instead of restarting the call.
 */
export function syscall_exit(t: Task, ret: i32, deliver: bool, nr: i32): i32 {
  restart_code = is_restart_code(ret) ? ret : 0;
  if (signal_pending(t)) {
    if (deliver && t.sigframe) ret = do_signal(t, ret, nr);
    else if (!t.sigframe) ret = do_signal_host(t, ret);
  }
  if (is_restart_code(ret)) ret = -EINTR;
  return ret;
}

/** The older protocol (a libc without the frame mailbox): the host calls the handler. */
function do_signal_host(t: Task, ret: i32): i32 {
  const sig = dequeue_signal(t);
  if (!sig) return ret;
  const h = sig_handler(t, sig);
  if (h == S.SIG_IGN || (h == S.SIG_DFL && (sig_kernel_ignore(sig) || sig_kernel_stop(sig)))) return ret;
  host_signal_deliver(t.pid, sig, h);
  return ret;
}

// ---- kill(2) and friends ----

function check_kill(sig: i32): bool {
  return sig >= 0 && sig <= S.NSIG;
}

/**
 * complete_signal()'s choice for a process-directed signal: the main thread if it does not
 * block sig, else the first other thread that does not, else the main thread (the signal
 * stays pending there). Unlike Linux, there is no shared pending set: the signal is queued
 * on the chosen thread, so a thread that unblocks it later does not see it.
 */
export function pick_thread(t: Task, sig: i32): Task {
  const leader = t.group_leader;
  const m = sigmask(sig);
  if (!(leader.blocked & m) && !leader.thread_exited) return leader;
  for (let c = leader.thread_next; c; c = c!.thread_next) {
    if (!(c.blocked & m) && !c.exit_state) return c;
  }
  if (leader.thread_exited && leader.thread_next) return leader.thread_next!;
  return leader;
}

/** kill_pid_info() of one process (any of its threads' ids names it); sig 0 only checks that it exists. */
function kill_task(t: Task, sig: i32, code: i32): void {
  if (sig) send_signal(sig, pick_thread(t, sig), code, current.tgid, current.uid, 0);
}

/** __kill_pgrp_info(): every task of process group pgid; -ESRCH if there is none. */
export function kill_pgrp(pgid: i32, sig: i32, code: i32): i32 {
  let found = false;
  for (let t = next_task(0); t; t = next_task(t!.pid)) {
    if (t.pgid != pgid || t.exit_state || t.group_leader != t) continue;
    found = true;
    kill_task(t, sig, code);
  }
  return found ? 0 : -ESRCH;
}

/**
 * kill(2) (kill_something_info): pid > 0 one process, 0 the caller's process group,
 * -1 every process but the caller (and init), < -1 the group -pid.
 */
export function sys_kill(pid: i32, sig: i32): i32 {
  if (!check_kill(sig)) return -EINVAL;
  if (pid > 0) {
    const t = find_task_by_pid(pid);
    if (!t) return -ESRCH;
    kill_task(t, sig, S.SI_USER);
    return 0;
  }
  if (pid == 0) return kill_pgrp(current.pgid, sig, S.SI_USER);
  if (pid == -1) {
    let count = 0;
    const self = current;
    for (let t = next_task(1); t; t = next_task(t!.pid)) {
      if (t.group_leader == self.group_leader || t.exit_state || t.group_leader != t) continue;
      count++;
      kill_task(t, sig, S.SI_USER);
    }
    return count ? 0 : -ESRCH;
  }
  if (pid == -2147483648) return -ESRCH; // -INT_MIN has no positive value (kill_something_info)
  return kill_pgrp(-pid, sig, S.SI_USER);
}

/** do_tkill(): a thread-directed signal, to exactly that thread (tgid 0: any group). */
function do_tkill(tgid: i32, tid: i32, sig: i32): i32 {
  if (!check_kill(sig)) return -EINVAL;
  const t = find_task_by_pid(tid);
  if (!t || (tgid > 0 && t.tgid != tgid)) return -ESRCH;
  if (sig) send_signal(sig, t, S.SI_TKILL, current.tgid, current.uid, 0);
  return 0;
}

export function sys_tkill(tid: i32, sig: i32): i32 {
  if (tid <= 0) return -EINVAL;
  return do_tkill(0, tid, sig);
}

export function sys_tgkill(tgid: i32, tid: i32, sig: i32): i32 {
  if (tgid <= 0 || tid <= 0) return -EINVAL;
  return do_tkill(tgid, tid, sig);
}

// ---- sigaction, sigprocmask, sigpending, sigsuspend, pause, rt_sigreturn ----

// i386 struct sigaction as the kernel sees it (k_sigaction): handler, flags, restorer, mask[2]
const KSIGACTION_SIZE: u32 = 20;
const sabuf = memory.data(20);

/** rt_sigaction(2): records handler, flags and mask per signal; 0 or -errno. */
export function sys_rt_sigaction(sig: i32, act: u32, oact: u32, sigsetsize: u32): i32 {
  if (sigsetsize != 8) return -EINVAL;
  if (sig < 1 || sig > S.NSIG) return -EINVAL;
  // do_sigaction: SIGKILL and SIGSTOP cannot be caught or ignored (reading them is fine)
  if (act && (sig == S.SIGKILL || sig == S.SIGSTOP)) return -EINVAL;
  const t = current;
  const a = ksa(t, sig);
  let handler: u32 = 0, flags: u32 = 0, mask: u64 = 0;
  if (act) {
    if (copy_from_user(sabuf, act, KSIGACTION_SIZE)) return -EFAULT;
    handler = load<u32>(sabuf);
    flags = load<u32>(sabuf, 4);
    mask = load<u64>(sabuf, 12);
  }
  if (oact) {
    const oh = load<u32>(a), ofl = load<u32>(a, 4), om = load<u64>(a, 8);
    memory.fill(sabuf, 0, KSIGACTION_SIZE);
    store<u32>(sabuf, oh);
    store<u32>(sabuf, ofl, 4);
    store<u64>(sabuf, om, 12);
    if (copy_to_user(oact, sabuf, KSIGACTION_SIZE)) return -EFAULT;
  }
  if (act) {
    store<u32>(a, handler);
    store<u32>(a, flags, 4);
    store<u64>(a, mask & ~UNBLOCKABLE, 8);
    // POSIX 3.3.1.3: setting a pending signal's action to ignore discards it
    if (sig_ignored(t, sig)) t.pending &= ~sigmask(sig);
  }
  return 0;
}

const setbuf = memory.data(8);

/** rt_sigprocmask(2): SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK; SIGKILL and SIGSTOP stay unblocked. */
export function sys_rt_sigprocmask(how: i32, set: u32, oset: u32, sigsetsize: u32): i32 {
  if (sigsetsize != 8) return -EINVAL;
  const t = current;
  const old = t.blocked;
  if (set) {
    if (copy_from_user(setbuf, set, 8)) return -EFAULT;
    const s = load<u64>(setbuf) & ~UNBLOCKABLE;
    if (how == S.SIG_BLOCK) t.blocked = old | s;
    else if (how == S.SIG_UNBLOCK) t.blocked = old & ~s;
    else if (how == S.SIG_SETMASK) t.blocked = s;
    else return -EINVAL;
  }
  if (oset) {
    store<u64>(setbuf, old);
    if (copy_to_user(oset, setbuf, 8)) return -EFAULT;
  }
  flush_unblocked_fatal(t);
  return 0;
}

/** A fatal signal that was blocked and is now unblocked ends the process. */
function flush_unblocked_fatal(t: Task): void {
  const ready = t.pending & ~t.blocked;
  if (!ready) return;
  for (let sig = 1; sig <= S.NSIG; sig++) {
    if (!(ready & sigmask(sig))) continue;
    if (sig_handler(t, sig) == S.SIG_DFL && !sig_kernel_ignore(sig) && !sig_kernel_stop(sig)) {
      t.pending &= ~sigmask(sig);
      host_signal_deliver(t.pid, sig, 0);
      return;
    }
  }
}

/** rt_sigpending(2): the pending signals that are blocked (the others were delivered). */
export function sys_rt_sigpending(uset: u32, sigsetsize: u32): i32 {
  if (sigsetsize > 8) return -EINVAL;
  store<u64>(setbuf, current.pending & current.blocked);
  return copy_to_user(uset, setbuf, sigsetsize) ? -EFAULT : 0;
}

/** sigpending(2), the old one: a 32-bit set. */
export function sys_sigpending(uset: u32): i32 {
  return sys_rt_sigpending(uset, 4);
}

/** Tasks in pause() or sigsuspend() sleep here; only a signal wakes them. */
const sigsuspend_wq = init_waitqueue_head();

/** pause(2): sleep until a signal is delivered; -EINTR after its handler. */
export function sys_pause(): i32 {
  const t = current;
  if (signal_pending(t)) return -ERESTARTNOHAND;
  prepare_to_wait(sigsuspend_wq);
  return -ERESTARTSYS;
}

/**
 * rt_sigsuspend(2): replace the mask, sleep until a signal is delivered; the handler runs
 * and the old mask comes back (set_restore_sigmask). The restarted call (after the task is
 * woken) keeps the mask it saved the first time.
 */
export function sys_rt_sigsuspend(unewset: u32, sigsetsize: u32): i32 {
  if (sigsetsize != 8) return -EINVAL;
  const t = current;
  if (copy_from_user(setbuf, unewset, 8)) return -EFAULT;
  if (!t.restore_sigmask) {
    t.saved_sigmask = t.blocked;
    t.restore_sigmask = 1;
  }
  t.blocked = load<u64>(setbuf) & ~UNBLOCKABLE;
  if (signal_pending(t)) return -ERESTARTNOHAND;
  prepare_to_wait(sigsuspend_wq);
  return -ERESTARTSYS;
}

// ---- rt_sigtimedwait(2): sigwaitinfo, sigtimedwait, sigwait ----

const twbuf = memory.data(16);
const infobuf = memory.data(<i32>S.SIGINFO_SIZE);

/**
 * do_sigtimedwait(): take the lowest pending signal of `these` (blocked or not) and return
 * it with its siginfo; else sleep with `these` unblocked (real_blocked keeps the old mask,
 * restored when the call is re-issued) until one arrives (its number), the timeout passes
 * (-EAGAIN; a zero timeout does not sleep) or another signal is delivered (-EINTR, never
 * restarted). `ts`: 8 (old_timespec32) or 16 (__kernel_timespec) bytes.
 */
function do_sigtimedwait(uthese: u32, uinfo: u32, uts: u32, sigsetsize: u32, ts: u32): i32 {
  const t = current;
  if (t.sigwait) { // re-issued after the wait: the mask comes back first
    t.blocked = t.real_blocked;
    t.sigwait = 0;
  }
  if (sigsetsize != 8) return -EINVAL;
  if (copy_from_user(setbuf, uthese, 8)) return -EFAULT;
  const these = load<u64>(setbuf) & ~UNBLOCKABLE;
  let timeout: i64 = -1;
  if (uts) {
    if (copy_from_user(twbuf, uts, ts)) return -EFAULT;
    const sec: i64 = ts == 8 ? <i64>load<i32>(twbuf) : load<i64>(twbuf);
    const nsec: i64 = ts == 8 ? <i64>load<i32>(twbuf, 4) : load<i64>(twbuf, 8);
    if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC) return -EINVAL; // timespec64_valid()
    timeout = sec > 0x7fffffff ? 0x7fffffffffffffff : sec * NSEC_PER_SEC + nsec;
  }
  const ready = t.pending & these;
  if (ready) {
    const sig = <i32>ctz(ready) + 1;
    t.pending &= ~sigmask(sig);
    if (uinfo) {
      memory.fill(infobuf, 0, S.SIGINFO_SIZE);
      fill_siginfo(infobuf, t, sig);
      if (copy_to_user(uinfo, infobuf, S.SIGINFO_SIZE)) return -EFAULT;
    }
    return sig;
  }
  if (timeout == 0 || t.timed_out) return -EAGAIN;
  if (signal_pending(t)) return -EINTR;
  if (timeout > 0 && t.timeout < 0) {
    const now = ktime_get_ns();
    t.timeout = timeout > 0x7fffffffffffffff - now ? 0x7fffffffffffffff : now + timeout;
  }
  t.real_blocked = t.blocked;
  t.blocked &= ~these;
  t.sigwait = 1;
  prepare_to_wait(sigsuspend_wq);
  return -ERESTARTSYS;
}

/** rt_sigtimedwait(2), i386: the timeout is an old_timespec32. */
export function sys_rt_sigtimedwait(uthese: u32, uinfo: u32, uts: u32, sigsetsize: u32): i32 {
  return do_sigtimedwait(uthese, uinfo, uts, sigsetsize, 8);
}

/** rt_sigtimedwait_time64(2): the timeout is a __kernel_timespec. */
export function sys_rt_sigtimedwait_time64(uthese: u32, uinfo: u32, uts: u32, sigsetsize: u32): i32 {
  return do_sigtimedwait(uthese, uinfo, uts, sigsetsize, 16);
}

/**
 * rt_sigreturn(2). Unlike Linux (which finds the frame on the user stack), the libc passes
 * the frame's address: the mask saved in it comes back, and the interrupted call's result
 * (the libc keeps its own copy).
 */
export function sys_rt_sigreturn(uframe: u32): i32 {
  const t = current;
  if (copy_from_user(setbuf, uframe + 16, 8) || get_user(retbuf, uframe + 24 + S.SIGINFO_SIZE)) {
    host_signal_deliver(t.pid, S.SIGSEGV, 0); // a bad frame: SIGSEGV, as restore_sigcontext fails
    return -EFAULT;
  }
  t.blocked = load<u64>(setbuf) & ~UNBLOCKABLE;
  return load<i32>(retbuf);
}
const retbuf = memory.data(4);

/** Exec: caught signals go back to SIG_DFL, ignored ones stay ignored (flush_signal_handlers). */
export function flush_signal_handlers(t: Task): void {
  for (let sig = 1; sig <= S.NSIG; sig++) {
    const a = ksa(t, sig);
    if (load<u32>(a) != S.SIG_IGN) store<u32>(a, S.SIG_DFL);
    store<u32>(a, 0, 4);
    store<u64>(a, 0, 8);
  }
}

// ---- alarm(2), setitimer(2), getitimer(2): ITIMER_REAL ----

const NSEC_PER_SEC: i64 = 1000000000;
const ITIMER_REAL = 0;
const itbuf = memory.data(16);

/** The host's ITIMER_REAL timer fired: SIGALRM, and the next period if there is one. */
export function it_real_fn(t: Task): void {
  if (t.exit_state) return;
  if (t.it_real_incr > 0) {
    t.it_real_value += t.it_real_incr;
    host_itimer_arm(t.pid, <f64>t.it_real_value);
  } else t.it_real_value = -1;
  send_signal(S.SIGALRM, t, S.SI_KERNEL, 0, 0, 0);
}

/** Time left on ITIMER_REAL in ns (0 when disarmed). */
function it_real_left(t: Task): i64 {
  if (t.it_real_value < 0) return 0;
  const left = t.it_real_value - ktime_get_ns();
  return left > 0 ? left : 1000; // due: Linux reports at least a tick's worth
}

function it_real_set(t: Task, value: i64, interval: i64): void {
  if (value > 0) {
    t.it_real_value = ktime_get_ns() + value;
    t.it_real_incr = interval;
    host_itimer_arm(t.pid, <f64>t.it_real_value);
  } else {
    if (t.it_real_value >= 0) host_itimer_arm(t.pid, -1);
    t.it_real_value = -1;
    t.it_real_incr = 0;
  }
}

/** alarm(2) (alarm_setitimer): the seconds left on the old alarm, rounded as Linux does. */
export function sys_alarm(seconds: u32): i32 {
  const t = current;
  const left = it_real_left(t);
  it_real_set(t, <i64>seconds * NSEC_PER_SEC, 0);
  let sec = <i32>(left / NSEC_PER_SEC);
  const usec = <i32>((left % NSEC_PER_SEC) / 1000);
  if ((!sec && usec) || usec >= 500000) sec++;
  return sec;
}

function put_itimerval(u: u32, value: i64, interval: i64): i32 {
  if (!u) return 0;
  store<i32>(itbuf, <i32>(interval / NSEC_PER_SEC));
  store<i32>(itbuf, <i32>((interval % NSEC_PER_SEC) / 1000), 4);
  store<i32>(itbuf, <i32>(value / NSEC_PER_SEC), 8);
  store<i32>(itbuf, <i32>((value % NSEC_PER_SEC) / 1000), 12);
  return copy_to_user(u, itbuf, 16) ? -EFAULT : 0;
}

/** getitimer(2): ITIMER_REAL only. Unlike Linux, ITIMER_VIRTUAL/ITIMER_PROF are not kept: -EINVAL. */
export function sys_getitimer(which: i32, value: u32): i32 {
  if (which != ITIMER_REAL) return -EINVAL;
  const t = current;
  return put_itimerval(value, it_real_left(t), t.it_real_incr);
}

/** setitimer(2) of the i386 struct itimerval { old_timeval32 it_interval, it_value; }. */
export function sys_setitimer(which: i32, value: u32, ovalue: u32): i32 {
  if (which != ITIMER_REAL) return -EINVAL;
  const t = current;
  let interval: i64 = 0, v: i64 = 0;
  if (value) {
    if (copy_from_user(itbuf, value, 16)) return -EFAULT;
    const is = load<i32>(itbuf), iu = load<i32>(itbuf, 4), vs = load<i32>(itbuf, 8), vu = load<i32>(itbuf, 12);
    if (iu < 0 || iu >= 1000000 || vu < 0 || vu >= 1000000 || is < 0 || vs < 0) return -EINVAL;
    interval = <i64>is * NSEC_PER_SEC + <i64>iu * 1000;
    v = <i64>vs * NSEC_PER_SEC + <i64>vu * 1000;
  }
  const oldv = it_real_left(t), oldi = t.it_real_incr;
  it_real_set(t, v, interval);
  return put_itimerval(ovalue, oldv, oldi);
}

/**
 * set_user_sigmask(): the mask of ppoll/pselect6/epoll_pwait is read before the call waits
 * (a wrong size -> -EINVAL, a bad pointer -> -EFAULT). Unlike Linux, it is not applied
 * during the wait.
 */
export function set_user_sigmask(umask: u32, sigsetsize: u32): i32 {
  if (!umask) return 0;
  if (sigsetsize != 8) return -EINVAL;
  if (copy_from_user(sabuf, umask, 8)) return -EFAULT;
  return 0;
}


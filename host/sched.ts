// The run queue and the timers: which process runs next, and when the machine waits.
//
// A process is queued when it is new or when the kernel wakes it (wake_up_process, a
// signal, its timeout); the machine runs queued processes until each blocks or ends, then
// waits for the next wakeup (a host timer: SO_RCVTIMEO, poll's timeout...). A blocked
// process's timer is armed at the kernel's deadline (task_timeout) and disarmed when it
// wakes early or ends. Timers come from the environment (setTimeout in Node and browsers).
//
// Time slices (as CFS's sched_slice, but fixed): a process runs at most SLICE_MS before
// it is preempted (host/cc/driver.ts puts preemption points at loop heads and recursive
// functions' entries; a syscall is one too) and goes to the back of the queue; between slices the
// machine gives the host's event loop a turn, so timers, --timeout and stream I/O run.
import { Process, State } from "./process.js";

export interface TimerOps {
  setTimer?: (ms: number, fn: () => void) => unknown;
  clearTimer?: (t: unknown) => void;
}

/** A process's time slice (CFS's sysctl_sched_base_slice is 0.75-3 ms). */
export const SLICE_MS = 4;

export class Scheduler {
  private queue: Process[] = [];
  private timers = 0;
  private wakeWaiter: (() => void) | null = null;

  constructor(private ops: TimerOps) {}

  /** Whether the environment has timers (without them a timeout never fires). */
  get hasTimers() {
    return this.ops.setTimer !== undefined;
  }

  /** Timers armed and not yet fired: while there is one, blocked processes can still wake. */
  get pendingTimers() {
    return this.timers;
  }

  /** Queue p to run; a blocked p will re-issue its call (restart) and loses its timer. */
  makeRunnable(p: Process) {
    if (p.state === State.Exited) return;
    if (!p.instance) return; // a bare process has nothing to run
    if (p.state === State.Blocked) {
      p.restarting = true;
      this.disarm(p);
    }
    p.state = State.Runnable;
    this.queue.push(p);
    if (this.wakeWaiter) {
      const w = this.wakeWaiter;
      this.wakeWaiter = null;
      w();
    }
  }

  /** A process whose time slice ended goes to the back of the queue (round robin). */
  requeue(p: Process) {
    this.queue.push(p);
  }

  /** Wake the waiting run without queueing anyone (a process ended outside its slice). */
  kick() {
    this.interrupt();
  }

  /** Wake run() from idle() without a process (the run is being stopped). */
  interrupt() {
    if (this.wakeWaiter) {
      const w = this.wakeWaiter;
      this.wakeWaiter = null;
      w();
    }
  }

  /** The next queued process, or undefined. */
  next(): Process | undefined {
    return this.queue.shift();
  }

  /** Resolves at the next makeRunnable. */
  idle(): Promise<void> {
    return new Promise<void>((resolve) => { this.wakeWaiter = resolve; });
  }

  /** Call fn in ms milliseconds on p's behalf (its blocked call's deadline). */
  arm(p: Process, ms: number, fn: () => void) {
    if (!this.ops.setTimer) return;
    this.timers++;
    p.timer = this.ops.setTimer(ms, () => {
      p.timer = null;
      this.timers--;
      fn();
    });
  }

  /** Call fn in ms milliseconds: p's ITIMER_REAL (alarm), replacing the one armed. */
  armItimer(p: Process, ms: number, fn: () => void) {
    this.disarmItimer(p);
    if (!this.ops.setTimer) return;
    this.timers++;
    p.itimer = this.ops.setTimer(ms, () => {
      p.itimer = null;
      this.timers--;
      fn();
    });
  }

  disarmItimer(p: Process) {
    if (p.itimer !== null) {
      this.ops.clearTimer?.(p.itimer);
      p.itimer = null;
      this.timers--;
    }
  }

  /**
   * Something outside the processes will wake one (execve's program being loaded): the
   * run waits for it as for a timer. `done` when it has.
   */
  hold(): () => void {
    this.timers++;
    return () => { this.timers--; };
  }

  /** Cancel p's timer, if it has one. */
  disarm(p: Process) {
    if (p.timer !== null) {
      this.ops.clearTimer?.(p.timer);
      p.timer = null;
      this.timers--;
    }
  }
}

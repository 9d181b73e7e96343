// The machine: one kernel instance (kernel.wasm) and the processes that trap into it.
//
// Every process is its own Wasm instance with its own memory. Its only door to the
// kernel is the import linux.int80(eax, ebx, ecx, edx, esi, edi, ebp) -> eax: the host
// sets the current task and calls the kernel's int80 export. User memory is reached by
// the kernel only through the uaccess imports (host/uaccess.ts), which check bounds
// against the current process (first page and past-the-end fault).
//
// The concerns live in their own modules; this one wires them together:
//   process.ts   a process instance, asyncify unwind/rewind
//   uaccess.ts   copy_from_user & co.
//   sched.ts     the run queue and the timers
//   signal.ts    acting on the signals the kernel reports
//   deadlock.ts  every process blocked and nothing to wake them
//   kernel.ts    the kernel's exports (typed from asc's output) and imports
//
// This file is isomorphic: no Node APIs. Streams, files and timers come in through
// MachineIO and MachineOptions (host/node/ provides the Node ones).
import { wasiImports } from "./wasi.js";
import { Process, ProcessExit, ProcessSpec, State } from "./process.js";
import { UserAccess } from "./uaccess.js";
import { Scheduler, SLICE_MS } from "./sched.js";
import { deliverSignal, fatalSignal, signalPending } from "./signal.js";
import { checkDeadlock, describeBlocked, leftWaiting } from "./deadlock.js";
import { KernelExports, KernelImports, KernelStrings } from "./kernel.js";
import type { Tracer } from "./trace/tracer.js";

export type { Process, ProcessSpec } from "./process.js";
export type { Tracer } from "./trace/tracer.js";

export const ERESTARTSYS = 512;
const EINTR = 4;
const SIGTERM = 15;
/** syscalls between two looks at the clock for the end of a slice */
const SYSCALLS_PER_CLOCK_CHECK = 16;
const NR_EXIT_GROUP = 252;
const NO_ARGS: number[] = [];

/** What the machine needs from its environment. */
export interface MachineIO {
  /** bytes a process wrote to its stdout (fd 1) or stderr (fd 2) */
  write(pid: number, fd: number, bytes: Uint8Array): void;
  /** up to max bytes of the process's stdin, or null at EOF */
  read(pid: number, max: number): Uint8Array | null;
  /** monotonic nanoseconds */
  now(): number;
  /** wall clock nanoseconds since the epoch */
  realtime(): number;
  /** whether the process's fd 0/1/2 is a terminal (stdio buffering follows it) */
  isatty?(fd: number): boolean;
  /** the run is over: write out what is held back (a partial prefixed line), close files */
  flush(): void;
}

export interface MachineOptions {
  io: MachineIO;
  /** another syscall number that means socketcall (teaching material that uses 112) */
  socketcallNr?: number;
  tracer?: Tracer;
  uid?: number;
  gid?: number;
  /** called when a process ends, before its files are closed (--ss) */
  beforeExit?: (p: Process) => void;
  /** timer scheduling (setTimeout in Node and browsers) */
  setTimer?: (ms: number, fn: () => void) => unknown;
  clearTimer?: (t: unknown) => void;
  /** give the host's event loop a turn (setImmediate in Node); default setTimeout(0) */
  yieldToHost?: () => Promise<void>;
  /**
   * strict end (int80 run --strict-end): when every process left is blocked and nothing
   * can wake them, fail with DeadlockError instead of stopping them with SIGTERM
   */
  strictEnd?: boolean;
}

export class Machine {
  readonly kernel: KernelExports;
  readonly procs = new Map<number, Process>();
  private nextPid = 100;
  private readonly sched: Scheduler;
  private current: Process | null = null;
  /** the window the uaccess imports work on: kernel memory and the current process's */
  private readonly ua = new UserAccess();
  private io: MachineIO;
  tracer: Tracer | null;
  readonly options: MachineOptions;
  /** receives the kernel's tracepoints when --ktrace is on */
  ktraceSink: ((name: string, level: number, p: Process | null) => void) | null = null;
  /** receives every packet sent on the loopback device (--pcap) */
  pcapSink: ((packet: Uint8Array, ns: number) => void) | null = null;
  private readonly kstrings = new KernelStrings(() => this.kernel.memory);
  /** kernel heap objects after boot: every process's sockets and files are freed back to this */
  kmemBaseline = 0;
  /** set by stop(): run() returns at the next slice boundary */
  private stopReason: string | null = null;
  /** monotonic ns at which the running process's slice ends */
  private sliceEnd = 0;
  private syscallsToClockCheck = SYSCALLS_PER_CLOCK_CHECK;

  static async create(kernelModule: WebAssembly.Module, options: MachineOptions): Promise<Machine> {
    return new Machine(kernelModule, options);
  }

  private constructor(kernelModule: WebAssembly.Module, options: MachineOptions) {
    this.options = options;
    this.io = options.io;
    this.tracer = options.tracer ?? null;
    this.sched = new Scheduler(options);
    const env: KernelImports = this.kernelImports();
    const instance = new WebAssembly.Instance(kernelModule, { env: env as unknown as WebAssembly.ModuleImports });
    this.kernel = instance.exports as unknown as KernelExports;
    this.ua.attachKernel(this.kernel.memory);
    this.kernel._start();
    this.kmemBaseline = this.kernel.kmem_objects();
    if (options.socketcallNr !== undefined) this.kernel.set_socketcall_alias(options.socketcallNr);
  }

  /** A static AssemblyScript string in kernel memory (a tracepoint's name). */
  kstring(ptr: number): string {
    return this.kstrings.get(ptr);
  }

  setPcap(sink: ((packet: Uint8Array, ns: number) => void) | null) {
    this.pcapSink = sink;
    this.kernel.pcap_enable(sink ? 1 : 0);
  }

  /** Turn the kernel's tracepoints on, reporting to sink. */
  setKtrace(sink: ((name: string, level: number, p: Process | null) => void) | null) {
    this.ktraceSink = sink;
    this.kernel.ktrace_enable(sink ? 1 : 0);
  }

  /** The current process's memory for the duration of a syscall. */
  private enterUser(p: Process) {
    if (p.u8.byteLength === 0) p.views();
    this.current = p;
    this.ua.setUser(p.u8, p.dv);
  }

  /** The kernel's imports (host/kernel.ts says what each may do). */
  private kernelImports(): KernelImports {
    const self = this, ua = this.ua;
    return {
      ...ua.imports(),
      console_write(pid: number, fd: number, buf: number, len: number) {
        ua.kviews();
        self.io.write(pid, fd, ua.k8.slice(buf, buf + len));
      },
      console_read(pid: number, buf: number, len: number): number {
        const data = self.io.read(pid, len);
        if (!data) return 0;
        ua.kviews();
        ua.k8.set(data.subarray(0, len), buf);
        return Math.min(len, data.length);
      },
      wake_up_process(pid: number) {
        const p = self.procs.get(pid);
        if (p && p.state === State.Blocked) self.sched.makeRunnable(p);
      },
      signal_deliver(pid: number, sig: number, handler: number) {
        const p = self.procs.get(pid);
        if (p && signalPending(p, sig, handler, p === self.current)) self.sched.makeRunnable(p);
      },
      process_exit(pid: number, status: number) {
        const p = self.procs.get(pid);
        if (p) p.exitRequested = status;
      },
      ktrace_event(name: number, level: number) {
        self.ktraceSink?.(self.kstring(name), level, self.current);
      },
      pcap_packet(data: number, len: number, ns: number) {
        ua.kviews();
        self.pcapSink?.(ua.k8.subarray(data, data + len), ns);
      },
      ktime_get_ns: () => self.io.now(),
      ktime_get_real_ns: () => self.io.realtime(),
      abort(_msg: number, _file: number, line: number, col: number) {
        throw new Error(`kernel abort at ${line}:${col}`);
      },
    };
  }

  private newTask(p: Process) {
    const err = this.kernel.task_create(p.pid, this.options.uid ?? 0, this.options.gid ?? 0);
    if (err < 0) throw new Error(`task_create(${p.pid}) = ${err}`);
    this.procs.set(p.pid, p);
  }

  /** Start a process: instantiate its module, create its task, queue it to run. */
  spawn(spec: ProcessSpec): Process {
    const p = new Process(this.nextPid++, spec.argv, spec.env ?? []);
    p.instantiate(spec.module, {
      linux: {
        int80: (eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number) =>
          this.int80(p, eax, ebx, ecx, edx, esi, edi, ebp, true),
        preempt: () => this.preempt(p),
      },
      wasi_snapshot_preview1: wasiImports(this, p),
    });
    this.newTask(p);
    this.sched.makeRunnable(p);
    return p;
  }

  /**
   * A process with memory but no program, for tools that issue syscalls themselves (the
   * fuzzer): its calls never block here (a -ERESTARTSYS result is returned as is).
   */
  spawnBare(memoryPages = 16): Process {
    const p = new Process(this.nextPid++, ["bare"], []);
    p.setMemory(new WebAssembly.Memory({ initial: memoryPages }));
    this.newTask(p);
    p.state = State.Blocked;
    return p;
  }

  /** One syscall from a bare process: the kernel's answer, signals and exits applied. */
  syscallBare(p: Process, nr: number, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0): number {
    this.enterUser(p);
    const ret = this.kernel.int80(p.pid, 0, nr, a, b, c, d, e, f);
    if (p.exitRequested >= 0) this.finish(p, (p.exitRequested >> 8) & 0xff, p.exitRequested & 0x7f);
    else if (p.pendingSignal) {
      const sig = fatalSignal(p);
      p.pendingSignal = 0;
      if (sig) this.finish(p, 0, sig);
    }
    return ret;
  }

  /**
   * The trap. Called by a process's linux.int80 import and by the WASI adapters.
   * Returns eax; unwinds the process when the call must wait.
   */
  int80(p: Process, eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number, preemptible = false): number {
    let restart = 0;
    if (p.preempted) {
      // rewinding into a call that was preempted before it was issued: issue it now
      p.stopRewind();
      p.preempted = false;
    } else if (p.restarting) {
      // rewinding into this call: stop the rewind and re-issue the syscall
      p.stopRewind();
      p.restarting = false;
      restart = 1;
    }
    else if (preemptible && --this.syscallsToClockCheck <= 0) {
      // a process whose calls never block still yields at the end of its slice
      this.syscallsToClockCheck = SYSCALLS_PER_CLOCK_CHECK;
      if (this.sliceOver(p)) {
        p.preempted = true;
        p.startUnwind();
        return 0;
      }
    }
    this.enterUser(p);
    const tracer = this.tracer;
    let args = NO_ARGS; // built only when a tracer is set: no allocation per syscall
    if (tracer) {
      args = [ebx, ecx, edx, esi, edi, ebp];
      if (!restart) tracer.enter(p, eax, args);
      else tracer.resume?.(p, eax, args);
    }
    const ret = this.kernel.int80(p.pid, restart, eax, ebx, ecx, edx, esi, edi, ebp);
    let result = ret;
    if (ret === -ERESTARTSYS && this.kernel.task_blocked(p.pid)) {
      if (!(p.pendingSignal && p.pendingHandler)) {
        if (tracer) tracer.exit(p, eax, args, ret, true);
        this.block(p, eax, [ebx, ecx, edx, esi, edi, ebp]);
        return 0;
      }
      // a caught signal interrupts the wait: the call fails with EINTR and the handler
      // runs (Linux's handle_signal without SA_RESTART); the kernel drops the task's
      // wait entries at its next call (finish_wait)
      result = -EINTR;
    }
    if (tracer) tracer.exit(p, eax, args, result, false);
    if (p.exitRequested >= 0) throw new ProcessExit(p.exitRequested);
    if (p.pendingSignal) {
      p.nested++;
      try {
        deliverSignal(p);
      } finally {
        p.nested--;
      }
    }
    return result;
  }

  /** Whether p's time slice is over and p can be unwound now (a preemption point). */
  private sliceOver(p: Process): boolean {
    return p.canWait && p.nested === 0 && this.io.now() >= this.sliceEnd;
  }

  /**
   * linux.preempt: the program's budget of loop heads and calls ran out (host/cc/driver.ts).
   * At the end of its slice the process is unwound and goes to the back of the queue.
   */
  private preempt(p: Process) {
    if (p.preempted) {
      // rewinding: the process resumes here
      p.stopRewind();
      p.preempted = false;
      return;
    }
    if (this.sliceOver(p)) {
      p.preempted = true;
      p.startUnwind();
    }
  }

  /** The call must wait: arm its timeout, unwind the process out of the trap. */
  private block(p: Process, nr: number, args: number[]) {
    if (!p.canWait) {
      // built without asyncify (int80 cc -mno-asyncify): it cannot wait, so it ends here
      p.trapMessage = `syscall ${nr} must wait, and the program was built without asyncify (-mno-asyncify)`;
      throw new ProcessExit(9);
    }
    p.state = State.Blocked;
    p.blockedNr = nr;
    p.blockedArgs = args;
    const deadline = this.kernel.task_timeout(p.pid);
    if (deadline >= 0 && this.sched.hasTimers) {
      const ms = Math.max(0, (deadline - this.io.now()) / 1e6);
      this.sched.arm(p, ms, () => {
        this.enterUser(p);
        this.kernel.task_timer_expired(p.pid);
      });
    }
    p.startUnwind();
  }

  /** Run the process until it blocks or ends. */
  private step(p: Process) {
    const sig = fatalSignal(p);
    if (sig) {
      this.finish(p, 0, sig); // killed while it was not running
      return;
    }
    try {
      if (p.restarting || p.preempted) p.startRewind();
      p.exports._start();
      if (p.state === State.Blocked) {
        p.stopUnwind();
        return;
      }
      if (p.preempted) {
        p.stopUnwind();
        this.sched.requeue(p);
        return;
      }
      // main returned 0: wasi-libc's _start returns instead of calling exit; the process
      // still leaves through exit_group(0), as a Linux libc's exit() would
      try {
        this.int80(p, NR_EXIT_GROUP, 0, 0, 0, 0, 0, 0);
      } catch (e) {
        if (!(e instanceof ProcessExit)) throw e;
      }
      this.finish(p, 0, 0);
    } catch (e) {
      if (e instanceof ProcessExit) {
        if (e.status & 0x7f) this.finish(p, 0, e.status & 0x7f);
        else this.finish(p, (e.status >> 8) & 0xff, 0);
      } else if (e instanceof WebAssembly.RuntimeError) {
        p.trapMessage = e.message;
        this.finish(p, 0, 11); // a trap is this machine's segmentation fault
      } else {
        throw e;
      }
    }
  }

  finish(p: Process, code: number, signal: number) {
    if (p.state === State.Exited) return;
    this.enterUser(p);
    this.options.beforeExit?.(p);
    p.state = State.Exited;
    p.exitCode = code;
    p.signal = signal;
    p.waitStatus = signal ? signal : code << 8;
    this.sched.disarm(p);
    this.enterUser(p);
    this.kernel.task_exit(p.pid); // closes its files: peers see EOF / ECONNRESET
    this.tracer?.exitProcess?.(p, code, signal);
  }

  /**
   * Run every process until all have exited, or stop() is called. Processes take turns in
   * time slices; between slices (at most every SLICE_MS) the host's event loop runs.
   * Resolves to the processes in spawn order.
   */
  async run(): Promise<Process[]> {
    const sliceNs = SLICE_MS * 1e6;
    const yieldToHost = this.options.yieldToHost ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
    let lastYield = this.io.now();
    while (this.stopReason === null) {
      const p = this.sched.next();
      if (p) {
        if (p.state !== State.Runnable) continue;
        this.sliceEnd = this.io.now() + sliceNs;
        this.step(p);
        if (this.io.now() - lastYield >= sliceNs) {
          await yieldToHost();
          lastYield = this.io.now();
        }
        continue;
      }
      const alive = checkDeadlock(this, this.sched.pendingTimers, this.options.strictEnd ?? false);
      if (alive.length === 0) break;
      if (this.sched.pendingTimers === 0 && leftWaiting(alive)) {
        // every process left waits for something no one will send: stop them as a shell's
        // kill would (SIGTERM: handlers run), then SIGKILL those that wait again
        for (const q of alive) this.terminate(q);
        continue;
      }
      await this.sched.idle();
      lastYield = this.io.now();
    }
    return [...this.procs.values()];
  }

  /** The end of the run stops a process left waiting: SIGTERM first, SIGKILL the second time. */
  private terminate(p: Process) {
    if (p.stoppedByRun === 0) {
      p.stoppedByRun = SIGTERM;
      p.stoppedIn = describeBlocked(p);
      this.current = null; // sent from outside: the kernel's signal_deliver must wake p
      this.kernel.task_signal(p.pid, SIGTERM);
      // ignored (SIG_IGN): nothing was delivered, so it is killed
      if (p.pendingSignal !== SIGTERM && p.blocked) this.kill(p);
    } else {
      p.stoppedByRun = 9;
      this.kill(p);
    }
  }

  /** End run() at the next slice boundary (--timeout): the processes stay as they are. */
  stop(reason: string) {
    this.stopReason = reason;
    this.sched.interrupt();
  }

  /** Why run() was stopped, or null. */
  get stopped(): string | null {
    return this.stopReason;
  }

  /** Kill a process as SIGKILL would (e.g. on --timeout). */
  kill(p: Process, sig = 9) {
    this.finish(p, 0, sig);
  }
}

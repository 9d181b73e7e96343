// The machine: one kernel instance (kernel.wasm) and the processes that trap into it.
//
// Every process is its own Wasm instance with its own memory. Its only door to the
// kernel is the import linux.int80(eax, ebx, ecx, edx, esi, edi, ebp) -> eax: the host
// sets the current task and calls the kernel's int80 export. User memory is reached by
// the kernel only through the copy_from_user/copy_to_user/... imports below, which check
// bounds against the current process (first page and past-the-end fault).
//
// Blocking: a kernel handler that must wait queues the task and returns -ERESTARTSYS.
// The host then unwinds the process with binaryen asyncify, runs the others, and when
// the kernel reports the task woken (wake_up_process) it rewinds the process, which
// re-issues the same syscall (Linux's restart rule).
//
// This file is isomorphic: no Node APIs. Streams, files and timers come in through
// MachineIO (host/node/ provides the Node one).
import { wasiImports } from "./wasi.js";

export const ERESTARTSYS = 512;
const NR_EXIT_GROUP = 252;
const ENOMEM = 12;
const ENOSYS = 38;
const ENOENT = 2;
const ENOEXEC = 8;
/** int80 entry flags (assembly/index.ts): a restarted call; a call from a WASI adapter */
const ENTRY_RESTART = 1;
const ENTRY_NO_SIGNALS = 2;
/** Prefix of the mutable globals `int80 cc` exports for fork (host/cc.ts FORK_GLOBAL_PREFIX). */
const FORK_GLOBAL_PREFIX = "__int80_global_";
const NO_ARGS: number[] = [];
const PAGE_SIZE = 4096;

/** What the machine needs from its environment. */
export interface MachineIO {
  /**
   * bytes a process wrote to its stdout (fd 1) or stderr (fd 2). `pid` is the process whose
   * console it is (the one the run started: a forked child writes to its parent's console,
   * as an inherited descriptor does); `writer` the process that wrote (for "[pid N]" prefixes).
   */
  write(pid: number, fd: number, bytes: Uint8Array, writer?: number): void;
  /** up to max bytes of the process's stdin, or null at EOF */
  read(pid: number, max: number): Uint8Array | null;
  /** monotonic nanoseconds */
  now(): number;
  /** wall clock nanoseconds since the epoch */
  realtime(): number;
  /** whether the process's fd 0/1/2 is a terminal (stdio buffering follows it) */
  isatty?(fd: number): boolean;
}

/** A tracer sees every syscall (strace); tracing is a wrapper, not code in handlers. */
export interface Tracer {
  enter(proc: Process, nr: number, args: number[]): void;
  exit(proc: Process, nr: number, args: number[], ret: number, blocked: boolean): void;
  /** a call that blocked is re-issued (after enter, exit(blocked) earlier) */
  resume?(proc: Process, nr: number, args: number[]): void;
  exitProcess?(proc: Process, status: number, signal: number): void;
  /** a signal was delivered to a handler (the frame the kernel wrote for the libc) */
  signal?(proc: Process, sig: number, info: { code: number; pid: number; uid: number; status: number }): void;
  /** fork(2) made child (strace -f: "Process N attached") */
  fork?(parent: Process, child: Process): void;
  /** execve(2) replaced the process's program */
  exec?(proc: Process): void;
}

export interface ProcessSpec {
  module: WebAssembly.Module;
  argv: string[];
  env?: string[];
}

/**
 * Host task states. Runnable processes are in the run queue; Blocked ones sleep in the
 * kernel (their stack unwound) until wake_up_process; Forking is a process unwinding out of
 * fork(2) so that its stack can be copied (it is rewound at once, with the child's pid).
 */
const enum State { New, Runnable, Blocked, Forking, Exited }

class ProcessExit {
  constructor(readonly status: number) {}
}

/** execve(2) reached its point of no return: the process's instance is replaced. */
class ExecImage {}

/** A program image execve(2) loads: the module, and what the new process sees. */
interface ExecRequest {
  path: string;
  argv: string[];
  env: string[];
  /** loaded module, or -errno; undefined while loading */
  result?: WebAssembly.Module | number;
}

export class Process {
  pid: number;
  argv: string[];
  env: string[];
  state: State = State.New;
  instance!: WebAssembly.Instance;
  memory!: WebAssembly.Memory;
  u8!: Uint8Array;
  dv!: DataView;
  /** exit status as wait(2) reports it: code << 8, or the signal number */
  waitStatus = 0;
  exitCode = 0;
  signal = 0;
  trapMessage = "";
  /** the syscall that blocked (for restart and the deadlock report) */
  blockedNr = -1;
  blockedArgs: number[] = [];
  restarting = false;
  exitRequested = -1;
  pendingSignal = 0;
  pendingHandler = 0;
  timer: unknown = null;
  asyncifyData = 0;
  asyncifyDataSize = 0;
  /** 16+ bytes of the process's memory the WASI adapters may use (the idle asyncify region) */
  scratch = 0;
  /** the compiled module its instance comes from (fork makes another instance of it) */
  module: WebAssembly.Module | null = null;
  /** the process that forked it (null: started by the run) */
  parent: Process | null = null;
  /** the run-started process whose console (stdin, stdout, stderr) this one inherited */
  consolePid: number;
  /** what the trap returns when the process is rewound into it without re-issuing (fork) */
  resumeValue: number | null = null;
  /** the child a fork in progress is making (set by the kernel's process_fork) */
  forkChild: Process | null = null;
  /** the program an execve in progress loads or is about to start */
  exec: ExecRequest | null = null;
  /** the host timer of the kernel's ITIMER_REAL (alarm), or null */
  itimer: unknown = null;
  /** address of the libc's signal frame mailbox (__int80_sigframe), or 0 */
  sigframe = 0;

  constructor(pid: number, argv: string[], env: string[]) {
    this.pid = pid;
    this.argv = argv;
    this.env = env;
    this.consolePid = pid;
  }

  get exited() {
    return this.state === State.Exited;
  }

  get blocked() {
    return this.state === State.Blocked;
  }

  /** Fresh views after the process's memory may have grown. */
  views() {
    // memory.grow detaches the old buffer (byteLength 0): only then are new views needed
    if (this.u8.byteLength === 0) {
      this.u8 = new Uint8Array(this.memory.buffer);
      this.dv = new DataView(this.memory.buffer);
    }
  }
}

interface KernelExports {
  memory: WebAssembly.Memory;
  _start(): void;
  int80(pid: number, restart: number, eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number): number;
  task_create(uid: number, gid: number): number;
  task_exit(pid: number, status: number): void;
  task_set_sigframe(pid: number, uaddr: number): void;
  task_fork_tail(pid: number): void;
  task_exec_ready(pid: number): void;
  task_itimer_fired(pid: number): void;
  syscall_restart_code(): number;
  task_timeout(pid: number): number;
  task_timer_expired(pid: number): void;
  task_blocked(pid: number): number;
  set_socketcall_alias(nr: number): void;
  kmem_bytes(): number;
  kmem_objects(): number;
  ktrace_enable(on: number): void;
  pcap_enable(on: number): void;
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
  /**
   * execve(2)'s loader: -errno at once (ENOENT, EACCES, ENOEXEC) or the program's module
   * (a .wasm read, a .c compiled through the cache). Without one, execve is -ENOENT.
   */
  loadProgram?: (path: string) => number | Promise<WebAssembly.Module>;
}

export class Machine {
  readonly kernel: KernelExports;
  readonly procs = new Map<number, Process>();
  private runQueue: Process[] = [];
  private current: Process | null = null;
  private k8: Uint8Array;
  private kdv: DataView;
  private io: MachineIO;
  tracer: Tracer | null;
  private wakeWaiter: (() => void) | null = null;
  private timers = 0;
  readonly options: MachineOptions;
  /** receives the kernel's tracepoints when --ktrace is on */
  ktraceSink: ((name: string, level: number, p: Process | null) => void) | null = null;
  private kstrings = new Map<number, string>();

  /** A static AssemblyScript string in kernel memory (UTF-16, byte length at ptr - 4). */
  kstring(ptr: number): string {
    let s = this.kstrings.get(ptr);
    if (s === undefined) {
      this.kviews();
      const len = this.kdv.getUint32(ptr - 4, true);
      s = String.fromCharCode(...new Uint16Array(this.kernel.memory.buffer, ptr, len >> 1));
      this.kstrings.set(ptr, s);
    }
    return s;
  }

  /** receives every packet sent on the loopback device (--pcap) */
  pcapSink: ((packet: Uint8Array, ns: number) => void) | null = null;

  setPcap(sink: ((packet: Uint8Array, ns: number) => void) | null) {
    this.pcapSink = sink;
    this.kernel.pcap_enable(sink ? 1 : 0);
  }

  /** Turn the kernel's tracepoints on, reporting to sink. */
  setKtrace(sink: ((name: string, level: number, p: Process | null) => void) | null) {
    this.ktraceSink = sink;
    this.kernel.ktrace_enable(sink ? 1 : 0);
  }

  /** kernel heap objects after boot: every process's sockets and files are freed back to this */
  kmemBaseline = 0;

  static async create(kernelModule: WebAssembly.Module, options: MachineOptions): Promise<Machine> {
    const m = new Machine(kernelModule, options);
    return m;
  }

  private constructor(kernelModule: WebAssembly.Module, options: MachineOptions) {
    this.options = options;
    this.io = options.io;
    this.tracer = options.tracer ?? null;
    const instance = new WebAssembly.Instance(kernelModule, { env: this.kernelImports() });
    this.kernel = instance.exports as unknown as KernelExports;
    this.k8 = new Uint8Array(this.kernel.memory.buffer);
    this.kdv = new DataView(this.kernel.memory.buffer);
    this.kernel._start();
    this.kmemBaseline = this.kernel.kmem_objects();
    if (options.socketcallNr !== undefined) this.kernel.set_socketcall_alias(options.socketcallNr);
  }

  private kviews() {
    if (this.k8.byteLength === 0) {
      this.k8 = new Uint8Array(this.kernel.memory.buffer);
      this.kdv = new DataView(this.kernel.memory.buffer);
    }
  }

  /**
   * The current process's memory for the duration of a syscall. User code does not run
   * while the kernel does, so its memory cannot grow under us; kernel memory can (checked
   * by byteLength: memory.grow detaches the old buffer).
   */
  private u8: Uint8Array = new Uint8Array(0);
  private udv: DataView = new DataView(new ArrayBuffer(0));
  private ulen = 0;

  private enterUser(p: Process) {
    if (p.u8.byteLength === 0) p.views();
    this.current = p;
    this.u8 = p.u8;
    this.udv = p.dv;
    this.ulen = p.u8.byteLength;
  }

  /** The kernel's imports: user memory access, console, wakeups, exits, time. */
  private kernelImports() {
    const self = this;
    // A user range is valid when it lies past the first page and inside the memory.
    return {
      copy_from_user(kdst: number, usrc: number, n: number): number {
        usrc >>>= 0; n >>>= 0;
        if (usrc < PAGE_SIZE || usrc + n > self.ulen) return n;
        if (self.k8.byteLength === 0) self.kviews();
        if (n <= 64) {
          // small copies (syscall arguments, option values): word by word, no view created
          const kdv = self.kdv, udv = self.udv;
          let i = 0;
          for (; i + 4 <= n; i += 4) kdv.setUint32(kdst + i, udv.getUint32(usrc + i, true), true);
          for (; i < n; i++) kdv.setUint8(kdst + i, udv.getUint8(usrc + i));
        } else self.k8.set(self.u8.subarray(usrc, usrc + n), kdst);
        return 0;
      },
      copy_to_user(udst: number, ksrc: number, n: number): number {
        udst >>>= 0; n >>>= 0;
        if (udst < PAGE_SIZE || udst + n > self.ulen) return n;
        if (self.k8.byteLength === 0) self.kviews();
        if (n <= 64) {
          const kdv = self.kdv, udv = self.udv;
          let i = 0;
          for (; i + 4 <= n; i += 4) udv.setUint32(udst + i, kdv.getUint32(ksrc + i, true), true);
          for (; i < n; i++) udv.setUint8(udst + i, kdv.getUint8(ksrc + i));
        } else self.u8.set(self.k8.subarray(ksrc, ksrc + n), udst);
        return 0;
      },
      strncpy_from_user(kdst: number, usrc: number, count: number): number {
        usrc >>>= 0;
        if (self.k8.byteLength === 0) self.kviews();
        const u8 = self.u8, k8 = self.k8;
        for (let i = 0; i < count; i++) {
          const a = usrc + i;
          if (a < PAGE_SIZE || a >= self.ulen) return -14; // -EFAULT
          const c = u8[a];
          k8[kdst + i] = c;
          if (c === 0) return i;
        }
        return count;
      },
      get_user(kdst: number, usrc: number): number {
        usrc >>>= 0;
        if (usrc < PAGE_SIZE || usrc + 4 > self.ulen) return -14;
        if (self.k8.byteLength === 0) self.kviews();
        self.kdv.setUint32(kdst, self.udv.getUint32(usrc, true), true);
        return 0;
      },
      put_user(val: number, udst: number): number {
        udst >>>= 0;
        if (udst < PAGE_SIZE || udst + 4 > self.ulen) return -14;
        self.udv.setUint32(udst, val >>> 0, true);
        return 0;
      },
      console_write(pid: number, fd: number, buf: number, len: number) {
        self.kviews();
        const owner = self.procs.get(pid)?.consolePid ?? pid;
        self.io.write(owner, fd, self.k8.slice(buf, buf + len), pid);
      },
      console_read(pid: number, buf: number, len: number): number {
        const data = self.io.read(self.procs.get(pid)?.consolePid ?? pid, len);
        if (!data) return 0;
        self.kviews();
        self.k8.set(data.subarray(0, len), buf);
        return Math.min(len, data.length);
      },
      wake_up_process(pid: number) {
        const p = self.procs.get(pid);
        if (p && p.state === State.Blocked) self.makeRunnable(p);
      },
      signal_deliver(pid: number, sig: number, handler: number) {
        const p = self.procs.get(pid);
        if (!p) return;
        p.pendingSignal = sig;
        p.pendingHandler = handler;
        // a sleeping process (not the one running, which is Runnable): a fatal signal ends it
        // before it runs again (see step)
        if (p.state === State.Blocked) self.makeRunnable(p);
      },
      process_exit(pid: number, status: number) {
        const p = self.procs.get(pid);
        if (p) p.exitRequested = status;
      },
      process_fork(parentPid: number, childPid: number): number {
        const p = self.procs.get(parentPid);
        return p ? self.forkPrepare(p, childPid) : -ENOSYS;
      },
      process_exec(pid: number, bprm: number, len: number): number {
        const p = self.procs.get(pid);
        return p ? self.execPrepare(p, bprm, len) : -ENOENT;
      },
      itimer_arm(pid: number, ns: number) {
        const p = self.procs.get(pid);
        if (p) self.itimerArm(p, ns);
      },
      ktrace_event(name: number, level: number) {
        self.ktraceSink?.(self.kstring(name), level, self.current);
      },
      pcap_packet(data: number, len: number, ns: number) {
        if (self.k8.byteLength === 0) self.kviews();
        self.pcapSink?.(self.k8.subarray(data, data + len), ns);
      },
      ktime_get_ns: () => self.io.now(),
      ktime_get_real_ns: () => self.io.realtime(),
      abort(msg: number, file: number, line: number, col: number) {
        throw new Error(`kernel abort at ${line}:${col}`);
      },
    };
  }

  /** Start a process: create its task (the kernel gives the pid), instantiate its module, queue it. */
  spawn(spec: ProcessSpec): Process {
    const pid = this.kernel.task_create(this.options.uid ?? 0, this.options.gid ?? 0);
    if (pid < 0) throw new Error(`task_create = ${pid}`);
    const p = new Process(pid, spec.argv, spec.env ?? []);
    this.instantiate(p, spec.module);
    this.procs.set(pid, p);
    this.makeRunnable(p);
    return p;
  }

  /** A new instance of module for process p (spawn, fork, exec), its imports bound to p. */
  private instantiate(p: Process, module: WebAssembly.Module) {
    const imports = {
      linux: { int80: (eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number) =>
        this.int80(p, eax, ebx, ecx, edx, esi, edi, ebp) },
      wasi_snapshot_preview1: wasiImports(this, p),
    };
    p.module = module;
    p.instance = new WebAssembly.Instance(module, imports);
    p.memory = p.instance.exports.memory as WebAssembly.Memory;
    p.u8 = new Uint8Array(p.memory.buffer);
    p.dv = new DataView(p.memory.buffer);
    const data = p.instance.exports.__int80_asyncify_data as WebAssembly.Global | undefined;
    const size = p.instance.exports.__int80_asyncify_data_size as (() => number) | undefined;
    // the same region is the WASI adapters' scratch room while the process runs
    p.scratch = data ? (data.value as number) : 0;
    p.asyncifyData = p.asyncifyDataSize = 0;
    if (data && size && typeof p.instance.exports.asyncify_start_unwind === "function") {
      p.asyncifyData = data.value as number;
      p.asyncifyDataSize = size();
    }
    // the libc's signal frame mailbox (libc/src/int80.c); without one, the host calls handlers
    const frame = p.instance.exports.__int80_sigframe as WebAssembly.Global | undefined;
    p.sigframe = frame ? (frame.value as number) : 0;
    this.kernel.task_set_sigframe(p.pid, p.sigframe);
  }

  /**
   * A process with memory but no program, for tools that issue syscalls themselves (the
   * fuzzer): its calls never block here (a -ERESTARTSYS result is returned as is).
   */
  spawnBare(memoryPages = 16): Process {
    const pid = this.kernel.task_create(this.options.uid ?? 0, this.options.gid ?? 0);
    if (pid < 0) throw new Error(`task_create = ${pid}`);
    const p = new Process(pid, ["bare"], []);
    p.memory = new WebAssembly.Memory({ initial: memoryPages });
    p.u8 = new Uint8Array(p.memory.buffer);
    p.dv = new DataView(p.memory.buffer);
    this.procs.set(pid, p);
    p.state = State.Blocked;
    return p;
  }

  /** One syscall from a bare process: the kernel's answer, signals and exits applied. */
  syscallBare(p: Process, nr: number, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0): number {
    this.enterUser(p);
    const ret = this.kernel.int80(p.pid, 0, nr, a, b, c, d, e, f);
    if (p.exitRequested >= 0) this.finish(p, (p.exitRequested >> 8) & 0xff, p.exitRequested & 0x7f);
    else if (p.pendingSignal) {
      const sig = p.pendingSignal;
      p.pendingSignal = 0;
      if (p.pendingHandler === 0) this.finish(p, 0, sig);
    }
    return ret;
  }

  private makeRunnable(p: Process) {
    if (p.state === State.Exited) return;
    if (!p.instance) return; // a bare process has nothing to run
    if (p.state === State.Blocked) {
      p.restarting = true;
      if (p.timer !== null) {
        this.options.clearTimer?.(p.timer);
        p.timer = null;
        this.timers--;
      }
    }
    p.state = State.Runnable;
    this.runQueue.push(p);
    if (this.wakeWaiter) {
      const w = this.wakeWaiter;
      this.wakeWaiter = null;
      w();
    }
  }

  /**
   * The trap. Called by a process's linux.int80 import (`adapter` false) and by the WASI
   * adapters (`adapter` true: the kernel delivers no signal frame to a call the libc did
   * not make). Returns eax; unwinds the process when the call must wait or forks.
   */
  int80(p: Process, eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number, adapter = false): number {
    let flags = adapter ? ENTRY_NO_SIGNALS : 0;
    if (p.restarting) {
      // rewinding into this call: stop the rewind, then re-issue the syscall, or return
      // what the call already returned (fork: the child's pid in the parent, 0 in the child)
      (p.instance.exports as any).asyncify_stop_rewind();
      p.restarting = false;
      if (p.resumeValue !== null) {
        const v = p.resumeValue;
        p.resumeValue = null;
        return v;
      }
      flags |= ENTRY_RESTART;
    }
    this.enterUser(p);
    const tracer = this.tracer;
    let args = NO_ARGS; // built only when a tracer is set: no allocation per syscall
    if (tracer) {
      args = [ebx, ecx, edx, esi, edi, ebp];
      if (!(flags & ENTRY_RESTART)) tracer.enter(p, eax, args);
      else tracer.resume?.(p, eax, args);
    }
    const ret = this.kernel.int80(p.pid, flags, eax, ebx, ecx, edx, esi, edi, ebp);
    if (ret === -ERESTARTSYS && this.kernel.task_blocked(p.pid)) {
      if (tracer) tracer.exit(p, eax, args, ret, true);
      this.block(p, eax, [ebx, ecx, edx, esi, edi, ebp]);
      return 0;
    }
    if (tracer) this.traceExit(tracer, p, eax, args, ret);
    if (p.exitRequested >= 0) throw new ProcessExit(p.exitRequested);
    if (p.pendingSignal) this.deliverSignal(p);
    if (p.forkChild) {
      // fork(2): unwind to _start so that the stack can be copied (step finishes the fork)
      p.resumeValue = ret;
      this.unwind(p, State.Forking);
      return 0;
    }
    if (p.exec?.result !== undefined && ret === 0) throw new ExecImage();
    return ret;
  }

  /**
   * strace's view of a call's end: the kernel's restart code when a signal interrupted it
   * (`= ? ERESTARTSYS`), then the `--- SIG... ---` line of the frame the kernel wrote.
   */
  private traceExit(tracer: Tracer, p: Process, nr: number, args: number[], ret: number) {
    let sig = 0;
    if (p.sigframe) {
      p.views();
      sig = p.dv.getInt32(p.sigframe, true);
    }
    if (!sig) return tracer.exit(p, nr, args, ret, false);
    const raw = this.kernel.syscall_restart_code();
    tracer.exit(p, nr, args, raw || ret, false);
    const info = p.sigframe + 24;
    tracer.signal?.(p, sig, { code: p.dv.getInt32(info + 8, true), pid: p.dv.getInt32(info + 12, true),
      uid: p.dv.getUint32(info + 16, true), status: p.dv.getInt32(info + 20, true) });
  }

  /** The host's own syscall (WASI adapters): never a signal frame, never blocks. */
  adapterSyscall(p: Process, nr: number, a = 0, b = 0, c = 0, d = 0): number {
    return this.int80(p, nr, a, b, c, d, 0, 0, true);
  }

  /** The older signal protocol (a libc without __int80_sigframe): the host calls the handler. */
  private deliverSignal(p: Process) {
    const sig = p.pendingSignal, handler = p.pendingHandler;
    p.pendingSignal = 0;
    if (handler === 0) throw new ProcessExit(sig); // a default action that terminates
    const table = p.instance.exports.__indirect_function_table as WebAssembly.Table | undefined;
    const fn = table?.get(handler);
    if (typeof fn === "function") fn(sig);
  }

  private block(p: Process, nr: number, args: number[]) {
    if (!p.asyncifyData) {
      // built without asyncify (int80 cc -mno-asyncify): it cannot wait, so it ends here
      p.trapMessage = `syscall ${nr} must wait, and the program was built without asyncify (-mno-asyncify)`;
      throw new ProcessExit(9);
    }
    p.blockedNr = nr;
    p.blockedArgs = args;
    const deadline = this.kernel.task_timeout(p.pid);
    if (deadline >= 0 && this.options.setTimer) {
      const ms = Math.max(0, (deadline - this.io.now()) / 1e6);
      this.timers++;
      p.timer = this.options.setTimer(ms, () => {
        p.timer = null;
        this.timers--;
        this.enterUser(p);
        this.kernel.task_timer_expired(p.pid);
      });
    }
    this.unwind(p, State.Blocked);
  }

  /** Start unwinding the process's stack into its asyncify data (it returns to step). */
  private unwind(p: Process, state: State) {
    p.state = state;
    const exp = p.instance.exports as any;
    p.views();
    const base = p.asyncifyData;
    p.dv.setUint32(base, base + 8, true);
    p.dv.setUint32(base + 4, base + p.asyncifyDataSize, true);
    exp.asyncify_start_unwind(base);
  }

  // ---- fork (kernel/fork.c's copy_process asks; the host copies the instance) ----

  /**
   * process_fork from the kernel, inside the parent's fork call: make the child's process
   * and instance now (so that failure is the parent's -ENOMEM); its memory and globals are
   * copied once the parent has unwound (completeFork).
   */
  forkPrepare(parent: Process, childPid: number): number {
    const child = new Process(childPid, parent.argv, parent.env);
    child.parent = parent;
    child.consolePid = parent.consolePid;
    try {
      if (!parent.instance) {
        // a bare process (the fuzzer): memory only, copied now
        child.memory = new WebAssembly.Memory({ initial: parent.memory.buffer.byteLength >> 16 });
        child.u8 = new Uint8Array(child.memory.buffer);
        child.dv = new DataView(child.memory.buffer);
        child.u8.set(new Uint8Array(parent.memory.buffer));
        child.state = State.Blocked;
        this.procs.set(childPid, child);
        return 0;
      }
      // Unlike Linux, a program built without asyncify (-mno-asyncify) cannot fork
      if (!parent.asyncifyData || !parent.module) return -ENOSYS;
      this.instantiate(child, parent.module);
      const pages = (parent.memory.buffer.byteLength - child.memory.buffer.byteLength) >> 16;
      if (pages > 0) child.memory.grow(pages);
      child.u8 = new Uint8Array(child.memory.buffer);
      child.dv = new DataView(child.memory.buffer);
    } catch (e) {
      if (e instanceof RangeError || e instanceof WebAssembly.RuntimeError) return -ENOMEM;
      throw e;
    }
    parent.forkChild = child;
    this.procs.set(childPid, child);
    return 0;
  }

  /** The parent has unwound out of fork: copy memory and mutable globals, queue the child. */
  private completeFork(parent: Process) {
    const child = parent.forkChild!;
    parent.forkChild = null;
    parent.views();
    child.views();
    copyMemory(parent, child);
    const pe = parent.instance.exports as Record<string, unknown>;
    const ce = child.instance.exports as Record<string, unknown>;
    for (const name in pe) {
      if (!name.startsWith(FORK_GLOBAL_PREFIX) && name !== "__stack_pointer") continue;
      (ce[name] as WebAssembly.Global).value = (pe[name] as WebAssembly.Global).value;
    }
    this.enterUser(child);
    this.kernel.task_fork_tail(child.pid); // CLONE_CHILD_SETTID
    this.tracer?.fork?.(parent, child);
    // both rewind into the trap: the parent gets the child's pid, the child 0
    child.resumeValue = 0;
    child.restarting = true;
    child.state = State.Runnable;
    this.runQueue.push(child);
    parent.restarting = true;
    parent.state = State.Runnable;
  }

  // ---- execve (fs/exec.c asks for the program; the host loads and starts it) ----

  /**
   * process_exec from the kernel: 0 when the program is loaded (the image is replaced
   * when the call returns), 1 while it loads (the task sleeps; task_exec_ready wakes it),
   * or -errno. The binprm (kernel memory): u32 argc, u32 envc, NUL-terminated filename,
   * argv strings, envp strings.
   */
  execPrepare(p: Process, bprm: number, len: number): number {
    this.kviews();
    const bytes = this.k8.subarray(bprm, bprm + len);
    const argc = this.kdv.getUint32(bprm, true), envc = this.kdv.getUint32(bprm + 4, true);
    const strs: string[] = [];
    const dec = new TextDecoder();
    for (let off = 8; off < len && strs.length < 1 + argc + envc;) {
      let end = bytes.indexOf(0, off);
      if (end < 0) end = len;
      strs.push(dec.decode(bytes.subarray(off, end)));
      off = end + 1;
    }
    const [path, ...rest] = strs;
    const req = p.exec;
    if (req && req.path === path && req.result === undefined) return 1; // still loading
    if (req && req.path === path) {
      // the restarted call after loading
      if (typeof req.result === "number") {
        p.exec = null;
        return req.result;
      }
      req.argv = rest.slice(0, argc);
      req.env = rest.slice(argc);
      return 0;
    }
    if (!p.instance || !this.options.loadProgram) return -ENOENT;
    const r = this.options.loadProgram(path);
    if (typeof r === "number") return r;
    const q: ExecRequest = { path, argv: rest.slice(0, argc), env: rest.slice(argc) };
    p.exec = q;
    this.timers++; // the load keeps the run alive
    r.then((m) => { q.result = m; }, () => { q.result = -ENOEXEC; }).finally(() => {
      this.timers--;
      if (p.exec !== q || p.exited) return;
      this.enterUser(p);
      this.kernel.task_exec_ready(p.pid);
    });
    return 1;
  }

  /** The point of no return passed: the process continues as the new program, same pid. */
  private execReplace(p: Process) {
    const req = p.exec!;
    p.exec = null;
    p.argv = req.argv;
    p.env = req.env;
    p.restarting = false;
    p.resumeValue = null;
    this.instantiate(p, req.result as WebAssembly.Module);
    this.tracer?.exec?.(p);
  }

  // ---- ITIMER_REAL (alarm, setitimer) ----

  private itimerArm(p: Process, ns: number) {
    if (p.itimer !== null) {
      this.options.clearTimer?.(p.itimer);
      p.itimer = null;
      this.timers--;
    }
    if (ns < 0 || !this.options.setTimer) return;
    this.timers++;
    p.itimer = this.options.setTimer(Math.max(0, (ns - this.io.now()) / 1e6), () => {
      p.itimer = null;
      this.timers--;
      if (p.exited) return;
      this.enterUser(p);
      this.kernel.task_itimer_fired(p.pid); // SIGALRM, and the next period (itimer_arm again)
    });
  }

  /** Run the process until it blocks or ends. */
  private step(p: Process) {
    if (p.pendingSignal && p.pendingHandler === 0) {
      this.finish(p, 0, p.pendingSignal); // killed while it was not running
      return;
    }
    try {
      for (;;) {
        const exp = p.instance.exports as any;
        try {
          if (p.restarting) {
            p.views();
            exp.asyncify_start_rewind(p.asyncifyData);
          }
          exp._start();
        } catch (e) {
          if (!(e instanceof ExecImage)) throw e;
          this.execReplace(p);
          continue;
        }
        if (p.state === State.Blocked) {
          exp.asyncify_stop_unwind();
          return;
        }
        if (p.state === State.Forking) {
          exp.asyncify_stop_unwind();
          this.completeFork(p);
          continue; // rewind the parent now; the child waits its turn
        }
        // main returned 0: wasi-libc's _start returns instead of calling exit; the process
        // still leaves through exit_group(0), as a Linux libc's exit() would
        try {
          this.int80(p, NR_EXIT_GROUP, 0, 0, 0, 0, 0, 0);
        } catch (e) {
          if (!(e instanceof ProcessExit)) throw e;
        }
        this.finish(p, 0, 0);
        return;
      }
    } catch (e) {
      if (e instanceof ProcessExit) {
        if (e.status & 0x7f) this.finish(p, 0, e.status & 0x7f);
        else this.finish(p, (e.status >> 8) & 0xff, 0);
      } else if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
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
    if (p.timer !== null) {
      this.options.clearTimer?.(p.timer);
      p.timer = null;
      this.timers--;
    }
    if (p.itimer !== null) {
      this.options.clearTimer?.(p.itimer);
      p.itimer = null;
      this.timers--;
    }
    if (p.forkChild) {
      // killed in the middle of fork: the child never ran
      const c = p.forkChild;
      p.forkChild = null;
      this.finish(c, 0, 9);
    }
    p.exec = null;
    this.enterUser(p);
    this.kernel.task_exit(p.pid, p.waitStatus); // closes its files; a zombie for its parent
    this.tracer?.exitProcess?.(p, code, signal);
  }

  /** Run every process until all have exited. Resolves to the processes in spawn order. */
  async run(opts: { deadline?: number } = {}): Promise<Process[]> {
    for (;;) {
      while (this.runQueue.length) {
        const p = this.runQueue.shift()!;
        if (p.state !== State.Runnable) continue;
        this.step(p);
      }
      const alive = [...this.procs.values()].filter((p) => !p.exited);
      if (alive.length === 0) break;
      if (this.timers === 0) throw new DeadlockError(this, alive);
      await new Promise<void>((resolve) => { this.wakeWaiter = resolve; });
    }
    return [...this.procs.values()];
  }

  /** Kill a process as SIGKILL would (e.g. on --timeout). */
  kill(p: Process, sig = 9) {
    this.finish(p, 0, sig);
  }
}

/**
 * The child's memory becomes the parent's. Unlike Linux, which shares pages copy-on-write,
 * the bytes are copied -- all but the dead part of the stack: below the parent's stack
 * pointer (__stack_low up to __stack_pointer) nothing is live, and a fresh memory is zero
 * there already. Most of a small process's memory is that stack, and every page the host
 * leaves alone is a page fault it does not take.
 */
function copyMemory(parent: Process, child: Process) {
  const src = parent.u8, dst = child.u8;
  const ex = parent.instance.exports;
  const low = ex.__stack_low as WebAssembly.Global | undefined;
  const sp = ex.__stack_pointer as WebAssembly.Global | undefined;
  if (!low || !sp) return dst.set(src);
  const lo = low.value as number, live = (sp.value as number) & ~4095;
  if (lo > 0) dst.set(src.subarray(0, lo));
  dst.set(src.subarray(Math.max(lo, live)), Math.max(lo, live));
}

export class DeadlockError extends Error {
  constructor(readonly machine: Machine, readonly blocked: Process[]) {
    super("deadlock: every process is blocked and nothing can wake them");
  }
}

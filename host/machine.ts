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
import { populateRootfs } from "./initramfs.js";
import { wasiImports } from "./wasi.js";

export const ERESTARTSYS = 512;
const NR_EXIT_GROUP = 252;
const NO_ARGS: number[] = [];
const PAGE_SIZE = 4096;

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
}

/** A tracer sees every syscall (strace); tracing is a wrapper, not code in handlers. */
export interface Tracer {
  enter(proc: Process, nr: number, args: number[]): void;
  exit(proc: Process, nr: number, args: number[], ret: number, blocked: boolean): void;
  /** a call that blocked is re-issued (after enter, exit(blocked) earlier) */
  resume?(proc: Process, nr: number, args: number[]): void;
  exitProcess?(proc: Process, status: number, signal: number): void;
}

export interface ProcessSpec {
  module: WebAssembly.Module;
  argv: string[];
  env?: string[];
}

const enum State { New, Runnable, Blocked, Exited }

class ProcessExit {
  constructor(readonly status: number) {}
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

  constructor(pid: number, argv: string[], env: string[]) {
    this.pid = pid;
    this.argv = argv;
    this.env = env;
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
  task_create(pid: number, uid: number, gid: number): number;
  task_exit(pid: number): void;
  task_timeout(pid: number): number;
  task_timer_expired(pid: number): void;
  task_blocked(pid: number): number;
  set_socketcall_alias(nr: number): void;
  kmem_bytes(): number;
  kmem_objects(): number;
  ktrace_enable(on: number): void;
  pcap_enable(on: number): void;
  initramfs_buf(): number;
  initramfs_entry(mode: number, dev: number, pathlen: number, datalen: number): number;
  fs_tree_objects(): number;
  fs_check_idle(): number;
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
}

export class Machine {
  readonly kernel: KernelExports;
  readonly procs = new Map<number, Process>();
  private nextPid = 100;
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
    populateRootfs(this.kernel);
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
        self.io.write(pid, fd, self.k8.slice(buf, buf + len));
      },
      console_read(pid: number, buf: number, len: number): number {
        const data = self.io.read(pid, len);
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
        // another process: a fatal signal ends it before it runs again (see step)
        if (p !== self.current && p.state === State.Blocked) self.makeRunnable(p);
      },
      process_exit(pid: number, status: number) {
        const p = self.procs.get(pid);
        if (p) p.exitRequested = status;
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

  /** Start a process: instantiate its module, create its task, queue it to run. */
  spawn(spec: ProcessSpec): Process {
    const pid = this.nextPid++;
    const p = new Process(pid, spec.argv, spec.env ?? []);
    const imports = {
      linux: { int80: (eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number) =>
        this.int80(p, eax, ebx, ecx, edx, esi, edi, ebp) },
      wasi_snapshot_preview1: wasiImports(this, p),
    };
    p.instance = new WebAssembly.Instance(spec.module, imports);
    p.memory = p.instance.exports.memory as WebAssembly.Memory;
    p.u8 = new Uint8Array(p.memory.buffer);
    p.dv = new DataView(p.memory.buffer);
    const data = p.instance.exports.__int80_asyncify_data as WebAssembly.Global | undefined;
    const size = p.instance.exports.__int80_asyncify_data_size as (() => number) | undefined;
    // the same region is the WASI adapters' scratch room while the process runs
    if (data) p.scratch = data.value as number;
    if (data && size && typeof p.instance.exports.asyncify_start_unwind === "function") {
      p.asyncifyData = data.value as number;
      p.asyncifyDataSize = size();
    }
    const err = this.kernel.task_create(pid, this.options.uid ?? 0, this.options.gid ?? 0);
    if (err < 0) throw new Error(`task_create(${pid}) = ${err}`);
    this.procs.set(pid, p);
    this.makeRunnable(p);
    return p;
  }

  /**
   * A process with memory but no program, for tools that issue syscalls themselves (the
   * fuzzer): its calls never block here (a -ERESTARTSYS result is returned as is).
   */
  spawnBare(memoryPages = 16): Process {
    const pid = this.nextPid++;
    const p = new Process(pid, ["bare"], []);
    p.memory = new WebAssembly.Memory({ initial: memoryPages });
    p.u8 = new Uint8Array(p.memory.buffer);
    p.dv = new DataView(p.memory.buffer);
    const err = this.kernel.task_create(pid, this.options.uid ?? 0, this.options.gid ?? 0);
    if (err < 0) throw new Error(`task_create(${pid}) = ${err}`);
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
   * The trap. Called by a process's linux.int80 import and by the WASI adapters.
   * Returns eax; unwinds the process when the call must wait.
   */
  int80(p: Process, eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number): number {
    let restart = 0;
    if (p.restarting) {
      // rewinding into this call: stop the rewind and re-issue the syscall
      (p.instance.exports as any).asyncify_stop_rewind();
      p.restarting = false;
      restart = 1;
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
    if (ret === -ERESTARTSYS && this.kernel.task_blocked(p.pid)) {
      if (tracer) tracer.exit(p, eax, args, ret, true);
      this.block(p, eax, [ebx, ecx, edx, esi, edi, ebp]);
      return 0;
    }
    if (tracer) tracer.exit(p, eax, args, ret, false);
    if (p.exitRequested >= 0) throw new ProcessExit(p.exitRequested);
    if (p.pendingSignal) this.deliverSignal(p);
    return ret;
  }

  private deliverSignal(p: Process) {
    const sig = p.pendingSignal, handler = p.pendingHandler;
    p.pendingSignal = 0;
    if (handler === 0) throw new ProcessExit(sig); // SIG_DFL of SIGPIPE: terminate
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
    p.state = State.Blocked;
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
    const exp = p.instance.exports as any;
    p.views();
    const base = p.asyncifyData;
    p.dv.setUint32(base, base + 8, true);
    p.dv.setUint32(base + 4, base + p.asyncifyDataSize, true);
    exp.asyncify_start_unwind(base);
  }

  /** Run the process until it blocks or ends. */
  private step(p: Process) {
    if (p.pendingSignal && p.pendingHandler === 0) {
      this.finish(p, 0, p.pendingSignal); // killed while it was not running
      return;
    }
    const exp = p.instance.exports as any;
    try {
      if (p.restarting) {
        p.views();
        exp.asyncify_start_rewind(p.asyncifyData);
      }
      exp._start();
      if (p.state === State.Blocked) {
        exp.asyncify_stop_unwind();
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
    if (p.timer !== null) {
      this.options.clearTimer?.(p.timer);
      p.timer = null;
      this.timers--;
    }
    this.enterUser(p);
    this.kernel.task_exit(p.pid); // closes its files: peers see EOF / ECONNRESET
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

export class DeadlockError extends Error {
  constructor(readonly machine: Machine, readonly blocked: Process[]) {
    super("deadlock: every process is blocked and nothing can wake them");
  }
}

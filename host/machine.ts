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
//   fork.ts      fork's copy of an instance (memory, globals)
//   uaccess.ts   copy_from_user & co.
//   sched.ts     the run queue and the timers
//   signal.ts    acting on the signals the kernel reports
//   deadlock.ts  every process blocked and nothing to wake them
//   kernel.ts    the kernel's exports (typed from asc's output) and imports
//
// This file is isomorphic: no Node APIs. Streams, files and timers come in through
// MachineIO and MachineOptions (host/node/ provides the Node ones).
import { wasiImports } from "./wasi.js";
import { populateRootfs } from "./initramfs.js";
import { Process, ProcessExit, ProcessSpec, State, ExecRequest } from "./process.js";
import { copyInstance } from "./fork.js";
import { UserAccess } from "./uaccess.js";
import { Scheduler, SLICE_MS } from "./sched.js";
import { deliverSignal, fatalSignal, signalPending } from "./signal.js";
import { checkDeadlock, describeBlocked, leftWaiting } from "./deadlock.js";
import { KernelExports, KernelImports, KernelStrings } from "./kernel.js";
import type { Tracer } from "./trace/tracer.js";
import { SYSCALL_NAMES } from "./generated/syscalls.js";
import type { HostFs, HostAttr, MountSpec } from "./hostfs.js";

/**
 * The kernel aborted (an AssemblyScript abort: a failed assertion or allocation). Like a
 * Linux oops it ends the calling process, with SIGSEGV's status and a "kernel BUG" report
 * naming the syscall and its arguments; the other processes and the run go on.
 */
export class KernelOops extends Error {}

/** Longest host timer (setTimeout's limit, 2^31 - 1 ms): longer waits are re-armed. */
const MAX_TIMER_MS = 0x7fffffff;

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** An import object that resolves only its own names (never Object.prototype's). */
function ownOnly<T extends object>(o: T): T {
  return Object.assign(Object.create(null), o);
}

export type { Process, ProcessSpec } from "./process.js";
export type { Tracer } from "./trace/tracer.js";

export const ERESTARTSYS = 512;
const SIGTERM = 15;
/** syscalls between two looks at the clock for the end of a slice */
const SYSCALLS_PER_CLOCK_CHECK = 16;
/** sched_yield(2)'s i386 number (syscall_32.tbl). */
const NR_SCHED_YIELD = 158;
const NR_EXIT_GROUP = 252;
const NR_EXIT = 1;
/** host_process_exit's bit (assembly/kernel/exit.ts EXIT_THREAD_ONLY): only this thread ends */
const EXIT_THREAD_ONLY = 0x10000;
const EINVAL = 22;
const NO_ARGS: number[] = [];
const ENOMEM = 12;
const ENOSYS = 38;
const ENOENT = 2;
const ENOEXEC = 8;
const EIO = 5;
const EROFS = 30;
const ERRNO_TEXT: Record<number, string> = { 1: "EPERM", 2: "ENOENT", 13: "EACCES", 16: "EBUSY", 20: "ENOTDIR", 22: "EINVAL", 28: "ENOSPC", 39: "ENOTEMPTY" };
function errnoText(e: number): string { return ERRNO_TEXT[e] ?? `errno ${e}`; }
/** int80 entry flags (assembly/index.ts): a restarted call; a call from a WASI adapter */
const ENTRY_RESTART = 1;
const ENTRY_NO_SIGNALS = 2;

/** execve(2) reached its point of no return: the process's instance is replaced. */
class ExecImage {}
const SIGSEGV = 11;
/** console_state bits (assembly/kernel/console.ts) */
const CONSOLE_WRITABLE = 4;
const CONSOLE_END = 2;

/** What the machine needs from its environment. */
export interface MachineIO {
  /**
   * bytes a process wrote to its stdout (fd 1) or stderr (fd 2). `pid` is the process whose
   * console it is (the one the run started: a forked child writes to its parent's console,
   * as an inherited descriptor does); `writer` the process that wrote (for "[pid N]" prefixes).
   */
  write(pid: number, fd: number, bytes: Uint8Array, writer?: number): number | void;
  /**
   * up to max bytes of the process's stdin, null at EOF, or -EAGAIN when none has come yet
   * (the io calls its host's wake() when some does). Called only for the process whose
   * fd 0 is the host's stdin (MachineOptions.stdinProcess).
   */
  read(pid: number, max: number): Uint8Array | null | number;
  /**
   * what stream fd can do now, as CONSOLE_* bits (assembly/kernel/console.ts): stdin has
   * bytes (1) or ended (2), is a pipe (16); stdout takes bytes (4) or lost its reader
   * (32); the host's stream is a terminal (8). Default: a file at its end, writable.
   * `waiting`: a poll sleeps unless something is ready (watch the stream, wake() on news).
   */
  state?(fd: number, waiting?: boolean): number;
  /** the terminal's size: rows << 16 | columns, 0 when unknown */
  winsize?(fd: number): number;
  /**
   * The machine gives the io its hooks: wake() when stdin has bytes or ended or stdout
   * drained (the kernel wakes the tasks waiting on the console); hold() while the run
   * must wait for the io (returns the release), as for a timer.
   */
  attach?(host: { wake(): void; hold(): () => void }): void;
  /** monotonic nanoseconds */
  now(): number;
  /** wall clock nanoseconds since the epoch */
  realtime(): number;
  /** whether the host's fd 0/1/2 is a terminal (CONSOLE_TTY; stdio buffering follows it) */
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
  /**
   * execve(2)'s loader: -errno at once (ENOENT, EACCES, ENOEXEC) or the program's module
   * (a .wasm read, a .c compiled through the cache). Without one, execve is -ENOENT.
   */
  loadProgram?: (path: string) => number | Promise<WebAssembly.Module>;
  /** host directories to mount (--mount) and the file system that reaches them (none in a browser) */
  mounts?: MountSpec[];
  hostfs?: HostFs;
  /** which spawned process (0-based, in spawn order) has the host's stdin as fd 0; -1: none (default 0) */
  stdinProcess?: number;
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
  private readonly sched: Scheduler;
  private current: Process | null = null;
  /** the window the uaccess imports work on: kernel memory and the current process's */
  private readonly ua = new UserAccess();
  private io: MachineIO;
  tracer: Tracer | null;
  readonly options: MachineOptions;
  /** receives the kernel's tracepoints when --ktrace is on */
  ktraceSink: ((name: string, level: number, p: Process | null) => void) | null = null;
  /** receives every packet eth0 sends (the host's gateway, host/net/slirp.ts) */
  netSink: ((packet: Uint8Array) => void) | null = null;
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
  /** processes spawned so far, and the pid whose fd 0 is the host's stdin (-1: none) */
  private spawned = 0;
  stdinPid = -1;

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
    options.io.attach?.({ wake: () => this.kernel.console_wake(), hold: () => this.sched.hold() });
    populateRootfs(this.kernel);
    this.mountAll(options.mounts ?? []);
    this.kmemBaseline = this.kernel.kmem_objects();
    if (options.socketcallNr !== undefined) this.kernel.set_socketcall_alias(options.socketcallNr);
  }

  /**
   * Mount each host directory (fs/hostfs.ts hostfs_mount). A mount that cannot be made is a
   * configuration error: it throws before any process runs, naming the --mount.
   */
  private mountAll(mounts: MountSpec[]) {
    if (!mounts.length) return;
    const hostfs = this.options.hostfs;
    if (!hostfs) throw new Error("--mount: this host has no file system to mount");
    for (const m of mounts) {
      const r = hostfs.mountRoot(m.host);
      if (typeof r === "number") throw new Error(`--mount ${m.host}:${m.guest}: ${errnoText(-r)} (the host directory)`);
      this.putAttr(this.kernel.hostfs_attr_buf(), r.attr);
      const p = new TextEncoder().encode(m.guest);
      const buf = this.kernel.initramfs_buf();
      new Uint8Array(this.kernel.memory.buffer).set(p, buf);
      const err = this.kernel.hostfs_mount(r.node, buf, p.length, !m.rw);
      if (err < 0) throw new Error(`--mount ${m.host}:${m.guest}: ${errnoText(-err)} (the guest directory)`);
    }
  }

  /** fs/hostfs.ts HOSTFS_ATTR_* */
  private putAttr(at: number, a: HostAttr) {
    const dv = new DataView(this.kernel.memory.buffer);
    dv.setUint32(at, a.mode, true);
    dv.setUint32(at + 4, a.nlink, true);
    dv.setUint32(at + 8, a.ino >>> 0, true);
    dv.setFloat64(at + 16, a.size, true);
    dv.setFloat64(at + 24, a.atimeNs, true);
    dv.setFloat64(at + 32, a.mtimeNs, true);
    dv.setFloat64(at + 40, a.ctimeNs, true);
  }

  /** A static AssemblyScript string in kernel memory (a tracepoint's name). */
  kstring(ptr: number): string {
    return this.kstrings.get(ptr);
  }

  setPcap(sink: ((packet: Uint8Array, ns: number) => void) | null) {
    this.pcapSink = sink;
    this.kernel.pcap_enable(sink ? 1 : 0);
  }

  /**
   * Give the guests eth0 (drivers/net/hostnet.ts); what it sends goes to sink. Packets for
   * the guests come back through netRx.
   */
  enableHostNet(sink: (packet: Uint8Array) => void) {
    this.netSink = sink;
    this.kernel.hostnet_init();
    // the gateway's name server (host/net/slirp.ts), as QEMU's user network gives it
    populateRootfs(this.kernel, [[0o100644, 0, "/etc/resolv.conf", "nameserver 10.0.2.3\n"]]);
  }

  /**
   * One IPv4 packet received on eth0: into kernel memory, then netif_rx and the softirq
   * (hostnet_rx), which wakes the tasks it concerns. Called only between system calls
   * (from a host event or a microtask), never from inside a kernel import.
   */
  netRx(packet: Uint8Array) {
    const at = this.kernel.hostnet_rx_alloc(packet.length);
    if (!at) return; // no memory for it: dropped, as a full queue drops
    this.ua.kviews();
    this.ua.k8.set(packet, at);
    try {
      this.kernel.hostnet_rx();
    } catch (e) {
      // a kernel abort in the receive path: reported, the run goes on (the packet is lost)
      this.io.write(0, 2, new TextEncoder().encode(`int80: kernel BUG in hostnet_rx: ${e instanceof Error ? e.message : String(e)}\n`));
    }
  }

  /** Something outside the processes can still wake them (host sockets): the run waits for it. */
  hold(): () => void {
    return this.sched.hold();
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
      console_write(pid: number, fd: number, buf: number, len: number): number {
        ua.kviews();
        const owner = self.procs.get(pid)?.consolePid ?? pid;
        const r = self.io.write(owner, fd, ua.k8.slice(buf, buf + len), pid);
        return typeof r === "number" && r < 0 ? r : len;
      },
      console_read(pid: number, buf: number, len: number): number {
        // only the process the run gave the host's stdin reads it; the others read EOF
        if ((self.procs.get(pid)?.consolePid ?? pid) !== self.stdinPid) return 0;
        const data = self.io.read(self.stdinPid, len);
        if (typeof data === "number") return data;
        if (!data) return 0;
        ua.kviews();
        ua.k8.set(data.subarray(0, len), buf);
        return Math.min(len, data.length);
      },
      console_state(pid: number, fd: number, waiting: number): number {
        if (fd === 0 && (self.procs.get(pid)?.consolePid ?? pid) !== self.stdinPid) return CONSOLE_END; // /dev/null
        return self.io.state ? self.io.state(fd, waiting !== 0) : fd === 0 ? CONSOLE_END : CONSOLE_WRITABLE;
      },
      console_winsize(fd: number): number {
        return self.io.winsize?.(fd) ?? 0;
      },
      wake_up_process(pid: number) {
        const p = self.procs.get(pid);
        if (p && p.state === State.Blocked) self.sched.makeRunnable(p);
      },
      signal_deliver(pid: number, sig: number, handler: number) {
        const p = self.procs.get(pid);
        if (p && signalPending(p, sig, handler)) self.sched.makeRunnable(p);
      },
      process_exit(pid: number, status: number) {
        const p = self.procs.get(pid);
        if (p) p.exitRequested = status;
      },
      process_clone_thread(parentTid: number, childTid: number, newsp: number, tls: number): number {
        const p = self.procs.get(parentTid);
        return p ? self.cloneThread(p, childTid, newsp >>> 0, tls >>> 0) : -ENOSYS;
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
        if (!p) return;
        if (ns < 0) return self.sched.disarmItimer(p);
        self.sched.armItimer(p, Math.max(0, (ns - self.io.now()) / 1e6), () => {
          if (p.exited) return;
          // SIGALRM, and the next period (itimer_arm again)
          self.onBehalfOf(p, "timer", () => self.kernel.task_itimer_fired(p.pid));
        });
      },
      ktrace_event(name: number, level: number) {
        self.ktraceSink?.(self.kstring(name), level, self.current);
      },
      net_xmit(data: number, len: number) {
        ua.kviews();
        // the gateway never throws into the kernel: a packet it cannot take is dropped
        try { self.netSink?.(ua.k8.slice(data, data + len)); } catch { /* dropped */ }
      },
      pcap_packet(data: number, len: number, ns: number) {
        ua.kviews();
        self.pcapSink?.(ua.k8.subarray(data, data + len), ns);
      },
      // mmap2's memory (assembly/mm/mmap.ts): a block from the process's own allocator
      // (libc's exported __int80_mm_alloc: page-aligned, zeroed); it may grow the
      // process's memory, so the user views are taken again. A bare process (the fuzzer's)
      // has no instance, hence no allocator: ENOMEM (once a TypeError out of mmap2).
      vm_alloc(len: number): number {
        const p = self.current;
        const alloc = p?.instance?.exports.__int80_mm_alloc;
        if (!p || typeof alloc !== "function") return 0;
        let addr = 0;
        p.nested++; // inside a syscall: no preemption point may unwind it
        try { addr = (alloc as (n: number) => number)(len >>> 0) >>> 0; } catch { addr = 0; } finally { p.nested--; }
        p.views();
        self.enterUser(p);
        return addr;
      },
      mm_shared(tgid: number, on: number) {
        const p = self.procs.get(tgid);
        if (p) p.group.shm = on !== 0;
      },
      vm_free(addr: number) {
        const p = self.current;
        const free = p?.instance?.exports.__int80_mm_free;
        if (!p || typeof free !== "function") return;
        p.nested++;
        try { (free as (a: number) => void)(addr >>> 0); } catch { /* the process's heap is its own business */ } finally { p.nested--; }
      },
      // host directories (fs/hostfs.ts): only a machine with mounts gets these calls
      hostfs_lookup(dir: number, name: number, len: number, attr: number): number {
        const fs = self.options.hostfs;
        if (!fs) return -ENOENT;
        ua.kviews();
        const r = fs.lookup(dir, ua.k8.slice(name, name + len));
        if (typeof r === "number") return r;
        self.putAttr(attr, r.attr);
        return r.node;
      },
      hostfs_getattr(node: number, attr: number): number {
        const r = self.options.hostfs?.getattr(node) ?? -ENOENT;
        if (typeof r === "number") return r;
        self.putAttr(attr, r);
        return 0;
      },
      hostfs_read(node: number, buf: number, len: number, pos: number): number {
        const fs = self.options.hostfs;
        if (!fs) return -EIO;
        ua.kviews();
        return fs.read(node, ua.k8.subarray(buf, buf + len), pos);
      },
      hostfs_write(node: number, buf: number, len: number, pos: number): number {
        const fs = self.options.hostfs;
        if (!fs) return -EIO;
        ua.kviews();
        return fs.write(node, ua.k8.subarray(buf, buf + len), pos);
      },
      hostfs_readdir(node: number, index: number, buf: number, len: number): number {
        const r = self.options.hostfs?.readdir(node, index) ?? -ENOENT;
        if (r === null) return 0;
        if (typeof r === "number") return r;
        const n = Math.min(r.name.length, len - 8);
        ua.kviews();
        const dv = new DataView(ua.k8.buffer);
        dv.setUint32(buf, r.ino >>> 0, true);
        dv.setUint32(buf + 4, r.type, true);
        ua.k8.set(r.name.subarray(0, n), buf + 8);
        return n;
      },
      hostfs_readlink(node: number, buf: number, len: number): number {
        const r = self.options.hostfs?.readlink(node) ?? -ENOENT;
        if (typeof r === "number") return r;
        const n = Math.min(r.length, len);
        ua.kviews();
        ua.k8.set(r.subarray(0, n), buf);
        return n;
      },
      hostfs_op(op: number, dir: number, name: number, len: number, node2: number, name2: number, len2: number, arg: number): number {
        const fs = self.options.hostfs;
        if (!fs) return -EROFS;
        ua.kviews();
        return fs.op(op, dir, ua.k8.slice(name, name + len), node2, ua.k8.slice(name2, name2 + len2), arg);
      },
      hostfs_forget(node: number) {
        self.options.hostfs?.forget(node);
      },
      hostfs_statfs(node: number, buf: number): number {
        const r = self.options.hostfs?.statfs(node) ?? -ENOENT;
        if (typeof r === "number") return r;
        const dv = new DataView(self.kernel.memory.buffer);
        dv.setUint32(buf, r.type >>> 0, true);
        dv.setUint32(buf + 4, r.bsize >>> 0, true);
        dv.setBigUint64(buf + 8, BigInt(r.blocks), true);
        dv.setBigUint64(buf + 16, BigInt(r.bfree), true);
        dv.setBigUint64(buf + 24, BigInt(r.bavail), true);
        dv.setBigUint64(buf + 32, BigInt(r.files), true);
        dv.setBigUint64(buf + 40, BigInt(r.ffree), true);
        return 0;
      },
      ktime_get_ns: () => self.io.now(),
      ktime_get_real_ns: () => self.io.realtime(),
      abort(msg: number, file: number, line: number, col: number) {
        const text = msg ? self.kstring(msg) : "abort";
        const where = file ? self.kstring(file) : "kernel";
        throw new KernelOops(`kernel BUG at ${where}:${line}:${col}: ${text}`);
      },
    };
  }

  /** A new task (the kernel gives the pid: a child of the run, its own process group). */
  private newTask(): number {
    const pid = this.kernel.task_create(this.options.uid ?? 0, this.options.gid ?? 0);
    if (pid < 0) throw new Error(`task_create = ${pid}`);
    return pid;
  }

  /** Start a process: create its task, instantiate its module, queue it to run. */
  spawn(spec: ProcessSpec): Process {
    const p = new Process(this.newTask(), spec.argv, spec.env ?? []);
    this.procs.set(p.pid, p);
    if (this.spawned++ === (this.options.stdinProcess ?? 0)) this.stdinPid = p.pid;
    try {
      this.instantiate(p, spec.module);
    } catch (e) {
      // it cannot start (a LinkError, a trap in its start function): it ends alone, as a
      // process that faults at once
      p.trapMessage = `cannot start: ${e instanceof Error ? e.message : String(e)}`;
      p.setMemory(new WebAssembly.Memory({ initial: 1 }));
      this.finish(p, 0, SIGSEGV);
      return p;
    }
    this.sched.makeRunnable(p);
    return p;
  }

  /** A new instance of module for process p (spawn, fork, exec), its imports bound to p. */
  private instantiate(p: Process, module: WebAssembly.Module) {
    // imports resolve only to what we provide: a module importing linux.hasOwnProperty or
    // wasi_snapshot_preview1.constructor does not link
    // the import's caller is the group's running thread (all threads share this instance)
    p.running = p;
    p.instantiate(module, ownOnly({
      linux: ownOnly({
        // the running thread of this instance (p itself for a process with one thread)
        int80: (eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number) =>
          this.int80(p.running, eax, ebx, ecx, edx, esi, edi, ebp),
        // the preemption point (host/cc/driver.ts): spawn, fork and exec all come here
        preempt: () => this.preempt(p.running),
      }),
      wasi_snapshot_preview1: ownOnly(wasiImports(this, p)),
    }));
    // the libc's signal frame mailbox; without one, the host calls handlers (signal.ts)
    this.kernel.task_set_sigframe(p.pid, p.sigframe);
  }

  /**
   * A process with memory but no program, for tools that issue syscalls themselves (the
   * fuzzer): its calls never block here (a -ERESTARTSYS result is returned as is).
   */
  spawnBare(memoryPages = 16): Process {
    const p = new Process(this.newTask(), ["bare"], []);
    p.setMemory(new WebAssembly.Memory({ initial: memoryPages }));
    this.procs.set(p.pid, p);
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
   * The trap. Called by a process's linux.int80 import (`adapter` false) and by the WASI
   * adapters (`adapter` true: the kernel delivers no signal frame to a call the libc did
   * not make). Returns eax; unwinds the process when the call must wait or forks.
   */
  int80(p: Process, eax: number, ebx: number, ecx: number, edx: number, esi: number, edi: number, ebp: number, adapter = false): number {
    let flags = adapter ? ENTRY_NO_SIGNALS : 0;
    if (p.preempted) {
      // rewinding into a call that was preempted before it was issued: issue it now
      p.stopRewind();
      p.preempted = false;
    } else if (p.restarting) {
      // rewinding into this call: stop the rewind, then re-issue the syscall, or return
      // what the call already returned (fork: the child's pid in the parent, 0 in the child)
      p.stopRewind();
      p.restarting = false;
      if (p.resumeValue !== null) {
        const v = p.resumeValue;
        p.resumeValue = null;
        return v;
      }
      flags |= ENTRY_RESTART;
    }
    else if (eax === NR_SCHED_YIELD && !adapter && p.canWait && p.nested === 0) {
      // sched_yield(2): to the back of the run queue (every other runnable process and
      // thread runs first); the call is issued when p runs again
      p.preempted = true;
      p.startUnwind();
      return 0;
    }
    else if (!adapter && --this.syscallsToClockCheck <= 0) {
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
      if (!(flags & ENTRY_RESTART)) tracer.enter(p, eax, args);
      else tracer.resume?.(p, eax, args);
    }
    let ret: number;
    try {
      ret = this.kernel.int80(p.pid, flags, eax, ebx, ecx, edx, esi, edi, ebp);
    } catch (e) {
      // a kernel abort or a host exception inside the call: an oops, this process ends
      const name = SYSCALL_NAMES.get(eax) ?? `syscall_${eax}`;
      const what = e instanceof KernelOops ? e.message : `kernel BUG: host exception ${errorText(e)}`;
      p.trapMessage = `${what}, in ${name}(${[ebx, ecx, edx, esi, edi, ebp].map((a) => "0x" + (a >>> 0).toString(16)).join(", ")})`;
      throw new ProcessExit(SIGSEGV);
    }
    if (ret === -ERESTARTSYS && this.kernel.task_blocked(p.pid)) {
      if (tracer) tracer.exit(p, eax, args, ret, true);
      this.block(p, eax, [ebx, ecx, edx, esi, edi, ebp]);
      return 0;
    }
    if (tracer) this.traceExit(tracer, p, eax, args, ret);
    if (p.exitRequested >= 0) throw new ProcessExit(p.exitRequested);
    if (p.pendingSignal) {
      p.nested++;
      try {
        deliverSignal(p);
      } finally {
        p.nested--;
      }
    }
    if (p.forkChild) {
      // fork(2): unwind to _start so that the stack can be copied (step finishes the fork)
      p.resumeValue = ret;
      p.state = State.Forking;
      p.startUnwind();
      return 0;
    }
    if (p.exec?.result !== undefined && ret === 0) throw new ExecImage();
    return ret;
  }

  /** Whether p's time slice is over and p can be unwound now (a preemption point). */
  private sliceOver(p: Process): boolean {
    return p.canWait && p.nested === 0 && this.io.now() >= this.sliceEnd;
  }

  /**
   * linux.preempt: the program's budget of work ran out (host/cc/driver.ts). At the end of
   * its time slice the process is unwound and goes to the back of the queue.
   */
  private preempt(p: Process): number {
    if (p.preempted) {
      // rewinding: the process resumes here
      p.stopRewind();
      p.preempted = false;
      return this.signalPoint(p);
    }
    if (this.sliceOver(p)) {
      p.preempted = true;
      p.startUnwind();
      return 0;
    }
    return this.signalPoint(p);
  }

  /**
   * A preemption point is a return to user mode, as after a timer interrupt: a pending
   * signal is delivered there too (Linux's exit_to_user_mode), so a loop without syscalls
   * sees its SIGALRM. 1: the kernel wrote the frame and the program's preemption point
   * calls the libc's __int80_signal_point, which runs the handler and rt_sigreturn.
   */
  private signalPoint(p: Process): number {
    if (p.nested || !p.sigframe || !p.canWait) return 0;
    this.enterUser(p);
    const r = this.kernel.signal_at_preempt(p.pid);
    if (p.pendingSignal && fatalSignal(p)) throw new ProcessExit(fatalSignal(p));
    if (r && this.tracer?.signal) {
      p.views();
      const sig = p.dv.getInt32(p.sigframe, true), info = p.sigframe + 24;
      this.tracer.signal(p, sig, { code: p.dv.getInt32(info + 8, true), pid: p.dv.getInt32(info + 12, true),
        uid: p.dv.getUint32(info + 16, true), status: p.dv.getInt32(info + 20, true) });
    }
    return r;
  }

  /** The host's own syscall (WASI adapters): never a signal frame, never blocks. */
  adapterSyscall(p: Process, nr: number, a = 0, b = 0, c = 0, d = 0): number {
    return this.int80(p, nr, a, b, c, d, 0, 0, true);
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
      // a deadline past setTimeout's range (a saturated 2^63 ns) is reached in steps
      const arm = () => {
        const ms = Math.min(MAX_TIMER_MS, Math.max(0, (deadline - this.io.now()) / 1e6));
        this.sched.arm(p, ms, () => {
          if (ms === MAX_TIMER_MS && this.io.now() < deadline) return arm();
          this.onBehalfOf(p, "timer", () => this.kernel.task_timer_expired(p.pid));
        });
      };
      arm();
    }
    p.startUnwind();
  }

  // ---- fork (kernel/fork.ts's kernel_clone asks; fork.ts copies the instance) ----

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
        child.setMemory(new WebAssembly.Memory({ initial: parent.memory.buffer.byteLength >> 16 }));
        child.u8.set(new Uint8Array(parent.memory.buffer));
        child.state = State.Blocked;
        this.procs.set(childPid, child);
        return 0;
      }
      // Unlike Linux, a program built without asyncify (-mno-asyncify) cannot fork
      if (!parent.canWait || !parent.module) return -ENOSYS;
      this.instantiate(child, parent.module);
      if (parent.entry >= 0) {
        // fork in a thread: the child is a copy of that thread alone (its stack, its
        // asyncify region), as fork(2) copies only the calling thread
        child.entry = parent.entry;
        child.entryArg = parent.entryArg;
        child.asyncifyData = parent.asyncifyData;
        child.asyncifyDataSize = parent.asyncifyDataSize;
        child.scratch = parent.scratch;
      }
      const pages = (parent.memory.buffer.byteLength - child.memory.buffer.byteLength) >> 16;
      if (pages > 0) child.memory.grow(pages);
      child.setMemory(child.memory);
    } catch (e) {
      if (e instanceof RangeError || e instanceof WebAssembly.RuntimeError) return -ENOMEM;
      throw e;
    }
    parent.forkChild = child;
    this.procs.set(childPid, child);
    return 0;
  }

  /** The parent has unwound out of fork: copy memory and globals, queue the child. */
  private completeFork(parent: Process) {
    const child = parent.forkChild!;
    parent.forkChild = null;
    copyInstance(parent, child);
    this.enterUser(child);
    this.kernel.task_fork_tail(child.pid); // CLONE_CHILD_SETTID
    this.tracer?.fork?.(parent, child);
    // both rewind into the trap: the parent gets the child's pid, the child 0
    child.resumeValue = 0;
    child.restarting = true;
    this.sched.makeRunnable(child);
    parent.restarting = true;
    parent.state = State.Runnable;
  }

  // ---- threads (kernel/fork.ts clone_thread asks; docs/threads.md) ----

  /**
   * process_clone_thread from the kernel, inside the parent thread's clone call: a new
   * thread in the same instance. The libc left `struct int80_thread_start` at newsp
   * (libc/src/pthread.c): { fn, arg, errno_addr, self_addr, asyncify_data, asyncify_size },
   * six u32. The thread starts at table entry fn(arg) with its stack pointer at newsp and
   * __tls_base at tls, its TLS block (CLONE_SETTLS; the libc has filled it); tls 0 (no
   * CLONE_SETTLS, or a program without __thread data) keeps the creator's, as on Linux.
   */
  cloneThread(parent: Process, tid: number, newsp: number, tls = 0): number {
    const g = parent.group;
    if (!g.instance || !g.canWait) return -ENOSYS; // a bare process or -mno-asyncify: no threads
    parent.views();
    const u8 = parent.u8, dv = parent.dv;
    if (newsp < 4096 || newsp + 24 > u8.byteLength || (newsp & 3)) return -EINVAL;
    const fn = dv.getUint32(newsp, true), arg = dv.getUint32(newsp + 4, true);
    const errnoAddr = dv.getUint32(newsp + 8, true), selfAddr = dv.getUint32(newsp + 12, true);
    const data = dv.getUint32(newsp + 16, true), size = dv.getUint32(newsp + 20, true);
    const table = g.exports.__indirect_function_table;
    const inside = (a: number, n: number) => a >= 4096 && a + n <= u8.byteLength;
    if (!table || fn >= table.length || typeof table.get(fn) !== "function" || !inside(errnoAddr, 4) ||
      !inside(selfAddr, 4) || !inside(data, size) || size < 1024 || (data & 3)) return -EINVAL;
    const t = new Process(tid, g.argv, g.env);
    t.group = g;
    t.parent = g.parent;
    t.consolePid = g.consolePid;
    t.instance = g.instance;
    t.exports = g.exports;
    t.module = g.module;
    t.setMemory(g.memory);
    t.sigframe = g.sigframe;
    t.asyncifyData = data;
    t.asyncifyDataSize = size;
    t.scratch = data;
    t.entry = fn;
    t.entryArg = arg;
    t.saved = true;
    t.savedSp = newsp;
    t.savedTls = tls || ((g.exports.__tls_base?.value as number | undefined) ?? 0);
    t.savedErrno = 0;
    t.savedSelf = arg;
    g.errnoAddr = errnoAddr;
    g.selfAddr = selfAddr;
    g.threads.push(t);
    this.procs.set(tid, t);
    this.tracer?.fork?.(parent, t);
    this.sched.makeRunnable(t);
    return 0;
  }

  /** Put thread p's registers (stack pointer, TLS block, errno, thread pointer) into the instance. */
  private switchTo(p: Process) {
    const g = p.group;
    g.running = p;
    if (!p.saved) return;
    p.saved = false;
    g.exports.__stack_pointer!.value = p.savedSp;
    if (g.exports.__tls_base) g.exports.__tls_base.value = p.savedTls;
    p.views();
    if (g.errnoAddr) p.dv.setUint32(g.errnoAddr, p.savedErrno, true);
    if (g.selfAddr) p.dv.setUint32(g.selfAddr, p.savedSelf, true);
  }

  /** The kernel copies p's shared mappings in (into 1) or out (0): assembly/mm/mmap.ts. */
  private mmSwitch(p: Process, into: number) {
    this.enterUser(p);
    this.kernel.mm_switch(p.pid, into);
  }

  /** Thread p stopped (its call waits): keep its registers until it runs again. */
  private switchFrom(p: Process) {
    const g = p.group;
    if (g.threads.length === 0 && p === g) return; // one thread: nothing to swap
    p.saved = true;
    p.savedSp = g.exports.__stack_pointer!.value as number;
    if (g.exports.__tls_base) p.savedTls = g.exports.__tls_base.value as number;
    p.views();
    if (g.errnoAddr) p.savedErrno = p.dv.getUint32(g.errnoAddr, true);
    if (g.selfAddr) p.savedSelf = p.dv.getUint32(g.selfAddr, true);
  }

  /**
   * One thread of a group ends (exit(2) with others running, or its group's end): the
   * kernel releases its task (CLONE_CHILD_CLEARTID wakes a joiner). The leader's exit(2)
   * leaves its task to the kernel until the group ends.
   */
  private finishThread(t: Process, status: number) {
    if (t.state === State.Exited) return;
    const g = t.group;
    t.state = State.Exited;
    t.waitStatus = status;
    this.sched.disarm(t);
    this.enterUser(t);
    this.kernel.task_exit(t.pid, status | EXIT_THREAD_ONLY);
    this.tracer?.exitProcess?.(t, (status >> 8) & 0xff, status & 0x7f);
    if (t === g) {
      t.threadExited = true;
      return;
    }
    g.threads.splice(g.threads.indexOf(t), 1);
    this.procs.delete(t.pid);
  }

  // ---- execve (kernel/exec.ts asks for the program; the host loads and starts it) ----

  /**
   * process_exec from the kernel: 0 when the program is loaded (the image is replaced
   * when the call returns), 1 while it loads (the task sleeps; task_exec_ready wakes it),
   * or -errno. The binprm (kernel memory): u32 argc, u32 envc, NUL-terminated filename,
   * argv strings, envp strings.
   */
  execPrepare(p: Process, bprm: number, len: number): number {
    const ua = this.ua;
    ua.kviews();
    const bytes = ua.k8.subarray(bprm, bprm + len);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const argc = dv.getUint32(0, true), envc = dv.getUint32(4, true);
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
    const done = this.sched.hold(); // the load keeps the run alive
    r.then((m) => { q.result = m; }, () => { q.result = -ENOEXEC; }).finally(() => {
      done();
      if (p.exec !== q || p.exited) return;
      this.onBehalfOf(p, "execve", () => this.kernel.task_exec_ready(p.pid));
    });
    return 1;
  }

  /** The point of no return passed: the process continues as the new program, same pid. */
  private execReplace(p: Process) {
    // de_thread(): the other threads of the group end (Unlike Linux, only an execve by the
    // main thread is complete: another thread's execve replaces the image under its own tid)
    const g = p.group;
    for (const t of [...g.threads]) if (t !== p) this.finishThread(t, 0);
    const req = p.exec!;
    p.exec = null;
    p.argv = req.argv;
    p.env = req.env;
    p.restarting = false;
    p.resumeValue = null;
    this.instantiate(p, req.result as WebAssembly.Module);
  }

  /** Run the process until it blocks or ends. */
  private step(p: Process) {
    const sig = fatalSignal(p);
    if (sig) {
      this.finish(p, 0, sig); // killed while it was not running
      return;
    }
    try {
      for (;;) {
        try {
          this.switchTo(p);
          // its shared mappings get what other processes stored while it did not run
          if (p.group.shm) this.mmSwitch(p, 1);
          if (p.restarting || p.preempted) p.startRewind();
          if (p.entry >= 0) {
            (p.exports.__indirect_function_table!.get(p.entry) as (arg: number) => void)(p.entryArg);
          } else p.exports._start();
        } catch (e) {
          if (!(e instanceof ExecImage)) throw e;
          this.execReplace(p);
          continue;
        }
        if (p.state === State.Blocked) {
          p.stopUnwind();
          this.switchFrom(p);
          return;
        }
        if (p.state === State.Forking) {
          p.stopUnwind();
          this.completeFork(p);
          continue; // rewind the parent now; the child waits its turn
        }
        if (p.preempted) {
          p.stopUnwind();
          if (p.group.shm) this.mmSwitch(p, 0); // its stores go to the shared objects
          this.switchFrom(p); // another thread of the instance may run before it resumes
          this.sched.requeue(p);
          return;
        }
        // main returned 0: wasi-libc's _start returns instead of calling exit; the process
        // still leaves through exit_group(0), as a Linux libc's exit() would (a thread's
        // start function that returns leaves through exit(0))
        try {
          this.int80(p, p.entry >= 0 ? NR_EXIT : NR_EXIT_GROUP, 0, 0, 0, 0, 0, 0);
        } catch (e) {
          if (!(e instanceof ProcessExit)) throw e;
          if (e.status & EXIT_THREAD_ONLY) return this.finishThread(p, e.status & 0xffff);
        }
        this.finish(p, 0, 0);
        return;
      }
    } catch (e) {
      if (e instanceof ProcessExit) {
        if (e.status & EXIT_THREAD_ONLY) this.finishThread(p, e.status & 0xffff);
        else if (e.status & 0x7f) this.finish(p, 0, e.status & 0x7f);
        else this.finish(p, (e.status >> 8) & 0xff, 0);
      } else if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
        p.trapMessage = e.message;
        this.finish(p, 0, SIGSEGV); // a trap is this machine's segmentation fault
      } else {
        // any other exception out of this process's code (V8's RangeError for a stack
        // overflow, a bad pointer in a WASI adapter): it ends this process alone
        p.trapMessage = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        this.finish(p, 0, SIGSEGV);
      }
    }
  }

  finish(p: Process, code: number, signal: number) {
    const g = p.group;
    if (g !== p || g.threads.length > 0 || g.threadExited) {
      // exit_group(2), a fatal signal, a trap: every thread of the group ends, then the
      // leader ends the process (zap_other_threads, then the group's exit)
      const status = signal ? signal : code << 8;
      for (const t of [...g.threads]) this.finishThread(t, status);
      if (g.threadExited) g.state = State.Runnable;
      p = g;
    }
    if (p.state === State.Exited) return;
    this.enterUser(p);
    this.options.beforeExit?.(p);
    p.state = State.Exited;
    p.exitCode = code;
    p.signal = signal;
    p.waitStatus = signal ? signal : code << 8;
    this.sched.disarm(p);
    this.sched.disarmItimer(p);
    if (p.forkChild) {
      // killed in the middle of fork: the child never ran
      const c = p.forkChild;
      p.forkChild = null;
      this.finish(c, 0, 9);
    }
    p.exec = null;
    this.enterUser(p);
    try {
      this.kernel.task_exit(p.pid, p.waitStatus); // closes its files; a zombie for its parent
    } catch (e) {
      // an oops in do_exit (Linux: "Fixing recursive fault"): the process is gone all the
      // same; what it held stays held
      const what = e instanceof KernelOops ? e.message : `kernel BUG: host exception ${errorText(e)}`;
      p.trapMessage = `${p.trapMessage ? p.trapMessage + "; then " : ""}${what}, in exit`;
    }
    this.tracer?.exitProcess?.(p, code, signal);
  }

  /**
   * A kernel entry outside the process's own system calls (its timer fired, its exec's
   * program loaded). A kernel abort or host exception there is an oops on the process it
   * was for: that process ends with SIGSEGV and a "kernel BUG" report; the run goes on.
   */
  private onBehalfOf(p: Process, where: string, fn: () => void) {
    if (p.exited) return;
    this.enterUser(p);
    try {
      fn();
    } catch (e) {
      const what = e instanceof KernelOops ? e.message : `kernel BUG: host exception ${errorText(e)}`;
      p.trapMessage = `${what}, in ${where} for pid ${p.pid}`;
      this.finish(p, 0, SIGSEGV);
      this.sched.kick(); // the run looks again: that may have been the last process
    }
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
      // ignored (SIG_IGN) or blocked by its mask: nothing woke it, so it is killed
      if (p.state === State.Blocked) this.kill(p);
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

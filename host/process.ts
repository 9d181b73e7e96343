// A process: one Wasm instance with its own memory, and the asyncify control that lets
// it wait inside a syscall.
//
// Blocking: a kernel handler that must wait queues the task and returns -ERESTARTSYS.
// The machine then unwinds the process with binaryen asyncify (startUnwind), runs the
// others, and when the kernel reports the task woken it rewinds the process
// (startRewind), which re-issues the same syscall (Linux's restart rule). The unwound
// stack lives in the libc's __int80_asyncify_data region; while the process runs, the
// same region is the WASI adapters' scratch room.

/**
 * Host task states. Runnable processes are in the run queue; Blocked ones sleep in the
 * kernel (their stack unwound) until wake_up_process; Forking is a process unwinding out of
 * fork(2) so that its stack can be copied (it is rewound at once, with the child's pid).
 */
export const enum State { New, Runnable, Blocked, Forking, Exited }

/** What a program module exports (wasi-libc's _start, and binaryen's asyncify pass when built with it). */
export interface ProcessExports {
  memory: WebAssembly.Memory;
  _start(): void;
  __indirect_function_table?: WebAssembly.Table;
  /** the libc's asyncify data region (libc/src) and its size */
  __int80_asyncify_data?: WebAssembly.Global;
  __int80_asyncify_data_size?(): number;
  asyncify_start_unwind?(data: number): void;
  asyncify_stop_unwind?(): void;
  asyncify_start_rewind?(data: number): void;
  asyncify_stop_rewind?(): void;
  /** the libc's signal frame mailbox (libc/src/int80.c), its address */
  __int80_sigframe?: WebAssembly.Global;
  /** fork copies only the live part of the stack: [__stack_pointer, ...) (int80 cc exports both) */
  __stack_low?: WebAssembly.Global;
  __stack_pointer?: WebAssembly.Global;
  /** the running thread's TLS block (int80 cc makes wasm-ld's __tls_base mutable: host/cc/driver.ts perThreadTls) */
  __tls_base?: WebAssembly.Global;
}

/** A program image execve(2) loads: the module, and what the new process sees. */
export interface ExecRequest {
  path: string;
  argv: string[];
  env: string[];
  /** loaded module, or -errno; undefined while loading */
  result?: WebAssembly.Module | number;
}

export interface ProcessSpec {
  module: WebAssembly.Module;
  argv: string[];
  env?: string[];
}

/** Thrown out of a process's stack to end it: `status` as wait(2) reports it (code << 8, or the signal). */
export class ProcessExit {
  constructor(readonly status: number) {}
}

export class Process {
  pid: number;
  argv: string[];
  env: string[];
  state: State = State.New;
  instance!: WebAssembly.Instance;
  exports!: ProcessExports;
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
  /**
   * Unwound at a preemption point (its time slice ended): the rewind stops at
   * linux.preempt, or at linux.int80 before the call was issued (then issued as new).
   */
  preempted = false;
  /** host frames on the process's stack (a signal handler called from an import): no unwinding then */
  nested = 0;
  /** stopped by the end of the run (SIGTERM, then SIGKILL): its status does not count */
  stoppedByRun = 0;
  /** the call it was left waiting in, when the end of the run stopped it ("accept(3, ...)") */
  stoppedIn = "";
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

  // ---- threads (docs/threads.md): every thread of a group runs in the leader's instance ----
  /** the thread group's leader (this process itself unless it is a thread) */
  group: Process = this;
  /** on the leader: the other threads of the group, in creation order */
  threads: Process[] = [];
  /** on the leader: the thread whose code is running in the instance (its imports' caller) */
  running: Process = this;
  /** a thread's start: a function table index called with entryArg; -1: the program's _start */
  entry = -1;
  entryArg = 0;
  /** the per-thread state the host swaps: stack pointer, TLS block, errno, the libc's thread pointer */
  saved = false;
  savedSp = 0;
  savedTls = 0;
  savedErrno = 0;
  savedSelf = 0;
  /** on the leader: addresses of errno and the libc's __int80_self (from the first clone) */
  errnoAddr = 0;
  selfAddr = 0;
  /** the leader called exit(2) while its threads run: gone for the host, alive for the kernel */
  threadExited = false;
  /**
   * on the leader: the group has MAP_SHARED mappings (the kernel's mm_shared import), so its
   * turns begin and end with the kernel's mm_switch (assembly/mm/mmap.ts, "Shared mappings")
   */
  shm = false;

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

  /** Instantiate the program with its imports; find its asyncify region. */
  instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports) {
    this.instance = new WebAssembly.Instance(module, imports);
    this.module = module;
    this.exports = this.instance.exports as unknown as ProcessExports;
    this.setMemory(this.exports.memory);
    const data = this.exports.__int80_asyncify_data;
    const size = this.exports.__int80_asyncify_data_size;
    // the same region is the WASI adapters' scratch room while the process runs
    this.scratch = data ? (data.value as number) : 0;
    this.asyncifyData = this.asyncifyDataSize = 0;
    this.sigframe = this.exports.__int80_sigframe ? (this.exports.__int80_sigframe.value as number) : 0;
    if (data && size && typeof this.exports.asyncify_start_unwind === "function") {
      this.asyncifyData = data.value as number;
      this.asyncifyDataSize = size();
    }
  }

  setMemory(memory: WebAssembly.Memory) {
    this.memory = memory;
    this.u8 = new Uint8Array(memory.buffer);
    this.dv = new DataView(memory.buffer);
  }

  /** Fresh views after the process's memory may have grown. */
  views() {
    // memory.grow detaches the old buffer (byteLength 0): only then are new views needed
    if (this.u8.byteLength === 0) {
      this.u8 = new Uint8Array(this.memory.buffer);
      this.dv = new DataView(this.memory.buffer);
    }
  }

  /** Whether the program was built with asyncify (int80 cc's default; not with -mno-asyncify). */
  get canWait() {
    return this.asyncifyData !== 0;
  }

  /** Unwind the stack out of the syscall into the asyncify region (the call must wait). */
  startUnwind() {
    this.views();
    const base = this.asyncifyData;
    // struct { u32 current; u32 end; } followed by the saved stack
    this.dv.setUint32(base, base + 8, true);
    this.dv.setUint32(base + 4, base + this.asyncifyDataSize, true);
    this.exports.asyncify_start_unwind!(base);
  }

  /** Back in the host after an unwind: normal execution resumes. */
  stopUnwind() {
    this.exports.asyncify_stop_unwind!();
  }

  /** Rewind into the syscall that blocked (the next _start() call replays the stack). */
  startRewind() {
    this.views();
    this.exports.asyncify_start_rewind!(this.asyncifyData);
  }

  /** Rewound to the trap: the syscall is re-issued from here. */
  stopRewind() {
    this.exports.asyncify_stop_rewind!();
  }
}

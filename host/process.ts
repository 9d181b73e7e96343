// A process: one Wasm instance with its own memory, and the asyncify control that lets
// it wait inside a syscall.
//
// Blocking: a kernel handler that must wait queues the task and returns -ERESTARTSYS.
// The machine then unwinds the process with binaryen asyncify (startUnwind), runs the
// others, and when the kernel reports the task woken it rewinds the process
// (startRewind), which re-issues the same syscall (Linux's restart rule). The unwound
// stack lives in the libc's __int80_asyncify_data region; while the process runs, the
// same region is the WASI adapters' scratch room.

export const enum State { New, Runnable, Blocked, Exited }

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

  /** Instantiate the program with its imports; find its asyncify region. */
  instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports) {
    this.instance = new WebAssembly.Instance(module, imports);
    this.exports = this.instance.exports as unknown as ProcessExports;
    this.setMemory(this.exports.memory);
    const data = this.exports.__int80_asyncify_data;
    const size = this.exports.__int80_asyncify_data_size;
    // the same region is the WASI adapters' scratch room while the process runs
    if (data) this.scratch = data.value as number;
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

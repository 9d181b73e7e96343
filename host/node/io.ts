// Node adapters: process streams, clocks, timers, files. The machine itself is isomorphic.
import fs from "node:fs";
import tty from "node:tty";
import v8 from "node:v8";
import type { MachineIO, MachineOptions } from "../machine.js";

export interface NodeIOOptions {
  /** prefix each output line with "[pid N] " (several processes) */
  prefix?: boolean;
  /** capture output instead of writing to the process's streams */
  capture?: boolean;
  /** bytes to give the stdin process, as from a file (tests); without it and without hostStdin, EOF */
  stdin?: Uint8Array;
  /** the host's own stdin (fd 0: a file, a pipe or a terminal) is the stdin process's fd 0 */
  hostStdin?: boolean;
  /** write each process's stdout and stderr to DIR/PID.stdout and DIR/PID.stderr */
  outputDir?: string;
}

/** Output of one run, when captured: one stream per process and one merged. */
export class Captured {
  merged: Buffer[] = [];
  perPid = new Map<number, Buffer[]>();
  text(pid?: number) {
    const parts = pid === undefined ? this.merged : this.perPid.get(pid) ?? [];
    return Buffer.concat(parts).toString("utf8");
  }
}

/** console_state bits (assembly/kernel/console.ts) */
const CONSOLE_DATA = 1, CONSOLE_END = 2, CONSOLE_WRITABLE = 4, CONSOLE_TTY = 8, CONSOLE_PIPE = 16, CONSOLE_BROKEN = 32;
const EAGAIN = 11, EPIPE = 32;
/** Output the host holds for a slow reader before a guest's write waits (back-pressure). */
export const OUTPUT_HIGH_WATER = 1 << 20;
/** stdin bytes read ahead from a pipe or terminal before the host stops reading. */
const STDIN_HIGH_WATER = 1 << 16;

/** What the host's fd 0 is: a regular file (or /dev/null) read in place, or a stream. */
function stdinKind(): "file" | "pipe" | "tty" {
  try {
    if (tty.isatty(0)) return "tty";
    const st = fs.fstatSync(0);
    return st.isFIFO() || st.isSocket() ? "pipe" : "file";
  } catch {
    return "file"; // closed: reads EOF
  }
}

export function nodeIO(opts: NodeIOOptions = {}): { io: MachineIO; captured: Captured } {
  const captured = new Captured();
  const partial = new Map<string, Buffer[]>();
  const files = new Map<string, number>();
  let host: { wake(): void; hold(): () => void } | null = null;
  const streams = !opts.capture && !opts.outputDir;

  // ---- output: the host's stdout/stderr with back-pressure; EPIPE when the reader is gone
  const out = [process.stdout, process.stderr];
  const broken = [false, false];
  const drainHold: ((() => void) | null)[] = [null, null];
  const listening = [false, false];
  const watch = (i: number) => {
    if (listening[i]) return;
    listening[i] = true;
    out[i].on("error", () => {
      // the reader is gone (EPIPE): later writes fail, waiting writers wake to see it
      broken[i] = true;
      drainHold[i]?.();
      drainHold[i] = null;
      host?.wake();
    });
  };
  if (streams) { watch(0); watch(1); }
  const full = (i: number) => out[i].writableLength >= OUTPUT_HIGH_WATER;
  /** Someone waits for stream i to drain: the run waits with it; wake() when it has. */
  const waitDrain = (i: number) => {
    if (drainHold[i]) return;
    drainHold[i] = host?.hold() ?? null;
    out[i].once("drain", () => {
      drainHold[i]?.();
      drainHold[i] = null;
      host?.wake();
    });
  };
  const emit = (pid: number, fd: number, buf: Buffer) => {
    if (opts.outputDir) {
      const name = `${opts.outputDir}/${pid}.${fd === 2 ? "stderr" : "stdout"}`;
      let f = files.get(name);
      if (f === undefined) files.set(name, (f = fs.openSync(name, "w")));
      fs.writeSync(f, buf);
      return;
    }
    if (opts.capture) {
      captured.merged.push(buf);
      if (!captured.perPid.has(pid)) captured.perPid.set(pid, []);
      captured.perPid.get(pid)!.push(buf);
      return;
    }
    const i = fd === 2 ? 1 : 0;
    if (!broken[i]) out[i].write(buf);
  };

  // ---- input: the host's stdin (a file read in place; a pipe or terminal as a stream)
  const kind = opts.stdin ? "file" : opts.hostStdin ? stdinKind() : "file";
  let filePos = 0;
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = !opts.hostStdin && !opts.stdin;
  let reading = false;
  let stdinHold: (() => void) | null = null;
  const release = () => {
    stdinHold?.();
    stdinHold = null;
  };
  /** A process waits for stdin bytes: the run waits for the stream too (as for a timer). */
  const startReading = () => {
    if (ended) return;
    if (!stdinHold) stdinHold = host?.hold() ?? null;
    if (reading) return;
    reading = true;
    process.stdin.on("data", (chunk: Buffer) => {
      queue.push(chunk);
      queued += chunk.length;
      if (queued >= STDIN_HIGH_WATER) process.stdin.pause();
      release();
      host?.wake();
    });
    process.stdin.on("end", () => {
      ended = true;
      release();
      host?.wake();
    });
    process.stdin.on("error", () => process.stdin.emit("end"));
    process.stdin.resume();
  };
  const readStream = (max: number): Uint8Array | null | number => {
    if (!queued) {
      if (ended) return null;
      startReading();
      return -EAGAIN;
    }
    const head = queue[0];
    const n = Math.min(max, head.length);
    const chunk = head.subarray(0, n);
    if (n === head.length) queue.shift();
    else queue[0] = head.subarray(n);
    queued -= n;
    if (queued < STDIN_HIGH_WATER && reading && !ended) process.stdin.resume();
    return chunk;
  };
  const readFile = (max: number): Uint8Array | null => {
    if (opts.stdin) {
      if (filePos >= opts.stdin.length) return null;
      const chunk = opts.stdin.subarray(filePos, filePos + max);
      filePos += chunk.length;
      return chunk;
    }
    if (!opts.hostStdin) return null;
    const buf = Buffer.allocUnsafe(max);
    let n = 0;
    try { n = fs.readSync(0, buf, 0, max, null); } catch { n = 0; }
    return n > 0 ? buf.subarray(0, n) : null;
  };
  const stdinIsTty = kind === "tty";

  const io: MachineIO = {
    attach(h) { host = h; },
    write(pid, fd, bytes, writer = pid) {
      const i = fd === 2 ? 1 : 0;
      if (streams) {
        if (broken[i]) return -EPIPE;
        if (full(i)) {
          // the reader is slow: the guest waits (back-pressure) until the stream drains
          waitDrain(i);
          return -EAGAIN;
        }
      }
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (!opts.prefix) return emit(pid, fd, buf);
      // line-prefixed output (by the writing process), so interleaved processes stay readable; bytes are kept as they
      // are (no UTF-8 decoding) and a partial line is held as chunks: linear in the output
      const key = `${pid}:${fd}:${writer}`;
      let start = 0, nl: number;
      while ((nl = buf.indexOf(10, start)) >= 0) {
        const held = partial.get(key);
        const line = buf.subarray(start, nl + 1);
        emit(pid, fd, Buffer.concat([Buffer.from(`[pid ${writer}] `), ...(held ?? []), line]));
        if (held) partial.delete(key);
        start = nl + 1;
      }
      if (start < buf.length) {
        // the caller's buffer is reused: keep a copy
        const rest = Buffer.from(buf.subarray(start));
        const held = partial.get(key);
        if (held) held.push(rest);
        else partial.set(key, [rest]);
      }
    },
    read(_pid, max) {
      return kind === "file" ? readFile(max) : readStream(max);
    },
    state(fd, waiting = false) {
      if (fd === 0) {
        if (kind === "file") {
          // a regular file never waits: bytes until its end, then EOF
          return CONSOLE_DATA | CONSOLE_END;
        }
        if (waiting && !queued && !ended) startReading();
        return (queued ? CONSOLE_DATA : 0) | (ended ? CONSOLE_END : 0) | (kind === "pipe" ? CONSOLE_PIPE : CONSOLE_TTY);
      }
      const i = fd === 2 ? 1 : 0;
      if (!streams) return CONSOLE_WRITABLE;
      if (broken[i]) return CONSOLE_BROKEN;
      if (waiting && full(i)) waitDrain(i);
      return (full(i) ? 0 : CONSOLE_WRITABLE) | (out[i].isTTY ? CONSOLE_TTY : 0);
    },
    winsize(fd) {
      const s = fd === 0 ? null : out[fd === 2 ? 1 : 0];
      const t = s && streams && s.isTTY ? s as unknown as tty.WriteStream : null;
      return t ? ((t.rows & 0xffff) << 16) | (t.columns & 0xffff) : 0;
    },
    // monotonic ns as a double: performance.now() allocates nothing (hrtime.bigint() does)
    now: () => Math.round(performance.now() * 1e6),
    realtime: () => Date.now() * 1e6,
    // exactly when the host's fd is a terminal, prefixes or not (stdio buffers as on Linux)
    isatty: (fd) => fd === 0 ? stdinIsTty : streams && Boolean(out[fd === 2 ? 1 : 0].isTTY),
    flush() {
      for (const [key, rest] of partial) {
        const [pid, fd, writer] = key.split(":").map(Number);
        emit(pid, fd, Buffer.concat([Buffer.from(`[pid ${writer}] `), ...rest, Buffer.from("\n")]));
      }
      partial.clear();
      for (const f of files.values()) fs.closeSync(f);
      files.clear();
      if (reading) {
        // the run is over: stop reading the host's stdin so that Node can exit
        process.stdin.pause();
        process.stdin.destroy();
        release();
      }
    },
  };
  return { io, captured };
}

export const nodeTimers: Pick<MachineOptions, "setTimer" | "clearTimer" | "yieldToHost"> = {
  // a macrotask: timers, I/O callbacks and stream drains run before the machine continues
  yieldToHost: () => new Promise<void>((resolve) => setImmediate(resolve)),
  setTimer: (ms, fn) => setTimeout(fn, ms),
  clearTimer: (t) => clearTimeout(t as NodeJS.Timeout),
};

/**
 * Which V8 tier compiles a program's module:
 * "optimizing" (the default) compiles every function with TurboFan, eagerly, when
 * the module is compiled; "baseline" leaves V8's own policy (Liftoff first, then
 * TurboFan for functions that are called often: dynamic tiering). INT80_WASM_TIER
 * chooses (the benchmarks compare the two).
 *
 * Why: Wasm in Node 20 has no on-stack replacement, so a function that is called
 * once and runs long (main with the hot loop inlined into it) would stay at the
 * baseline tier for its whole life, 3-5x slower. V8 reads --liftoff and
 * --wasm-lazy-compilation when a module is compiled (a lazily compiled function
 * would read them again at its first call), so they are set for the one
 * synchronous compile and put back: the C compiler, itself a 75 MB Wasm module in
 * the same process, keeps V8's default (fast to start) policy. Flags the user
 * gave node explicitly (node --liftoff-only ...) are left alone.
 *
 * The kernel keeps V8's default policy (node/run.ts): its functions are short and
 * called on every system call, so dynamic tiering optimizes the hot ones within
 * the first calls, and compiling all of it eagerly with TurboFan would add
 * 0.1-0.5 s to every start (docs/performance.md).
 */
export type WasmTier = "optimizing" | "baseline";

export function wasmTier(): WasmTier {
  return process.env.INT80_WASM_TIER === "baseline" ? "baseline" : "optimizing";
}

const TIER_FLAGS = /--(no-)?(liftoff|wasm-lazy-compilation|liftoff-only|wasm-dynamic-tiering)\b/;

export function compileModule(bytes: Uint8Array<ArrayBuffer>, tier: WasmTier = wasmTier()): WebAssembly.Module {
  const userFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some((a) => TIER_FLAGS.test(a));
  if (tier === "baseline" || userFlags) return new WebAssembly.Module(bytes);
  v8.setFlagsFromString("--no-liftoff");
  v8.setFlagsFromString("--no-wasm-lazy-compilation");
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    v8.setFlagsFromString("--liftoff");
    v8.setFlagsFromString("--wasm-lazy-compilation");
  }
}

/** Reads and compiles a program's module (tier: see compileModule). */
export function readModule(path: string, tier: WasmTier = wasmTier()): WebAssembly.Module {
  return compileModule(fs.readFileSync(path), tier);
}

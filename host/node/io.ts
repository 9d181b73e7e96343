// Node adapters: process streams, clocks, timers, files. The machine itself is isomorphic.
import fs from "node:fs";
import v8 from "node:v8";
import type { MachineIO, MachineOptions } from "../machine.js";

export interface NodeIOOptions {
  /** prefix each output line with "[pid N] " (several processes) */
  prefix?: boolean;
  /** capture output instead of writing to the process's streams */
  capture?: boolean;
  /** bytes to give every process as stdin (default: none, EOF) */
  stdin?: Uint8Array;
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

export function nodeIO(opts: NodeIOOptions = {}): { io: MachineIO; captured: Captured } {
  const captured = new Captured();
  const partial = new Map<string, Buffer[]>();
  const stdinPos = new Map<number, number>();
  const files = new Map<string, number>();
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
    (fd === 2 ? process.stderr : process.stdout).write(buf);
  };
  const io: MachineIO = {
    write(pid, fd, bytes, writer = pid) {
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
    read(pid, max) {
      if (!opts.stdin) return null;
      const pos = stdinPos.get(pid) ?? 0;
      if (pos >= opts.stdin.length) return null;
      const chunk = opts.stdin.subarray(pos, pos + max);
      stdinPos.set(pid, pos + chunk.length);
      return chunk;
    },
    // monotonic ns as a double: performance.now() allocates nothing (hrtime.bigint() does)
    now: () => Math.round(performance.now() * 1e6),
    realtime: () => Date.now() * 1e6,
    isatty: (fd) => !opts.capture && !opts.prefix && fd > 0 && Boolean((fd === 2 ? process.stderr : process.stdout).isTTY),
    flush() {
      for (const [key, rest] of partial) {
        const [pid, fd, writer] = key.split(":").map(Number);
        emit(pid, fd, Buffer.concat([Buffer.from(`[pid ${writer}] `), ...rest, Buffer.from("\n")]));
      }
      partial.clear();
      for (const f of files.values()) fs.closeSync(f);
      files.clear();
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

// Node adapters: process streams, clocks, timers, files. The machine itself is isomorphic.
import fs from "node:fs";
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
    write(pid, fd, bytes) {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (!opts.prefix) return emit(pid, fd, buf);
      // line-prefixed output, so interleaved processes stay readable; bytes are kept as they
      // are (no UTF-8 decoding) and a partial line is held as chunks: linear in the output
      const key = `${pid}:${fd}`;
      let start = 0, nl: number;
      while ((nl = buf.indexOf(10, start)) >= 0) {
        const held = partial.get(key);
        const line = buf.subarray(start, nl + 1);
        emit(pid, fd, Buffer.concat([Buffer.from(`[pid ${pid}] `), ...(held ?? []), line]));
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
        const [pid, fd] = key.split(":").map(Number);
        emit(pid, fd, Buffer.concat([Buffer.from(`[pid ${pid}] `), ...rest, Buffer.from("\n")]));
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

export function readModule(path: string): WebAssembly.Module {
  return new WebAssembly.Module(fs.readFileSync(path));
}

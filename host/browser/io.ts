// Browser adapters for what host/node/io.ts does in Node: each process's output goes to a
// callback (the playground posts it to the page, one pane per process), stdin is empty,
// the clocks are performance.now() and Date.now(), the timers are the worker's setTimeout.
// Checked by tsconfig.core.json (no Node types): it runs in a Web Worker.
import type { MachineIO, MachineOptions } from "../machine.js";

export interface BrowserIOOptions {
  /** bytes a process wrote (fd 1 or 2), as they come */
  output(pid: number, fd: number, bytes: Uint8Array): void;
  /** bytes to give every process as stdin (default: none, EOF) */
  stdin?: Uint8Array;
}

export function browserIO(opts: BrowserIOOptions): MachineIO {
  const stdinPos = new Map<number, number>();
  return {
    // the machine reuses its buffers: copy before handing the bytes on
    write: (pid, fd, bytes) => opts.output(pid, fd, bytes.slice()),
    read(pid, max) {
      if (!opts.stdin) return null;
      const pos = stdinPos.get(pid) ?? 0;
      if (pos >= opts.stdin.length) return null;
      const chunk = opts.stdin.subarray(pos, pos + max);
      stdinPos.set(pid, pos + chunk.length);
      return chunk;
    },
    now: () => Math.round(performance.now() * 1e6),
    realtime: () => Date.now() * 1e6,
    // the panes are not terminals: stdio is fully buffered, as under a pipe
    isatty: () => false,
    flush() {},
  };
}

export const browserTimers: Pick<MachineOptions, "setTimer" | "clearTimer"> = {
  setTimer: (ms, fn) => setTimeout(fn, ms),
  clearTimer: (t) => clearTimeout(t as number),
};

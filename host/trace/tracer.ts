// The tracer contract: the machine calls a tracer around every syscall (tracing is a
// wrapper, not code in handlers). strace.ts and ktrace.ts implement it; tee() runs two.
import type { Process } from "../process.js";

/** A tracer sees every syscall (strace); tracing is a wrapper, not code in handlers. */
export interface Tracer {
  enter(proc: Process, nr: number, args: number[]): void;
  exit(proc: Process, nr: number, args: number[], ret: number, blocked: boolean): void;
  /** a call that blocked is re-issued (after enter, exit(blocked) earlier) */
  resume?(proc: Process, nr: number, args: number[]): void;
  exitProcess?(proc: Process, status: number, signal: number): void;
}

/** Both tracers, when --strace and --ktrace are given together. */
export function tee(a?: Tracer, b?: Tracer): Tracer | undefined {
  if (!a || !b) return a ?? b;
  return {
    enter: (p: Process, nr: number, args: number[]) => { a.enter(p, nr, args); b.enter(p, nr, args); },
    exit: (p: Process, nr: number, args: number[], ret: number, blocked: boolean) => {
      a.exit(p, nr, args, ret, blocked);
      b.exit(p, nr, args, ret, blocked);
    },
    resume: (p: Process, nr: number, args: number[]) => { a.resume?.(p, nr, args); b.resume?.(p, nr, args); },
    exitProcess: (p: Process, status: number, signal: number) => {
      a.exitProcess?.(p, status, signal);
      b.exitProcess?.(p, status, signal);
    },
  };
}

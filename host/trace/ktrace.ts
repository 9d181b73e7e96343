// `int80 run --ktrace`: for each syscall, the kernel functions it passed through, by
// their Linux names, indented by depth. The kernel's tracepoints (assembly/kernel/trace.ts)
// report a static name and a level; this tracer prints the syscall line and the events.
import type { Process } from "../process.js";
import type { Tracer } from "./tracer.js";
import { SYSCALL_NAMES, NR } from "../generated/syscalls.js";
import { SOCKETCALL_SYMBOLS as SOCKETCALLS } from "../generated/socketcall.js";

export class KTracer implements Tracer {
  private multi = false;
  constructor(private out: (line: string) => void, private nprocs = 1) {
    this.multi = nprocs > 1;
  }

  private prefix(p: Process) {
    return this.multi ? `[pid ${p.pid}] ` : "";
  }

  private head(nr: number, args: number[]) {
    const name = SYSCALL_NAMES.get(nr) ?? `syscall_${nr}`;
    return nr === NR.socketcall ? `socketcall(${SOCKETCALLS[args[0]] ?? args[0]})` : `${name}()`;
  }

  enter(p: Process, nr: number, args: number[]) {
    this.out(`${this.prefix(p)}${this.head(nr, args)}`);
  }

  resume(p: Process, nr: number, args: number[]) {
    this.out(`${this.prefix(p)}<... ${this.head(nr, args)} re-issued after wake-up>`);
  }

  /** A tracepoint hit inside the current syscall (or a timer/exit the host runs for p). */
  event(name: string, level: number, p: Process | null) {
    this.out(`${p ? this.prefix(p) : ""}${"  ".repeat(level)}${name}`);
  }

  /** fork(2) or a new thread: from now on every line says whose it is (`[pid TID]`) */
  fork(_parent: Process, _child: Process) {
    this.multi = true;
  }

  exit(p: Process, nr: number, _args: number[], ret: number, blocked: boolean) {
    this.out(`${this.prefix(p)}  = ${blocked ? "? (blocked: -ERESTARTSYS, the call is re-issued when woken)" : ret}`);
  }
}

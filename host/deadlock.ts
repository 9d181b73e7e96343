// The deadlock detector: every live process is blocked, no timer is armed and nothing
// else can wake them (there is no outside world on this machine), so the run would hang
// forever. The machine stops with DeadlockError and the session prints what each process
// waits in and the socket table, instead of hanging.
import type { Machine } from "./machine.js";
import type { Process } from "./process.js";
import { SYSCALL_NAMES } from "./generated/syscalls.js";
import { SOCKETCALL_NAMES, SOCKETCALL_NARGS } from "./generated/socketcall.js";
import { socketTable } from "./trace/ss.js";

export class DeadlockError extends Error {
  constructor(readonly machine: Machine, readonly blocked: Process[]) {
    super("deadlock: every process is blocked and nothing can wake them");
  }
}

/** Nothing runnable: the live processes, or DeadlockError when none of them can ever wake. */
export function checkDeadlock(machine: Machine, pendingTimers: number): Process[] {
  const alive = [...machine.procs.values()].filter((p) => !p.exited);
  if (alive.length && pendingTimers === 0) throw new DeadlockError(machine, alive);
  return alive;
}

/** The call a process sleeps in, by name: a socketcall as its subcall (`accept(3, ...)`). */
export function blockedCall(p: Process): string {
  let name = SYSCALL_NAMES.get(p.blockedNr) ?? `syscall_${p.blockedNr}`;
  let args = p.blockedArgs.map((a) => a >>> 0);
  const call = args[0];
  if (name === "socketcall" && call >= 1 && call <= 20) {
    const n = SOCKETCALL_NARGS[call], at = args[1];
    p.views();
    if (at >= 4096 && at + 4 * n <= p.u8.byteLength) {
      name = SOCKETCALL_NAMES[call];
      args = Array.from({ length: n }, (_, i) => p.dv.getUint32(at + 4 * i, true));
    }
  }
  return `${name}(${args.slice(0, 3).join(", ")}${args.length > 3 ? ", ..." : ""})`;
}

/**
 * One line per live process, and per thread of a multi-threaded one (`pid P tid T`): the
 * call it is blocked in, with its first arguments.
 */
export function blockedReport(machine: Machine): string {
  const lines: string[] = [];
  for (const p of machine.procs.values()) {
    if (p.exited) continue;
    const g = p.group;
    const who = g.threads.length > 0 || g !== p ? `pid ${g.pid} tid ${p.pid}` : `pid ${p.pid}`;
    lines.push(`  ${who} (${p.argv[0]}): blocked in ${blockedCall(p)}`);
  }
  return lines.join("\n") + "\n";
}

export function deadlockReport(e: DeadlockError): string {
  return "int80: deadlock: every process is blocked and nothing can wake them\n" + blockedReport(e.machine) +
    "sockets:\n" + socketTable(e.machine);
}

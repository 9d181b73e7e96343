// The deadlock detector: every live process is blocked, no timer is armed and nothing
// else can wake them (there is no outside world on this machine), so the run would hang
// forever. The machine stops with DeadlockError and the session prints what each process
// waits in and the socket table, instead of hanging.
import type { Machine } from "./machine.js";
import type { Process } from "./process.js";
import { SYSCALL_NAMES } from "./generated/syscalls.js";
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

/** One line per live process: the call it is blocked in, with its first arguments. */
export function blockedReport(machine: Machine): string {
  const lines: string[] = [];
  for (const p of machine.procs.values()) {
    if (p.exited) continue;
    const args = p.blockedArgs.slice(0, 3).map((a) => a >>> 0).join(", ");
    const name = SYSCALL_NAMES.get(p.blockedNr) ?? `syscall_${p.blockedNr}`;
    lines.push(`  pid ${p.pid} (${p.argv[0]}): blocked in ${name}(${args}, ...)`);
  }
  return lines.join("\n") + "\n";
}

export function deadlockReport(e: DeadlockError): string {
  return "int80: deadlock: every process is blocked and nothing can wake them\n" + blockedReport(e.machine) +
    "sockets:\n" + socketTable(e.machine);
}

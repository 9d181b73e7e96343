// The end of a run with processes left waiting. Every live process is blocked, no timer
// is armed and nothing else can wake them (there is no outside world on this machine):
//   - a true deadlock (two or more of them wait in calls another of them could answer,
//     e.g. recv on both ends of a pair) stops the run with DeadlockError: the session
//     prints what each process waits in and the socket table;
//   - otherwise they wait for someone who is gone (a server in accept after its clients
//     ended): the machine stops them as a shell's kill would (SIGTERM) and the run ends
//     normally; the session lists them with the call they were in.
// MachineOptions.strictEnd makes both cases a DeadlockError.
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

/**
 * Nothing runnable: the live processes, or DeadlockError when none of them can ever wake
 * and they wait on each other (or strict is set).
 */
export function checkDeadlock(machine: Machine, pendingTimers: number, strict = false): Process[] {
  const alive = [...machine.procs.values()].filter((p) => !p.exited);
  if (alive.length && pendingTimers === 0 && (strict || !leftWaiting(alive))) throw new DeadlockError(machine, alive);
  return alive;
}

/** The call p is blocked in: its syscall's name (socketcall's subcall) and arguments. */
export function blockedCall(p: Process): { name: string; args: number[] } {
  let name = SYSCALL_NAMES.get(p.blockedNr) ?? `syscall_${p.blockedNr}`;
  let args = p.blockedArgs.map((a) => a >>> 0);
  const call = args[0];
  if (name === "socketcall" && call >= 1 && call <= 20) {
    // socketcall(call, args): the subcall's arguments are in user memory
    const n = SOCKETCALL_NARGS[call], at = args[1];
    p.views();
    if (at >= 4096 && at + 4 * n <= p.u8.byteLength) {
      name = SOCKETCALL_NAMES[call];
      args = Array.from({ length: n }, (_, i) => p.dv.getUint32(at + 4 * i, true));
    }
  }
  return { name, args };
}

/** "accept(3, 0, 0)": the call and its first three arguments. */
export function formatBlocked(p: Process): string {
  const { name, args } = blockedCall(p);
  return `${name}(${args.slice(0, 3).join(", ")}${args.length > 3 ? ", ..." : ""})`;
}

/** "accept(3, ...)": the call and its first argument (the descriptor, for most). */
export function describeBlocked(p: Process): string {
  const { name, args } = blockedCall(p);
  return `${name}(${args.length ? (args[0] | 0) + ", ..." : ""})`;
}

/** Calls that wait for anyone (a new connection, a child, a signal), not for a peer. */
const WAITS_FOR_ANYONE = /^(accept4?|wait4|waitpid|waitid|pause|rt_sigsuspend|sigsuspend)$/;

/**
 * Whether processes left blocked wait for someone who is gone rather than on each other.
 * Unlike a wait-for graph over the kernel's objects, this looks at the calls: a process in
 * accept waits for a new connection from anyone (wait4 for a child, pause for a signal);
 * two or more processes in other calls (recv, read, poll...) are taken to wait on each
 * other, a true deadlock. Processes already sent SIGTERM by the end of the run and waiting
 * again are always left waiting (SIGKILL).
 */
export function leftWaiting(alive: Process[]): boolean {
  if (alive.some((p) => p.stoppedByRun)) return true;
  const others = alive.filter((p) => !WAITS_FOR_ANYONE.test(blockedCall(p).name));
  return others.length < 2;
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
    if (!p.blocked) {
      lines.push(`  ${who} (${p.argv[0]}): running (preempted at the end of its time slice)`);
      continue;
    }
    lines.push(`  ${who} (${p.argv[0]}): blocked in ${formatBlocked(p)}`);
  }
  return lines.join("\n") + "\n";
}

export function deadlockReport(e: DeadlockError): string {
  return "int80: deadlock: every process is blocked and nothing can wake them\n" + blockedReport(e.machine) +
    "sockets:\n" + socketTable(e.machine);
}

/** The processes the end of the run stopped, one line each (stderr). */
export function stoppedReport(machine: Machine): string {
  let out = "";
  for (const p of machine.procs.values()) {
    if (!p.stoppedByRun) continue;
    const how = p.signal === 15 ? "SIGTERM" : p.signal === 9 ? "SIGKILL" : p.signal ? `signal ${p.signal}` : `exit ${p.exitCode} after SIGTERM`;
    out += `int80: pid ${p.pid} (${p.argv[0]}): left waiting in ${p.stoppedIn}, stopped (${how})\n`;
  }
  return out;
}

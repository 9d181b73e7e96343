// Signals, host side. The kernel decides (kernel/signal.ts: which signal, which handler,
// SIG_DFL or SIG_IGN) and reports it with the signal_deliver import; the host acts when
// the process is next at a safe point: after its current syscall returns (the handler
// runs, as Linux runs handlers on the way back to user space), or before it runs again
// (a default action ends it). Only termination is a default action here (SIGPIPE,
// SIGKILL...), and a handler is a function in the process's indirect function table.
import { Process, ProcessExit } from "./process.js";

/** The kernel's signal_deliver: remember the signal; true if a blocked process must wake to act on it. */
export function signalPending(p: Process, sig: number, handler: number, running: boolean): boolean {
  p.pendingSignal = sig;
  p.pendingHandler = handler;
  // another process: a fatal signal ends it before it runs again (fatalSignal)
  return !running && p.blocked;
}

/** A pending signal whose action is to terminate (SIG_DFL), or 0. */
export function fatalSignal(p: Process): number {
  return p.pendingHandler === 0 ? p.pendingSignal : 0;
}

/**
 * After a syscall returned in the process: run its handler, or end it (throws ProcessExit
 * out of the process's stack).
 */
export function deliverSignal(p: Process) {
  const sig = p.pendingSignal, handler = p.pendingHandler;
  p.pendingSignal = 0;
  if (handler === 0) throw new ProcessExit(sig); // SIG_DFL of SIGPIPE: terminate
  const fn = p.exports.__indirect_function_table?.get(handler);
  if (typeof fn === "function") fn(sig);
}

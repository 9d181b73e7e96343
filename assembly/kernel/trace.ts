// Tracepoints for `int80 run --ktrace`: the kernel functions a syscall passes through,
// by their Linux names. A tracepoint is `ktrace("name")` at the top of the function it
// names; its nesting is not written anywhere: the build (scripts/asc_ktrace_nesting.mjs)
// wraps every function that holds a tracepoint so that `ktrace_depth` counts the traced
// functions on the call stack, and each event reports that count (1 = the __sys_*
// function, 2 = what it calls, ...; the packet path run by the softirq nests under the
// call that raised it). Off, a tracepoint is one load and a branch; the names are static
// strings, so nothing is allocated either way.
import { host_ktrace_event } from "../arch/host";

export let ktrace_on: bool = false;
/** Traced functions on the call stack (kept by the wrappers the build adds). */
export let ktrace_depth: i32 = 0;

export function set_ktrace(on: bool): void {
  ktrace_on = on;
}

/** A new syscall starts at the top of the stack. */
export function ktrace_reset(): void {
  ktrace_depth = 0;
}

// @ts-ignore: decorator
@inline export function ktrace(name: string): void {
  if (ktrace_on) ktrace_hit(name);
}

function ktrace_hit(name: string): void {
  host_ktrace_event(changetype<usize>(name), ktrace_depth);
}

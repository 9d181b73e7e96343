// Tracepoints for `int80 run --ktrace`: the kernel functions a syscall passes through,
// by their Linux names. `level` is the nesting under the syscall handler (1 = the
// __sys_* function, 2 = what it calls, ...). Off, a tracepoint is one load and a branch;
// the names are static strings, so nothing is allocated either way.
import { host_ktrace_event } from "../arch/host";

export let ktrace_on: bool = false;
/** Added to every level: the softirq sets it so the packet path nests under its caller. */
export let ktrace_base: i32 = 0;
/** The level of the last tracepoint hit. */
export let ktrace_last: i32 = 0;

export function ktrace_set_base(base: i32): void {
  ktrace_base = base;
}

export function set_ktrace(on: bool): void {
  ktrace_on = on;
}

// @ts-ignore: decorator
@inline export function ktrace(name: string, level: i32): void {
  if (ktrace_on) ktrace_hit(name, level);
}

function ktrace_hit(name: string, level: i32): void {
  ktrace_last = ktrace_base + level;
  host_ktrace_event(changetype<usize>(name), ktrace_last);
}

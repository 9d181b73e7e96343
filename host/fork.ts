// fork(2), host side: the child's instance becomes a copy of the parent's. The kernel
// (assembly/kernel/fork.ts) has made the task; the machine has unwound the parent out of
// its trap (asyncify), so its whole call stack is in its memory (the asyncify data) and
// the globals hold the rest.
import type { Process } from "./process.js";

/** Prefix of the mutable globals `int80 cc` exports for fork (host/cc/driver.ts). */
export const FORK_GLOBAL_PREFIX = "__int80_global_";

/** Memory, then every mutable global (the stack pointer, the TLS block, asyncify's state). */
export function copyInstance(parent: Process, child: Process) {
  parent.views();
  child.views();
  copyMemory(parent, child);
  const pe = parent.instance.exports as Record<string, unknown>;
  const ce = child.instance.exports as Record<string, unknown>;
  for (const name in pe) {
    if (!name.startsWith(FORK_GLOBAL_PREFIX) && name !== "__stack_pointer" && name !== "__tls_base") continue;
    (ce[name] as WebAssembly.Global).value = (pe[name] as WebAssembly.Global).value;
  }
}

/**
 * The child's memory becomes the parent's. Unlike Linux, which shares pages copy-on-write,
 * the bytes are copied -- all but the dead part of the stack: below the parent's stack
 * pointer (__stack_low up to __stack_pointer) nothing is live, and a fresh memory is zero
 * there already. Most of a small process's memory is that stack, and every page the host
 * leaves alone is a page fault it does not take.
 */
function copyMemory(parent: Process, child: Process) {
  const src = parent.u8, dst = child.u8;
  const low = parent.exports.__stack_low, sp = parent.exports.__stack_pointer;
  // a thread's stack is heap memory (docs/threads.md): everything is live
  if (!low || !sp || parent.entry >= 0) return dst.set(src);
  const lo = low.value as number, live = (sp.value as number) & ~4095;
  if (lo > 0) dst.set(src.subarray(0, lo));
  dst.set(src.subarray(Math.max(lo, live)), Math.max(lo, live));
}

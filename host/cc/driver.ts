// The cc driver's isomorphic part: the virtual file tree clang runs on, what every int80
// program is built with, and binaryen's finish (asyncify for the one import that can
// block, then optimization). The Node side (host/node/cc.ts) reads sources, headers and
// the libc from the file system, caches modules and writes outputs; a browser front end
// can use these with a tree it fills itself.
import type { Tree } from '@yowasp/clang';
import binaryen from 'binaryen';

/** The imports that may unwind: the trap (a call that waits) and the preemption point. */
export const ASYNCIFY_IMPORTS = 'linux.int80,linux.preempt';
/** Loop back-edges and function entries between two preemption checks (linux.preempt reads the clock). */
export const PREEMPT_BUDGET = 8192;
/** Size of the libc's exported asyncify data region (__int80_asyncify_data). */
export const ASYNCIFY_DATA_SIZE = 65536;
/** Stack size given to programs (Linux gives 8 MiB; big on-stack buffers are common in tests). */
export const STACK_SIZE = 1 << 20;

/** Linker flags of every int80 program. */
export const PROGRAM_LINK_FLAGS: readonly string[] = [
  // the asyncify region (the host unwinds into it) and the function table (signal handlers)
  '-Wl,--export=__int80_asyncify_data', '-Wl,--export-table',
  // function pointers are table indices: keep them clear of SIG_DFL (0), SIG_IGN (1), SIG_HOLD (2)
  '-Wl,--table-base=3', `-Wl,-z,stack-size=${STACK_SIZE}`,
];

// ---------------------------------------------------------------------------
// The virtual file tree clang sees (@yowasp/clang runs on a tree of files in memory)

export function treePut(tree: Tree, absPath: string, content: Uint8Array | string): void {
  const parts = absPath.split('/').filter((p) => p.length > 0);
  let dir = tree;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = dir[parts[i]];
    if (next === undefined || typeof next === 'string' || next instanceof Uint8Array) {
      const d: Tree = {};
      dir[parts[i]] = d;
      dir = d;
    } else {
      dir = next;
    }
  }
  dir[parts[parts.length - 1]] = content;
}

export function treeMkdir(tree: Tree, absPath: string): void {
  let dir = tree;
  for (const part of absPath.split('/').filter((p) => p.length > 0)) {
    const next = dir[part];
    if (next === undefined || typeof next === 'string' || next instanceof Uint8Array) {
      const d: Tree = {};
      dir[part] = d;
      dir = d;
    } else {
      dir = next;
    }
  }
}

export function treeGet(tree: Tree, absPath: string): Uint8Array | string | undefined {
  const parts = absPath.split('/').filter((p) => p.length > 0);
  let node: Tree | Uint8Array | string | undefined = tree;
  for (const p of parts) {
    if (node === undefined || typeof node === 'string' || node instanceof Uint8Array) return undefined;
    node = node[p];
  }
  if (node === undefined || typeof node === 'string' || node instanceof Uint8Array) return node;
  return undefined;
}

export function toBytes(x: Uint8Array | string): Uint8Array {
  return typeof x === 'string' ? new TextEncoder().encode(x) : x;
}

/** Preemption points, asyncify (for linux.int80 and linux.preempt) and optimization, with binaryen. */
export function finishModule(wasm: Uint8Array, optLevel: string, debug: boolean, asyncify = true, preempt = true): Uint8Array {
  let mod = binaryen.readBinary(wasm);
  try {
    const level = optLevel === 's' || optLevel === 'z' ? 2 : Number(optLevel);
    const shrink = optLevel === 's' ? 1 : optLevel === 'z' ? 2 : 0;
    binaryen.setOptimizeLevel(level);
    binaryen.setShrinkLevel(shrink);
    binaryen.setDebugInfo(debug);
    if (asyncify && preempt) {
      // inline and simplify first: fewer calls, fewer functions that need an entry check
      if (level > 0 || shrink > 0) mod.optimize();
      const instrumented = instrumentPreemption(mod);
      mod.dispose();
      mod = instrumented;
    }
    if (asyncify) {
      binaryen.setPassArgument('asyncify-imports', ASYNCIFY_IMPORTS);
      mod.runPasses(['asyncify']);
      binaryen.setPassArgument('asyncify-imports', null);
    }
    if (level > 0 || shrink > 0) mod.optimize();
    if (!mod.validate()) throw new Error('module failed validation');
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

/**
 * Preemption points (the timer interrupt of a machine without one). Every loop head and
 * every function entry decrements a budget global; when it runs out the code calls the
 * import linux.preempt, which reads the clock and, when the process's time slice is over,
 * unwinds it through asyncify as a blocking call would (the scheduler then runs the
 * others and the host's event loop). Done on the module's text: binaryen.js has no tree
 * walker, and a loop or function header is one line of its output. Runs before asyncify,
 * so the call is instrumented like linux.int80.
 */
export function instrumentPreemption(mod: binaryen.Module): binaryen.Module {
  const budget = '$__int80_budget';
  const check = `(global.set ${budget} (i32.sub (global.get ${budget}) (i32.const 1)))` +
    ` (if (i32.lt_s (global.get ${budget}) (i32.const 0)) (then (global.set ${budget} (i32.const ${PREEMPT_BUDGET})) (call $__int80_preempt)))`;
  const lines = mod.emitText().split('\n');
  const out: string[] = [];
  const opens = (t: string) => {
    let depth = 0;
    for (const ch of t) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    return depth > 0;
  };
  let added = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trimStart();
    const topLevel = line.startsWith(' (') && !line.startsWith('  ');
    if (!added && topLevel && !t.startsWith('(import ') && !t.startsWith('(type ') && !t.startsWith('(rec')) {
      // after the imports (which must come first): the preemption import and the budget
      out.push(`(import "linux" "preempt" (func $__int80_preempt))`);
      out.push(`(global ${budget} (mut i32) (i32.const ${PREEMPT_BUDGET}))`);
      added = true;
    }
    out.push(line);
    if (topLevel && t.startsWith('(func ') && opens(t)) {
      // a function that calls others gets a check at its entry (recursion without loops);
      // a leaf without loops runs in bounded time and stays free of asyncify's cost
      let end = i + 1;
      while (end < lines.length && !(lines[end].startsWith(' ') && !lines[end].startsWith('  '))) end++;
      let calls = false;
      for (let j = i + 1; j < end && !calls; j++) calls = /\((call|call_indirect|call_ref) /.test(lines[j]);
      let j = i + 1;
      while (j < end && lines[j].trimStart().startsWith('(local ')) out.push(lines[j++]);
      if (calls) out.push(check);
      i = j - 1;
    } else if (t.startsWith('(loop ') && opens(t)) {
      out.push(check);
    }
  }
  const next = binaryen.parseText(out.join('\n'));
  next.setFeatures(mod.getFeatures());
  return next;
}

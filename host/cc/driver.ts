// The cc driver's isomorphic part: the virtual file tree clang runs on, what every int80
// program is built with, and binaryen's finish (asyncify for the one import that can
// block, then optimization). The Node side (host/node/cc.ts) reads sources, headers and
// the libc from the file system, caches modules and writes outputs; a browser front end
// can use these with a tree it fills itself.
import type { Tree } from '@yowasp/clang';
import binaryen from 'binaryen';

/** The import that may block; the only one asyncify instruments. */
export const ASYNCIFY_IMPORTS = 'linux.int80';
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

/** Asyncify (for linux.int80 only) and optimize a linked module with binaryen. */
export function finishModule(wasm: Uint8Array, optLevel: string, debug: boolean, asyncify = true): Uint8Array {
  const mod = binaryen.readBinary(wasm);
  try {
    const level = optLevel === 's' || optLevel === 'z' ? 2 : Number(optLevel);
    const shrink = optLevel === 's' ? 1 : optLevel === 'z' ? 2 : 0;
    binaryen.setOptimizeLevel(level);
    binaryen.setShrinkLevel(shrink);
    binaryen.setDebugInfo(debug);
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

// The cc driver's isomorphic part: the virtual file tree clang runs on, what every int80
// program is built with, and binaryen's finish (asyncify for the one import that can
// block; the module-wide optimizer only where needed: binaryenPasses). The Node side (host/node/cc.ts) reads sources, headers and
// the libc from the file system, caches modules and writes outputs; a browser front end
// can use these with a tree it fills itself.
import type { Tree } from '@yowasp/clang';
import type binaryenT from 'binaryen';

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
  // the signal frame mailbox (the kernel writes delivered signals there; libc/src/int80.c)
  // and the stack's low end (fork copies only the live part of the stack)
  '-Wl,--export=__int80_sigframe', '-Wl,--export=__stack_low',
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

/**
 * The binaryen passes a linked module needs, and only those. clang has already
 * optimized the program at the requested level and wasi-libc and libint80.a come
 * optimized, so the whole module is not optimized again:
 *   - asyncify (for linux.int80 only) instruments the functions that can reach
 *     the trap; with an optimize level set it re-optimizes those functions itself
 *     (binaryen runs its function-level pipeline on each instrumented function);
 *   - the module-wide optimizer (inlining, dead code, ...) runs only for -O3, -Os
 *     and -Oz, where the user asked for the extra work.
 * Before issue #16 every -O1/-O2 link re-optimized the whole module, libc
 * included (7 of 49 s of an `int80 cc -O2 hello.c` on a busy machine).
 */
export function binaryenPasses(optLevel: string, asyncify: boolean): { asyncify: boolean; optimizeModule: boolean } {
  return { asyncify, optimizeModule: optLevel === '3' || optLevel === 's' || optLevel === 'z' };
}

/** Called with each stage's name and milliseconds (INT80_CC_TIMES). */
export type StageTimer = (stage: string, ms: number) => void;

function timedSync<T>(timer: StageTimer | undefined, stage: string, f: () => T): T {
  const t0 = performance.now();
  try { return f(); } finally { timer?.(stage, performance.now() - t0); }
}

/**
 * binaryen (a 14 MB script with its own Wasm) is loaded only when a module is
 * linked: imported at start-up, it took 0.3 s on an idle machine (10 s on a busy
 * one) from every `int80 run prog.c` whose compiled module was already cached.
 */
let binaryenLoaded: typeof binaryenT | undefined;
async function loadBinaryen(timer?: StageTimer): Promise<typeof binaryenT> {
  if (!binaryenLoaded) {
    const t0 = performance.now();
    binaryenLoaded = (await import('binaryen')).default;
    timer?.('binaryen-load', performance.now() - t0);
  }
  return binaryenLoaded;
}

/** Runs binaryenPasses() on a linked module. */
export async function finishModule(wasm: Uint8Array, optLevel: string, debug: boolean, asyncify = true,
  timer?: StageTimer): Promise<Uint8Array> {
  const binaryen = await loadBinaryen(timer);
  const mod = binaryen.readBinary(wasm);
  try {
    const level = optLevel === 's' || optLevel === 'z' ? 2 : Number(optLevel);
    const shrink = optLevel === 's' ? 1 : optLevel === 'z' ? 2 : 0;
    const passes = binaryenPasses(optLevel, asyncify);
    binaryen.setOptimizeLevel(level);
    binaryen.setShrinkLevel(shrink);
    binaryen.setDebugInfo(debug);
    if (passes.asyncify) {
      timedSync(timer, 'asyncify', () => {
        binaryen.setPassArgument('asyncify-imports', ASYNCIFY_IMPORTS);
        mod.runPasses(['asyncify']);
        binaryen.setPassArgument('asyncify-imports', null);
      });
    }
    exportMutableGlobals(binaryen, mod);
    if (passes.optimizeModule) timedSync(timer, 'optimize', () => mod.optimize());
    if (!mod.validate()) throw new Error('module failed validation');
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

/**
 * fork copies a process: its memory, and the mutable globals that live outside it (the
 * stack pointer, asyncify's state). Each one not exported yet is exported so that the
 * host can read and set it: the stack pointer as `__stack_pointer`, the others as
 * `__int80_global_N` (host/fork.ts).
 */
function exportMutableGlobals(binaryen: typeof binaryenT, mod: binaryenT.Module): void {
  const exported = new Set<string>();
  for (let i = 0; i < mod.getNumExports(); i++) {
    const e = binaryen.getExportInfo(mod.getExportByIndex(i));
    if (e.kind === binaryen.ExternalGlobal) exported.add(e.value);
  }
  for (let i = 0; i < mod.getNumGlobals(); i++) {
    const g = binaryen.getGlobalInfo(mod.getGlobalByIndex(i));
    if (!g.mutable || exported.has(g.name) || g.module) continue;
    mod.addGlobalExport(g.name, g.name === '__stack_pointer' ? g.name : `${FORK_GLOBAL_PREFIX}${i}`);
  }
}

/** Prefix of the exported mutable globals fork copies (host/fork.ts has the same). */
export const FORK_GLOBAL_PREFIX = '__int80_global_';

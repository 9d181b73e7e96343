// The cc driver's isomorphic part: the virtual file tree clang runs on, what every int80
// program is built with, and binaryen's finish (preemption points, asyncify for the imports
// that can unwind; the module-wide optimizer only where needed: binaryenPasses). The Node side (host/node/cc.ts) reads sources, headers and
// the libc from the file system, caches modules and writes outputs; a browser front end
// can use these with a tree it fills itself.
import type { Tree } from '@yowasp/clang';
import type binaryenT from 'binaryen';

/** The imports that may unwind: the trap (a call that waits) and the preemption point. */
export const ASYNCIFY_IMPORTS = 'linux.int80,linux.preempt';
/**
 * Work between two calls of linux.preempt (which reads the clock), in lines of binaryen's
 * text (about one instruction each): a few hundred microseconds of a compute loop.
 */
export const PREEMPT_BUDGET = 1 << 18;
/**
 * The libc's string and memory functions (libc/src/string.c) get no preemption points:
 * their loops end within the bytes they were given (a scan of all 4 GiB takes well under
 * a second), they call nothing, and a budget check in their inner loops cost memcmp and
 * strlen a third of their speed. A preemption waits for them to return, as a Linux
 * process's signal waits for a system call's copy to finish.
 */
export const NO_PREEMPT = new Set(['memcpy', 'memmove', 'memset', 'memcmp', 'bcmp', 'strlen', 'strnlen',
  'memchr', 'strchrnul', 'strchr', 'strrchr', 'strcmp', 'strncmp', 'stpcpy', 'strcpy', 'strncpy']);
/** Size of the libc's exported asyncify data region (__int80_asyncify_data). */
export const ASYNCIFY_DATA_SIZE = 65536;
/** Stack size given to programs (Linux gives 8 MiB; big on-stack buffers are common in tests). */
export const STACK_SIZE = 1 << 20;

/**
 * The target of every compile (user programs and the libc). -matomics with -mbulk-memory
 * is what makes clang keep `__thread`/`_Thread_local` variables thread-local (without both
 * it lowers them to ordinary data); wasm-ld still lays them out as one ordinary segment,
 * and perThreadTls below makes the block per thread (docs/threads.md). The memory stays
 * unshared: atomic instructions work on it as plain loads and stores.
 */
export const TARGET_FLAGS: readonly string[] = ['--target=wasm32-wasip1', '-matomics', '-mbulk-memory'];

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
 *   - preemption points (instrumentPreemption) at loop heads and at the entries of
 *     recursive functions;
 *   - asyncify (for linux.int80 and linux.preempt) instruments the functions that can reach
 *     the trap or a preemption point; with an optimize level set it re-optimizes those functions itself
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
  timer?: StageTimer, preempt = true): Promise<Uint8Array> {
  const binaryen = await loadBinaryen(timer);
  let mod = binaryen.readBinary(wasm);
  try {
    const level = optLevel === 's' || optLevel === 'z' ? 2 : Number(optLevel);
    const shrink = optLevel === 's' ? 1 : optLevel === 'z' ? 2 : 0;
    const passes = binaryenPasses(optLevel, asyncify);
    binaryen.setOptimizeLevel(level);
    binaryen.setShrinkLevel(shrink);
    binaryen.setDebugInfo(debug);
    timedSync(timer, 'tls', () => perThreadTls(binaryen, mod));
    if (passes.asyncify && preempt) {
      const instrumented = timedSync(timer, 'preempt', () => instrumentPreemption(binaryen, mod));
      mod.dispose();
      mod = instrumented;
    }
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

/** Largest alignment perThreadTls assumes for the TLS block (a page). */
const TLS_MAX_ALIGN = 4096;

/**
 * Per-thread `__thread` data (docs/threads.md, "Thread-local storage"). Without shared
 * memory, wasm-ld lays .tdata and .tbss out as one ordinary active data segment (the main
 * thread's block) at the immutable global __tls_base, every TLS access being
 * `__tls_base + offset`; it defines no __tls_size, __tls_align or __wasm_init_tls. Here:
 *   - __tls_base becomes mutable and is exported as `__tls_base`: the host sets it to the
 *     running thread's block at every thread switch (host/machine.ts switchTo), and fork
 *     copies it (host/fork.ts);
 *   - the libc's placeholders (libc/src/tls.c, exported by name) get their bodies:
 *     __int80_tls_size() and __int80_tls_align() return the block's size and alignment,
 *     __int80_tls_init(block) writes the initial image (.tdata's bytes, .tbss's zeros) to a
 *     new thread's block, as __wasm_init_tls does in a shared-memory build. The image is
 *     code (a memory.fill and a store per non-zero 8 bytes): the segment itself is the
 *     main thread's live block and no longer holds the initial values.
 * The alignment is not in the binary: the segment's address is aligned to it, and a power
 * of two no larger than the block (a variable's alignment divides its size), at most a page.
 * A module without TLS, or whose names are stripped, is left as it was (the placeholders say
 * size 0 and the libc gives threads no block: they share the main thread's).
 */
export function perThreadTls(binaryen: typeof binaryenT, mod: binaryenT.Module): void {
  const stubs = new Map<string, string>(); // export name -> internal function name
  for (let i = 0; i < mod.getNumExports(); i++) {
    const e = binaryen.getExportInfo(mod.getExportByIndex(i));
    if (e.kind === binaryen.ExternalFunction && e.name.startsWith('__int80_tls_')) stubs.set(e.name, e.value);
  }
  let image: Uint8Array | null = null, base = 0;
  const gref = mod.getGlobal('__tls_base');
  if (gref) {
    const g = binaryen.getGlobalInfo(gref);
    const init = binaryen.getExpressionInfo(g.init) as binaryenT.ConstInfo;
    if (!g.module && !g.mutable && g.type === binaryen.i32 && init.id === binaryen.ConstId) {
      base = init.value as number;
      // binaryen.js has these, its typings do not
      const segs = mod as unknown as { getNumDataSegments(): number; getDataSegmentByIndex(i: number): number;
        getDataSegmentInfo(s: number): { offset: number | null; data: ArrayBuffer; passive: boolean } };
      for (let i = 0; i < segs.getNumDataSegments(); i++) {
        const s = segs.getDataSegmentInfo(segs.getDataSegmentByIndex(i));
        if (!s.passive && s.offset === base) image = new Uint8Array(s.data);
      }
    }
  }
  if (image && image.length && stubs.size === 3) {
    mod.removeGlobal('__tls_base');
    mod.addGlobal('__tls_base', binaryen.i32, true, mod.i32.const(base));
    mod.addGlobalExport('__tls_base', '__tls_base');
    let align = TLS_MAX_ALIGN;
    while (align > 1 && ((base & (align - 1)) || align > image.length)) align >>= 1;
    const size = (image.length + align - 1) & -align;
    const body: binaryenT.ExpressionRef[] = [mod.memory.fill(mod.local.get(0, binaryen.i32), mod.i32.const(0), mod.i32.const(size))];
    for (let off = 0; off < image.length; off += 8) {
      const chunk = image.subarray(off, off + 8);
      if (chunk.every((b) => b === 0)) continue;
      if (chunk.length === 8) {
        const dv = new DataView(chunk.buffer, chunk.byteOffset, 8);
        body.push(mod.i64.store(off, 1, mod.local.get(0, binaryen.i32), mod.i64.const(dv.getBigInt64(0, true))));
      } else {
        chunk.forEach((b, k) => { if (b) body.push(mod.i32.store8(off + k, 1, mod.local.get(0, binaryen.i32), mod.i32.const(b))); });
      }
    }
    const define = (exp: string, params: binaryenT.Type, result: binaryenT.Type, code: binaryenT.ExpressionRef) => {
      const name = stubs.get(exp)!;
      mod.removeFunction(name);
      mod.addFunction(name, params, result, [], code);
    };
    define('__int80_tls_size', binaryen.none, binaryen.i32, mod.i32.const(size));
    define('__int80_tls_align', binaryen.none, binaryen.i32, mod.i32.const(align));
    define('__int80_tls_init', binaryen.i32, binaryen.none, mod.block(null, body, binaryen.none));
  }
  for (const exp of stubs.keys()) mod.removeExport(exp);
}

/** Prefix of the exported mutable globals fork copies (host/fork.ts has the same). */
export const FORK_GLOBAL_PREFIX = '__int80_global_';

/**
 * Preemption points: the timer interrupt of a machine that has none. A function with loops
 * keeps a budget of work in a local (its copy of the global __int80_budget, taken at entry):
 * each loop head subtracts its loop's size (in lines of binaryen's text, about one
 * instruction each) and, when the budget runs out, calls the import linux.preempt, which
 * reads the clock and, when the process's time slice is over, unwinds it through asyncify
 * as a blocking call would (the scheduler then runs the others and the host's event loop),
 * and which returns 1 when a signal is to be delivered there (the libc's exported
 * __int80_signal_point then runs the handler, as Linux does on the return to user mode
 * after a timer interrupt). What the function used is subtracted from the global when it returns, so a callee with
 * a short loop, called from a loop, still spends the budget across calls. A function that
 * is recursive (in a cycle of the call graph; an indirect call may reach any function of
 * the table) also spends its size at entry: recursion without loops is preempted too. A
 * function with neither runs in bounded time and is not touched.
 *
 * The budget lives in a local, not the global, in the loop: a counter in memory is a
 * store-to-load chain of several cycles per iteration (issue #12 measured 1.6x on a
 * compute loop with a global decrement at every loop head and function entry).
 *
 * Done on the module's text (binaryen.js has no tree walker; a function or loop header
 * is one line of its output). Runs before asyncify, so linux.preempt is instrumented
 * like linux.int80. Returns a new module.
 */
export function instrumentPreemption(binaryen: typeof binaryenT, mod: binaryenT.Module): binaryenT.Module {
  const G = '$__int80_budget', C = '$__int80_c', E = '$__int80_e', R = '$__int80_r', RET = '$__int80_ret';
  const lines = mod.emitText().split('\n');
  const depthOf = (t: string) => {
    let d = 0;
    for (let k = 0; k < t.length; k++) {
      const ch = t.charCodeAt(k);
      if (ch === 40) d++;
      else if (ch === 41) d--;
      else if (ch === 34) { // a string: skip to its end
        for (k++; k < t.length && t.charCodeAt(k) !== 34; k++) if (t.charCodeAt(k) === 92) k++;
      }
    }
    return d;
  };
  const isTop = (l: string) => l.startsWith(' (') && !l.startsWith('  ');
  // functions: [header, end) with lines[end] their closing line
  interface Fn { name: string; start: number; end: number; loops: boolean; calls: Set<string>; indirect: boolean }
  const fns: Fn[] = [];
  const byName = new Map<string, Fn>();
  const table = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!isTop(line)) continue;
    const t = line.trimStart();
    if (t.startsWith('(elem ')) for (const m of line.matchAll(/\$[^\s()]+/g)) table.add(m[0]);
    if (!t.startsWith('(func ') || depthOf(t) <= 0) continue;
    const name = /^\(func (\$[^\s()]+)/.exec(t)?.[1];
    let end = i + 1;
    while (end < lines.length && !isTop(lines[end]) && lines[end] !== ' )') end++;
    if (!name || end >= lines.length) continue;
    const f: Fn = { name, start: i, end, loops: false, calls: new Set(), indirect: false };
    for (let j = i + 1; j < end; j++) {
      const l = lines[j];
      if (l.includes('(loop ')) f.loops = true;
      if (l.includes('call_indirect') || l.includes('call_ref')) f.indirect = true;
      for (const m of l.matchAll(/\((?:return_)?call (\$[^\s()]+)/g)) f.calls.add(m[1]);
    }
    fns.push(f);
    byName.set(name, f);
    i = end;
  }
  // recursive functions: Tarjan's strongly connected components of the call graph
  const succ = (f: Fn): Fn[] => {
    const out: Fn[] = [];
    for (const c of f.calls) { const g = byName.get(c); if (g) out.push(g); }
    if (f.indirect) for (const c of table) { const g = byName.get(c); if (g) out.push(g); }
    return out;
  };
  const recursive = new Set<Fn>();
  {
    const index = new Map<Fn, number>(), low = new Map<Fn, number>(), onStack = new Set<Fn>();
    const stack: Fn[] = [];
    let next = 0;
    for (const root of fns) {
      if (index.has(root)) continue;
      const work: { f: Fn; it: Fn[]; k: number }[] = [{ f: root, it: succ(root), k: 0 }];
      index.set(root, next); low.set(root, next); next++; stack.push(root); onStack.add(root);
      while (work.length) {
        const top = work[work.length - 1];
        if (top.k < top.it.length) {
          const w = top.it[top.k++];
          if (!index.has(w)) {
            index.set(w, next); low.set(w, next); next++; stack.push(w); onStack.add(w);
            work.push({ f: w, it: succ(w), k: 0 });
          } else if (onStack.has(w)) low.set(top.f, Math.min(low.get(top.f)!, index.get(w)!));
          continue;
        }
        work.pop();
        if (work.length) { const up = work[work.length - 1].f; low.set(up, Math.min(low.get(up)!, low.get(top.f)!)); }
        if (low.get(top.f) === index.get(top.f)) {
          const comp: Fn[] = [];
          let w: Fn;
          do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== top.f);
          if (comp.length > 1) for (const c of comp) recursive.add(c);
          else if (succ(top.f).includes(top.f)) recursive.add(top.f);
        }
      }
    }
  }
  // linux.preempt returns 1 when the kernel wrote a signal frame (a preemption point is a
  // return to user mode): the libc's exported __int80_signal_point runs the handler
  const sigpoint = /\(export "__int80_signal_point" \(func (\$[^\s()]+)\)\)/.exec(lines.find((l) => l.includes('"__int80_signal_point"')) ?? '')?.[1];
  const PREEMPT_CALL = sigpoint ? `(if (call $__int80_preempt) (then (call ${sigpoint})))` : '(drop (call $__int80_preempt))';
  const weight = (n: number) => Math.max(1, Math.min(4096, n));
  // The preemption point itself is one function, $__int80_point: a new global budget, the
  // call, the signal. An instrumented function only calls it, with no result and no `if`
  // around an unwinding call of its own: asyncify keeps an `if`'s condition in a local for
  // the rewind, and its local coalescing gave that local to a hot loop's budget test, whose
  // comparison V8 then materialized in every iteration (a setcc and a test beside the
  // compare and branch; bench/compute.c against -mno-preempt went 1.10 -> 1.09 without it,
  // docs/performance.md).
  const POINT = '$__int80_point';
  const refill = `(local.set ${C} (i32.const ${PREEMPT_BUDGET})) (local.set ${E} (i32.const ${PREEMPT_BUDGET})) (call ${POINT})`;
  const check = (w: number) => `(local.set ${C} (i32.sub (local.get ${C}) (i32.const ${w})))` +
    ` (if (i32.lt_s (local.get ${C}) (i32.const 0)) (then ${refill}))`;

  const out: string[] = [];
  let added = false;
  let fi = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trimStart();
    if (!added && isTop(line) && !t.startsWith('(import ') && !t.startsWith('(type ') && !t.startsWith('(rec')) {
      // after the imports (which come first): the preemption import and the budget
      out.push(`(import "linux" "preempt" (func $__int80_preempt (result i32)))`);
      out.push(`(global ${G} (mut i32) (i32.const ${PREEMPT_BUDGET}))`);
      out.push(`(func ${POINT} (global.set ${G} (i32.const ${PREEMPT_BUDGET})) ${PREEMPT_CALL})`);
      added = true;
    }
    while (fi < fns.length && fns[fi].start < i) fi++;
    const f = fi < fns.length && fns[fi].start === i ? fns[fi] : undefined;
    const result = f && /\(result ([^()]*)\)/.exec(t)?.[1].trim();
    if (!f || !(f.loops || recursive.has(f)) || (result && result.includes(' ')) || NO_PREEMPT.has(f.name.slice(1))) {
      out.push(line);
      continue;
    }
    // an instrumented function
    out.push(line);
    let j = i + 1;
    while (j < f.end && lines[j].trimStart().startsWith('(local ')) out.push(lines[j++]);
    out.push(`(local ${C} i32) (local ${E} i32)` + (result ? ` (local ${R} ${result})` : ''));
    out.push(`(local.set ${E} (local.tee ${C} (global.get ${G})))`);
    if (recursive.has(f)) out.push(check(weight(f.end - f.start)));
    out.push(result ? `(local.set ${R} (block ${RET} (result ${result})` : `(block ${RET}`);
    // loop heads: the budget spent by the loop's size (filled in when the loop closes). A
    // labeled loop $L is wrapped so that it holds no call that may unwind, and asyncify
    // adds no guard to its iterations:
    //   (block $L__x (loop $L__p (block $L__b (br $L__x (loop $L ...budget; br_if $L__b...)))
    //     new budget, (call $__int80_point), (br $L__p)))
    // The loop leaves to $L__b only when its budget ran out, and falls through to $L__x
    // (with its value, if it has one) when it ends; the point after $L__b needs no second
    // test of the budget, so no `if` around it (see POINT above).
    const open: { at: number; depth: number; line: number; label: string | null }[] = [];
    let depth = 0;
    for (; j < f.end; j++) {
      const l = lines[j].replace(/\(return(?=[\s)])/g, `(br ${RET}`);
      const lt = l.trimStart();
      const before = depth;
      depth += depthOf(lt);
      const head = lt.startsWith('(loop ') && depth > before
        ? /^(\s*)\(loop (\$[^\s()]+)((?:\s*\(result [^()]*\))?)\s*$/.exec(l) : null;
      if (head) {
        out.push(`${head[1]}(block ${head[2]}__x${head[3]} (loop ${head[2]}__p${head[3]} (block ${head[2]}__b (br ${head[2]}__x`);
        out.push(l);
        open.push({ at: out.length, depth: before, line: j, label: head[2] });
        out.push('');
        continue;
      }
      out.push(l);
      if (lt.startsWith('(loop ') && depth > before) {
        open.push({ at: out.length, depth: before, line: j, label: null });
        out.push('');
      }
      const closing: { depth: number; label: string }[] = [];
      while (open.length && depth <= open[open.length - 1].depth) {
        const o = open.pop()!;
        const w = weight(j - o.line);
        if (o.label) {
          out[o.at] = `(local.set ${C} (i32.sub (local.get ${C}) (i32.const ${w})))` +
            ` (br_if ${o.label}__b (i32.lt_s (local.get ${C}) (i32.const 0)))`;
          closing.push({ depth: o.depth, label: o.label });
        } else out[o.at] = check(w);
      }
      if (closing.length) {
        // close the wrapper right after the loop's own closing parenthesis
        let d = before, text = '';
        for (const ch of l) {
          text += ch;
          if (ch === '(') d++;
          else if (ch === ')') {
            d--;
            const c = closing.find((x) => x.depth === d);
            if (c) text += `)) ${refill} (br ${c.label}__p)))`;
          }
        }
        out[out.length - 1] = text;
      }
    }
    for (const o of open) out[o.at] = check(weight(f.end - o.line));
    out.push(result ? '))' : ')');
    out.push(`(global.set ${G} (i32.sub (global.get ${G}) (i32.sub (local.get ${E}) (local.get ${C}))))`);
    if (result) out.push(`(local.get ${R})`);
    out.push(lines[f.end]);
    i = f.end;
  }
  const next = binaryen.parseText(out.join('\n'));
  next.setFeatures(mod.getFeatures());
  return next;
}

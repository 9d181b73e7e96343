// int80 cc: the C compiler driver.
//
// Compiles C programs to wasm32 with @yowasp/clang (clang + wasm-ld + wasi-libc
// running as WebAssembly on a virtual file tree), against int80's libc:
//   - libc/include shadows wasi-libc's headers that carry ABI values (socket,
//     in, fcntl, ioctl, poll, signal, errno numbering) with Linux i386 ones;
//     some of them are generated from the ABI tables by scripts/gen_tables.mjs
//     (<sys/syscall.h>, <asm/unistd_32.h> from syscall_32.tbl, <linux/net.h>,
//     <__errno_values.h>);
//   - build/libc/libint80.a (socket calls through socketcall(2)) or
//     libint80-direct.a (`-mdirect-socketcalls`: direct i386 socket syscalls)
//     is linked before wasi-libc's -lc, so its definitions win.
// The linked module is then instrumented with binaryen's asyncify pass for the
// one import that can block (linux.int80) and optimized at the requested level.
// What does not need Node (the virtual tree, the link flags, binaryen's finish) is
// in host/cc/driver.ts, part of the isomorphic core; this file is the Node side (files,
// the libc build, the module cache).
//
// Virtual tree layout seen by clang:
//   /int80/include, /int80/src, /int80/lib/*.a
//   the user's source and include directories at their real absolute paths
//   /out/ for outputs.

import type { Tree } from '@yowasp/clang';
import { treePut, treeMkdir, treeGet, toBytes, finishModule, PROGRAM_LINK_FLAGS, TARGET_FLAGS } from '../cc/driver.js';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, gccCompatFlags, asGiven, virt, USAGE } from './cc_options.js';
import type { ParsedArgs } from './cc_options.js';
import { includeOverlay, V_OVERLAY } from '../cc/includes.js';
import { translateInlineAsm } from '../cc/asm.js';
export { USAGE, CC_OPTIONS_WITH_VALUE, gccCompatFlags } from './cc_options.js';

/** Repository root (this file runs from dist/host/node/cc.js or host/node/cc.ts). */
export const ROOT: string = (() => {
  const up = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
})();
export const LIBC_SRC_DIR = path.join(ROOT, 'libc', 'src');
export const LIBC_INCLUDE_DIR = path.join(ROOT, 'libc', 'include');
export const LIBC_BUILD_DIR = path.join(ROOT, 'build', 'libc');
export const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'int80');

const LIBC_ARCHIVE = 'libint80.a';
const LIBC_DIRECT_ARCHIVE = 'libint80-direct.a';
const V_INCLUDE = '/int80/include';
const V_SRC = '/int80/src';
const V_LIB = '/int80/lib';
const V_OUT = '/out';

const HEADER_EXT = /\.(h|hh|hpp|hxx|inc|def)$/i;

type Sink = (bytes: Uint8Array | null) => void;
interface RunIO { stdout: Sink; stderr: Sink }

// The toolchain's module (a quarter of a megabyte of JavaScript) is loaded on the first
// compile only: a cached `int80 run` never needs it.
type Yowasp = typeof import('@yowasp/clang');
let yowasp: Promise<Yowasp> | null = null;
const toolchain = (): Promise<Yowasp> => (yowasp ??= import('@yowasp/clang'));
const clang = async (...a: Parameters<Yowasp['commands']['clang']>) => (await toolchain()).commands['clang'](...a);
const runLLVM = async (...a: Parameters<Yowasp['runLLVM']>) => (await toolchain()).runLLVM(...a);
let prefetched: Promise<void> | null = null;

/**
 * Where compile time goes: with INT80_CC_TIMES=1 in the environment, `int80 cc`
 * writes one line to stderr, e.g. "int80 cc: times: toolchain 2.1 s, compile
 * 3.0 s, link 2.2 s, asyncify 0.1 s, optimize 0.4 s" (npm run bench reads it).
 */
const stageTimes = new Map<string, number>();
async function timed<T>(stage: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try { return await f(); } finally { recordStage(stage, performance.now() - t0); }
}
function recordStage(stage: string, ms: number): void {
  stageTimes.set(stage, (stageTimes.get(stage) ?? 0) + ms);
}
function reportStageTimes(): void {
  if (!process.env.INT80_CC_TIMES || stageTimes.size === 0) return;
  const parts = [...stageTimes].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(2)} s`);
  process.stderr.write(`int80 cc: times: ${parts.join(', ')}\n`);
  stageTimes.clear();
}

let toolchainReady = false;
async function prefetch(): Promise<void> {
  if (toolchainReady) return;
  await timed('toolchain', prefetchToolchain);
}

/**
 * Loads the toolchain's resources once, silently (runClang's own -### step would
 * otherwise print download progress); concurrent callers share the load. The compile
 * server (cc_server.ts) calls it to warm a lane before its first request.
 */
export function prefetchToolchain(): Promise<void> {
  prefetched ??= (async () => {
    await runLLVM(undefined as unknown as string[], {}, { fetchProgress: () => {} });
    toolchainReady = true;
  })();
  prefetched.catch(() => { prefetched = null; });
  return prefetched;
}

function processIO(): RunIO {
  return {
    stdout: (b) => { if (b && b.length) process.stdout.write(b); },
    stderr: (b) => { if (b && b.length) process.stderr.write(b); },
  };
}

/** Runs clang; returns the output tree, or null (diagnostics already written) on failure. */
async function runClangTree(args: string[], files: Tree, io: RunIO): Promise<Tree | null> {
  await prefetch();
  try {
    const out = await clang(args, files, { stdout: io.stdout, stderr: io.stderr, fetchProgress: () => {} });
    return (out ?? files) as Tree;
  } catch (e: unknown) {
    if (e && typeof e === 'object' && 'code' in e && 'files' in e) return null;
    throw e;
  }
}

// ---------------------------------------------------------------------------
// clang -c and the link without the `clang -###` round trip
//
// @yowasp/clang's clang command runs the driver twice: `clang -###` prints the job (the
// cc1 command line), then the job runs in a fresh instance. For `-c` the job line depends
// on the flags and on three names only: the input as given, the output, and the input's
// base name (-main-file-name). So the driver's answer is kept per flag set (in this process:
// a compile server's lane serves many compiles) as a template with those names taken out,
// and a compile with the same flags runs cc1 directly; a link's wasm-ld line is kept for its
// exact command line (a rebuild relinks with the same one). A job line in which a name appears
// anywhere else, several jobs, -v and anything the driver complained about are not kept:
// those calls go the long way, as before.

const jobTemplates = new Map<string, string[]>();
const IN = '\0in', OUT = '\0out', BASE = '\0base';

/** Parses `clang -###` output as @yowasp/clang does: the job lines, or null if it is not a clean single-job answer. */
function parseJobs(text: string): string[][] | null {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && /^(clang|Target:|Thread model:|InstalledDir:|Build config:)/.test(lines[i])) i++;
  // a driver diagnostic ("clang: warning: ...") is printed before the jobs; keep those calls on the long way
  if (/warning|error/.test(lines.slice(0, i).join('\n').replace(/^clang version.*$/m, ''))) return null;
  const jobs: string[][] = [];
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === ' (in-process)') continue;
    if (line.startsWith(' "')) {
      // the same unquoting as @yowasp/clang's (an empty "" argument is dropped there too)
      jobs.push(Array.from(line.matchAll(/ (?:([^ "]+)|"((?:[^"\\$]|\\["\\$])+)")/g),
        (m) => m[1] ?? m[2].replaceAll(/\\["$\\]/g, (q) => q[1])));
      continue;
    }
    if (line === '' && lines.slice(i + 1).every((l) => l === '')) return jobs;
    return null;
  }
  return null;
}

/**
 * clang `args`: the output tree, or null (diagnostics written) on failure. With `names` (a
 * `-c` of names.given to names.vobj) the kept job line is a template for any file compiled
 * with the same flags; without, it is kept for exactly these arguments (a link: the driver
 * reads none of its inputs, so the same command line gives the same wasm-ld line).
 */
async function runClangJob(args: string[], tree: Tree, io: RunIO, names?: { given: string; vobj: string }): Promise<Tree | null> {
  const given = names?.given ?? IN, vobj = names?.vobj ?? OUT;
  const base = path.posix.basename(given);
  if (args.includes('-v') || args.some((a) => /^-M|^-save-temps|^-###|^-ftime-trace|^-gsplit-dwarf|^-fprofile|^-fcoverage/.test(a))) return runClangTree(args, tree, io);
  const key = JSON.stringify([names ? path.posix.extname(given) : '', ...args.map((a) => (a === given ? IN : a === vobj ? OUT : a))]);
  let template = jobTemplates.get(key);
  if (!template) {
    await prefetch();
    const chunks: Uint8Array[] = [];
    const keep = (b: Uint8Array | null) => { if (b) chunks.push(new Uint8Array(b)); };
    let jobs: string[][] | null = null;
    try {
      await runLLVM(['clang', '-###', ...args], tree, { stdout: keep, stderr: keep, fetchProgress: () => {} });
      jobs = parseJobs(new TextDecoder().decode(Buffer.concat(chunks)));
    } catch { jobs = null; }
    const job = jobs && jobs.length === 1 ? jobs[0] : null;
    if (!job) return runClangTree(args, tree, io);
    if (names) {
      const outStem = vobj.replace(/\.[^.]*$/, '');
      const t = job.map((a, i) => (a === given ? IN : a === vobj ? OUT : a === base && job[i - 1] === '-main-file-name' ? BASE : a));
      // a name elsewhere in the line (a dependency file, a debug flag): not a template
      if (t.some((a) => a !== IN && a !== OUT && a !== BASE && (a.includes(outStem) || a.includes(base) || a.includes(given)))) {
        return runClangTree(args, tree, io);
      }
      template = t;
    } else template = job;
    jobTemplates.set(key, template);
  }
  const job = template.map((a) => (a === IN ? given : a === OUT ? vobj : a === BASE ? base : a));
  try {
    const out = (await runLLVM(job, tree, { stdout: io.stdout, stderr: io.stderr, fetchProgress: () => {} })) as Tree;
    delete (out as Record<string, unknown>).tmp; // as @yowasp/clang's clang does
    return out;
  } catch (e: unknown) {
    if (e && typeof e === 'object' && 'code' in e && 'files' in e) return null;
    throw e;
  }
}

function mountDir(tree: Tree, realDir: string, virtDir: string, filter: (name: string) => boolean, recursive: boolean): void {
  let entries: fs.Dirent[];
  try { entries = fs.readdirSync(realDir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    const real = path.join(realDir, e.name);
    const virt = path.posix.join(virtDir, e.name);
    if (e.isDirectory()) {
      if (recursive) mountDir(tree, real, virt, filter, true);
    } else if (filter(e.name)) {
      treePut(tree, virt, fs.readFileSync(real));
    }
  }
}

const INCLUDE_RE = /^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]/gm;

/**
 * Finds the headers a set of sources includes from user directories: quoted
 * includes relative to the including file, then -I dirs; angle includes in -I
 * dirs. Returns real paths (system headers are not followed). Conditional and
 * computed includes are over/under-approximated; the directories' top-level
 * headers are mounted as well.
 */
function scanIncludes(sources: string[], includeDirs: string[], iquoteDirs: string[]): string[] {
  const found = new Set<string>();
  const queue = [...sources];
  const seen = new Set<string>(sources);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    let text: string;
    try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
    for (const m of text.matchAll(INCLUDE_RE)) {
      const quoted = m[1] === '"';
      const name = m[2];
      const candidates: string[] = [];
      if (path.isAbsolute(name)) candidates.push(name);
      else {
        if (quoted) candidates.push(path.join(path.dirname(file), name), ...iquoteDirs.map((d) => path.join(d, name)));
        candidates.push(...includeDirs.map((d) => path.join(d, name)));
      }
      for (const c of candidates) {
        let st: fs.Stats | undefined;
        try { st = fs.statSync(c); } catch { st = undefined; }
        if (st && st.isFile()) {
          const abs = path.resolve(c);
          found.add(abs);
          if (!seen.has(abs)) { seen.add(abs); queue.push(abs); }
          break;
        }
      }
    }
  }
  return [...found].sort();
}

// ---------------------------------------------------------------------------
// libc build

function hashFiles(h: ReturnType<typeof createHash>, dir: string): void {
  let entries: fs.Dirent[];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) hashFiles(h, p);
    else { h.update(p.slice(ROOT.length)); h.update(fs.readFileSync(p)); }
  }
}

export interface BuildLibcOptions { log?: (msg: string) => void }

/**
 * Builds build/libc/: libint80.a (socketcall) and
 * libint80-direct.a (direct socket syscalls), and stamp (hash of inputs).
 * Returns 0 on success.
 */
export async function buildLibc(opts: BuildLibcOptions = {}): Promise<number> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const io = processIO();
  fs.mkdirSync(LIBC_BUILD_DIR, { recursive: true });
  const tree: Tree = {};
  mountDir(tree, LIBC_INCLUDE_DIR, V_INCLUDE, () => true, true);
  mountDir(tree, LIBC_SRC_DIR, V_SRC, (n) => n.endsWith('.c') || n.endsWith('.h'), false);
  const sources = fs.readdirSync(LIBC_SRC_DIR).filter((n) => n.endsWith('.c')).sort();
  const cflags = [...TARGET_FLAGS, '-O2', '-Wall', '-Wextra', '-Wno-unused-parameter', '-Werror', '-ffunction-sections', '-fdata-sections',
    '-isystem', V_INCLUDE, '-I', V_SRC];
  const objs: Record<string, Uint8Array> = {};
  const variants: Array<[string, string[], string]> = [];
  for (const s of sources) variants.push([s, libcFileFlags(s), s.replace(/\.c$/, '.o')]);
  variants.push(['socket.c', ['-DINT80_DIRECT_SOCKETCALLS'], 'socket-direct.o']);
  for (const [src, extra, obj] of variants) {
    log(`  CC    libc/src/${src}${extra.length ? ' ' + extra.join(' ') : ''}`);
    const out = await runClangTree(['-c', ...cflags, ...extra, `${V_SRC}/${src}`, '-o', `${V_OUT}/${obj}`], { ...tree, out: {} }, io);
    if (!out) { log(`int80: building libc failed in ${src}`); return 1; }
    const o = treeGet(out, `${V_OUT}/${obj}`);
    if (!o) { log(`int80: clang produced no ${obj}`); return 1; }
    objs[obj] = toBytes(o);
  }
  const common = Object.keys(objs).filter((n) => n !== 'socket.o' && n !== 'socket-direct.o').sort();
  for (const [archive, sock] of [[LIBC_ARCHIVE, 'socket.o'], [LIBC_DIRECT_ARCHIVE, 'socket-direct.o']] as const) {
    log(`  AR    build/libc/${archive}`);
    const members = [...common, sock];
    const arTree: Tree = { out: {} };
    for (const m of members) treePut(arTree, `/in/${m}`, objs[m]);
    await prefetch();
    const res = (await runLLVM(['ar', 'rcs', `${V_OUT}/${archive}`, ...members.map((m) => `/in/${m}`)], arTree,
      { stdout: io.stdout, stderr: io.stderr, fetchProgress: () => {} })) as Tree;
    const a = treeGet(res, `${V_OUT}/${archive}`);
    if (!a) { log(`int80: ar produced no ${archive}`); return 1; }
    fs.writeFileSync(path.join(LIBC_BUILD_DIR, archive), toBytes(a));
  }
  fs.writeFileSync(path.join(LIBC_BUILD_DIR, 'stamp'), libcInputsHash() + '\n');
  return 0;
}

/**
 * Per-file flags of the libc build: string.c (memcpy, memcmp, strlen, ...) is
 * written with Wasm SIMD and bulk-memory instructions, and must not have its
 * loops recognized as calls to the functions it defines. -disable-lsr: LLVM's loop
 * strength reduction rewrites `load(p + 16)`, `load(p + 32)`, ... in an unrolled
 * loop as separate pointers, an i32.add per load; without it the constants stay in
 * the loads' offset fields, which V8 folds into the x86 addressing mode (strlen
 * 4 KiB: about 10% faster).
 */
const STRING_FLAGS = ['-msimd128', '-mbulk-memory', '-fno-builtin', '-mllvm', '-disable-lsr'];
function libcFileFlags(src: string): string[] {
  return src === 'string.c' ? STRING_FLAGS : [];
}

/** Hash of everything the libc build consumed (libc/: sources and headers, generated ones included). */
function libcInputsHash(): string {
  const h = createHash('sha256');
  hashFiles(h, path.join(ROOT, 'libc'));
  h.update(JSON.stringify(STRING_FLAGS));
  return h.digest('hex');
}

function libcStamp(): string {
  try { return fs.readFileSync(path.join(LIBC_BUILD_DIR, 'stamp'), 'utf8').trim(); } catch { return ''; }
}

/** Builds the libc if it is missing or older than its inputs. */
export async function ensureLibc(): Promise<number> {
  const have = fs.existsSync(path.join(LIBC_BUILD_DIR, LIBC_ARCHIVE)) && fs.existsSync(path.join(LIBC_BUILD_DIR, LIBC_DIRECT_ARCHIVE));
  if (have && libcStamp() === libcInputsHash()) return 0;
  return buildLibc();
}

// ---------------------------------------------------------------------------
// The driver

function err(msg: string): number {
  process.stderr.write(`int80 cc: error: ${msg}\n`);
  return 1;
}

/** A user source or header as clang gets it: inline `int $0x80` asm translated (cc/asm.ts). */
function userSource(data: Uint8Array): Uint8Array {
  // cheap test first: most files have no asm
  if (!/\b(?:asm|__asm__|__asm)\b/.test(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'))) return data;
  const { text, count } = translateInlineAsm(new TextDecoder().decode(data));
  return count ? new TextEncoder().encode(text) : data;
}

function buildTree(p: ParsedArgs): Tree | string {
  const tree: Tree = {};
  mountDir(tree, LIBC_INCLUDE_DIR, V_INCLUDE, () => true, true);
  const userFiles = new Set<string>();
  // user files go in with their inline i386 syscalls translated (cc/asm.ts)
  const put = (real: string, data: Uint8Array) => { treePut(tree, virt(real), userSource(data)); userFiles.add(virt(real)); };
  const dirs = new Set<string>([...p.includeDirs, ...p.iquoteDirs]);
  for (const s of p.sources) {
    let data: Buffer;
    try { data = fs.readFileSync(s); } catch { return `${s}: No such file or directory`; }
    put(s, data);
    dirs.add(path.dirname(path.resolve(s)));
  }
  for (const d of dirs) {
    let names: string[] = [];
    try { names = fs.readdirSync(d).filter((n) => HEADER_EXT.test(n)); } catch { /* not a directory: clang says so */ }
    for (const n of names) {
      try { put(path.join(d, n), fs.readFileSync(path.join(d, n))); } catch { /* a directory named x.h, or unreadable */ }
    }
    treeMkdir(tree, virt(d));
  }
  for (const h of scanIncludes(p.sources.map((s) => path.resolve(s)), p.includeDirs, p.iquoteDirs)) {
    if (!userFiles.has(virt(h))) put(h, fs.readFileSync(h));
  }
  treePut(tree, V_OVERLAY, includeOverlay(userFiles));
  for (const o of p.objects) {
    let data: Buffer;
    try { data = fs.readFileSync(o); } catch { return `${o}: No such file or directory`; }
    treePut(tree, virt(o), data);
  }
  treePut(tree, `${V_OUT}/.keep`, '');
  treeMkdir(tree, virt(process.cwd())); // for -working-directory
  return tree;
}

function baseFlags(p: ParsedArgs): string[] {
  const f = [...TARGET_FLAGS, '-working-directory', virt(process.cwd()),
    '-isystem', V_INCLUDE, '-ivfsoverlay', V_OVERLAY, ...gccCompatFlags()];
  f.push(`-O${p.optLevel}`);
  return f;
}

/** `int80 cc`: returns the exit status. */
export async function cc(argv: string[]): Promise<number> {
  stageTimes.clear(); // a compile server's lane runs many
  try { return await ccMain(argv); } finally { reportStageTimes(); }
}

async function ccMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(USAGE); return 0; }
  const p = parseArgs(argv);
  if (typeof p === 'string') return err(p);
  if (p.ignored.length) process.stderr.write(`int80 cc: warning: ignoring ${p.ignored.join(' ')} (meaningless for the wasm32 target)\n`);
  const rc = await ensureLibc();
  if (rc !== 0) return rc;
  const tree = buildTree(p);
  if (typeof tree === 'string') return err(tree);
  const io = processIO();
  const base = baseFlags(p);
  const verbose = p.verbose ? ['-v'] : [];

  if (p.preprocessOnly) {
    const out = await runClangTree([...base, ...verbose, ...p.compileFlags, '-E', ...p.sources.map(asGiven)], tree, io);
    return out ? 0 : 1;
  }

  // Compile each source to an object in /out.
  const objects: string[] = [];
  for (let i = 0; i < p.sources.length; i++) {
    const s = p.sources[i];
    const vobj = `${V_OUT}/${i}-${path.basename(s).replace(/\.[^.]*$/, '')}.o`;
    const out = await timed('compile', () => runClangJob([...base, ...verbose, ...p.compileFlags, '-c', asGiven(s), '-o', vobj], tree, io, { given: asGiven(s), vobj }));
    if (!out) return 1;
    const o = treeGet(out, vobj);
    if (!o) return err(`clang produced no object for ${s}`);
    if (p.compileOnly) {
      const dest = p.output ?? path.basename(s).replace(/\.[^.]*$/, '') + '.o';
      fs.writeFileSync(dest, toBytes(o));
    } else {
      treePut(tree, vobj, o);
      objects.push(vobj);
    }
  }
  if (p.compileOnly) return 0;

  // wasi-libc's _start reaches main through weak symbols (__main_void, __main_argc_argv),
  // so wasm-ld links a program without one and it traps at once: report it as a C
  // linker does. clang names those symbols only in an object that defines main.
  const archives = p.objects.some((o) => o.endsWith('.a')) || p.linkFlags.some((f) => f.startsWith('-l'));
  if (!archives) {
    const objs = [...objects.map((o) => toBytes(treeGet(tree, o)!)), ...p.objects.map((o) => new Uint8Array(fs.readFileSync(o)))];
    if (!objs.some(definesMain)) return err("undefined reference to `main'");
  }

  // Link: user objects, int80's libc archive, then wasi-libc (-lc, added by clang).
  const archive = p.direct ? LIBC_DIRECT_ARCHIVE : LIBC_ARCHIVE;
  treePut(tree, `${V_LIB}/${archive}`, fs.readFileSync(path.join(LIBC_BUILD_DIR, archive)));
  const vout = `${V_OUT}/a.out.wasm`;
  const linkArgs = [...base, ...verbose, ...(p.debug ? ['-g'] : []),
    ...objects, ...p.objects.map(virt), `${V_LIB}/${archive}`, ...p.linkFlags,
    ...PROGRAM_LINK_FLAGS,
    '-o', vout];
  const out = await timed('link', () => runClangJob(linkArgs, tree, io));
  if (!out) return 1;
  const wasm = treeGet(out, vout);
  if (!wasm) return err('linker produced no output');
  let result: Uint8Array;
  try {
    result = await finishModule(toBytes(wasm), p.optLevel, p.debug, p.asyncify, recordStage, p.preempt);
  } catch (e) {
    return err(`binaryen: ${(e as Error).message}`);
  }
  fs.writeFileSync(p.output ?? 'a.out', result);
  return 0;
}

/** Whether a wasm object names clang's main symbols (__main_void / __main_argc_argv). */
function definesMain(obj: Uint8Array): boolean {
  const text = Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('latin1');
  return text.includes('__main_void') || text.includes('__main_argc_argv');
}

// ---------------------------------------------------------------------------
// Cached compilation for `int80 run prog.c`

export interface CompileOptions {
  /** Extra cc arguments, e.g. ['-O2', '-DDEBUG', '-mdirect-socketcalls']. Default optimization is -O2. */
  cflags?: string[];
}

/**
 * Compiles one C file (with `cflags`) to an asyncified .wasm under
 * node_modules/.cache/int80/, reusing it when the source, the user headers it
 * includes, the options, the libc build and this driver are unchanged.
 * Returns the .wasm path; throws on compile errors (already printed to stderr).
 */
let tmpSeq = 0;

export async function compileCached(srcPath: string, opts: CompileOptions = {}): Promise<string> {
  const rc0 = await ensureLibc();
  if (rc0 !== 0) throw new Error('int80: building the libc failed');
  const cflags = [...(opts.cflags ?? [])];
  if (!cflags.some((f) => /^-O/.test(f))) cflags.unshift('-O2');
  const abs = path.resolve(srcPath);
  const includeDirs = cflags.flatMap((f, i) => (f === '-I' ? [cflags[i + 1] ?? '.'] : f.startsWith('-I') ? [f.slice(2)] : []))
    .map((d) => path.resolve(d));
  const h = createHash('sha256');
  h.update('int80-cc-v3\0');
  h.update(JSON.stringify(cflags));
  h.update('\0' + abs + '\0');
  h.update(fs.readFileSync(abs));
  for (const inc of scanIncludes([abs], includeDirs, [])) { h.update(inc); h.update(fs.readFileSync(inc)); }
  h.update(libcStamp());
  for (const a of [LIBC_ARCHIVE, LIBC_DIRECT_ARCHIVE]) h.update(fs.readFileSync(path.join(LIBC_BUILD_DIR, a)));
  for (const driver of [import.meta.url, new URL('./cc_options.js', import.meta.url).href, new URL('../cc/driver.js', import.meta.url).href,
    new URL('../cc/asm.js', import.meta.url).href, new URL('../cc/includes.js', import.meta.url).href]) {
    try { h.update(fs.readFileSync(fileURLToPath(driver))); } catch { /* bundled */ }
  }
  const key = h.digest('hex').slice(0, 32);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const dest = path.join(CACHE_DIR, `${path.basename(abs).replace(/\.[^.]*$/, '')}-${key}.wasm`);
  if (fs.existsSync(dest)) return dest;
  // unique per call: one process may compile the same program twice at once (`a.c :: a.c`)
  const tmp = `${dest}.${process.pid}.${++tmpSeq}.tmp`;
  const rc = await cc([...cflags, abs, '-o', tmp]);
  if (rc !== 0) {
    try { fs.unlinkSync(tmp); } catch { /* none */ }
    throw new Error(`int80 cc: compiling ${srcPath} failed`);
  }
  fs.renameSync(tmp, dest);
  return dest;
}

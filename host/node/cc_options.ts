// int80 cc's command line: gcc's options, as Debian's gcc 12 takes them.
//
// parseArgs sorts a gcc command line into what clang compiles with, what
// wasm-ld links with, and what means nothing for a wasm32 target (dropped with
// one warning). gccCompatFlags makes clang as lenient as gcc 12.
// This module has no dependency on the compiler bundle, so `int80 run` can
// read cc options without loading it.
import * as path from 'node:path';

/**
 * A path as the user spelled it: clang runs with -working-directory set to the
 * real cwd, so relative paths resolve as they would for cc, and diagnostics
 * name files the way gcc would.
 */
export function asGiven(p: string): string {
  // clang, inside the virtual tree, cannot open a path that goes up through `..` from its
  // working directory: such a path is given resolved (diagnostics then name it absolute)
  const parts = p.split(path.sep);
  return path.isAbsolute(p) || parts.includes('..') ? virt(p) : parts.join('/');
}

/** The real absolute path as a POSIX path inside the virtual tree. */
export function virt(p: string): string {
  const abs = path.resolve(p);
  return abs.split(path.sep).join('/');
}

export interface ParsedArgs {
  sources: string[];      // .c files (real paths as given)
  objects: string[];      // .o / .a inputs
  output?: string;
  compileOnly: boolean;
  preprocessOnly: boolean;
  optLevel: string;       // '0' | '1' | '2' | '3' | 's' | 'z'
  debug: boolean;
  direct: boolean;
  asyncify: boolean;
  /** preemption points at loop heads and recursive functions' entries (host/cc/driver.ts) */
  preempt: boolean;
  verbose: boolean;
  includeDirs: string[];
  iquoteDirs: string[];
  compileFlags: string[]; // passed to clang when compiling (-D, -U, -W, -std, -I ...)
  linkFlags: string[];    // -l, -Wl
  ignored: string[];      // gcc options meaningless for wasm32 (one warning)
}

export const USAGE = `usage: int80 cc [options] file...
  -o <file>             output (default a.out; with -c, <source>.o)
  -c                    compile only, to a wasm object
  -E                    preprocess only, to stdout
  -O0 -O1 -O2 -O3 -Os -Oz  optimization (clang and binaryen)
  -g                    keep debug info
  -I<dir> -iquote<dir> -D<m>[=v] -U<m> -W... -std=... -f... -l<lib> -Wl,...
  -mdirect-socketcalls  use the direct i386 socket syscalls (359..373) instead of socketcall(2)
  -mno-asyncify         skip the asyncify instrumentation (the module cannot block)
  -mno-preempt          no preemption points (a loop without syscalls then starves the others; bench only)
  -v                    show the clang commands
gcc's leniency: what Debian's gcc 12 only warns about (implicit declarations,
implicit int, int/pointer conversions) is a warning (-w silences it,
-Werror=... makes it an error). #include "../x.h" and -I.. work as with cc.
-m32 -static -pthread -rdynamic -fPIC are accepted; -lm -lpthread -lrt
-lresolv -lnsl -ldl -lcrypt -lutil link nothing more (one libc); -march=...
-mtune=... and ELF-only -Wl, options are dropped with one warning.
`;

/**
 * What gcc accepts that means nothing for a wasm32 target: dropped, with one
 * warning per run naming them (gcc would use them; the program does not need them).
 */
const IGNORED_WITH_WARNING = /^-(march|mtune|mcpu|mfpmath|mregparm|mpreferred-stack-boundary|malign-double)(=.*)?$|^-m(no-)?(sse\d?(\.\d)?|ssse3|avx\d*|mmx|3dnow|fpmath|80387|red-zone|omit-leaf-frame-pointer)$|^-(pg|p|fprofile-arcs|ftest-coverage|-coverage|fsanitize=.*|fstack-clash-protection|fcf-protection(=.*)?)$/;
/** gcc flags that are harmless or already true here: dropped silently. */
const IGNORED_SILENTLY = new Set(['-m32', '-static', '-pthread', '-pipe', '-fPIC', '-fpic', '-fPIE', '-fpie', '-no-pie', '-pie',
  '-rdynamic', '-static-libgcc', '-shared-libgcc', '-fno-pie', '-fno-pic', '-fno-plt', '-fexceptions', '-fasynchronous-unwind-tables',
  '-D_REENTRANT']);
/**
 * glibc splits its libc into libm, libpthread, librt, libresolv, libnsl, libdl,
 * libutil, libcrypt; here the whole libc is one archive, so -l of these links nothing more.
 */
const LIBC_PARTS = new Set(['c', 'm', 'pthread', 'rt', 'resolv', 'nsl', 'dl', 'util', 'crypt', 'xnet', 'anl', 'gcc', 'gcc_s', 'gcc_eh']);
/** GNU ld options wasm-ld understands as they are (passed through); everything else in -Wl, is ELF-only. */
const WASM_LD_OK = /^(--gc-sections|--no-gc-sections|-O\d|--strip-all|-s|--strip-debug|-S|--export=.*|--export-dynamic|-E|--no-entry|--entry=.*|--allow-undefined|--print-gc-sections|--verbose|--start-group|--end-group|--whole-archive|--no-whole-archive|-z,stack-size=\d+|--stack-first|--initial-memory=\d+|--max-memory=\d+)$/;

/**
 * The flags that make clang as lenient as Debian's gcc 12 with the same command
 * line: what gcc 12 only warns about (implicit function declarations, implicit
 * int, int/pointer conversions, incompatible function pointers, `return;` in a
 * non-void function) is a warning here too; -w silences them and a later
 * -Werror=... turns them back into errors, as with gcc (the user's flags follow these).
 */
export function gccCompatFlags(): string[] {
  return ['-Wno-error=implicit-function-declaration', '-Wno-error=implicit-int', '-Wno-error=int-conversion',
    '-Wno-error=incompatible-function-pointer-types', '-Wno-error=incompatible-pointer-types', '-Wno-error=return-mismatch',
    '-Wno-error=deprecated-non-prototype', '-Wno-error=strict-prototypes',
    // gcc accepts `-march=i686`-style options silently; clang would not
    '-Wno-unused-command-line-argument',
    // wasi-libc marks some POSIX calls deprecated "not available on WASI" (they exist here)
    '-Wno-deprecated-declarations'];
}

/** One -Wl,a,b,... argument: the options wasm-ld takes, and the ELF-only ones dropped. */
function splitLinkerOptions(a: string): { keep: string[]; dropped: string[] } {
  const parts = a.slice(4).split(',');
  const keep: string[] = [];
  const dropped: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let opt = parts[i];
    // -z KEYWORD and -rpath DIR take their value as the next comma-separated part
    if ((opt === '-z' || opt === '-rpath' || opt === '-soname' || opt === '-Map' || opt === '--hash-style' || opt === '-h') && i + 1 < parts.length) opt += ',' + parts[++i];
    if (WASM_LD_OK.test(opt)) keep.push(...opt.split(','));
    else dropped.push(opt);
  }
  return { keep, dropped };
}

/** Options that take a value as the next argument (gcc's spelling, `-I dir` as well as `-Idir`). */
export const CC_OPTIONS_WITH_VALUE = new Set(['-o', '-I', '-D', '-U', '-include', '-iquote', '-isystem', '-idirafter', '-x', '-MF', '-MT', '-MQ', '-L', '-l', '-Xlinker']);

export function parseArgs(argv: string[]): ParsedArgs | string {
  const p: ParsedArgs = {
    sources: [], objects: [], compileOnly: false, preprocessOnly: false, optLevel: '0', debug: false,
    direct: false, asyncify: true, preempt: true, verbose: false, includeDirs: [], iquoteDirs: [], compileFlags: [], linkFlags: [],
    ignored: [],
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let val: string | undefined;
    if (CC_OPTIONS_WITH_VALUE.has(a)) {
      if (i + 1 >= argv.length) return `argument to '${a}' is missing (expected 1 value)`;
      val = argv[++i];
    }
    if (a === '-o') { p.output = val; continue; }
    if (a === '-c') { p.compileOnly = true; continue; }
    if (a === '-E') { p.preprocessOnly = true; continue; }
    if (a === '-v') { p.verbose = true; continue; }
    if (/^-g(gdb|dwarf|dwarf-\d)?[0-3]?$/.test(a)) { p.debug = a !== '-g0'; p.compileFlags.push(a.startsWith('-ggdb') ? '-g' : a); continue; }
    if (/^-O([0-3sz]?|fast|g)$/.test(a)) { const l = a.slice(2); p.optLevel = l === '' ? '1' : l === 'fast' ? '3' : l === 'g' ? '1' : l; continue; }
    if (a === '-mdirect-socketcalls') { p.direct = true; continue; }
    if (a === '-msocketcall') { p.direct = false; continue; }
    if (a === '-mno-asyncify') { p.asyncify = false; continue; }
    if (a === '-mno-preempt') { p.preempt = false; continue; }
    if (IGNORED_SILENTLY.has(a)) continue;
    if (IGNORED_WITH_WARNING.test(a)) { p.ignored.push(a); continue; }
    if (a === '-I' || a.startsWith('-I')) {
      const d = val ?? a.slice(2);
      p.includeDirs.push(path.resolve(d));
      p.compileFlags.push('-I', asGiven(d));
      continue;
    }
    if (a === '-iquote' || a.startsWith('-iquote')) {
      const d = val ?? a.slice(7);
      p.iquoteDirs.push(path.resolve(d));
      p.compileFlags.push('-iquote', asGiven(d));
      continue;
    }
    if (a === '-isystem' || a === '-idirafter') {
      p.includeDirs.push(path.resolve(val as string));
      p.compileFlags.push(a, asGiven(val as string));
      continue;
    }
    if (a === '-include') { p.compileFlags.push('-include', asGiven(val as string)); continue; }
    if (a === '-D' || a === '-U') { p.compileFlags.push(a + val); continue; }
    if (a === '-l' || a.startsWith('-l')) {
      const lib = val ?? a.slice(2);
      if (!LIBC_PARTS.has(lib)) p.linkFlags.push('-l' + lib);
      continue;
    }
    if (a.startsWith('-Wl,') || a === '-Xlinker') {
      const { keep, dropped } = splitLinkerOptions(a === '-Xlinker' ? '-Wl,' + val : a);
      for (const k of keep) p.linkFlags.push('-Wl,' + k);
      if (dropped.length) p.ignored.push('-Wl,' + dropped.join(','));
      continue;
    }
    if (a === '-L' || a.startsWith('-L')) continue; // no host libraries to search
    if (a === '-x' || a === '-MF' || a === '-MT' || a === '-MQ') { p.compileFlags.push(a, val as string); continue; }
    if (a.startsWith('-')) { p.compileFlags.push(a); continue; }
    if (/\.(o|obj|a)$/.test(a)) { p.objects.push(a); continue; }
    p.sources.push(a);
  }
  if (p.sources.length + p.objects.length === 0) return 'no input files';
  if (p.compileOnly && p.output !== undefined && p.sources.length > 1) return "cannot specify '-o' with '-c' with multiple files";
  return p;
}


// The C compiler in the browser: the same toolchain (@yowasp/clang, clang + wasm-ld +
// wasi-libc as WebAssembly) and the same libc as `int80 cc` (host/node/cc.ts). Node's
// driver reads headers and the libc archive from the file system; here the page's build
// ships them as static assets (libc headers as one JSON file, build/libc/libint80.a as is)
// and the caller hands them in. The link flags and binaryen's finish are the shared ones
// (host/cc/driver.ts), so a module built here is the module `int80 cc -O2` builds.
// Checked by tsconfig.core.json (no Node types): it runs in a Web Worker.
import type { Tree, Command } from "@yowasp/clang";
import { treePut, treeGet, toBytes, finishModule, PROGRAM_LINK_FLAGS, TARGET_FLAGS } from "../cc/driver.js";

/** What @yowasp/clang's module exports that we use (loaded by the caller, from a URL). */
export interface Toolchain {
  commands: { clang: Command };
}

export interface BrowserLibc {
  /** libc/include: path relative to the include directory -> text */
  headers: Record<string, string>;
  /** build/libc/libint80.a (socketcall) */
  archive: Uint8Array;
}

/** One diagnostic clang printed, `file:line:col: severity: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: "error" | "warning" | "note" | "fatal error";
  message: string;
}

export interface CompileResult {
  /** the finished module (asyncified, optimized), or null when compiling failed */
  wasm: Uint8Array | null;
  /** clang's (and wasm-ld's) messages as printed */
  log: string;
  diagnostics: Diagnostic[];
}

const V_INCLUDE = "/int80/include";
const V_LIB = "/int80/lib";
const V_WORK = "/work";
const V_OUT = "/out";

const DIAG_RE = /^([^:\n]+):(\d+):(\d+): (error|warning|note|fatal error): (.*)$/gm;

/** clang's `file:line:col: severity: message` lines. */
export function parseDiagnostics(log: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of log.matchAll(DIAG_RE)) {
    out.push({ file: m[1], line: Number(m[2]), col: Number(m[3]), severity: m[4] as Diagnostic["severity"], message: m[5] });
  }
  return out;
}

function libcTree(libc: BrowserLibc): Tree {
  const tree: Tree = {};
  for (const [rel, text] of Object.entries(libc.headers)) treePut(tree, `${V_INCLUDE}/${rel}`, text);
  treePut(tree, `${V_LIB}/libint80.a`, libc.archive);
  treePut(tree, `${V_OUT}/.keep`, "");
  return tree;
}

/**
 * Compiles one C file (`name`, e.g. "server.c", with `source`) and links it with int80's
 * libc, as `int80 cc -O2 name` does (extra `cflags` such as -DX or -O0 are passed on).
 */
export async function compileC(tc: Toolchain, libc: BrowserLibc, name: string, source: string, cflags: string[] = [],
  fetchProgress?: (e: { totalLength: number; doneLength: number }) => void): Promise<CompileResult> {
  const opt = cflags.find((f) => /^-O[0-3sz]?$/.test(f)) ?? "-O2";
  const level = opt.slice(2) === "" ? "1" : opt.slice(2);
  const flags = cflags.filter((f) => !/^-O/.test(f));
  const tree = libcTree(libc);
  treePut(tree, `${V_WORK}/${name}`, source);
  const base = [...TARGET_FLAGS, "-working-directory", V_WORK, "-isystem", V_INCLUDE, "-fno-color-diagnostics", opt];
  let log = "";
  const dec = new TextDecoder();
  const sink = (b: Uint8Array | null) => { if (b && b.length) log += dec.decode(b, { stream: true }); };
  const clang = async (args: string[], files: Tree): Promise<Tree | null> => {
    try {
      const out = await tc.commands.clang(args, files, { stdout: sink, stderr: sink, fetchProgress: fetchProgress as never });
      return (out ?? files) as Tree;
    } catch (e: unknown) {
      // clang exited nonzero (@yowasp/clang's Exit carries code and files): diagnostics are in the log
      if (e && typeof e === "object" && "code" in e && "files" in e) return null;
      throw e;
    }
  };
  const obj = `${V_OUT}/${name.replace(/\.[^.]*$/, "")}.o`;
  const compiled = await clang([...base, ...flags, "-c", name, "-o", obj], tree);
  const o = compiled && treeGet(compiled, obj);
  if (!o) return { wasm: null, log, diagnostics: parseDiagnostics(log) };
  treePut(tree, obj, o);
  const vout = `${V_OUT}/a.out.wasm`;
  const linked = await clang([...base, obj, `${V_LIB}/libint80.a`, ...PROGRAM_LINK_FLAGS, "-o", vout], tree);
  const wasm = linked && treeGet(linked, vout);
  if (!wasm) return { wasm: null, log, diagnostics: parseDiagnostics(log) };
  try {
    return { wasm: await finishModule(toBytes(wasm), level, false), log, diagnostics: parseDiagnostics(log) };
  } catch (e) {
    log += `binaryen: ${(e as Error).message}\n`;
    return { wasm: null, log, diagnostics: parseDiagnostics(log) };
  }
}

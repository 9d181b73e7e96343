// The compiler's worker: @yowasp/clang (loaded from ./yowasp/, a copy of the npm package's
// files) and int80's libc (headers and archive shipped by the build), through the browser
// cc driver (host/browser/cc.ts). Modules are cached by a hash of everything that goes into
// them: in memory, in the Cache API (kept across visits), and examples come pre-built.
// The driver (and binaryen, which initializes with a top-level await) is imported when the
// first compile needs it: this module must set onmessage before anything awaits, or the
// page's first messages would be lost.
import type { Toolchain, BrowserLibc } from "../../host/browser/cc.js";
import type { CcMsg, CcRequest } from "./protocol.js";

const post = (m: CcMsg, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
const base = new URL("../", self.location.href);

let toolchain: Promise<Toolchain> | null = null;
let libc: Promise<BrowserLibc & { stamp: string }> | null = null;
let manifest: Promise<{ libcStamp: string; prebuilt: Record<string, string> }> | null = null;

function getManifest() {
  return (manifest ??= fetch(new URL("manifest.json", base)).then((r) => r.json()));
}

function getLibc() {
  return (libc ??= (async () => {
    const [headers, archive, m] = await Promise.all([
      fetch(new URL("libc/include.json", base)).then((r) => r.json()),
      fetch(new URL("libc/libint80.a", base)).then((r) => r.arrayBuffer()),
      getManifest(),
    ]);
    return { headers, archive: new Uint8Array(archive), stamp: m.libcStamp };
  })());
}

function getToolchain() {
  return (toolchain ??= (async () => {
    const tc = (await import(/* @vite-ignore */ new URL("yowasp/bundle.js", base).href)) as Toolchain & { runLLVM: Toolchain["commands"]["clang"] };
    // fetch the toolchain's 100 MB once, reporting the bytes as they come
    await tc.runLLVM(undefined, {}, { fetchProgress: ({ totalLength, doneLength }) => post({ type: "progress", done: doneLength, total: totalLength }) });
    post({ type: "ready" });
    return tc;
  })());
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The cache key: the same function as playground/build.mjs uses for the pre-built examples. */
export async function moduleKey(libcStamp: string, name: string, source: string, cflags: string[]): Promise<string> {
  return (await sha256(JSON.stringify(["int80-playground-v1", libcStamp, name, source, cflags]))).slice(0, 32);
}

const memory = new Map<string, Uint8Array>();

async function cached(key: string): Promise<[Uint8Array, string] | null> {
  const m = memory.get(key);
  if (m) return [m, "memory"];
  const man = await getManifest();
  if (man.prebuilt[key]) {
    const r = await fetch(new URL(man.prebuilt[key], base));
    if (r.ok) return [new Uint8Array(await r.arrayBuffer()), "prebuilt"];
  }
  try {
    const cache = await caches.open("int80-modules");
    const r = await cache.match(`/int80-module/${key}.wasm`);
    if (r) return [new Uint8Array(await r.arrayBuffer()), "cache"];
  } catch { /* no Cache API (not a secure context): memory only */ }
  return null;
}

async function store(key: string, wasm: Uint8Array) {
  memory.set(key, wasm);
  try {
    const cache = await caches.open("int80-modules");
    await cache.put(`/int80-module/${key}.wasm`, new Response(wasm.slice(), { headers: { "content-type": "application/wasm" } }));
  } catch { /* memory only */ }
}

self.onmessage = async (ev: MessageEvent<CcRequest>) => {
  const req = ev.data;
  if (req.type === "warm") {
    getToolchain().catch(() => {});
    return;
  }
  try {
    const lc = await getLibc();
    const key = await moduleKey(lc.stamp, req.name, req.source, req.cflags);
    const hit = await cached(key);
    if (hit) {
      post({ type: "compiled", id: req.id, wasm: hit[0], log: "", diagnostics: [], cached: hit[1] });
      return;
    }
    const tc = await getToolchain();
    const { compileC } = await import("../../host/browser/cc.js");
    const res = await compileC(tc, lc, req.name, req.source, req.cflags);
    if (res.wasm) await store(key, res.wasm);
    post({ type: "compiled", id: req.id, wasm: res.wasm, log: res.log, diagnostics: res.diagnostics, cached: "" });
  } catch (e) {
    post({ type: "error", id: req.id, message: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
};

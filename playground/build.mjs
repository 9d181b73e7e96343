// Builds the playground, a static site, into build/playground/ from the same host core as
// the CLI: esbuild bundles the page and its two workers (TypeScript from host/ and
// playground/src/), and the assets are copied: the kernel (build/kernel.wasm), the libc
// (libc/include as one JSON file, build/libc/libint80.a), @yowasp/clang's files, and the
// examples pre-compiled with `int80 cc` (cached by the same key the page computes).
// Needs `npm run build` first.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import * as esbuild from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(ROOT, "playground");
const OUT = path.join(ROOT, "build", "playground");
const need = ["build/kernel.wasm", "build/libc/libint80.a", "build/libc/stamp", "dist/host/node/cc.js"];
for (const f of need) {
  if (!fs.existsSync(path.join(ROOT, f))) {
    console.error(`playground: ${f} is missing: run npm run build first`);
    process.exit(1);
  }
}
const log = (m) => { if (!process.env.PLAYGROUND_QUIET) console.log(m); };

// esbuild strips types without checking them: check the page and workers first
execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(SRC, "tsconfig.json")], { stdio: "inherit" });

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(path.join(OUT, "libc"), { recursive: true });
fs.mkdirSync(path.join(OUT, "prebuilt"), { recursive: true });
fs.mkdirSync(path.join(OUT, "yowasp"), { recursive: true });

await esbuild.build({
  entryPoints: { main: path.join(SRC, "src/main.ts"), "cc-worker": path.join(SRC, "src/cc-worker.ts"), "run-worker": path.join(SRC, "src/run-worker.ts") },
  outdir: OUT, bundle: true, splitting: true, chunkNames: "chunks/[name]-[hash]", format: "esm", platform: "browser", target: "es2022",
  // binaryen's Node branch imports node:module; never taken in a browser
  external: ["node:*"], logLevel: "warning", legalComments: "none",
});
log("  BUNDLE main.js cc-worker.js run-worker.js");

function linkOrCopy(from, to) {
  try { fs.linkSync(from, to); } catch { fs.copyFileSync(from, to); }
}
for (const f of ["index.html", "style.css"]) fs.copyFileSync(path.join(SRC, f), path.join(OUT, f));
linkOrCopy(path.join(ROOT, "build/kernel.wasm"), path.join(OUT, "kernel.wasm"));
linkOrCopy(path.join(ROOT, "build/libc/libint80.a"), path.join(OUT, "libc/libint80.a"));

// libc/include as { "sys/socket.h": "...", ... }
const headers = {};
(function walk(dir, rel) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(dir, e.name), rel + e.name + "/");
    else headers[rel + e.name] = fs.readFileSync(path.join(dir, e.name), "utf8");
  }
})(path.join(ROOT, "libc/include"), "");
fs.writeFileSync(path.join(OUT, "libc/include.json"), JSON.stringify(headers));

// the toolchain, as the npm package ships it (bundle.js fetches its files next to itself)
const yowasp = path.join(ROOT, "node_modules/@yowasp/clang/gen");
for (const f of fs.readdirSync(yowasp)) linkOrCopy(path.join(yowasp, f), path.join(OUT, "yowasp", f));
log("  COPY   kernel.wasm libc/ yowasp/");

// the examples, with their sources, pre-compiled as the page would compile them
const libcStamp = fs.readFileSync(path.join(ROOT, "build/libc/stamp"), "utf8").trim();
const moduleKey = (name, source, cflags) =>
  crypto.createHash("sha256").update(JSON.stringify(["int80-playground-v1", libcStamp, name, source, cflags])).digest("hex").slice(0, 32);
// an example lives in playground/examples/, or in the project's examples/ when the CLI demo uses it too
const exampleFile = (f) => [path.join(SRC, "examples", f), path.join(ROOT, "examples", f)].find((p) => fs.existsSync(p));
const examples = JSON.parse(fs.readFileSync(path.join(SRC, "examples/examples.json"), "utf8"));
const { compileCached } = await import(path.join(ROOT, "dist/host/node/cc.js"));
const prebuilt = {};
for (const ex of examples) {
  ex.sources = {};
  for (const f of ex.files) {
    const file = exampleFile(f);
    const source = fs.readFileSync(file, "utf8");
    ex.sources[f] = source;
    const key = moduleKey(f, source, []);
    if (prebuilt[key]) continue;
    const wasm = await compileCached(file, { cflags: ["-O2"] });
    fs.copyFileSync(wasm, path.join(OUT, "prebuilt", `${key}.wasm`));
    prebuilt[key] = `prebuilt/${key}.wasm`;
  }
}
fs.writeFileSync(path.join(OUT, "examples.json"), JSON.stringify(examples));
log(`  CC     ${Object.keys(prebuilt).length} example programs (prebuilt/)`);

// the manifest (what the compiler worker reads) and the service worker's version and core list
const version = crypto.createHash("sha256");
const core = ["./", "index.html", "style.css", "main.js", "cc-worker.js", "run-worker.js", "kernel.wasm", "examples.json",
  "manifest.json", "libc/include.json", "libc/libint80.a", ...fs.readdirSync(path.join(OUT, "chunks")).map((f) => `chunks/${f}`)];
fs.writeFileSync(path.join(OUT, "manifest.json"), JSON.stringify({ libcStamp, prebuilt }));
for (const f of core.slice(1)) version.update(fs.readFileSync(path.join(OUT, f)));
version.update(fs.readFileSync(path.join(yowasp, "bundle.js")));
fs.writeFileSync(path.join(OUT, "sw.js"), fs.readFileSync(path.join(SRC, "sw.js"), "utf8")
  .replace("__VERSION__", version.digest("hex").slice(0, 16))
  .replace("__CORE__", JSON.stringify([...core, ...Object.values(prebuilt)])));
log(`  SITE   ${path.relative(process.cwd(), OUT) || "."}`);

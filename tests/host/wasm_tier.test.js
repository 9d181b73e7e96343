// host/node/io.ts compileModule: programs and the kernel are compiled eagerly by V8's
// optimizing compiler (TurboFan), and V8's default policy is back for everything
// compiled afterwards (the C compiler, a 75 MB module, must stay lazy). Checked with
// V8's own test intrinsics (%IsTurboFanFunction ...) in a child node process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const io = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "host", "node", "io.js");

// (module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
const WASM = [0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0,
  10, 9, 1, 7, 0, 32, 0, 65, 1, 106, 11];

function probe(tier, nodeFlags = [], env = {}) {
  // a distinct module per compile (a different constant), so that V8's cache of
  // compiled modules cannot hand back one compiled under the other policy
  const script = `import { compileModule } from ${JSON.stringify(io)};
const bytes = (k) => { const b = new Uint8Array(${JSON.stringify(WASM)}); b[b.length - 3] = k; return b; };
const f = new WebAssembly.Instance(compileModule(bytes(1), ${JSON.stringify(tier)}), {}).exports.f;
const before = { uncompiled: %IsUncompiledWasmFunction(f), liftoff: %IsLiftoffFunction(f) };
const r = f(41);
const after = { turbofan: %IsTurboFanFunction(f), liftoff: %IsLiftoffFunction(f) };
const g = new WebAssembly.Instance(new WebAssembly.Module(bytes(2)), {}).exports.f;
const later = { uncompiled: %IsUncompiledWasmFunction(g) };
console.log(JSON.stringify({ r, before, after, later }));`;
  const out = execFileSync(process.execPath, ["--allow-natives-syntax", ...nodeFlags, "--input-type=module", "-e", script],
    { env: { ...process.env, ...env }, encoding: "utf8" });
  return JSON.parse(out);
}

test("optimizing: every function is TurboFan code before its first call; the default policy afterwards", () => {
  const p = probe("optimizing");
  assert.equal(p.r, 42);
  assert.deepEqual(p.before, { uncompiled: false, liftoff: false });
  assert.deepEqual(p.after, { turbofan: true, liftoff: false });
  assert.deepEqual(p.later, { uncompiled: true }, "a module compiled afterwards is lazy again (--liftoff, --wasm-lazy-compilation restored)");
});

test("baseline (INT80_WASM_TIER=baseline): V8's lazy Liftoff", () => {
  const p = probe("baseline");
  assert.deepEqual(p.before, { uncompiled: true, liftoff: false });
  assert.deepEqual(p.after, { turbofan: false, liftoff: true });
});

test("the tier flags the user gave node are left alone", () => {
  const p = probe("optimizing", ["--liftoff-only"]);
  assert.equal(p.r, 42);
  assert.equal(p.after.turbofan, false);
  assert.equal(p.after.liftoff, true);
});

// `int80 run`'s own path (host/node/run.ts loadModule, which also caps the memory): the
// program's module must come out of compileModule, optimized before its first call. It did
// not for a while: a merge put back a plain `new WebAssembly.Module`, and programs ran on
// V8's baseline tier with nothing failing.
test("int80 run's loadModule compiles the program at the optimizing tier", () => {
  const run = path.join(path.dirname(io), "run.js");
  // the module above with a memory (limitMemory caps it)
  const withMemory = [...WASM.slice(0, 20), 5, 3, 1, 0, 1, ...WASM.slice(20)];
  const script = `import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { loadModule } from ${JSON.stringify(run)};
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tier-")), "p.wasm");
fs.writeFileSync(file, new Uint8Array(${JSON.stringify(withMemory)}));
const f = new WebAssembly.Instance(await loadModule({ path: file }), {}).exports.f;
const before = { uncompiled: %IsUncompiledWasmFunction(f), liftoff: %IsLiftoffFunction(f) };
const r = f(1);
console.log(JSON.stringify({ r, before, turbofan: %IsTurboFanFunction(f) }));`;
  const probeRun = (env) => JSON.parse(execFileSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", script],
    { env: { ...process.env, ...env }, encoding: "utf8" }));
  assert.deepEqual(probeRun({}), { r: 2, before: { uncompiled: false, liftoff: false }, turbofan: true });
  assert.deepEqual(probeRun({ INT80_WASM_TIER: "baseline" }), { r: 2, before: { uncompiled: true, liftoff: false }, turbofan: false });
});

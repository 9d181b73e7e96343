// Every multi-process scenario tests/c/multi/NAME/ runs under int80 and each of
// its processes must print exactly what it printed on Linux
// (tests/c/multi/NAME/expected.out, recorded by tests/c/record_multi.sh).
// The scenario's file `run` lists the processes, one per line: `SOURCE.c ARGS...`;
// they run at the same time as separate processes on one machine.
// INT80_TEST=name,name limits the scenarios run.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, shellStatus } from "../../dist/host/node/run.js";

const top = path.join(path.dirname(fileURLToPath(import.meta.url)), "multi");
// multi.h (tests/c/multi) and common.h (tests/c) are found through -I, as with gcc in
// record_multi.sh: int80 cc does not resolve `#include "../x.h"` (a path through "..").
const CFLAGS = ["-I", top, "-I", path.dirname(top)];
const only = process.env.INT80_TEST ? new Set(process.env.INT80_TEST.split(",")) : null;
const names = fs.readdirSync(top)
  .filter((n) => fs.existsSync(path.join(top, n, "run")))
  .filter((n) => !only || only.has(n)).sort();

/** The process list of a scenario: [{ line, path, args }]. */
export function readRun(dir) {
  return fs.readFileSync(path.join(dir, "run"), "utf8").split("\n")
    .map((l) => l.trim()).filter(Boolean)
    .map((line) => {
      const [src, ...args] = line.split(/\s+/);
      return { line, path: path.join(dir, src), args };
    });
}

/** Run a scenario and render its output as record_multi.sh writes expected.out. */
export async function runScenario(dir) {
  const procs = readRun(dir);
  const result = await run(procs.map(({ path, args }) => ({ path, args, cflags: CFLAGS })), { capture: true, timeoutSeconds: 60 });
  let out = "";
  procs.forEach((spec, k) => {
    const p = result.procs[k];
    out += `== process ${k}: ${spec.line}\n` + result.captured.text(p.pid) + `[exit ${shellStatus(p)}]\n`;
  });
  return out + (result.deadlock ?? "");
}

for (const name of names) {
  test(`tests/c/multi/${name} matches Linux`, async () => {
    const dir = path.join(top, name);
    const expected = fs.readFileSync(path.join(dir, "expected.out"), "utf8");
    assert.equal(await runScenario(dir), expected);
  });
}

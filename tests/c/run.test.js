// Every tests/c/*.c runs under int80 and must print exactly what it printed on Linux
// (tests/c/expected/NAME.out, recorded by tests/c/record.sh from gcc -m32 -static).
// Multi-process scenarios live in tests/c/multi/NAME/ (see multi.test.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, shellStatus } from "../../dist/host/node/run.js";

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.env.INT80_TEST ? new Set(process.env.INT80_TEST.split(",")) : null;
const names = fs.readdirSync(dir).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2))
  .filter((n) => !only || only.has(n)).sort();

for (const name of names) {
  test(`tests/c/${name}.c matches Linux`, async () => {
    const expected = fs.readFileSync(path.join(dir, "expected", `${name}.out`), "utf8");
    const result = await run([{ path: path.join(dir, `${name}.c`) }], { capture: true, timeoutSeconds: 60 });
    const p = result.procs[0];
    const out = result.captured.text() + (result.deadlock ?? "") + `[exit ${shellStatus(p)}]\n`;
    assert.equal(out, expected);
  });
}

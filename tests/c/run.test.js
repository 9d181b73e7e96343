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

// Programs that read /etc (services, protocols, passwd, group) or make files through
// the kernel's open(2): they run once the kernel has a file system (issue #14), detected
// by open (5) having a handler in the generated syscall table. Until then the libc finds
// no /etc, as glibc does without the files, and these cannot match a Linux recording.
const NEEDS_FS = new Set(["netdb", "etc_files", "tmpfiles"]);
const haveOpen = /\bcase 5:/.test(fs.readFileSync(path.join(dir, "..", "..", "assembly", "generated", "syscall_table.ts"), "utf8"));

for (const name of names) {
  const skip = NEEDS_FS.has(name) && !haveOpen ? "waits for the file system (/etc through open(2), issue #14)" : false;
  test(`tests/c/${name}.c matches Linux`, { skip }, async () => {
    const expected = fs.readFileSync(path.join(dir, "expected", `${name}.out`), "utf8");
    const result = await run([{ path: path.join(dir, `${name}.c`) }], { capture: true, timeoutSeconds: 60 });
    const p = result.procs[0];
    const out = result.captured.text() + (result.deadlock ?? "") + `[exit ${shellStatus(p)}]\n`;
    assert.equal(out, expected);
  });
}

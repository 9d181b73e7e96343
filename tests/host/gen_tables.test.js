// scripts/gen_tables.mjs --check (npm run test:gen) on a copy of the tree: it passes on the
// tree as committed and fails when a generated file differs from its source, when a source
// changes without regenerating, when a source is malformed, and when an exported sys_*
// handler is named by no row of syscall_32.tbl.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// the generator, its sources, the handlers it scans, and the files it writes
const COPY = ["scripts/tables.mjs", "scripts/gen_tables.mjs", "syscall_32.tbl", "tables", "assembly",
  "host/generated", "libc/include", "libc/src/errno_table.h"];

function tree() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "int80-gen-"));
  for (const p of COPY) fs.cpSync(path.join(root, p), path.join(dir, p), { recursive: true });
  return dir;
}

function check(dir) {
  const r = spawnSync(process.execPath, [path.join(dir, "scripts/gen_tables.mjs"), "--check"], { encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

function edit(dir, file, f) {
  const p = path.join(dir, file);
  fs.writeFileSync(p, f(fs.readFileSync(p, "utf8")));
}

test("gen_tables --check passes on the committed tree", (t) => {
  const dir = tree();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = check(dir);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /generated files match/);
});

test("gen_tables --check fails on a hand-edited generated file", (t) => {
  const dir = tree();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  edit(dir, "libc/include/linux/net.h", (s) => s.replace("#define SYS_BIND\t2", "#define SYS_BIND\t3"));
  edit(dir, "host/generated/errno.ts", (s) => s.replace('"Bad file descriptor"', '"Bad file number"'));
  const r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /libc\/include\/linux\/net\.h does not match tables\/socketcall\.tbl/);
  assert.match(r.out, /host\/generated\/errno\.ts does not match tables\/errno\.tbl/);
});

test("gen_tables --check fails when a source changes and nothing was regenerated", (t) => {
  const dir = tree();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  edit(dir, "tables/socketcall.tbl", (s) => s.replace("20\tsendmmsg\tfd,mmsg,vlen,flags", "20\tsendmmsg\tfd,mmsg,vlen,flags,x"));
  edit(dir, "syscall_32.tbl", (s) => s.replace("\tsocketcall\tsys_socketcall", "\tsocketcall2\tsys_socketcall"));
  const r = check(dir);
  assert.equal(r.status, 1, r.out);
  for (const f of ["assembly/uapi/socketcall.ts", "host/generated/socketcall.ts", "assembly/generated/syscall_table.ts",
    "host/generated/syscalls.ts", "libc/include/asm/unistd_32.h", "libc/include/sys/syscall.h"]) {
    assert.ok(r.out.includes(`${f} does not match`), `${f} not reported:\n${r.out}`);
  }
  // after regenerating, the copy is consistent again
  const gen = spawnSync(process.execPath, [path.join(dir, "scripts/gen_tables.mjs")], { encoding: "utf8" });
  assert.equal(gen.status, 0, gen.stderr);
  assert.equal(check(dir).status, 0);
  assert.match(fs.readFileSync(path.join(dir, "assembly/uapi/socketcall.ts"), "utf8"), /socketcall_nargs: StaticArray<u8> = \[0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 5\]/);
});

test("gen_tables fails on a malformed or inconsistent table", (t) => {
  const dir = tree();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  edit(dir, "tables/errno.tbl", (s) => s.replace("98\tEADDRINUSE\t3\t", "98\tEADDRINUSE\t4\t")); // 4 is EADDRNOTAVAIL's
  let r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /libc errno 4 is both EADDRINUSE and EADDRNOTAVAIL/);
  edit(dir, "tables/errno.tbl", (s) => s.replace("98\tEADDRINUSE\t4\t", "98\tEADDRINUSE\t3\t"));
  edit(dir, "tables/socketcall.tbl", (s) => s.replace("4\tlisten\t", "5\tlisten\t"));
  r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /tables\/socketcall\.tbl:\d+: subcall 4 expected/);
});

test("gen_tables fails on an exported sys_* handler that no table row names", (t) => {
  const dir = tree();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  edit(dir, "assembly/kernel/exit.ts", (s) => s + "export function sys_getuid16(): i32 { return 0; }\n");
  const r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /assembly\/kernel\/exit\.ts: export function sys_getuid16 is named by no row of syscall_32\.tbl/);
  // the same in generating mode: the build stops
  const gen = spawnSync(process.execPath, [path.join(dir, "scripts/gen_tables.mjs")], { encoding: "utf8" });
  assert.equal(gen.status, 1);
});

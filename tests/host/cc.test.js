// int80 cc as a gcc user meets it: gcc 12's leniency, `..` includes, gcc/linker flags,
// `int80 run` passing cc options, inline i386 syscalls translated (host/cc/asm.ts) and
// other assembly refused with file:line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { translateInlineAsm } from "../../dist/host/cc/asm.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const progs = path.join(here, "programs", "cc");
const int80 = path.join(root, "bin", "int80.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "int80-cc-test-"));

function int80cli(args, cwd = progs) {
  // in-process (no compile server: tests/host/cc_server.test.js tests that path)
  const r = spawnSync(process.execPath, [int80, ...args], { cwd, encoding: "utf8", env: { ...process.env, INT80_CC_SERVER: "0" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("implicit declarations and implicit int build with gcc's flags and run; -pthread's thread starts and joins", () => {
  const out = path.join(tmp, "implicit.wasm");
  const cc = int80cli(["cc", "-m32", "-static", "-O2", "-pthread", "-ggdb", "-march=i686", "-fno-strict-aliasing", "-rdynamic",
    "implicit.c", "-o", out, "-lpthread", "-lm", "-lnsl", "-lresolv", "-lrt", "-Wl,-O1,--as-needed"]);
  assert.equal(cc.status, 0, cc.stderr);
  assert.match(cc.stderr, /implicit.c:\d+:\d+: warning: call to undeclared function 'close'/);
  assert.match(cc.stderr, /warning: type specifier missing, defaults to 'int'/);
  // one warning for what means nothing on wasm32
  assert.equal(cc.stderr.match(/int80 cc: warning: ignoring/g)?.length, 1);
  assert.match(cc.stderr, /ignoring -march=i686 -Wl,--as-needed/);
  const run = int80cli(["run", out]);
  assert.equal(run.stdout, "127.0.0.1\nsocket 3 close 0\npthread_create 0 join 0 result 1\n");
  assert.equal(run.stderr, "");
});

test("-w silences the warnings; -Werror=implicit-function-declaration makes them errors again", () => {
  const quiet = int80cli(["cc", "-w", "-c", "implicit.c", "-o", path.join(tmp, "implicit.o")]);
  assert.equal(quiet.status, 0, quiet.stderr);
  // (a libc rebuilt on the way logs its steps: those lines are not the compiler's)
  assert.equal(quiet.stderr.split("\n").filter((l) => l && !/^  (CC|AR) /.test(l)).join("\n"), "");
  const strict = int80cli(["cc", "-Werror=implicit-function-declaration", "-c", "implicit.c", "-o", path.join(tmp, "strict.o")]);
  assert.equal(strict.status, 1);
  assert.match(strict.stderr, /implicit.c:\d+:\d+: error: call to undeclared function/);
});

test("int80 run passes every cc option before the program; `..` includes and -I .. work as with cc", () => {
  const r = int80cli(["run", "-Wall", "-DX=1", "-I", "../inc", "prog.c"], path.join(progs, "lib"));
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "config.h found through .., shared 7, X=1, line 9\n");
});

test("a source reached through .. compiles (-c, then link) and runs, as with cc", () => {
  const build = path.join(tmp, "updir", "build");
  fs.mkdirSync(build, { recursive: true });
  fs.mkdirSync(path.join(tmp, "updir", "src"), { recursive: true });
  fs.writeFileSync(path.join(tmp, "updir", "src", "up.c"), '#include <stdio.h>\nint main(void) { puts("up"); return 0; }\n');
  let r = int80cli(["cc", "-c", "../src/up.c", "-o", "up.o"], build);
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  r = int80cli(["cc", "up.o", "-o", "up.wasm"], build);
  assert.equal(r.status, 0, r.stderr);
  r = int80cli(["run", "up.wasm"], build);
  assert.equal(r.stdout, "up\n");
});

test("an unknown int80 run option is reported as such, not as a missing file", () => {
  const r = int80cli(["run", "--no-such-option", "prog.c"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^int80 run: unknown option --no-such-option\n/);
});

test("assembly that is not an i386 system call is one error at file:line", () => {
  const r = int80cli(["cc", "-c", "badasm.c", "-o", path.join(tmp, "badasm.o")]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /badasm.c:5:\d+: error: static assertion failed.*unsupported inline assembly: the instruction 'cpuid'/);
  assert.equal(r.stderr.match(/error:/g).length, 1);
});

test("the asm translation keeps lines, handles macros, and leaves asm labels alone", () => {
  const src = [
    "#define SYS(n, r) \\",
    "  asm volatile(\"int $0x80\" \\",
    "    : \"=a\"(r) : \"0\"(n) : \"memory\")",
    "int f(void) { int r; SYS(20, r); return r; }",
    "int g asm(\"g_sym\");",
    "void h(void) { __asm__ __volatile__(\"movl $1, %%eax\\n\\t\"",
    "  \"xorl %%ebx, %%ebx\\n\\t\" \"int $0x80\" ::: \"memory\"); }",
    "/* asm(\"cpuid\") in a comment */ const char *s = \"asm(nop)\";",
  ].join("\n");
  const { text, count } = translateInlineAsm(src);
  assert.equal(count, 2);
  assert.equal(text.split("\n").length, src.split("\n").length);
  assert.match(text.split("\n")[0], /\\$/, "the macro keeps its continuation");
  assert.match(text, /int g asm\("g_sym"\);/);
  assert.match(text, /__int80_eax = __int80_asm_trap\(__int80_eax, __int80_ebx/);
  assert.match(text, /__int80_eax = \(int\)1;.*__int80_ebx = 0;/);
  assert.match(text, /asm\("cpuid"\) in a comment/);
  assert.match(text, /"asm\(nop\)"/);
  for (const [bad, why] of [
    ["asm(\"int $0x80\" : \"=a\"(r) : \"a\"(1), \"f\"(x));", /the constraint \\"f\\"/],
    ["asm(\"mov %%cr0, %%eax; int $0x80\" : \"=a\"(r));", /the source '%%cr0'/],
    ["asm(\"movl $1, %%eax\" ::: \"memory\");", /no int \$0x80/],
    ["asm(\"movl $1, %eax\");", /no int \$0x80/],
    ["asm(\"push %%ebx; int $0x80\" : \"=a\"(r) : \"a\"(1));", /a push without its pop/],
  ]) {
    const t = translateInlineAsm(bad).text;
    assert.match(t, /_Static_assert\(0, "int80 cc: unsupported inline assembly: /);
    assert.match(t, why);
  }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

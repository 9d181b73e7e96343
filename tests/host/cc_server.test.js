// The int80 cc compile server (host/node/cc_server.ts): the same bytes, diagnostics and exit
// statuses as the in-process compile, relative paths from the client's cwd, a killed
// server's stale socket, two clients at once, the idle timeout, the in-process fallback.
// Every server this file starts uses its own socket directory and is stopped (or killed by
// pid, from its log) at the end. No timing is asserted: the idle test polls until the
// server is gone.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const int80 = path.join(root, "bin", "int80.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "int80-ccsrv-test-"));
const dirs = [];

/** A private socket directory (and idle timeout) for one group of tests. */
function serverEnv(idle = "120") {
  const dir = fs.mkdtempSync(path.join(tmp, "sock-"));
  dirs.push(dir);
  return { ...process.env, INT80_CC_SERVER: "1", INT80_CC_SERVER_DIR: dir, INT80_CC_SERVER_IDLE: idle };
}
const inProcess = { ...process.env, INT80_CC_SERVER: "0" };

function cli(args, env, cwd = tmp) {
  const r = spawnSync(process.execPath, [int80, ...args], { cwd, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function cliAsync(args, env, cwd = tmp) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [int80, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
const running = (env) => cli(["cc-server", "--status"], env).status === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Pids of the servers and lanes a socket directory's logs name. */
function pidsOf(dir) {
  const pids = new Set();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".log"))) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    for (const m of text.matchAll(/cc-server\[(\d+)\]|lane (\d+) started/g)) pids.add(Number(m[1] ?? m[2]));
  }
  return [...pids];
}
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

after(async () => {
  for (const dir of dirs) {
    cli(["cc-server", "--stop"], { ...process.env, INT80_CC_SERVER_DIR: dir });
    for (const pid of pidsOf(dir)) {
      for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
      if (alive(pid)) { try { process.kill(pid, "SIGKILL"); } catch { /* gone */ } }
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

fs.mkdirSync(path.join(tmp, "src"));
fs.mkdirSync(path.join(tmp, "inc"));
fs.mkdirSync(path.join(tmp, "work", "sub"), { recursive: true });
fs.writeFileSync(path.join(tmp, "inc", "greet.h"), "#define GREETING \"hello from a header\"\n");
fs.writeFileSync(path.join(tmp, "src", "hello.c"),
  '#include <stdio.h>\n#include "greet.h"\nint main(void) { int unused; printf("%s\\n", GREETING); return 0; }\n');
fs.copyFileSync(path.join(tmp, "src", "hello.c"), path.join(tmp, "work", "sub", "hello.c"));
fs.writeFileSync(path.join(tmp, "src", "broken.c"), "int main(void) { return undefined_thing; }\n");

const env = serverEnv();
/** The reference: what the in-process path makes of `-I inc src/hello.c`. */
let ref;

test("the in-process reference compile", () => {
  const r = cli(["cc", "-I", "inc", "src/hello.c", "-o", "ref.wasm"], inProcess);
  assert.equal(r.status, 0, r.stderr);
  ref = fs.readFileSync(path.join(tmp, "ref.wasm"));
});

test("the server's output is byte-identical, with the same diagnostics and status, as the in-process compile", () => {
  const args = (out) => ["cc", "-Wall", "-O2", "-I", "inc", "src/hello.c", "-o", out];
  const a = cli(args("inproc.wasm"), inProcess);
  assert.equal(a.status, 0, a.stderr);
  const b = cli(args("server1.wasm"), env); // starts the server
  assert.equal(b.status, 0, b.stderr);
  assert.ok(running(env), "a server is running after the first call");
  const c = cli(args("server2.wasm"), env); // a warm lane
  assert.equal(c.status, 0, c.stderr);
  assert.match(a.stderr, /warning: unused variable 'unused'/);
  for (const r of [b, c]) {
    assert.equal(r.stderr, a.stderr);
    assert.equal(r.stdout, a.stdout);
  }
  const ref = fs.readFileSync(path.join(tmp, "inproc.wasm"));
  assert.ok(ref.equals(fs.readFileSync(path.join(tmp, "server1.wasm"))));
  assert.ok(ref.equals(fs.readFileSync(path.join(tmp, "server2.wasm"))));
  const run = cli(["run", path.join(tmp, "server2.wasm")], inProcess);
  assert.equal(run.stdout, "hello from a header\n");
});

test("a compile error: the same stderr and exit status 1 through the server; --help's stdout too", () => {
  const a = cli(["cc", "src/broken.c", "-o", "broken.wasm"], inProcess);
  const b = cli(["cc", "src/broken.c", "-o", "broken.wasm"], env);
  assert.equal(a.status, 1);
  assert.equal(b.status, 1);
  assert.match(a.stderr, /broken.c:1:\d+: error: use of undeclared identifier 'undefined_thing'/);
  assert.equal(b.stderr, a.stderr);
  assert.equal(fs.existsSync(path.join(tmp, "broken.wasm")), false);
  // a link error (wasm-ld's), twice through the warm lane: the kept wasm-ld line fails the same way
  fs.writeFileSync(path.join(tmp, "src", "unresolved.c"), "int missing_function(void);\nint main(void) { return missing_function(); }\n");
  const l1 = cli(["cc", "src/unresolved.c", "-o", "unresolved.wasm"], inProcess);
  assert.equal(l1.status, 1);
  assert.match(l1.stderr, /undefined symbol: missing_function/);
  for (let i = 0; i < 2; i++) {
    const l2 = cli(["cc", "src/unresolved.c", "-o", "unresolved.wasm"], env);
    assert.equal(l2.status, 1);
    assert.equal(l2.stderr, l1.stderr);
  }
  const h1 = cli(["cc", "--help"], inProcess), h2 = cli(["cc", "--help"], env);
  assert.equal(h2.status, 0);
  assert.equal(h2.stdout, h1.stdout);
  const m1 = cli(["cc", "src/missing.c"], inProcess), m2 = cli(["cc", "src/missing.c"], env);
  assert.equal(m2.status, m1.status);
  assert.equal(m2.stderr, m1.stderr);
});

test("relative paths resolve against the client's cwd (-c, -I, -o, objects)", () => {
  const work = path.join(tmp, "work");
  const c = cli(["cc", "-c", "-I", "../inc", "sub/hello.c"], env, work);
  assert.equal(c.status, 0, c.stderr);
  assert.ok(fs.existsSync(path.join(work, "hello.o")), "hello.o in the client's cwd");
  const l = cli(["cc", "hello.o", "-o", "rel.wasm"], env, work);
  assert.equal(l.status, 0, l.stderr);
  const r = cli(["run", path.join(work, "rel.wasm")], inProcess);
  assert.equal(r.stdout, "hello from a header\n");
  const i = cli(["cc", "hello.o", "-o", "rel-inproc.wasm"], inProcess, work);
  assert.equal(i.status, 0, i.stderr);
  assert.ok(fs.readFileSync(path.join(work, "rel.wasm")).equals(fs.readFileSync(path.join(work, "rel-inproc.wasm"))));
});

test("a warm lane's second file with the same flags (cc1 run without clang -###) gives the in-process object", () => {
  fs.writeFileSync(path.join(tmp, "src", "other.c"), '#include <stdio.h>\nint other(int x) { printf("other %d\\n", x); return x + 1; }\n');
  for (const src of ["src/hello.c", "src/other.c"]) {
    const r = cli(["cc", "-c", "-g", "-O2", "-I", "inc", src, "-o", path.basename(src) + ".srv.o"], env);
    assert.equal(r.status, 0, r.stderr);
  }
  const i = cli(["cc", "-c", "-g", "-O2", "-I", "inc", "src/other.c", "-o", "other.c.inproc.o"], inProcess);
  assert.equal(i.status, 0, i.stderr);
  assert.ok(fs.readFileSync(path.join(tmp, "other.c.srv.o")).equals(fs.readFileSync(path.join(tmp, "other.c.inproc.o"))));
});

test("two clients at once both succeed", async () => {
  const [a, b] = await Promise.all([
    cliAsync(["cc", "-I", "inc", "src/hello.c", "-o", "par1.wasm"], env),
    cliAsync(["cc", "-I", "inc", "src/hello.c", "-o", "par2.wasm"], env),
  ]);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  assert.ok(fs.readFileSync(path.join(tmp, "par1.wasm")).equals(ref));
  assert.ok(fs.readFileSync(path.join(tmp, "par2.wasm")).equals(ref));
});

test("a killed server's socket file is replaced: the next call starts a new server", async () => {
  const dir = env.INT80_CC_SERVER_DIR;
  const sock = fs.readdirSync(dir).find((n) => n.endsWith(".sock"));
  assert.ok(sock, "the socket file exists");
  for (const pid of pidsOf(dir)) { try { process.kill(pid, "SIGKILL"); } catch { /* gone */ } }
  for (const pid of pidsOf(dir)) for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  assert.ok(fs.existsSync(path.join(dir, sock)), "SIGKILL leaves the socket file");
  assert.equal(running(env), false);
  const r = cli(["cc", "-I", "inc", "src/hello.c", "-o", "after-kill.wasm"], env);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.readFileSync(path.join(tmp, "after-kill.wasm")).equals(ref));
  assert.ok(running(env), "a new server listens");
  const stop = cli(["cc-server", "--stop"], env);
  assert.equal(stop.status, 0);
  assert.equal(running(env), false);
});

test("two first calls at once start one server", async () => {
  const e = serverEnv();
  const [a, b] = await Promise.all([
    cliAsync(["cc", "-I", "inc", "src/hello.c", "-o", "first1.wasm"], e),
    cliAsync(["cc", "-I", "inc", "src/hello.c", "-o", "first2.wasm"], e),
  ]);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  const logs = fs.readdirSync(e.INT80_CC_SERVER_DIR).filter((n) => n.endsWith(".log"))
    .map((n) => fs.readFileSync(path.join(e.INT80_CC_SERVER_DIR, n), "utf8")).join("");
  assert.equal(logs.match(/listening on/g)?.length, 1, logs);
  cli(["cc-server", "--stop"], e);
});

test("the server exits after its idle timeout", async () => {
  const e = serverEnv("1");
  const r = cli(["cc", "-I", "inc", "src/hello.c", "-o", "idle.wasm"], e);
  assert.equal(r.status, 0, r.stderr);
  // poll: the server and its lanes go away by themselves
  const pids = pidsOf(e.INT80_CC_SERVER_DIR);
  assert.ok(pids.length >= 2, "a server and a lane were started");
  for (let i = 0; i < 600 && pids.some(alive); i++) await sleep(100);
  assert.deepEqual(pids.filter(alive), []);
  assert.equal(running(e), false);
  assert.deepEqual(fs.readdirSync(e.INT80_CC_SERVER_DIR).filter((n) => n.endsWith(".sock")), []);
});

test("a lane that dies mid-request: the client compiles in-process; the next request gets a new lane", () => {
  const e = serverEnv();
  const warmup = cli(["cc", "-I", "inc", "src/hello.c", "-o", "crash0.wasm"], e);
  assert.equal(warmup.status, 0, warmup.stderr);
  const r = cli(["cc", "-I", "inc", "src/hello.c", "-o", "crash1.wasm"], { ...e, INT80_CC_SERVER_TEST_CRASH: "1" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.ok(fs.readFileSync(path.join(tmp, "crash1.wasm")).equals(ref));
  const log = fs.readdirSync(e.INT80_CC_SERVER_DIR).filter((n) => n.endsWith(".log"))
    .map((n) => fs.readFileSync(path.join(e.INT80_CC_SERVER_DIR, n), "utf8")).join("");
  assert.match(log, /lane \d+ exited \(70\)/);
  const again = cli(["cc", "-I", "inc", "src/hello.c", "-o", "crash2.wasm"], e);
  assert.equal(again.status, 0, again.stderr);
  assert.ok(fs.readFileSync(path.join(tmp, "crash2.wasm")).equals(ref));
  assert.ok(running(e));
  cli(["cc-server", "--stop"], e);
});

test("a socket directory that cannot be used: the compile happens in-process", () => {
  const notDir = path.join(tmp, "not-a-dir");
  fs.writeFileSync(notDir, "");
  const r = cli(["cc", "-I", "inc", "src/hello.c", "-o", "fallback.wasm"], { ...env, INT80_CC_SERVER_DIR: notDir });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.readFileSync(path.join(tmp, "fallback.wasm")).equals(ref));
});

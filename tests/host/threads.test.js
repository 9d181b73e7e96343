// Threads and the tools (issue #20, docs/threads.md): --strace shows each thread as
// strace -f does (`[pid TID]`, clone's flags decoded, futex ops), --ktrace shows
// futex_wait/futex_wake, and the deadlock report names every thread.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../dist/host/node/run.js";
import { Strace } from "../../dist/host/trace/strace.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const prog = (...p) => ({ path: path.join(here, ...p) });

test("--strace: clone's thread flags, [pid TID] prefixes, futex calls decoded", async () => {
  let text = "";
  const tracer = new Strace({ write: (s) => { text += s; } });
  const r = await run([prog("..", "c", "threads_echo.c")], { capture: true, tracer });
  assert.equal(r.status, 0);
  assert.match(text, /clone\(child_stack=0x[0-9a-f]+, flags=CLONE_VM\|CLONE_FS\|CLONE_FILES\|CLONE_SIGHAND\|CLONE_THREAD\|CLONE_SYSVSEM\|CLONE_SETTLS\|CLONE_PARENT_SETTID\|CLONE_CHILD_CLEARTID, parent_tid=0x[0-9a-f]+, tls=0, child_tidptr=0x[0-9a-f]+/);
  assert.match(text, /strace: Process 101 attached/);
  assert.match(text, /\[pid   101\] accept\(3, NULL, NULL/);
  assert.match(text, /\[pid   100\] futex_time64\(0x[0-9a-f]+, FUTEX_WAIT, 10[1-9], NULL/); // pthread_join
  assert.match(text, /\[pid   10\d\] exit\(0\)\s+= \?/);
});

test("--ktrace: futex_wait and futex_wake, with the thread's id", async () => {
  const events = [];
  const r = await run([prog("..", "c", "threads_echo.c")], { capture: true, ktrace: (name, level, p) => events.push({ name, pid: p?.pid }) });
  assert.equal(r.status, 0);
  const waits = events.filter((e) => e.name === "futex_wait"), wakes = events.filter((e) => e.name === "futex_wake");
  assert.ok(waits.length > 0 && wakes.length > 0);
  assert.ok(new Set(events.map((e) => e.pid)).size > 2, "events of several threads");
});

test("the deadlock report names each blocked thread (pid and tid) and its futex wait", async () => {
  const r = await run([prog("programs", "thread_deadlock.c")], { capture: true });
  assert.match(r.deadlock, /deadlock/);
  assert.match(r.deadlock, /pid 100 tid 100 \(thread_deadlock\): blocked in futex_time64\(/);
  assert.match(r.deadlock, /pid 100 tid 101 \(thread_deadlock\): blocked in futex_time64\(/);
  assert.match(r.deadlock, /pid 100 tid 102 \(thread_deadlock\): blocked in futex_time64\(/);
});

test("__thread data is per thread: .tbss only, over-aligned, each thread's copy its own", async () => {
  const r = await run([prog("programs", "thread_tls_tbss.c")], { capture: true });
  assert.equal(r.status, 0);
  assert.equal(r.captured.text(), "thread 1: ok\nthread 2: ok\nmain: counter=1000 buf[0]=m distinct=1\n");
});

test("--strace: pthread_create passes the thread's TLS block as clone's tls", async () => {
  let text = "";
  const tracer = new Strace({ write: (s) => { text += s; } });
  const r = await run([prog("programs", "thread_tls_tbss.c")], { capture: true, tracer });
  assert.equal(r.status, 0);
  const tls = [...text.matchAll(/CLONE_SETTLS\|[A-Z_|]+, parent_tid=0x[0-9a-f]+, tls=(0x[0-9a-f]+),/g)].map((m) => m[1]);
  assert.equal(tls.length, 2);
  assert.notEqual(tls[0], tls[1]);
  for (const t of tls) assert.equal(Number(t) % 256, 0, "the block is aligned as its most aligned variable");
});

test("int80 cc: __tls_base is exported and mutable only in a module with thread-local data", async () => {
  const { compileCached } = await import("../../dist/host/node/cc.js");
  const fs = await import("node:fs");
  const exportsOf = async (p) => WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(await compileCached(p))));
  const withTls = await exportsOf(path.join(here, "programs", "thread_tls_tbss.c"));
  assert.ok(withTls.some((e) => e.name === "__tls_base" && e.kind === "global"));
  const without = await exportsOf(path.join(here, "..", "c", "threads_echo.c"));
  assert.ok(!without.some((e) => e.name === "__tls_base"));
  for (const ex of [withTls, without]) assert.ok(!ex.some((e) => e.name.startsWith("__int80_tls_")), "the placeholders' exports are gone");
});

test("sched_yield puts the caller behind every other runnable thread (and strace shows it)", async () => {
  let text = "";
  const tracer = new Strace({ write: (s) => { text += s; } });
  const r = await run([prog("programs", "thread_yield.c")], { capture: true, tracer });
  assert.equal(r.status, 0);
  assert.equal(r.captured.text(), "60 turns, 0 twice in a row\n");
  assert.match(text, /sched_yield\(\)\s+= 0/);
});

test("--strace: a private semaphore uses FUTEX_*_PRIVATE, a process-shared one plain FUTEX_WAIT/FUTEX_WAKE (as glibc)", async () => {
  let text = "";
  const tracer = new Strace({ write: (s) => { text += s; } });
  const r = await run([prog("programs", "futex_pshared.c")], { capture: true, tracer });
  assert.equal(r.status, 0);
  assert.equal(r.captured.text(), "ok\n");
  const [threads, procs] = text.split(/fork\(\)\s+= \d+\n/);
  assert.ok(procs, "the fork is traced");
  assert.match(threads, /futex_time64\(0x[0-9a-f]+, FUTEX_WAIT_PRIVATE, 0, NULL/);
  assert.match(threads, /futex_time64\(0x[0-9a-f]+, FUTEX_WAKE_PRIVATE, 1\) += 1/);
  // strace prints FUTEX_CLOCK_REALTIME after the command (print_futex_op)
  assert.match(threads, /futex_time64\(0x[0-9a-f]+, FUTEX_WAIT_BITSET_PRIVATE\|FUTEX_CLOCK_REALTIME, 0, \{tv_sec=0, tv_nsec=0\}, FUTEX_BITSET_MATCH_ANY\) += -1 ETIMEDOUT/);
  assert.match(procs, /futex_time64\(0x[0-9a-f]+, FUTEX_WAIT, 0, NULL/);
  assert.match(procs, /futex_time64\(0x[0-9a-f]+, FUTEX_WAKE, 1\) += 1/);
  assert.match(procs, /futex_time64\(0x[0-9a-f]+, FUTEX_WAIT_BITSET\|FUTEX_CLOCK_REALTIME, 0, \{tv_sec=0, tv_nsec=0\}, FUTEX_BITSET_MATCH_ANY\) += -1 ETIMEDOUT/);
  assert.doesNotMatch(procs, /_PRIVATE/);
});

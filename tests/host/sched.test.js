// Time and fairness (issue #12): preemption of processes that never block, the host's
// event loop between slices (timers, --timeout), and the end of a run with processes
// left waiting. No test depends on timing for pass/fail beyond generous bounds: they
// check that runs end and in which order things happen.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, shellStatus } from "../../dist/host/node/run.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");
const sched = (...args) => ({ path: path.join(dir, "sched.c"), args });

test("--timeout stops processes that never make a syscall (loops and recursion): 124 and where each was", async () => {
  const r = await run([sched("spin"), sched("recurse"), sched("hello")], { capture: true, timeoutSeconds: 1 });
  const [spin, recurse, hello] = r.procs;
  // the third process ran to its end beside two that never yield on their own
  assert.equal(r.captured.text(hello.pid), "hello\n");
  assert.equal(shellStatus(hello), 0);
  assert.equal(r.status, 124);
  assert.match(r.deadlock, /timeout after 1 s/);
  assert.match(r.deadlock, new RegExp(`pid ${spin.pid} \\(sched\\): running`));
  assert.match(r.deadlock, new RegExp(`pid ${recurse.pid} \\(sched\\): running`));
});

test("a client polling with recv(MSG_DONTWAIT) does not starve its server", async () => {
  const r = await run([sched("server"), sched("poll-client")], { capture: true, timeoutSeconds: 60 });
  const [server, client] = r.procs;
  assert.equal(r.deadlock, undefined);
  assert.equal(r.captured.text(server.pid), "server: sent\n");
  assert.equal(r.captured.text(client.pid), "poll-client: got hello\n");
  assert.equal(r.status, 0);
});

test("a sleeper's timer fires on time while its neighbour is busy with calls that never block", async () => {
  // issue #12: usleep(200 ms) beside a busy process takes <= 220 ms. On a loaded shared
  // machine the host's own timers are late too, so: up to three tries, and the bound is
  // 220 ms plus how late a plain 200 ms host timer was during the same try (lateness that
  // is the machine's, not the scheduler's). Before preemption this took 2,004 ms.
  let last = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    let hostLate = 0;
    const t0 = performance.now();
    const probe = setTimeout(() => { hostLate = performance.now() - t0 - 200; }, 200);
    const r = await run([sched("busy-server"), sched("sleeper")], { capture: true, timeoutSeconds: 60 });
    clearTimeout(probe);
    const [busy, sleeper] = r.procs;
    assert.equal(r.deadlock, undefined);
    // the busy process only ends once the sleeper woke and connected
    assert.equal(r.captured.text(busy.pid), "busy-server: got woke after many tries\n");
    const m = /^sleeper: slept (\d+) ms\n$/.exec(r.captured.text(sleeper.pid));
    assert.ok(m, r.captured.text(sleeper.pid));
    const slept = Number(m[1]);
    assert.ok(slept >= 200, m[0]);
    assert.equal(r.status, 0);
    last = `slept ${slept} ms, host timer ${Math.round(hostLate)} ms late`;
    if (slept <= 220 + Math.max(0, hostLate)) return;
  }
  assert.fail(`usleep(200 ms) beside a busy process: ${last}, three times`);
});

test("a server left in accept after its clients ended is stopped with SIGTERM; the status is the clients'", async () => {
  const r = await run([sched("forever"), sched("client"), sched("client", "5")], { capture: true, timeoutSeconds: 60 });
  const [server, c1, c2] = r.procs;
  assert.equal(r.deadlock, undefined);
  assert.equal(r.captured.text(c1.pid), "client: got ping\n");
  assert.equal(r.captured.text(c2.pid), "client: got ping\n");
  assert.equal(server.signal, 15);
  assert.equal(r.stopped, `int80: pid ${server.pid} (sched): left waiting in accept(3, ...), stopped (SIGTERM)\n`);
  assert.equal(r.status, 5, "the first nonzero status of the processes that ended on their own");
});

test("the SIGTERM that ends a run runs the process's handler (its accept fails with EINTR)", async () => {
  const r = await run([sched("forever", "handler"), sched("client")], { capture: true, timeoutSeconds: 60 });
  const [server] = r.procs;
  assert.equal(r.captured.text(server.pid), "server: SIGTERM\n");
  assert.equal(server.exitCode, 3);
  assert.match(r.stopped, /left waiting in accept\(3, \.\.\.\), stopped \(exit 3 after SIGTERM\)/);
  assert.equal(r.status, 0);
});

test("strictEnd keeps the old failure when anything is left blocked", async () => {
  const r = await run([sched("forever"), sched("client")], { capture: true, timeoutSeconds: 60, strictEnd: true });
  assert.match(r.deadlock, /deadlock/);
  assert.match(r.deadlock, /blocked in accept\(3, /);
  assert.notEqual(r.status, 0);
});

test("two processes waiting on each other (recv on both ends) are still a deadlock", async () => {
  const r = await run([sched("recv-server"), sched("recv-client")], { capture: true, timeoutSeconds: 60 });
  assert.match(r.deadlock, /deadlock/);
  assert.match(r.deadlock, /blocked in read\(4, /);
  assert.match(r.deadlock, /blocked in read\(3, /);
  assert.equal(r.stopped, undefined);
  assert.notEqual(r.status, 0);
});

test("--timeout abc and --timeout -5 are errors that name the option", async () => {
  const { main } = await import("../../dist/host/node/cli.js");
  const errors = [];
  const orig = console.error;
  console.error = (m) => errors.push(String(m));
  try {
    assert.equal(await main(["run", "--timeout", "abc", "x.c"]), 2);
    assert.equal(await main(["run", "--timeout", "-5", "x.c"]), 2);
    assert.equal(await main(["run", "--timeout"]), 2);
  } finally {
    console.error = orig;
  }
  assert.equal(errors.length, 3);
  assert.match(errors[0], /^int80 run: --timeout: 'abc' is not a number of seconds/);
  assert.match(errors[1], /^int80 run: --timeout: '-5' is not a number of seconds/);
  assert.match(errors[2], /^int80 run: .*--timeout/);
});

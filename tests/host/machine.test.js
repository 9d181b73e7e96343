// Host tests: the trap, user-memory copies and their EFAULT edges, exits, traps,
// deadlock detection, the socketcall-nr option.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, shellStatus } from "../../dist/host/node/run.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");
const prog = (name, ...args) => ({ path: path.join(dir, name), args });

test("copies fault in the first page and past the end of user memory, nowhere else", async () => {
  const r = await run([prog("fault_edges.c")], { capture: true });
  assert.equal(r.captured.text(), [
    "address 0: Bad address",
    "address 4095: Bad address",
    "4095..4096: Bad address",
    "address 4096: ok",
    "last byte: ok",
    "last byte + 1: Bad address",
    "past the end: Bad address",
    "0xfffff000: Bad address",
    "",
  ].join("\n"));
  assert.equal(r.status, 7, "int80 run exits with the program's status");
});

test("a trapping process ends alone with 128+SIGSEGV and its peer sees EOF", async () => {
  const r = await run([prog("crash.c", "server"), prog("crash.c", "client")], { capture: true });
  const [server, client] = r.procs;
  assert.equal(r.captured.text(server.pid), "server: read 0 after the client crashed\n");
  assert.equal(shellStatus(client), 139);
  assert.match(client.trapMessage, /unreachable/);
  assert.equal(shellStatus(server), 0);
  assert.equal(r.status, 139);
});

test("a process blocked with nothing to wake it is reported, not left hanging", async () => {
  // strict: fail when anything is left blocked (int80 run --strict-end)
  const r = await run([prog("block_forever.c")], { capture: true, strictEnd: true });
  assert.match(r.deadlock, /deadlock/);
  assert.match(r.deadlock, /blocked in read\(3/);
  assert.notEqual(r.status, 0);
});

test("by default a process left blocked with nothing to wake it is stopped with SIGTERM and listed", async () => {
  const r = await run([prog("block_forever.c")], { capture: true });
  assert.equal(r.deadlock, undefined);
  assert.match(r.stopped, /left waiting in read\(3, \.\.\.\), stopped \(SIGTERM\)/);
  assert.equal(r.status, 0);
});

test("--socketcall-nr 112 routes syscall 112 to socketcall; by default 112 is idle (ENOSYS)", async () => {
  const plain = await run([prog("socketcall112.c")], { capture: true });
  assert.equal(plain.captured.text(), "syscall(112, SYS_SOCKET) = -1 Function not implemented\n");
  const alias = await run([prog("socketcall112.c")], { capture: true, socketcallNr: 112 });
  assert.equal(alias.captured.text(), "syscall(112, SYS_SOCKET) = 3\n");
});

test("the kernel heap returns to its baseline after the processes exit", async () => {
  const r = await run([prog("crash.c", "server"), prog("crash.c", "client")], { capture: true });
  // every socket, skb, file, fd table and wait entry of both processes was freed
  assert.equal(r.machine.kernel.kmem_objects(), r.machine.kmemBaseline);
});

test("at the global socket memory limit sends fail with ENOBUFS and no accepted byte is lost", async () => {
  // a machine whose socket memory limit is 1 MiB (the default is 512 MiB)
  const r = await run([prog("enobufs.c")], { capture: true, skbMemLimit: 1 << 20 });
  assert.equal(r.captured.text(), "stopped by: ENOBUFS\naccepted some, read back all: yes, wrong bytes: 0\n");
  assert.equal(r.machine.kernel.skb_mem_total_bytes(), 0);
});

test("1,000 AF_UNIX and 1,000 TCP connections opened and closed leave nothing behind", async () => {
  // what one connection of each kind leaves (the loopback device's queue, made on first use)
  const one = await run([prog("many_conns.c", "1")], { capture: true });
  const left = one.machine.kernel.kmem_objects() - one.machine.kmemBaseline;
  assert.ok(left <= 1, `one connection leaves ${left} objects`);
  const r = await run([prog("many_conns.c", "1000")], { capture: true });
  assert.equal(r.captured.text(), "2000 exchanges\n");
  assert.equal(r.machine.kernel.kmem_objects() - r.machine.kmemBaseline, left, "every socket, skb and file freed");
  assert.equal(r.machine.kernel.skb_mem_total_bytes(), 0);
});

test("fork: a child that traps ends alone with SIGSEGV and its parent's wait sees it", async () => {
  const r = await run([prog("fork_edges.c", "trap")], { capture: true });
  assert.equal(r.captured.text(), "child: signaled 1, signal 11\n");
  assert.equal(r.status, 0, "the run's status is the parent's");
  assert.equal(r.procs.length, 2);
  assert.equal(shellStatus(r.procs[1]), 139);
  assert.equal(r.machine.kernel.kmem_objects(), r.machine.kmemBaseline, "the zombie was reaped");
});

test("fork: when the host cannot make the child's instance, fork fails with ENOMEM and the parent runs on", async () => {
  const Real = WebAssembly.Instance;
  let instances = 0;
  // instances: the kernel, the program, then the first fork's child: refuse that one
  WebAssembly.Instance = function (m, i) {
    if (++instances === 3) throw new RangeError("WebAssembly.Memory(): could not allocate memory");
    return new Real(m, i);
  };
  try {
    const r = await run([prog("fork_edges.c", "enomem")], { capture: true });
    assert.equal(r.captured.text(), "fork -> -1 Cannot allocate memory\nsecond fork: child exited 4\n");
    assert.equal(r.status, 0);
  } finally {
    WebAssembly.Instance = Real;
  }
});

test("fork: the deadlock report names the socket call each process sleeps in", async () => {
  // two processes in accept wait for anyone: by default the end of the run stops them
  // (SIGTERM); --strict-end reports them
  const ended = await run([prog("fork_edges.c")], { capture: true });
  assert.equal(ended.deadlock, undefined);
  assert.match(ended.stopped, /pid 100 \(fork_edges\): left waiting in accept\(3, \.\.\.\), stopped \(SIGTERM\)/);
  assert.match(ended.stopped, /pid 101 \(fork_edges\): left waiting in accept\(3, \.\.\.\), stopped \(SIGTERM\)/);
  const r = await run([prog("fork_edges.c")], { capture: true, strictEnd: true });
  assert.match(r.deadlock, /pid 100 \(fork_edges\): blocked in accept\(3, 0, 0\)/);
  assert.match(r.deadlock, /pid 101 \(fork_edges\): blocked in accept\(3, 0, 0\)/);
  assert.match(r.deadlock, /users:\(\("fork_edges",pid=100,fd=3\),\("fork_edges",pid=101,fd=3\)\)/);
});

// Issue #11: a guest can only hurt itself and always gets Linux's answer. The cases here
// are those a recorded C test cannot show (qemu-user answers control data and partial
// copies itself, a process cannot place a buffer at the end of its memory, a wait of
// 292 years cannot be recorded): the kernel is called directly from bare processes, or
// programs run and the machine is inspected afterwards. Linux's answer is cited for each.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { run, KERNEL_WASM, loadModule, shellStatus, describeExit } from "../../dist/host/node/run.js";
import { Machine, KernelOops } from "../../dist/host/machine.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const prog = (name, ...args) => ({ path: path.join(dir, name), args });
const kernelModule = new WebAssembly.Module(fs.readFileSync(KERNEL_WASM));

const EFAULT = -14, EINVAL = -22, ENOBUFS = -105, ERESTARTSYS = -512;
const NR = { socketpair: 360, sendmsg: 370, recvfrom: 371, ppoll_time64: 414, pselect6_time64: 413,
  clock_nanosleep_time64: 407, select: 142, getrandom: 355, epoll_create1: 329, epoll_ctl: 255,
  epoll_pwait2: 441, write: 4 };
const PAGES = 4, MEM = PAGES * 65536;

async function bare() {
  let now = 0;
  const io = { write() {}, read: () => null, now: () => (now += 1000), realtime: () => 0 };
  const m = await Machine.create(kernelModule, { io });
  const p = m.spawnBare(PAGES);
  const call = (nr, ...a) => m.syscallBare(p, nr, ...a.map((x) => x | 0));
  const sv = () => {
    assert.equal(call(NR.socketpair, 1, 2, 0, 0x1000), 0); // AF_UNIX, SOCK_DGRAM
    p.views();
    return [p.dv.getInt32(0x1000, true), p.dv.getInt32(0x1004, true)];
  };
  return { m, p, call, sv };
}

/** A msghdr at 0x2000 with one 1-byte iovec and the given control buffer. */
function msghdr(p, control, controllen) {
  p.views();
  const dv = p.dv;
  dv.setUint32(0x2100, 0x2200, true); dv.setUint32(0x2104, 1, true); // iovec
  for (const [off, v] of [[0, 0], [4, 0], [8, 0x2100], [12, 1], [16, control], [20, controllen], [24, 0]]) {
    dv.setUint32(0x2000 + off, v >>> 0, true);
  }
  return 0x2000;
}

test("control data: headers are walked in user memory and bounded before anything is allocated", async () => {
  const { m, p, call, sv } = await bare();
  const [a] = sv();
  const kmem0 = m.kernel.memory.buffer.byteLength;
  // a zero header at the very end of memory (its length reaching past it): cmsg_len 0 is
  // a bogus header (CMSG_COMPAT_OK) -> EINVAL, not a fault of the whole length
  assert.equal(call(NR.sendmsg, a, msghdr(p, MEM - 12, 64), 0), EINVAL);
  // a header that cannot be read at all -> EFAULT
  assert.equal(call(NR.sendmsg, a, msghdr(p, MEM - 2, 64), 0), EFAULT);
  // a valid first header and a 1 GiB length near the end of memory: the walk faults on
  // the second header, the kernel allocates nothing for the length
  p.dv.setUint32(MEM - 16, 16, true); p.dv.setUint32(MEM - 12, 1, true); p.dv.setUint32(MEM - 8, 1, true);
  assert.equal(call(NR.sendmsg, a, msghdr(p, MEM - 16, 0x40000000), 0), EFAULT);
  assert.equal(call(NR.sendmsg, a, msghdr(p, MEM - 16, 0x7fffffff), 0), EFAULT);
  // lengths over INT_MAX -> ENOBUFS (____sys_sendmsg)
  assert.equal(call(NR.sendmsg, a, msghdr(p, 0x3000, 0x80000000), 0), ENOBUFS);
  // shorter than a header: no header -> EINVAL; a header followed by 4 stray bytes: the
  // next header cannot be whole -> EINVAL (cmsg_compat_nxthdr starts one while a byte is left)
  p.dv.setUint32(0x3000, 12, true); p.dv.setUint32(0x3004, 1, true); p.dv.setUint32(0x3008, 2, true);
  assert.equal(call(NR.sendmsg, a, msghdr(p, 0x3000, 11), 0), EINVAL);
  p.dv.setUint32(0x300c, 0, true);
  assert.equal(call(NR.sendmsg, a, msghdr(p, 0x3000, 16), 0), EINVAL);
  // the kernel's memory did not grow for any of it
  assert.equal(m.kernel.memory.buffer.byteLength, kmem0);
});

test("a tmpfs write longer than the user's memory writes what is there, the kernel does not grow to the length", async () => {
  const { m, p, call } = await bare();
  p.views();
  const path = Buffer.from("/tmp/big\0");
  p.u8.set(path, 0x1800);
  const fd = call(5, 0x1800, 0o102, 0o644); // open(O_CREAT | O_RDWR)
  assert.ok(fd >= 0, `open = ${fd}`);
  const kmem0 = m.kernel.memory.buffer.byteLength;
  // write(fd, 0x2000, 1 GiB) from a 256 KiB process: Linux copies page by page and
  // returns the bytes before the fault (generic_perform_write)
  assert.equal(call(NR.write, fd, 0x2000, 0x40000000), MEM - 0x2000);
  // writev with one 1 GiB iovec (the fuzzer's seed 8 once grew the kernel to 1075 MiB)
  p.dv.setUint32(0x1900, 0x2000, true); p.dv.setUint32(0x1904, 0x3fffffff, true);
  assert.equal(call(146, fd, 0x1900, 1), MEM - 0x2000);
  // a write that starts past the end of memory: EFAULT, nothing written
  assert.equal(call(NR.write, fd, MEM + 16, 0x40000000), EFAULT);
  assert.ok(m.kernel.memory.buffer.byteLength - kmem0 < (4 << 20),
    `kernel memory grew by ${(m.kernel.memory.buffer.byteLength - kmem0) >> 20} MiB`);
});

test("copies that cross the end of memory: recv copies the valid prefix then EFAULT, getrandom returns the prefix's count", async () => {
  const { p, call, sv } = await bare();
  const [a, b] = sv();
  p.views();
  p.u8.set(Buffer.from("abcdefgh"), 0x2200);
  p.u8.fill(0, MEM - 4);
  assert.equal(call(NR.write, a, 0x2200, 8), 8);
  // recvfrom(b, MEM - 4, 8): skb_copy_datagram_iter copies up to the fault, the call is
  // EFAULT (unix_dgram_recvmsg), and the prefix is in user memory
  assert.equal(call(NR.recvfrom, b, MEM - 4, 8, 0, 0, 0), EFAULT);
  p.views();
  assert.equal(Buffer.from(p.u8.subarray(MEM - 4)).toString(), "abcd");
  // getrandom(MEM - 10, 100, 0): get_random_bytes_user returns what it copied before the fault
  assert.equal(call(NR.getrandom, MEM - 10, 100, 0), 10);
  assert.equal(call(NR.getrandom, MEM, 100, 0), EFAULT);
});

test("filling the tmpfs to its size= limit costs the kernel about that much memory (the file buffers grow by krealloc)", async () => {
  const { m, p, call } = await bare();
  p.views();
  p.u8.set(Buffer.from("/tmp/a\0/tmp/b\0"), 0x1800);
  const fa = call(5, 0x1800, 0o102, 0o644), fb = call(5, 0x1807, 0o102, 0o644);
  const kmem0 = m.kernel.memory.buffer.byteLength;
  let n = 0, r;
  // two files growing by 70,000 bytes a write, interleaved, until ENOSPC (size=256M): the
  // kernel once reached 1152 MiB (a new buffer and a copy per growth near the limit)
  while ((r = call(NR.write, n % 3 ? fa : fb, 0x2000, 70000)) > 0) n++;
  assert.equal(r, -28); // ENOSPC
  assert.ok(n * 70000 > 200 << 20, `${n} writes`);
  const grew = (m.kernel.memory.buffer.byteLength - kmem0) >> 20;
  // at most about twice the files: two buffers growing by half in turn cannot always both
  // grow in place (TLSF moves one, and the freed block is reused later); the heap layout
  // at boot decides which (288 MiB with one kernel, 511 with another), never the quadratic
  // growth this guards against
  assert.ok(grew <= 600, `kernel memory grew by ${grew} MiB for 256 MiB of files`);
});

test("pipe sizes are bounded by pipe-max-size before the ring is allocated", async () => {
  const { m, p, call } = await bare();
  assert.equal(call(331, 0x1800, 0), 0); // pipe2
  p.views();
  const w = p.dv.getInt32(0x1804, true);
  const kmem0 = m.kernel.memory.buffer.byteLength;
  const F_SETPIPE_SZ = 1031, EPERM = -1;
  assert.equal(call(55, w, F_SETPIPE_SZ, 1 << 20), 1 << 20); // pipe-max-size: allowed
  // past it: EPERM (Unlike Linux as root, which may pass it with CAP_SYS_RESOURCE)
  assert.equal(call(55, w, F_SETPIPE_SZ, (1 << 20) + 1), EPERM);
  assert.equal(call(55, w, F_SETPIPE_SZ, 0x7fffffff), EPERM);
  assert.equal(call(55, w, F_SETPIPE_SZ, -1), EINVAL); // past 2^31: round_pipe_size gives 0
  assert.ok(m.kernel.memory.buffer.byteLength - kmem0 <= (2 << 20));
});

test("execve's strings are measured in user memory and bounded (MAX_ARG_STRLEN, ARG_MAX) before the kernel copies them", async () => {
  const { m, p, call } = await bare(); // 4 pages: 256 KiB
  p.views();
  p.u8.set(Buffer.from("/bin/x\0"), 0x1800);
  // one 100,000-byte string at 0x10000, argv = 40 pointers to it at 0x1900: 4 MB > ARG_MAX
  p.u8.fill(0x61, 0x10000, 0x10000 + 100000); p.u8[0x10000 + 100000] = 0;
  for (let i = 0; i < 40; i++) p.dv.setUint32(0x1900 + 4 * i, 0x10000, true);
  p.dv.setUint32(0x1900 + 160, 0, true);
  const kmem0 = m.kernel.memory.buffer.byteLength;
  assert.equal(call(11, 0x1800, 0x1900, 0), -7); // E2BIG
  // one string longer than MAX_ARG_STRLEN (128 KiB): E2BIG
  p.u8.fill(0x61, 0x10000, 0x10000 + 140000); p.u8[0x10000 + 140000] = 0;
  p.dv.setUint32(0x1904, 0, true);
  assert.equal(call(11, 0x1800, 0x1900, 0), -7);
  // a string running off the end of memory: EFAULT
  p.u8.fill(0x61, MEM - 100, MEM); p.dv.setUint32(0x1900, MEM - 100, true);
  assert.equal(call(11, 0x1800, 0x1900, 0), EFAULT);
  assert.equal(m.kernel.memory.buffer.byteLength, kmem0);
});

test("time64 timeouts near 2^63 seconds saturate: the call waits, it does not return at once", async () => {
  const { m, p, call, sv } = await bare();
  const [a] = sv();
  p.views();
  // struct __kernel_timespec { 2^63 - 1 s, 0 ns } at 0x3000
  p.dv.setBigInt64(0x3000, 0x7fffffffffffffffn, true); p.dv.setBigInt64(0x3008, 0n, true);
  // struct pollfd { a, POLLIN } at 0x3100: nothing to read
  p.dv.setInt32(0x3100, a, true); p.dv.setInt16(0x3104, 1, true);
  assert.equal(call(NR.ppoll_time64, 0x3100, 1, 0x3000, 0, 8), ERESTARTSYS);
  assert.ok(m.kernel.task_timeout(p.pid) > 9e18, "deadline saturated at KTIME_MAX");
  // fd_set with bit a at 0x3200
  p.dv.setUint32(0x3200, 1 << a, true);
  assert.equal(call(NR.pselect6_time64, a + 1, 0x3200, 0, 0, 0x3000, 0), ERESTARTSYS);
  assert.ok(m.kernel.task_timeout(p.pid) > 9e18);
  assert.equal(call(NR.clock_nanosleep_time64, 1, 0, 0x3000, 0), ERESTARTSYS); // CLOCK_MONOTONIC
  // 2^62 s: the nanoseconds overflow i64 unless saturated (once: -1429385216 from pselect6)
  p.dv.setBigInt64(0x3000, 1n << 62n, true);
  assert.equal(call(NR.pselect6_time64, a + 1, 0x3200, 0, 0, 0x3000, 0), ERESTARTSYS);
  assert.equal(call(NR.clock_nanosleep_time64, 1, 0, 0x3000, 0), ERESTARTSYS);
});

test("select's timeval is normalized like compat_sys_select: {5 s, -2000000 us} is 3 s", async () => {
  const { p, call, sv } = await bare();
  const [a, b] = sv();
  p.views();
  assert.equal(call(NR.write, a, 0x2200, 1), 1);
  p.dv.setUint32(0x3200, 1 << b, true);
  p.dv.setInt32(0x3300, 5, true); p.dv.setInt32(0x3304, -2000000, true);
  assert.equal(call(NR.select, b + 1, 0x3200, 0, 0, 0x3300), 1);
  p.dv.setUint32(0x3200, 1 << b, true);
  p.dv.setInt32(0x3300, 0, true); p.dv.setInt32(0x3304, -1, true);
  assert.equal(call(NR.select, b + 1, 0x3200, 0, 0, 0x3300), EINVAL);
});

test("epoll_pwait2: timespec timeout, then the signal mask, then the wait", async () => {
  const { p, call, sv } = await bare();
  const [a, b] = sv();
  const ep = call(NR.epoll_create1, 0);
  assert.ok(ep >= 0);
  p.views();
  p.dv.setUint32(0x3000, 1, true); p.dv.setBigUint64(0x3004, 7n, true); // EPOLLIN, data 7
  assert.equal(call(NR.epoll_ctl, ep, 1, b, 0x3000), 0);
  p.dv.setBigInt64(0x3100, 0n, true); p.dv.setBigInt64(0x3108, 0n, true); // {0, 0}
  assert.equal(call(NR.epoll_pwait2, ep, 0x3200, 4, 0x3100, 0, 8), 0);
  assert.equal(call(NR.epoll_pwait2, ep, 0x3200, 4, 0, 0, 8), ERESTARTSYS); // NULL: forever
  assert.equal(call(NR.write, a, 0x2200, 1), 1);
  assert.equal(call(NR.epoll_pwait2, ep, 0x3200, 4, 0x3100, 0x3300, 8), 1);
  assert.equal(p.dv.getBigUint64(0x3204, true), 7n);
  assert.equal(call(NR.epoll_pwait2, ep, 0x3200, 4, 0x3100, 1, 8), EFAULT);
  assert.equal(call(NR.epoll_pwait2, ep, 0x3200, 4, 0x3100, 0x3300, 4), EINVAL);
  p.dv.setBigInt64(0x3108, 1000000000n, true);
  assert.equal(call(NR.epoll_pwait2, ep, 0x3200, 4, 0x3100, 0, 8), EINVAL);
  assert.equal(call(NR.epoll_pwait2, ep, 0x3200, 4, 1, 0, 8), EFAULT);
});

test("unix_gc: SCM_RIGHTS cycles nobody can receive are freed (kernel heap back to baseline)", async () => {
  const r = await run([prog("scm_cycles.c", "300")], { capture: true });
  assert.equal(r.captured.text(), "received back: yes\n300 cycles, 0 failed sends\n");
  assert.equal(r.machine.kernel.kmem_objects(), r.machine.kmemBaseline);
});

test("--memory: past the limit memory.grow fails and malloc returns NULL; the run goes on", async () => {
  const r = await run([prog("malloc_all.c"), prog("malloc_all.c")], { capture: true, memoryLimit: 8 << 20 });
  for (const p of r.procs) {
    const m = /^malloc returned NULL after (\d+) MiB\n$/.exec(r.captured.text(p.pid));
    assert.ok(m, r.captured.text(p.pid));
    assert.ok(Number(m[1]) <= 8 && Number(m[1]) >= 4, m[0]);
  }
  assert.equal(r.status, 0);
});

test("--memory holds for a program started by execve too", async () => {
  const r = await run([prog("exec_arg.c", path.join(dir, "malloc_all.c"))], { capture: true, memoryLimit: 8 << 20 });
  const m = /^malloc returned NULL after (\d+) MiB\n$/.exec(r.captured.text());
  assert.ok(m, r.captured.text());
  assert.ok(Number(m[1]) <= 8 && Number(m[1]) >= 4, m[0]);
  assert.equal(r.status, 0);
});

const cli = (...args) => spawnSync(process.execPath, [path.join(root, "bin", "int80.js"), ...args],
  { encoding: "utf8", env: { ...process.env, INT80_CC_SERVER: "0" } }); // no compile server left behind

test("int80 run rejects bad option values naming the option, and unknown options", () => {
  const c = prog("malloc_all.c").path;
  for (const [args, msg] of [
    [["--timeout", "abc"], /--timeout: 'abc' is not a number of seconds/],
    [["--timeout", "-5"], /--timeout: '-5' is not a number of seconds/],
    // 0 is no timeout, as timeout(1)'s
    [["--timeout", "1x"], /--timeout: '1x' is not a number of seconds/],
    [["--socketcall-nr", "abc"], /--socketcall-nr: 'abc' is not a syscall number/],
    [["--socketcall-nr", "-1"], /--socketcall-nr: '-1' is not a syscall number/],
    [["--memory", "lots"], /--memory: 'lots' is not a size/],
    [["--frobnicate"], /unknown option '?--frobnicate/],
  ]) {
    const r = cli("run", ...args, c);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, msg);
  }
});

test("int80 cc: a program without main is a link error, not a program that crashes", () => {
  const empty = path.join(os.tmpdir(), `int80-empty-${process.pid}.c`);
  fs.writeFileSync(empty, "");
  try {
    const r = cli("cc", empty, "-o", empty + ".wasm");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /undefined reference to `main'/);
  } finally {
    fs.rmSync(empty, { force: true });
  }
});

// ---- containment: a host exception caused by one guest ends that guest alone (139) ----

test("a guest's stack overflow (V8 RangeError) ends it alone with 139", async () => {
  const r = await run([prog("stack_overflow.c"), prog("hello_ok.c")], { capture: true });
  const [bad, ok] = r.procs;
  assert.equal(r.captured.text(bad.pid), "recursing\n");
  assert.equal(shellStatus(bad), 139);
  assert.equal(bad.trapMessage, "Maximum call stack size exceeded"); // V8's RangeError
  assert.equal(r.captured.text(ok.pid), "innocent process finished\n");
  assert.equal(shellStatus(ok), 0);
});

test("a signal handler outside the function table is SIGSEGV for that process only", async () => {
  const r = await run([prog("bad_handler.c"), prog("hello_ok.c")], { capture: true });
  const [bad, ok] = r.procs;
  assert.equal(r.captured.text(bad.pid), "raising\n");
  assert.equal(shellStatus(bad), 139);
  assert.match(bad.trapMessage, /table index is out of bounds/);
  assert.equal(r.captured.text(ok.pid), "innocent process finished\n");
  assert.equal(shellStatus(ok), 0);
});

const wasmStr = (s) => [s.length, ...Buffer.from(s)];
const wasmSec = (id, bytes) => [id, bytes.length, ...bytes];

/** A hand-made module: imports (module, name) as () -> (), exports memory and _start calling it. */
function moduleCalling(mod, name) {
  const code = [0x10, 0x00, 0x0b]; // call 0
  return new WebAssembly.Module(new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...wasmSec(1, [1, 0x60, 0, 0]),
    ...wasmSec(2, [1, ...wasmStr(mod), ...wasmStr(name), 0x00, 0]),
    ...wasmSec(3, [1, 0]),
    ...wasmSec(5, [1, 0, 1]),
    ...wasmSec(7, [2, ...wasmStr("memory"), 2, 0, ...wasmStr("_start"), 0, 1]),
    ...wasmSec(10, [1, code.length + 1, 0, ...code]),
  ]));
}

/**
 * A hand-made module whose _start calls the WASI import `name` (params i32 x nargs, result
 * `result`: i32 0x7f or i64 0x7e) with the given i32 constants (signed LEB128, one byte
 * each: -64..63), then drops the result.
 */
function moduleCallingWasi(name, args, result = 0x7f) {
  const code = [...args.flatMap((v) => [0x41, v & 0x7f]), 0x10, 0x00, 0x1a, 0x0b];
  return new WebAssembly.Module(new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...wasmSec(1, [2, 0x60, args.length, ...args.map(() => 0x7f), 1, result, 0x60, 0, 0]),
    ...wasmSec(2, [1, ...wasmStr("wasi_snapshot_preview1"), ...wasmStr(name), 0x00, 0]),
    ...wasmSec(3, [1, 1]),
    ...wasmSec(5, [1, 0, 1]),
    ...wasmSec(7, [2, ...wasmStr("memory"), 2, 0, ...wasmStr("_start"), 0, 1]),
    ...wasmSec(10, [1, code.length + 1, 0, ...code]),
  ]));
}

/** A machine running the given modules and one innocent hello_ok beside them. */
async function machineWith(modules, { io: wrapIo, kernel } = {}) {
  const ok = await loadModule(prog("hello_ok.c"));
  const out = [];
  let io = { write: (pid, fd, b) => out.push(Buffer.from(b).toString()), read: () => null, now: () => 0, realtime: () => 0 };
  if (wrapIo) io = wrapIo(io);
  const m = await Machine.create(kernelModule, { io, setTimer: (ms, fn) => setTimeout(fn, ms), clearTimer: clearTimeout });
  if (kernel) m.kernel = kernel(m, m.kernel);
  const procs = modules.map((module, i) => m.spawn({ module, argv: [`guest${i}`] }));
  const innocent = m.spawn({ module: ok, argv: ["hello_ok"] });
  await m.run();
  return { m, procs, innocent, out };
}

test("imports resolve only to what the host provides: Object.prototype names do not link", async () => {
  const { procs, innocent, out } = await machineWith([
    moduleCalling("linux", "hasOwnProperty"),
    moduleCalling("wasi_snapshot_preview1", "constructor"),
    moduleCalling("linux", "__proto__"),
    moduleCalling("wasi_snapshot_preview1", "toString"),
    moduleCalling("wasi_snapshot_preview1", "valueOf"),
    moduleCalling("wasi_snapshot_preview1", "path_open"), // WASI, but not provided
  ]);
  for (const p of procs) {
    assert.equal(p.signal, 11);
    assert.match(p.trapMessage, /^cannot start: .*Import #0/);
  }
  assert.equal(innocent.exitCode, 0);
  assert.deepEqual(out, ["innocent process finished\n"]);
});

test("a bad pointer passed to a WASI adapter (fd_write's nwritten, args_get's arrays) ends that process alone", async () => {
  const { procs, innocent, out } = await machineWith([
    // fd_write(1, iovs 0, 0 iovecs, nwritten = -16 = 0xfffffff0): the adapter's store is out of bounds
    moduleCallingWasi("fd_write", [1, 0, 0, -16]),
    // args_get(argv = -16, buf = 0x20) and args_get(argv = 0x20, buf = -16)
    moduleCallingWasi("args_get", [-16, 0x20]),
    moduleCallingWasi("args_get", [0x20, -16]),
    // args_sizes_get / environ_sizes_get / clock_time_get with a result pointer past the end
    moduleCallingWasi("args_sizes_get", [-16, 0]),
    moduleCallingWasi("environ_sizes_get", [0, -16]),
    moduleCallingWasi("fd_fdstat_get", [1, -16]),
  ]);
  for (const p of procs) {
    assert.equal(p.signal, 11, p.argv[0]);
    assert.match(p.trapMessage, /out of bounds|outside the bounds|Offset is outside/i, p.argv[0]);
  }
  assert.equal(innocent.exitCode, 0);
  assert.deepEqual(out, ["innocent process finished\n"]);
});

test("an import called with the wrong signature (a TypeError in the host) ends that process alone", async () => {
  // sched_yield declared () -> i64: the host's number result cannot become a BigInt
  const { procs: [p], innocent, out } = await machineWith([moduleCallingWasi("sched_yield", [], 0x7e)]);
  assert.equal(p.signal, 11);
  assert.match(p.trapMessage, /^TypeError: .*BigInt/);
  assert.equal(innocent.exitCode, 0);
  assert.deepEqual(out, ["innocent process finished\n"]);
});

/** A copy of the kernel's exports (the real object is frozen) with `name` replaced. */
const patched = (real, name, fn) => ({ ...real, [name]: fn });

test("a kernel abort is an oops: the caller ends with SIGSEGV and a kernel BUG report, the run goes on", async () => {
  const bad = await loadModule(prog("hello_ok.c"));
  const { procs: [victim], innocent, out } = await machineWith([bad], {
    // the kernel aborts in the victim's write (as "allocation too large" did): the abort
    // goes through the kernel's own abort import, as an AssemblyScript abort does
    kernel: (m, real) => patched(real, "int80", (pid, restart, eax, ...a) => {
      if (pid === victim0(m) && (eax === 4 || eax === 146)) m.kernelImports().abort(0, 0, 461, 29);
      return real.int80(pid, restart, eax, ...a);
    }),
  });
  assert.equal(victim.signal, 11);
  assert.match(victim.trapMessage, /^kernel BUG at kernel:461:29: abort, in (write|writev)\(0x1, /);
  assert.match(describeExit(victim), /kernel BUG .* the process was killed \(SIGSEGV\), the run goes on/);
  assert.equal(shellStatus(victim), 139);
  assert.equal(innocent.exitCode, 0);
  assert.deepEqual(out, ["innocent process finished\n"]);
});
const victim0 = (m) => Math.min(...m.procs.keys());

test("a host exception inside the kernel (console_write throws for one process) is an oops on that process", async () => {
  const bad = await loadModule(prog("hello_ok.c"));
  const { procs: [victim], innocent, out } = await machineWith([bad], {
    io: (io) => ({ ...io, write: (pid, fd, b, w) => {
      if ((w ?? pid) === 100) throw new TypeError("the console is gone");
      return io.write(pid, fd, b, w);
    } }),
  });
  assert.equal(victim.pid, 100);
  assert.equal(victim.signal, 11);
  assert.match(victim.trapMessage, /^kernel BUG: host exception TypeError: the console is gone, in writev\(0x1, /);
  assert.equal(innocent.exitCode, 0);
  assert.deepEqual(out, ["innocent process finished\n"]);
});

test("a kernel abort in a process's timer (task_timer_expired) ends that process, and the run ends", async () => {
  const sleeper = await loadModule(prog("sleeper.c"));
  const { procs: [victim], innocent, out, m } = await machineWith([sleeper], {
    kernel: (m, real) => patched(real, "task_timer_expired", (pid) => {
      if (pid === victim0(m)) m.kernelImports().abort(0, 0, 1, 2);
      return real.task_timer_expired(pid);
    }),
  });
  assert.equal(victim.signal, 11);
  assert.equal(victim.trapMessage, `kernel BUG at kernel:1:2: abort, in timer for pid ${victim.pid}`);
  assert.equal(innocent.exitCode, 0);
  assert.deepEqual(out, ["sleeping\n", "innocent process finished\n"]);
  // the kernel goes on: the victim's files were closed, the heap is back to its baseline
  assert.equal(m.kernel.kmem_objects(), m.kmemBaseline);
});

test("an oops in exit (task_exit throws) still ends the process; the run goes on", async () => {
  const bad = await loadModule(prog("hello_ok.c"));
  const { procs: [victim], innocent, out } = await machineWith([bad], {
    kernel: (m, real) => patched(real, "task_exit", (pid, status) => {
      if (pid === victim0(m)) m.kernelImports().abort(0, 0, 3, 4);
      return real.task_exit(pid, status);
    }),
  });
  assert.equal(victim.exitCode, 0);
  assert.match(victim.trapMessage, /kernel BUG at kernel:3:4: abort, in exit$/);
  assert.equal(innocent.exitCode, 0);
  assert.deepEqual(out, ["innocent process finished\n", "innocent process finished\n"]);
});

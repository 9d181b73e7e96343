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
import { run, KERNEL_WASM } from "../../dist/host/run.js";
import { Machine } from "../../dist/host/machine.js";

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

const cli = (...args) => spawnSync(process.execPath, [path.join(root, "bin", "int80.js"), ...args], { encoding: "utf8" });

test("int80 run rejects bad option values naming the option, and unknown options", () => {
  const c = prog("malloc_all.c").path;
  for (const [args, msg] of [
    [["--timeout", "abc"], /--timeout: 'abc' is not a positive number/],
    [["--timeout", "-5"], /--timeout: '-5' is not a positive number/],
    [["--timeout", "0"], /--timeout: '0' is not a positive number/],
    [["--socketcall-nr", "abc"], /--socketcall-nr: 'abc' is not a syscall number/],
    [["--socketcall-nr", "-1"], /--socketcall-nr: '-1' is not a syscall number/],
    [["--memory", "lots"], /--memory: 'lots' is not a size/],
    [["--frobnicate"], /unknown option '--frobnicate'/],
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

#!/usr/bin/env node
// npm run fuzz -- --seed N --calls M [--procs P]
// Random syscalls against the kernel from several processes: random numbers 0..450 and
// random arguments, with pointers into, across and beyond the process's memory, and
// random socket sequences with plausible arguments. Reproducible for a seed.
// Passes when: no kernel trap, no host exception, every result is >= 0 or a valid -errno,
// the kernel's memory stays under 64 MiB (every guest-sized allocation is bounded),
// the kernel's invariants (kcheck) hold after every call, and after every process exits
// the kernel heap is back to its baseline (plus the files the processes created, pathname
// sockets included), with no dentry, inode or pipe left that nothing refers to.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Machine } from "../dist/host/machine.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const seed = opt("--seed", 1), calls = opt("--calls", 20000), nprocs = opt("--procs", 3);
const verbose = argv.includes("--verbose"); // print every call (to find what a failing seed did)

let state = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
const rnd = () => {
  state ^= (state << 13n) & 0xffffffffffffffffn;
  state ^= state >> 7n;
  state ^= (state << 17n) & 0xffffffffffffffffn;
  return Number(state & 0xffffffffn);
};
const pick = (xs) => xs[rnd() % xs.length];

// INT80_KERNEL: another kernel build (as for int80 run)
const kernel = new WebAssembly.Module(readFileSync(process.env.INT80_KERNEL ?? path.join(root, "build", "kernel.wasm")));
const out = [];
const io = { write: () => {}, read: () => null, now: () => 0, realtime: () => 0 };
let virtualNow = 0;
io.now = () => (virtualNow += 1000);
const machine = await Machine.create(kernel, { io });
const baseline = machine.kernel.kmem_objects();
const fsBaseline = machine.kernel.fs_tree_objects();

const PAGES = 4, MEM = PAGES * 65536;
let procs = [];
const spawn = () => machine.spawnBare(PAGES);
for (let i = 0; i < nprocs; i++) procs.push(spawn());

// socket-ish syscall numbers and socketcall subcalls get most of the calls
const SOCKET_NRS = [102, 102, 102, 102, 359, 360, 361, 362, 363, 364, 365, 366, 367, 368, 369, 370, 371, 372, 373,
  337, 345, 417, 3, 4, 6, 54, 145, 146, 221, 41, 63, 330, 168, 142, 309, 308, 254, 255, 256, 319, 329, 162, 10];
const ptr = () => pick([0, 1, 4095, 4096 + (rnd() % 4096), MEM - 1 - (rnd() % 16), MEM, MEM + (rnd() % 4096),
  0xfffff000, rnd(), 0x2000 + (rnd() % 0x1000), 0x2000 + (rnd() % 0x1000), 0x3000 + (rnd() % 64)]);
const small = () => pick([0, 1, 2, 3, 4, 5, 8, 16, 28, 32, 110, 128, 129, 1024, 65536, -1, rnd()]);
// descriptors the current process really has open (learned from results), most of the time
let openFds = [];
const fdish = () => (openFds.length && rnd() % 4 ? pick(openFds) : pick([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 999, rnd() % 1100]));
// for socket calls, half the time the process's newest socket: so that a socket's calls
// follow one another (a UDP socket bound, corked, sent to) among the files and pipes it holds
let newestSocket = -1;
const sockish = () => (newestSocket >= 0 && rnd() % 2 ? newestSocket : fdish());
const famish = () => pick([1, 1, 1, 2, 2, 0, 10, 16, 46, -1, rnd()]);
const typeish = () => pick([1, 2, 2, 5, 3, 1 | 0o4000, 2 | 0o2000000, 0, 11, rnd()]);
const arg = () => pick([ptr, small, fdish])();

/** Plant plausible structures in user memory: sockaddr_un names, iovecs, msghdrs, args. */
function plant(p) {
  p.views();
  const u8 = p.u8, dv = p.dv;
  for (let i = 0; i < 64; i++) u8[0x2000 + (rnd() % 0x2000)] = rnd() & 0xff;
  // 0x3000: a sockaddr_un: abstract or pathname name from a small set; or a sockaddr_in:
  // 127.0.0.1 on a port from a small set (so that UDP and TCP sockets meet), or junk
  const family = pick([1, 1, 1, 2, 2, 0]);
  dv.setUint16(0x3000, family, true);
  if (family === 2 && rnd() % 4) {
    dv.setUint16(0x3002, pick([7301, 7302, 0]), false);
    dv.setUint32(0x3004, 0x7f000001, false);
  } else {
    const name = pick(["\0a", "\0b", "/tmp/x", "/tmp/y", "\0"]);
    for (let i = 0; i < name.length; i++) u8[0x3002 + i] = name.charCodeAt(i);
    u8[0x3002 + name.length] = 0;
  }
  // 0x3100: iovec[2] -> 0x2000 buffers; 0x3200: msghdr
  dv.setUint32(0x3100, 0x2000, true); dv.setUint32(0x3104, rnd() % 512, true);
  dv.setUint32(0x3108, 0x2400, true); dv.setUint32(0x310c, rnd() % 512, true);
  dv.setUint32(0x3200, pick([0, 0x3000]), true); dv.setUint32(0x3204, pick([0, 8, 110, 129]), true);
  dv.setUint32(0x3208, 0x3100, true); dv.setUint32(0x320c, pick([0, 1, 2, 1025]), true);
  dv.setUint32(0x3210, pick([0, 0x3300]), true); dv.setUint32(0x3214, pick([0, 8, 16, 20]), true);
  dv.setUint32(0x3300, 16, true); dv.setUint32(0x3304, 1, true); dv.setUint32(0x3308, pick([1, 2, 99]), true);
  dv.setUint32(0x330c, fdish(), true);
}

// File calls (fs/): paths from a small set planted at 0x3800 and 0x3900, so that names
// collide, directories fill and empty, symlinks loop, FIFOs block and are abandoned.
const PATHS = ["/tmp/f", "/tmp/d", "/tmp/d/x", "/tmp/d/y/", "/tmp/fifo", "/tmp/l", "/tmp/loop", "/dev/null",
  "/dev/zero", "/dev/full", "/etc/hosts", "/", ".", "..", "/tmp/f/", "", "/tmp/" + "n".repeat(300), "d/x", "f",
  "/tmp/l/x", "/tmp/x", "/proc/self/fd"];
const FILE_NRS = [5, 5, 295, 8, 39, 40, 10, 301, 38, 353, 9, 83, 85, 195, 196, 197, 300, 383, 33, 12, 133, 183, 220,
  19, 140, 180, 181, 193, 194, 14, 42, 331, 118, 60, 15, 412, 221, 3, 4, 6];
const OFLAGS = () => pick([0, 1, 2, 0o100 | 1, 0o100 | 0o200 | 2, 0o1000 | 1, 0o2000 | 1, 0o4000, 0o200000,
  0o400000, 0o2000000, 0o10000000, 0o20200000 | 2, 0o100 | 0o4000 | 1, rnd()]);
function plantPath(p, at) {
  const u8 = p.u8;
  const name = pick(PATHS);
  for (let i = 0; i < name.length && i < 255; i++) u8[at + i] = name.charCodeAt(i);
  u8[at + Math.min(name.length, 255)] = 0;
  return at;
}
function fileArgs(p, nr) {
  p.views();
  const a = plantPath(p, 0x3800), b = plantPath(p, 0x3900);
  const dirfd = () => pick([-100, -100, fdish()]);
  switch (nr) {
    case 5: return [a, OFLAGS(), pick([0o644, 0o777, 0])];
    case 295: return [dirfd(), a, OFLAGS(), 0o644];
    case 8: case 39: case 15: return [a, pick([0o755, 0o644, 0o1777])];
    case 14: return [a, pick([0o10644, 0o20666, 0o100644, 0o140777, 0o40755, 0]), pick([0x103, 0x105, 0x999, 0])];
    case 40: case 10: case 12: case 33: return [a, pick([0, 1, 2, 4, 7, 8])];
    case 301: return [dirfd(), a, pick([0, 0x200, 0x100])];
    case 38: case 9: case 83: return [a, b];
    case 353: return [dirfd(), a, dirfd(), b, pick([0, 1, 2, 3, 4])];
    case 85: return [a, 0x2000, pick([0, 1, 64, 4096])];
    case 195: case 196: return [a, pick([0x2000, ptr()])];
    case 197: return [fdish(), pick([0x2000, ptr()])];
    case 300: return [dirfd(), a, 0x2000, pick([0, 0x100, 0x1000, 0x8000])];
    case 383: return [dirfd(), a, pick([0, 0x100, 0x1000, 0x6000]), pick([0x7ff, 0, 0x80000000]), 0x2000];
    case 133: case 118: return [fdish()];
    case 183: return [0x2000, pick([0, 1, 2, 64, 4096])];
    case 220: return [fdish(), 0x2000, pick([0, 10, 24, 512, 4096])];
    case 19: return [fdish(), pick([0, 1, -1, 100, 1 << 30]), pick([0, 1, 2, 3, 4, 5])];
    case 140: return [fdish(), pick([0, 1, -1]), pick([0, 5, -1]), pick([0x2000, ptr()]), pick([0, 1, 2, 7])];
    case 180: case 181: return [fdish(), 0x2000, rnd() % 8192, pick([0, 1, 100, -1]), pick([0, 0, 1])];
    case 193: return [a, pick([0, 10, 5000, -1]), pick([0, 0, 1])];
    case 194: return [fdish(), pick([0, 10, 5000, -1]), pick([0, 0, 1])];
    case 42: case 331: return [pick([0x3600, 0x3600, ptr()]), pick([0, 0o4000, 0o2000000, 0o40000, rnd()])];
    case 60: return [pick([0o22, 0o77, 0o777, rnd()])];
    case 412: return [dirfd(), pick([a, 0]), pick([0, 0x2000, ptr()]), pick([0, 0x100])];
    case 221: return [fdish(), pick([1031, 1032, 5, 6, 7, 12, 13, 36, 3, 4]), pick([0, 4096, 65536, 1 << 20, 1 << 21, 0x2000])];
    case 3: case 4: return [fdish(), 0x2000, pick([0, 1, 100, 4096, 65537, 200000])];
    default: return [fdish()];
  }
}

/** A socketcall argument array with plausible values for the subcall. */
function socketcallArgs(p, call) {
  const dv = p.dv, base = 0x3400;
  const plausible = {
    1: () => [famish(), typeish(), pick([0, 0, 1, 6, 17])],
    2: () => [sockish(), 0x3000, pick([2, 3, 8, 110, 16])],
    3: () => [sockish(), 0x3000, pick([2, 3, 8, 110, 16])],
    4: () => [sockish(), small()],
    5: () => [sockish(), pick([0, 0x3000]), pick([0, 0x3500])],
    8: () => [famish(), typeish(), 0, pick([0x3600, 0, 1])],
    9: () => [sockish(), 0x2000, rnd() % 70000, pick([0, 0x40, 0x4000, 0x1, 0x2, 0x8000])],
    10: () => [sockish(), 0x2000, rnd() % 4096, pick([0, 0x40, 0x2, 0x20, 0x100 | 0x40])],
    16: () => [sockish(), 0x3200, pick([0, 0x40, 0x4000])],
    17: () => [sockish(), 0x3200, pick([0x40, 0x40000040])],
    6: () => [sockish(), 0x3000, 0x3500],
    7: () => [sockish(), 0x3000, 0x3500],
    11: () => [sockish(), 0x2000, rnd() % 4096, pick([0, 0x40, 0x4000, 0x8000]), pick([0, 0x3000]), pick([0, 16, 110])],
    12: () => [sockish(), 0x2000, 4096, pick([0x40, 0x42, 0x60]), pick([0, 0x3000]), 0x3500],
    13: () => [sockish(), rnd() % 4],
    14: () => [sockish(), pick([1, 1, 0, 6, 17]), pick([rnd() % 70, rnd() % 70, 1]), 0x2000, pick([4, 8, 16, 2])],
    15: () => [sockish(), pick([1, 1, 0, 6, 17]), pick([rnd() % 70, rnd() % 70, 1]), 0x2000, 0x3500],
    18: () => [sockish(), pick([0, 0x3000]), pick([0, 0x3500]), pick([0, 0o4000, 0o2000000])],
    19: () => [sockish(), 0x3200, 1 + rnd() % 3, 0x40, 0],
    20: () => [sockish(), 0x3200, 1 + rnd() % 3, 0x40],
  }[call];
  const vals = plausible ? plausible() : [arg(), arg(), arg(), arg(), arg(), arg()];
  dv.setUint32(0x3500, pick([16, 110, 0, 200, -1 >>> 0]), true);
  for (let i = 0; i < 6; i++) dv.setUint32(base + i * 4, (vals[i] ?? arg()) >>> 0, true);
  return base;
}

// Processes, files and pipes (fork(2), open/read/write/lseek/unlink on the tmpfs, pipe2):
// plausible calls with the descriptors a process really holds, so that forked children
// share open files and pipe ends with their parents, read what a sibling wrote, block on
// an empty pipe, are killed or reaped while others still hold the other end.
const MAX_PROCS = 8;
const TMPFILES = ["/tmp/a", "/tmp/b", "/tmp/c"];
let forks = 0, reaped = 0;
function procArgs(p) {
  p.views();
  const u8 = p.u8;
  const name = pick(TMPFILES);
  for (let i = 0; i < name.length; i++) u8[0x3a00 + i] = name.charCodeAt(i);
  u8[0x3a00 + name.length] = 0;
  const sibling = () => pick(procs).pid;
  switch (rnd() % 14) {
    case 0: return procs.length < MAX_PROCS ? [2] : [20]; // fork (getpid when the run is full)
    case 1: return [114, pick([-1, -1, 0, sibling()]), pick([0, 0x2000, ptr()]), pick([1, 1, 0, 2, 0x40000000]), 0]; // wait4
    case 2: return [37, sibling(), pick([0, 0, 13, 10, 15, 9, 17, 64, 65])]; // kill
    case 3: return [331, 0x3600, pick([0, 0o4000, 0o2000000])]; // pipe2
    case 4: case 5: return [5, 0x3a00, pick([0o102, 0o1102, 0o2102, 0o2, 0o302, 0o4102]), 0o644]; // open O_CREAT|O_RDWR...
    case 6: case 7: return [3, fdish(), 0x2000 + (rnd() % 0x800), pick([0, 1, 17, 512, 4096, 65536, 70000])]; // read
    case 8: case 9: return [4, fdish(), 0x2000 + (rnd() % 0x800), pick([0, 1, 17, 512, 4096, 65536, 70000])]; // write
    case 10: return [19, fdish(), pick([0, 1, 100, 4096, 1 << 20, -1, -4096]), pick([0, 1, 2, 3, 4])]; // lseek
    case 11: return [10, 0x3a00]; // unlink
    case 12: return [6, fdish()]; // close
    default: return [63, fdish(), pick([3, 4, 5, 6, 7, 8, 100])]; // dup2
  }
}

let checks = 0, errors = 0, blocked = 0, exits = 0;
/**
 * The kernel's memory may not pass this: sockets' queues are bounded far below 64 MiB, and
 * tmpfs files are kernel memory up to the root tmpfs's size= limit (256 MiB, fs/init.ts),
 * whose data buffers grow by reallocation (both copies alive for a moment).
 */
const KMEM_MAX = (64 << 20) + 2 * (256 << 20);
const fail = (msg) => {
  console.error(`fuzz: seed ${seed}: ${msg}`);
  process.exit(1);
};
for (let i = 0; i < calls; i++) {
  let idx = rnd() % procs.length;
  let p = procs[idx];
  if (p.exited) {
    exits++;
    // a forked process's slot goes; the first nprocs slots get a new process
    if (procs.length > nprocs) { procs.splice(idx, 1); p = procs[idx = rnd() % procs.length]; }
    if (p.exited) p = procs[idx] = spawn();
  }
  openFds = p.fds ??= [];
  newestSocket = p.newestSocket ?? -1;
  if (i % 16 === 0) plant(p);
  let nr, a;
  if (rnd() % 4 === 0) {
    [nr, ...a] = procArgs(p);
  } else if (rnd() % 3 === 0) {
    nr = pick(FILE_NRS);
    a = fileArgs(p, nr);
  } else if (rnd() % 8 === 0) {
    nr = rnd() % 451;
    a = [arg(), arg(), arg(), arg(), arg(), arg()];
    if (nr === 1 || nr === 252) nr = 20; // exits are exercised below, less often
  } else {
    nr = pick(SOCKET_NRS);
    if (nr === 102) {
      const call = pick([1, 1, 2, 3, 4, 5, 8, 8, 9, 10, 16, 17, rnd() % 22, 6, 7, 11, 12, 13, 14, 15, 18, 19, 20]);
      a = [call, rnd() % 64 === 0 ? ptr() : socketcallArgs(p, call), 0, 0, 0, 0];
    } else {
      a = [fdish(), pick([0x3000, 0x2000, 0x3200, 0x3100, ptr()]), small(), small(), pick([0, 0x3500, ptr()]), small()];
    }
  }
  if (rnd() % 2000 === 0) { nr = 252; a = [rnd() % 256, 0, 0, 0, 0, 0]; }
  let ret;
  try {
    ret = machine.syscallBare(p, nr, ...a.map((x) => x | 0));
  } catch (e) {
    fail(`call ${i}: syscall ${nr}(${a.map((x) => x >>> 0).join(", ")}) threw: ${e && e.stack || e}`);
  }
  if (verbose) console.log(`${i}: pid ${p.pid} syscall ${nr}(${a.map((x) => x | 0).join(", ")}) = ${ret}`);
  // not errno-or-count: alarm's unsigned seconds (an i386 process on a 64-bit kernel gets
  // them unclamped), sigreturn/rt_sigreturn's restored eax (any value, as on Linux)
  if (nr !== 27 && nr !== 119 && nr !== 173 && !(ret >= 0 || (ret < 0 && ret >= -4095) || ret === -512)) fail(`call ${i}: syscall ${nr} returned ${ret}`);
  if (ret === -512) blocked++;
  else if (ret < 0) errors++;
  else {
    // remember new descriptors: socket, accept, dup, epoll_create...; socketpair's pair
    const fdCall = (nr === 102 && [1, 5, 18].includes(a[0])) || [359, 364, 41, 254, 329, 5, 295, 8].includes(nr);
    if (fdCall && ret > 2 && ret < 1024 && !openFds.includes(ret)) openFds.push(ret);
    if ((nr === 102 && a[0] === 1) || nr === 359) p.newestSocket = ret;
    if ((nr === 102 && a[0] === 8) || nr === 360 || nr === 42 || nr === 331) {
      p.views();
      for (const q of [0x3600, 0x3604]) {
        const fd = p.dv.getInt32(q, true);
        if (fd > 2 && fd < 1024 && !openFds.includes(fd)) openFds.push(fd);
      }
    }
    if (nr === 6) openFds.splice(openFds.indexOf(a[0]) >>> 0, openFds.includes(a[0]) ? 1 : 0);
    if (nr === 63 && !openFds.includes(ret) && ret > 2) openFds.push(ret);
    if ((nr === 2 || nr === 190 || nr === 120) && ret > 0) {
      // the child: a copy of the parent's memory and descriptors, issuing calls of its own
      const child = machine.procs.get(ret);
      if (!child) fail(`call ${i}: fork returned ${ret}, no such process`);
      child.fds = openFds.slice();
      if (procs.length < 2 * MAX_PROCS) procs.push(child);
      forks++;
    }
    if ((nr === 114 || nr === 7) && ret > 0) reaped++;
  }
  // no user-sized allocation without a bound: the kernel's memory stays small (a 1 GiB
  // control length once grew it to 1 GiB for the rest of the run)
  if (machine.kernel.memory.buffer.byteLength > KMEM_MAX) {
    fail(`call ${i}: syscall ${nr}(${a.map((x) => x >>> 0).join(", ")}) = ${ret}: kernel memory grew to ${machine.kernel.memory.buffer.byteLength >> 20} MiB`);
  }
  const bad = machine.kernel.kcheck(1000);
  checks++;
  if (bad) {
    const at = machine.kernel.kcheck_where();
    fail(`call ${i}: syscall ${nr}(${a.map((x) => x >>> 0).join(", ")}) = ${ret}: invariant ${bad} broken (pid ${at >> 16}, fd ${at & 0xffff})`);
  }
}
for (const p of machine.procs.values()) if (!p.exited) machine.finish(p, 0, 9);
// files the processes created stay (in the tree); every other inode, dentry and pipe is gone
const fsbad = machine.kernel.fs_check_idle();
if (fsbad) fail(`file system not idle after the last process: ${["", "a dentry", "an inode", "a pipe"][fsbad]} outlived its last reference`);
// (pathname sockets are files too: S_IFSOCK inodes in the tree)
const objects = machine.kernel.kmem_objects();
const files = machine.kernel.fs_tree_objects() - fsBaseline;
if (objects !== baseline + files) fail(`kernel heap not back to baseline: ${objects} objects, expected ${baseline} + ${files} for the files created`);
console.log(`fuzz: seed ${seed}: ${calls} calls from ${machine.procs.size} processes (${forks} forked, ${reaped} reaped, ${exits} exits), ` +
  `${errors} errors, ${blocked} would-block, ${checks} invariant checks passed; kernel heap back to baseline (+${files} objects of the files created)`);

#!/usr/bin/env node
// npm run bench: the same C programs on the real kernel and on int80, in one run.
// Each benchmark is built with gcc -O2 (x86_64), gcc -m32 -static -O2 (i386, when
// gcc-multilib is installed and this kernel can execute i386) and int80 cc -O2; sides run
// in turn (ABAB...), several repetitions, medians. Prints one table and writes
// build/bench/results.json.
// The reference ("native") is native i386. Where it cannot run, rows whose hot loop is
// the libc's string code (libc: true) take the x86_64 build run with glibc held to the
// string functions i386 glibc has: SSE2/SSSE3/SSE4 code on 16-byte vectors (i386 glibc
// has no AVX variants; GLIBC_TUNABLES below); other rows take plain x86_64.
// Everything is compiled before the first measurement, the int80 side in a child
// process (bench/build.mjs), and a running compile server is stopped: neither shares
// the cores with the programs being measured.
// A compile section follows (int80 cc hello.c, a cached start, a 15-file library, and
// what compiling a module with V8's optimizing tier costs): see compileSection().
//   node bench/run.mjs [--reps N] [--quick] [--no-compile] [NAME... | compile]
import { execFileSync, spawn } from "node:child_process";
import net from "node:net";
import { i386Runner } from "../scripts/i386.mjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compileCached } from "../dist/host/node/cc.js";
import { compileSection } from "./compile.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "build", "bench");
fs.mkdirSync(out, { recursive: true });

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const repsIdx = args.indexOf("--reps");
const reps = repsIdx >= 0 ? Number(args[repsIdx + 1]) : quick ? 1 : 5;
const only = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--reps");

// name, iterations, unit kind ("time": lower is better, "rate": higher is better), goal
const BENCHES = [
  { name: "null_syscall", n: 1000000, kind: "time", goal: 0.5, what: "getsockopt(SO_TYPE)" },
  { name: "unix_pingpong", n: 200000, kind: "time", goal: 1, what: "AF_UNIX ping-pong, 1 byte" },
  { name: "tcp_pingpong", n: 100000, kind: "time", goal: 1, what: "TCP ping-pong, 1 byte" },
  { name: "udp_pingpong", n: 100000, kind: "time", goal: 1, what: "UDP ping-pong, 1 byte" },
  { name: "tcp6_pingpong", n: 100000, kind: "time", goal: 1, what: "TCP ping-pong over ::1, 1 byte" },
  { name: "udp6_pingpong", n: 100000, kind: "time", goal: 1, what: "UDP ping-pong over ::1, 1 byte" },
  { name: "pipe_pingpong", n: 200000, kind: "time", goal: 1, what: "pipe ping-pong, 1 byte" },
  { name: "pipe_bulk", n: 10000, kind: "rate", goal: 1, what: "pipe bulk, 64 KiB writes" },
  { name: "unix_bulk", n: 10000, kind: "rate", goal: 1, what: "AF_UNIX bulk, 64 KiB writes" },
  { name: "tcp_bulk", n: 10000, kind: "rate", goal: 1, what: "TCP bulk, 64 KiB writes" },
  { name: "tcp_connect", n: 5000, kind: "rate", goal: null, what: "connect + accept + close" },
  { name: "tcp_pingpong2", n: 50000, kind: "time", goal: 1, what: "TCP ping-pong, two processes", two: true },
  { name: "fork_wait", n: 2000, kind: "time", goal: 3, what: "fork + _exit + waitpid, small process" },
  { name: "fork_wait_16m", n: 200, kind: "time", goal: null, what: "fork + _exit + waitpid, 16 MiB touched" },
  { name: "thread_create", n: 5000, kind: "time", goal: null, what: "pthread_create + pthread_join" },
  { name: "cond_pingpong", n: 50000, kind: "time", goal: null, what: "mutex/condvar ping-pong, two threads" },
  // the program's own code (issue #16): compute <= 1.5x native, verified bulk >= native
  { name: "memcmp_64k", libc: true, n: 20000, kind: "time", goal: 1.5, what: "libc memcmp, 64 KiB equal" },
  { name: "memcpy_64k", libc: true, n: 20000, kind: "time", goal: 1.5, what: "libc memcpy, 64 KiB" },
  { name: "strlen", libc: true, n: 500000, kind: "time", goal: 1.5, what: "libc strlen, 4 KiB" },
  { name: "crc32", n: 4, kind: "time", goal: 1.5, what: "CRC-32 over 16 MiB, in main" },
  { name: "sha256", n: 4, kind: "time", goal: 1.5, what: "SHA-256 over 16 MiB" },
  { name: "unix_bulk_verify", libc: true, n: 10000, kind: "rate", goal: 1, what: "AF_UNIX bulk 64 KiB + memcmp" },
  { name: "tcp_bulk_verify", libc: true, n: 10000, kind: "rate", goal: 1, what: "TCP bulk 64 KiB + memcmp" },
  // ratio against the same program built -mno-preempt: the cost of the preemption points
  { name: "compute", n: 100000000, kind: "time", goal: 1.05, what: "compute loop; ratio = int80 / int80 -mno-preempt", vsNoPreempt: true },
  // the bridge to the host (issue #18): a Node server in this process; natively the program
  // connects to 127.0.0.1, under int80 (--net user) to 10.0.2.2 through eth0 and the gateway
  { name: "bridge_pingpong", n: 20000, kind: "time", goal: null, what: "TCP ping-pong with a host server, 1 byte", bridge: "echo" },
  { name: "bridge_bulk", n: 2000, kind: "rate", goal: null, what: "TCP bulk to a host server, 64 KiB writes", bridge: "sink" },
].filter((b) => !only.length || only.includes(b.name));
if (quick) for (const b of BENCHES) b.n = Math.max(1, Math.floor(b.n / 20));

function tryBuild(src, dest, flags) {
  try {
    execFileSync("gcc", [...flags, "-O2", "-o", dest, src], { stdio: "pipe" });
    return dest;
  } catch {
    return null;
  }
}

// glibc's x86_64 string functions at i386 glibc's level: without the AVX/AVX2/AVX-512
// (EVEX) variants and rep-movsb copies, which sysdeps/i386/i686/multiarch does not have
const I386_LEVEL_GLIBC = "glibc.cpu.hwcaps=-AVX2,-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-AVX512CD,-AVX,-ERMS,-FSRM";

function runProc(cmd, argv, env) {
  return new Promise((resolve) => {
    const p = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], env: env ? { ...process.env, ...env } : process.env });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function result(stdout) {
  const m = /RESULT ([\d.]+) (\S+)/.exec(stdout);
  const check = /CHECK (\S+)/.exec(stdout); // a value both sides must print alike
  return m ? { value: Number(m[1]), unit: m[2], check: check?.[1] } : null;
}

let port = 20000 + (process.pid % 20000);

/** The host servers of the bridge benchmarks: echo (1 byte back per byte) and sink (counts, answers at EOF). */
const bridgeServers = {};
async function bridgeServer(kind) {
  if (bridgeServers[kind]) return bridgeServers[kind];
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    s.setNoDelay(true);
    if (kind === "echo") { s.pipe(s); return; }
    let total = 0;
    s.on("data", (d) => { total += d.length; });
    s.on("end", () => s.end(String(total)));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  server.unref();
  return (bridgeServers[kind] = server.address().port);
}

async function runSide(side, b) {
  const n = String(b.n);
  if (b.bridge) {
    const p = String(await bridgeServer(b.bridge));
    const r = side.kind === "int80"
      ? await runProc(process.execPath, [path.join(root, "bin", "int80.js"), "run", "--net", "user", side.file, n, "10.0.2.2", p])
      : await runProc(side.file, [n, "127.0.0.1", p]);
    return result(r.stdout) ?? { error: (r.stderr || r.stdout).trim().split("\n").pop() };
  }
  if (!b.two) {
    const r = side.kind.startsWith("int80")
      ? await runProc(process.execPath, [path.join(root, "bin", "int80.js"), "run", side.file, n])
      : await runProc(side.file, [n], side.env);
    return result(r.stdout) ?? { error: (r.stderr || r.stdout).trim().split("\n").pop() };
  }
  const p = String(port++);
  if (side.kind === "int80") {
    const r = await runProc(process.execPath, [path.join(root, "bin", "int80.js"), "run", "--no-prefix",
      side.file, "server", p, n, "::", side.file, "client", p, n]);
    return result(r.stdout) ?? { error: (r.stderr || r.stdout).trim().split("\n").pop() };
  }
  const server = runProc(side.file, ["server", p, n], side.env);
  const client = await runProc(side.file, ["client", p, n], side.env);
  await server;
  return result(client.stdout) ?? { error: client.stderr.trim().split("\n").pop() };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

const rows = [];
if (BENCHES.length) process.stderr.write(`int80 modules compiled with V8's ${process.env.INT80_WASM_TIER === "baseline" ? "baseline (Liftoff, dynamic tiering)" : "optimizing (TurboFan, eager)"} tier\n`);
// build every side first: native with gcc, int80 in one child process (see the header)
const plans = BENCHES.map((b) => {
  const src = path.join(root, "bench", `${b.name}.c`);
  const sides = [];
  const n64 = tryBuild(src, path.join(out, `${b.name}.x86_64`), ["-pthread"]);
  if (n64) sides.push({ kind: "native64", file: n64 });
  const n32 = i386Runner().native && tryBuild(src, path.join(out, `${b.name}.i386`), ["-m32", "-static", "-pthread"]);
  if (n32) sides.push({ kind: "native32", file: n32 });
  else if (n64 && b.libc) sides.push({ kind: "native64_i386libc", file: n64, env: { GLIBC_TUNABLES: I386_LEVEL_GLIBC } });
  const jobs = [[src, ["-O2"]]];
  if (b.vsNoPreempt) jobs.push([src, ["-O2", "-mno-preempt"]]);
  return { b, sides, jobs };
});
const allJobs = plans.flatMap((p) => p.jobs);
if (allJobs.length) {
  process.stderr.write(`compiling ${allJobs.length} programs with int80 cc...\n`);
  const built = JSON.parse(execFileSync(process.execPath, [path.join(root, "bench", "build.mjs"), JSON.stringify(allJobs)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 }));
  let k = 0;
  for (const p of plans) {
    p.sides.push({ kind: "int80", file: built[k++] });
    if (p.b.vsNoPreempt) p.sides.push({ kind: "int80_nopreempt", file: built[k++] });
  }
  execFileSync(process.execPath, [path.join(root, "bin", "int80.js"), "cc-server", "--stop"], { stdio: "ignore" });
}
for (const { b, sides } of plans) {
  const samples = Object.fromEntries(sides.map((s) => [s.kind, []]));
  const errors = {};
  const checks = {};
  for (let r = 0; r < reps; r++) {
    for (const s of sides) {
      const res = await runSide(s, b);
      if (res.error !== undefined) errors[s.kind] = res.error;
      else samples[s.kind].push(res.value), (b.unit = res.unit);
      if (res.check !== undefined) checks[s.kind] = res.check;
    }
  }
  if (new Set(Object.values(checks)).size > 1) errors.check = `results differ: ${JSON.stringify(checks)}`;
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const native = [med.native32, med.native64_i386libc, med.native64].find(Number.isFinite) ?? NaN;
  const ratio = med.int80 / (b.vsNoPreempt ? med.int80_nopreempt : native);
  const ratio64 = b.vsNoPreempt ? NaN : med.int80 / med.native64;
  const met = b.goal === null || !Number.isFinite(ratio) ? null
    : b.kind === "time" ? ratio <= b.goal : ratio >= b.goal;
  rows.push({ ...b, median: med, samples, errors, ratio, ratio64, met });
  process.stderr.write(`${b.name}: ${JSON.stringify(med)}${Object.keys(errors).length ? " errors: " + JSON.stringify(errors) : ""}\n`);
}

const met = (r) => r.errors.check ? "WRONG RESULT" : r.goal === null ? "" :
  `${r.kind === "time" ? "<=" : ">="} ${r.goal} ${r.met === null ? "(not run)" : r.met ? "met" : "NOT met"}`;
const fmt = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "-");
const lines = [
  `| benchmark | unit | native x86_64 | native x86_64, i386 glibc's string code | native i386 | int80 | int80/native | int80/native x86_64 | goal |`,
  `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
  ...rows.map((r) => `| ${r.name} (${r.what}) | ${r.unit ?? ""} | ${fmt(r.median.native64)} | ${fmt(r.median.native64_i386libc)} | ${fmt(r.median.native32)} | ${fmt(r.median.int80)} | ${fmt(r.ratio)} | ${fmt(r.ratio64)} | ${met(r)} |`),
];
if (rows.length) console.log(lines.join("\n"));
const machine = {
  cpu: os.cpus()[0]?.model, cores: os.cpus().length, kernel: os.release(), node: process.version,
  date: new Date().toISOString(), reps,
};
let compile;
if ((!only.length || only.includes("compile")) && !args.includes("--no-compile")) {
  process.stderr.write("compile section...\n");
  compile = await compileSection({ root, out, reps, quick, compileCached });
  console.log(`\n${compile.text}`);
}
const load = os.loadavg().map((x) => x.toFixed(1)).join(" ");
console.log(`\n${machine.cpu}, ${machine.cores} cores, Linux ${machine.kernel}, Node ${machine.node}; ${reps} repetitions, medians; native = i386 when it runs, else for libc string rows x86_64 with i386 glibc's string code, else x86_64; load average at the end ${load}`);
fs.writeFileSync(path.join(out, "results.json"), JSON.stringify({ machine: { ...machine, load }, results: rows, compile }, null, 2));

#!/usr/bin/env node
// npm run test:oracle: the real kernel is the reference. Every tests/c program is built
// with gcc -m32 -static, run on this machine's Linux (as tests/c/record.sh does), and its
// output compared with (1) the recording in tests/c/expected (is the recording current?)
// and (2) the same source under int80 (does the emulator match the kernel right now?).
// Prints which differ and how; exits nonzero on any difference.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, shellStatus } from "../dist/host/node/run.js";
import { i386Runner } from "./i386.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, "tests", "c");
const out = path.join(root, "build", "oracle");
fs.mkdirSync(out, { recursive: true });

const i386 = i386Runner();
if (!i386.ok) {
  console.log(`oracle: ${i386.why}; nothing compared`);
  process.exit(process.env.CI ? 1 : 0);
}
// Under qemu-user the comparison is advisory: qemu checks some pointers and flags itself
// (EFAULT before the kernel sees a call, ENOSYS for ioctls it does not know, its own socket
// type checks), so it is not a faithful reference for error paths. Each test is also run as
// an x86_64 build, whose calls the kernel answers itself; differences are printed, and the
// run fails only where neither agrees with the recording AND int80 differs from the recording.
const advisory = !i386.native;
if (advisory) console.log(`oracle: this kernel cannot execute i386 binaries; running them under ${i386.prefix[0]} and as x86_64 builds (advisory: the recordings in tests/c/expected were made on a kernel with ia32 emulation)`);

const only = process.argv.slice(2);
const names = fs.readdirSync(dir).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2))
  .filter((n) => !only.length || only.includes(n)).sort();
let bad = 0;
const diff = (a, b, label) => {
  const fa = path.join(out, `${label}.a`), fb = path.join(out, `${label}.b`);
  fs.writeFileSync(fa, a);
  fs.writeFileSync(fb, b);
  const r = spawnSync("diff", ["-u", fa, fb], { encoding: "utf8" });
  return r.stdout;
};
for (const name of names) {
  // record on Linux exactly as record.sh does, into build/oracle
  execFileSync("bash", ["-c", `
    set -u; cd "${root}"
    gcc -m32 -static -O2 -w -o "${out}/${name}" "tests/c/${name}.c" || exit 2
    ( ulimit -n 1024; for fd in /proc/self/fd/*; do n=\${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done
      timeout -s KILL 10 ${i386.prefix.join(" ")} "${out}/${name}" </dev/null >"${out}/${name}.linux" 2>&1; echo "[exit $?]" >>"${out}/${name}.linux" )
  `], { stdio: "inherit" });
  const linux = fs.readFileSync(path.join(out, `${name}.linux`), "utf8");
  const recorded = fs.readFileSync(path.join(dir, "expected", `${name}.out`), "utf8");
  const r = await run([{ path: path.join(dir, `${name}.c`) }], { capture: true, timeoutSeconds: 60 });
  const int80 = r.captured.text() + (r.deadlock ?? "") + `[exit ${shellStatus(r.procs[0])}]\n`;
  const problems = [];
  if (advisory) {
    let x64 = null;
    try {
      execFileSync("bash", ["-c", `
        set -u; cd "${root}"
        gcc -static -O2 -w -o "${out}/${name}.x86_64" "tests/c/${name}.c" || exit 2
        ( ulimit -n 1024; for fd in /proc/self/fd/*; do n=\${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done
          timeout -s KILL 10 "${out}/${name}.x86_64" </dev/null >"${out}/${name}.x86_64.out" 2>&1; echo "[exit $?]" >>"${out}/${name}.x86_64.out" )
      `], { stdio: "inherit" });
      x64 = fs.readFileSync(path.join(out, `${name}.x86_64.out`), "utf8");
    } catch { /* no x86_64 build */ }
    const agrees = [linux === recorded && "qemu-i386", x64 === recorded && "x86_64"].filter(Boolean);
    if (int80 !== recorded) problems.push(`int80 differs from the recording:\n${diff(recorded, int80, name + ".int80")}`);
    if (!agrees.length) console.log(`note ${name}: neither qemu-i386 nor the x86_64 build prints the recording here (expected for i386-only sizes and error paths qemu answers itself)`);
    if (problems.length) { bad++; console.log(`DIFF ${name}\n${problems.join("\n")}`); }
    else console.log(`same ${name} (recording${agrees.length ? " = " + agrees.join(", ") : ""})`);
    continue;
  }
  if (linux !== recorded) problems.push(`recording is stale (Linux now prints otherwise):\n${diff(recorded, linux, name + ".rec")}`);
  if (int80 !== linux) problems.push(`int80 differs from Linux:\n${diff(linux, int80, name + ".int80")}`);
  if (problems.length) {
    bad++;
    console.log(`DIFF ${name}\n${problems.join("\n")}`);
  } else {
    console.log(`same ${name}`);
  }
}
console.log(`${names.length - bad} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);

#!/usr/bin/env node
// Run multi-process scenarios tests/c/multi/NAME/ under int80 and show a diff
// against the Linux recording (tests/c/multi/NAME/expected.out).
// usage: node scripts/ctest_multi.mjs [NAME...]
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { run, shellStatus } from "../dist/host/node/run.js";

const top = "tests/c/multi";
// multi.h and common.h through -I, as record_multi.sh builds with gcc
const CFLAGS = ["-I", path.resolve(top), "-I", path.resolve("tests/c")];
const names = process.argv.slice(2).length ? process.argv.slice(2)
  : fs.readdirSync(top).filter((n) => fs.existsSync(path.join(top, n, "run"))).sort();

// the same rendering as tests/c/multi.test.js and tests/c/record_multi.sh
function readRun(dir) {
  return fs.readFileSync(path.join(dir, "run"), "utf8").split("\n")
    .map((l) => l.trim()).filter(Boolean)
    .map((line) => {
      const [src, ...args] = line.split(/\s+/);
      return { line, path: path.join(dir, src), args };
    });
}

let bad = 0;
for (const name of names) {
  const dir = path.join(top, name);
  const procs = readRun(dir);
  let out = "";
  const t0 = Date.now();
  try {
    const result = await run(procs.map(({ path, args }) => ({ path, args, cflags: CFLAGS })), { capture: true, timeoutSeconds: 60 });
    procs.forEach((spec, k) => {
      const p = result.procs[k];
      out += `== process ${k}: ${spec.line}\n` + result.captured.text(p.pid) + `[exit ${shellStatus(p)}]\n`;
    });
    out += result.deadlock ?? "";
  } catch (e) {
    out += `int80 run failed: ${e?.stack ?? e}\n`;
  }
  const ms = Date.now() - t0;
  fs.mkdirSync("build/out/multi", { recursive: true });
  const got = `build/out/multi/${name}.out`;
  fs.writeFileSync(got, out);
  try {
    execFileSync("diff", ["-u", path.join(dir, "expected.out"), got], { stdio: "pipe" });
    console.log(`ok   ${name} (${ms} ms)`);
  } catch (e) {
    bad++;
    console.log(`FAIL ${name} (${ms} ms)\n${e.stdout}${e.stderr}`);
  }
}
process.exit(bad ? 1 : 0);

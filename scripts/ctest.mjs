#!/usr/bin/env node
// Run one or more tests/c programs under int80 and show a diff against the Linux recording.
// usage: node scripts/ctest.mjs [NAME...]
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { run, shellStatus } from "../dist/host/node/run.js";

const dir = "tests/c";
const names = process.argv.slice(2).length ? process.argv.slice(2)
  : fs.readdirSync(dir).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
let bad = 0;
for (const name of names) {
  const result = await run([{ path: path.join(dir, `${name}.c`) }], { capture: true, timeoutSeconds: 60 });
  const out = result.captured.text() + (result.deadlock ?? "") + `[exit ${shellStatus(result.procs[0])}]\n`;
  fs.mkdirSync("build/out", { recursive: true });
  fs.writeFileSync(`build/out/${name}.out`, out);
  try {
    execFileSync("diff", ["-u", `${dir}/expected/${name}.out`, `build/out/${name}.out`], { stdio: "pipe" });
    console.log(`ok   ${name}`);
  } catch (e) {
    bad++;
    console.log(`FAIL ${name}\n${e.stdout}`);
  }
}
process.exit(bad ? 1 : 0);

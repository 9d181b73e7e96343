#!/usr/bin/env node
// npm run fuzz:long: the long fuzz run (not in CI; CI runs seeds 1, 2 and 9 at 20,000 calls:
// 1 and 9 are regression seeds, see docs/conformance.md).
// Seeds 1..200 at 20,000 calls and seeds 1..20 at 200,000 calls, each in its own process
// (scripts/fuzz.mjs), --jobs N at a time (default 1: the machine is shared). Prints every
// failing seed with its first line and exits 1 if any failed.
//   node scripts/fuzz_long.mjs [--jobs N] [--short-seeds 200] [--long-seeds 20]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const jobs = opt("--jobs", 1), shortSeeds = opt("--short-seeds", 200), longSeeds = opt("--long-seeds", 20);
const runs = [];
for (let s = 1; s <= shortSeeds; s++) runs.push([s, 20000]);
for (let s = 1; s <= longSeeds; s++) runs.push([s, 200000]);

const failed = [];
let done = 0, calls = 0;
const started = Date.now();
function one([seed, n]) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/fuzz.mjs"), "--seed", String(seed), "--calls", String(n)],
      { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => {
      done++;
      calls += n;
      if (code !== 0) {
        failed.push(`seed ${seed} (${n} calls): ${out.split("\n")[0]}`);
        console.log(`FAIL ${failed.at(-1)}`);
      }
      if (done % 20 === 0) console.log(`fuzz:long: ${done}/${runs.length} runs, ${failed.length} failed`);
      resolve();
    });
  });
}
const queue = runs.slice();
await Promise.all(Array.from({ length: jobs }, async () => {
  while (queue.length) await one(queue.shift());
}));
const secs = ((Date.now() - started) / 1000).toFixed(0);
console.log(`fuzz:long: ${runs.length} runs (${calls} calls) in ${secs} s: ${failed.length ? failed.length + " failed" : "all passed"}`);
for (const f of failed) console.log(`  ${f}`);
process.exit(failed.length ? 1 : 0);

#!/usr/bin/env node
// Writes the coverage table of docs/conformance.md from the Linux recordings: for every
// call printed by the C tests as `call(...) -> result`, which outcomes (success, each
// errno) are covered, and by which tests. Run after re-recording; the table between the
// markers in docs/conformance.md is replaced.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const files = [];
const walk = (d) => {
  for (const f of fs.readdirSync(d)) {
    const p = path.join(d, f);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (f.endsWith(".out")) files.push(p);
  }
};
walk(path.join(root, "tests", "c"));
const table = new Map(); // call -> outcome -> Set(test)
for (const file of files) {
  const rel = path.relative(path.join(root, "tests", "c"), file);
  const test = rel.startsWith("expected/") ? path.basename(rel, ".out") : path.dirname(rel);
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*(?:[a-z]+: )?([a-z_0-9]+)\((.*)\) -> (-1 ([A-Z0-9]+)|-?\d+)/.exec(line);
    if (!m) continue;
    let call = m[1];
    if (call === "syscall" || call === "sc") {
      const n = /^(?:NR_|SC_)?(\w+)/.exec(m[2]);
      if (n) call = `${call === "sc" ? "socketcall " : ""}${n[1].toLowerCase()}`;
    }
    const outcome = m[4] ?? "ok";
    if (!table.has(call)) table.set(call, new Map());
    const o = table.get(call);
    if (!o.has(outcome)) o.set(outcome, new Set());
    o.get(outcome).add(test);
  }
}
const rows = [...table].sort(([a], [b]) => a.localeCompare(b)).map(([call, outcomes]) => {
  const cells = [...outcomes].sort(([a], [b]) => (a === "ok" ? -1 : b === "ok" ? 1 : a.localeCompare(b)))
    .map(([o, tests]) => `${o} (${[...tests].sort().join(", ")})`);
  return `| \`${call}\` | ${cells.join("<br>")} |`;
});
const md = ["| call | outcomes covered (tests) |", "| --- | --- |", ...rows].join("\n");
const doc = path.join(root, "docs", "conformance.md");
const text = fs.readFileSync(doc, "utf8");
const start = "<!-- coverage:start -->", end = "<!-- coverage:end -->";
const out = text.slice(0, text.indexOf(start) + start.length) + "\n" + md + "\n" + text.slice(text.indexOf(end));
fs.writeFileSync(doc, out);
console.log(`${rows.length} calls in the coverage table`);

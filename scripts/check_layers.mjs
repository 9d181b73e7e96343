#!/usr/bin/env node
// The kernel's layer rule, checked (npm test runs this as test:layers).
//
// Every module of assembly/ belongs to one layer (LAYERS below, first matching prefix wins).
// A module may import from its own layer or any layer below it, never from above, and the
// import graph has no cycles. Structs that several implementations share live in header
// modules (assembly/include/, like Linux's include/), so implementations import types, not
// each other. Only arch/host.ts may declare host imports (@external). docs/architecture.md
// ("Kernel layers") explains the map; change it there and here together.
//   node scripts/check_layers.mjs          exit 1 and one line per violation
//   node scripts/check_layers.mjs --graph  also print each module's imports
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "assembly");

// [path prefix under assembly/, layer rank, layer name]; lower ranks are lower layers.
export const LAYERS = [
  ["uapi/", 0, "uapi"],                   // user ABI: constants and struct offsets, no imports
  ["arch/", 1, "arch"],                   // the host boundary: every @external import
  ["include/linux/tcp.ts", 5, "protocols"], // struct tcp_sock, TCP_SKB_CB (a protocol's header)
  ["include/linux/", 2, "kernel"],        // kernel headers: wait queue, fd table structs
  ["kernel/", 2, "kernel"],               // tasks, memory, waits, files, time, uaccess, tracing
  ["mm/", 2, "kernel"],                   // process memory: mmap2/munmap/mprotect
  ["fs/", 3, "core"],                     // the VFS: names, inodes, files, tmpfs, pipes
  ["drivers/", 3, "core"],                // character devices (/dev/null, zero, full, urandom, tty)
  ["include/net/", 3, "core"],            // networking headers shared by the core and families
  ["net/net.ts", 3, "core"],              // struct socket, proto_ops (include/linux/net.h)
  ["net/core/", 3, "core"],               // struct sock, skbuff, devices (net/core/)
  ["net/socket.ts", 4, "socket"],         // the BSD socket layer: syscalls -> sock->ops
  ["net/unix/", 5, "protocols"],          // AF_UNIX
  ["net/ipv4/", 5, "protocols"],          // AF_INET: ip, icmp, udp, tcp
  ["net/ipv6/", 5, "protocols"],          // AF_INET6: ip6, icmpv6, the v6 faces of udp and tcp
  ["generated/", 6, "entry"],             // the syscall table (generated from syscall_32.tbl)
  ["debug/", 6, "entry"],                 // debug checkers that look at every layer (kcheck)
  ["index.ts", 6, "entry"],               // the kernel's exports
];

function layerOf(rel) {
  for (const [prefix, rank, name] of LAYERS) if (rel === prefix || rel.startsWith(prefix)) return { rank, name };
  return null;
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

// import ... from "x"; import "x"; export ... from "x"
const IMPORT_RE = /^\s*(?:import|export)\b[^;"']*?(?:from\s*)?["']([^"']+)["']/gm;

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
}

export function scan() {
  const files = walk(src).map((f) => path.relative(src, f).split(path.sep).join("/")).sort();
  const graph = new Map();
  const errors = [];
  for (const rel of files) {
    const text = stripComments(fs.readFileSync(path.join(src, rel), "utf8"));
    const deps = new Set();
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1];
      if (!spec.startsWith(".")) continue;
      let target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
      if (!target.endsWith(".ts")) target += ".ts";
      if (!files.includes(target)) {
        errors.push(`${rel}: imports ${spec}, which is not a module of assembly/`);
        continue;
      }
      deps.add(target);
    }
    graph.set(rel, [...deps]);
    if (rel !== "arch/host.ts" && /@external\s*\(/.test(text))
      errors.push(`${rel}: declares a host import; only arch/host.ts may (@external)`);
  }
  for (const rel of files) {
    const from = layerOf(rel);
    if (!from) {
      errors.push(`${rel}: in no layer; add its path to LAYERS in scripts/check_layers.mjs`);
      continue;
    }
    for (const dep of graph.get(rel)) {
      const to = layerOf(dep);
      if (to && to.rank > from.rank)
        errors.push(`${rel} (${from.name}) imports ${dep} (${to.name}): an import may not go up the layers`);
    }
  }
  // cycles: Tarjan's strongly connected components
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set();
  const sccs = [];
  function strong(v) {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v)) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const c = [];
      let w;
      do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1 || graph.get(v).includes(v)) sccs.push(c.sort());
    }
  }
  for (const v of files) if (!idx.has(v)) strong(v);
  for (const c of sccs) errors.push(`import cycle: ${c.join(", ")}`);
  return { files, graph, errors };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { files, graph, errors } = scan();
  if (process.argv.includes("--graph"))
    for (const f of files) console.log(`${f} (${layerOf(f)?.name ?? "?"}) -> ${graph.get(f).join(" ")}`);
  for (const e of errors) console.error(`check_layers: ${e}`);
  if (errors.length) {
    console.error(`check_layers: ${errors.length} violation(s) of the kernel layer rule (docs/architecture.md, "Kernel layers")`);
    process.exit(1);
  }
  console.log(`check_layers: ${files.length} modules, no cycles, no upward imports`);
}

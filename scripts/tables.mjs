// The readers of int80's ABI tables: the one place each table's format is parsed.
//
//   syscall_32.tbl          i386 syscall numbers, names, entry points (Linux's format)
//   tables/socketcall.tbl   socketcall(2) subcalls: numbers, names, argument names
//   tables/errno.tbl        errno: Linux and libc numbers, names, messages, aliases
//
// scripts/gen_tables.mjs turns them into every copy the kernel, the host and the libc use.
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The lines of a table file without comments and blank lines, split on whitespace (or tabs). */
function rowsOf(file, sep = /\s+/) {
  const rows = [];
  const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith("#")) return;
    rows.push({ fields: line.split(sep), where: `${file}:${i + 1}` });
  });
  return rows;
}

function fail(where, msg) {
  throw new Error(`${where}: ${msg}`);
}

/** syscall_32.tbl: [{ nr, abi, name, entry }], entry "" where the number has none. */
export function readSyscalls(file = "syscall_32.tbl") {
  return rowsOf(file).map(({ fields: [nr, abi, name, entry = ""], where }) => {
    if (!/^\d+$/.test(nr) || !name) fail(where, "expected <number> <abi> <name> [<entry point>]");
    return { nr: Number(nr), abi, name, entry };
  });
}

/** tables/socketcall.tbl: [{ nr, name, args: [names] }] in number order, 1..N without gaps. */
export function readSocketcalls(file = "tables/socketcall.tbl") {
  const calls = rowsOf(file).map(({ fields: [nr, name, args = ""], where }) => {
    if (!/^\d+$/.test(nr) || !/^[a-z0-9]+$/.test(name)) fail(where, "expected <number> <name> <arguments>");
    return { nr: Number(nr), name, args: args.split(",").filter(Boolean), where };
  });
  calls.forEach((c, i) => { if (c.nr !== i + 1) fail(c.where, `subcall ${i + 1} expected (numbers are 1..N in order)`); });
  return calls;
}

/**
 * tables/errno.tbl: { errors: [{ linux, name, libc, message }], aliases: [{ name, target, where }] }.
 * linux or libc is null where the table says "-".
 */
export function readErrnos(file = "tables/errno.tbl") {
  const errors = [];
  const aliases = [];
  const num = (s, where) => {
    if (s === "-") return null;
    if (!/^\d+$/.test(s)) fail(where, `number or "-" expected, not ${JSON.stringify(s)}`);
    return Number(s);
  };
  for (const { fields, where } of rowsOf(file, /\t+/)) {
    if (fields[0] === "alias") {
      const [, name, target, scope] = fields;
      if (!name || !target || (scope !== "all" && scope !== "libc")) fail(where, "expected alias <name> <same as> all|libc");
      aliases.push({ name, target, libcOnly: scope === "libc" });
      continue;
    }
    const [linux, name, libc, message] = fields;
    if (!/^E[A-Z0-9_]+$/.test(name ?? "") || !message) fail(where, "expected <linux> <name> <libc> <message>");
    errors.push({ linux: num(linux, where), name, libc: num(libc, where), message });
  }
  const byName = new Map();
  const linuxSeen = new Map();
  const libcSeen = new Map();
  for (const e of errors) {
    if (byName.has(e.name)) fail(file, `${e.name} twice`);
    byName.set(e.name, e);
    if (e.linux !== null) {
      if (linuxSeen.has(e.linux)) fail(file, `Linux errno ${e.linux} is both ${linuxSeen.get(e.linux)} and ${e.name}`);
      linuxSeen.set(e.linux, e.name);
    }
    if (e.libc !== null) {
      if (libcSeen.has(e.libc)) fail(file, `libc errno ${e.libc} is both ${libcSeen.get(e.libc)} and ${e.name}`);
      libcSeen.set(e.libc, e.name);
    }
  }
  for (const a of aliases) {
    if (!byName.has(a.target)) fail(file, `alias ${a.name} of unknown ${a.target}`);
    if (byName.has(a.name)) fail(file, `alias ${a.name} is also an error of its own`);
  }
  return { errors, aliases };
}

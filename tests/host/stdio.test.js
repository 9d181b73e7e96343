// stdin, the terminal and output (issue #12 parts 3-5), through the CLI as a user runs it:
// the host's stdin as a file and as a pipe (poll bits compared with the same program built
// natively, when gcc is there), which process gets it (--stdin), isatty and the termios
// ioctls on a terminal (script(1), when it is there), 1 GiB into `| head -c 10` (SIGPIPE,
// bounded memory), and a 16 MiB line through the prefixer. No assertion depends on timing.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin/int80.js");
const prog = (name) => path.join(root, "tests/host/programs", name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "int80-stdio-"));
const input = path.join(tmp, "in.txt");
fs.writeFileSync(input, "a\nb\n");

function have(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

/** The same program built natively (x86_64, static), or null without gcc. */
function native(name) {
  if (!have("gcc")) return null;
  const out = path.join(tmp, name.replace(/\.c$/, ""));
  try { execFileSync("gcc", ["-static", "-O2", "-o", out, prog(name)], { stdio: "pipe" }); } catch { return null; }
  return out;
}

/**
 * Runs cmd with stdin a pipe: writes data, waits for "polled" on stderr (the program's
 * first poll is done while the writer is still there), then closes the pipe.
 */
function runPiped(cmd, args, data) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: tmp, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (stderr.includes("polled") && !child.stdin.writableEnded) child.stdin.end();
    });
    child.stdin.write(data);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The lines of one process in prefixed output, without the prefix. */
function linesOf(out, pid) {
  const tag = `[pid ${pid}] `;
  return out.split("\n").filter((l) => l.startsWith(tag)).map((l) => l.slice(tag.length) + "\n").join("");
}

/** int80 programs compiled once (through the cache), so that runs measure only the run. */
const wasm = new Map();
async function compiled(name) {
  if (!wasm.has(name)) {
    const { compileCached } = await import("../../dist/host/node/cc.js");
    wasm.set(name, await compileCached(prog(name), { cflags: ["-O2"] }));
  }
  return wasm.get(name);
}

function runFile(args) {
  const fd = fs.openSync(input, "r");
  try {
    return spawnSync(process.execPath, [bin, "run", ...args], { cwd: tmp, stdio: [fd, "pipe", "pipe"], encoding: "utf8" });
  } finally {
    fs.closeSync(fd);
  }
}

const FILE_EXPECTED = "start: poll=1 revents=IN \nread 4 bytes, sum 002c4971\neof: poll=1 revents=IN \nread at eof = 0\nisatty(0)=0 isatty(1)=0\n";
const PIPE_EXPECTED = "start: poll=1 revents=IN \nread 4 bytes, sum 002c4971\neof: poll=1 revents=HUP \nread at eof = 0\nisatty(0)=0 isatty(1)=0\n";

test("stdin from a file: the bytes, then EOF; poll has POLLIN before and at EOF (a regular file), as on Linux", () => {
  const r = runFile([prog("stdin_poll.c")]);
  assert.equal(r.stdout, FILE_EXPECTED, r.stderr);
  assert.equal(r.status, 0);
  const n = native("stdin_poll.c");
  if (n) {
    const fd = fs.openSync(input, "r");
    const l = spawnSync(n, [], { stdio: [fd, "pipe", "pipe"], encoding: "utf8" });
    fs.closeSync(fd);
    assert.equal(l.stdout, FILE_EXPECTED, "Linux");
  }
});

test("stdin from a pipe: the read waits for the writer; POLLIN with bytes, POLLHUP once the writer is gone, as on Linux", async () => {
  // `cat |`: a real pipe (a child's stdin from Node is a socket pair); cat ends when the
  // test closes its input, after the program's first poll
  const viaPipe = (...cmd) => runPiped("sh", ["-c", 'cat | exec "$@"', "sh", ...cmd], "a\nb\n");
  const r = await viaPipe(process.execPath, bin, "run", await compiled("stdin_poll.c"));
  assert.equal(r.stdout, PIPE_EXPECTED, r.stderr);
  assert.equal(r.code, 0);
  const n = native("stdin_poll.c");
  if (n) assert.equal((await viaPipe(n)).stdout, PIPE_EXPECTED, "Linux");
});

test("one process reads the host's stdin (the first, or --stdin N); the others read EOF, as from /dev/null", () => {
  const first = runFile([prog("stdin_poll.c"), "::", prog("stdin_poll.c"), "quiet"]);
  assert.equal(linesOf(first.stdout, 100), FILE_EXPECTED, first.stderr);
  assert.equal(linesOf(first.stdout, 101), "other: read = 0\n");
  const second = runFile(["--stdin", "2", prog("stdin_poll.c"), "quiet", "::", prog("stdin_poll.c")]);
  assert.equal(linesOf(second.stdout, 100), "other: read = 0\n", second.stderr);
  assert.equal(linesOf(second.stdout, 101), FILE_EXPECTED);
  const none = runFile(["--stdin", "0", prog("stdin_poll.c"), "quiet"]);
  assert.equal(none.stdout, "other: read = 0\n");
  const bad = runFile(["--stdin", "3", prog("stdin_poll.c")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--stdin/);
});

test("a terminal: isatty exactly where the host's fd is one (prefixes or not), TIOCGWINSZ, tcgetattr/tcsetattr", { skip: !have("script") && "no script(1)" }, () => {
  // two processes: prefixed output on a terminal; the second's fd 0 is not the terminal
  const cmd = `stty cols 100 rows 30; ${process.execPath} ${bin} run ${prog("tty.c")} :: ${prog("tty.c")}`;
  const r = spawnSync("script", ["-qc", cmd, "/dev/null"], { cwd: tmp, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  const out = r.stdout.replace(/\r/g, "");
  assert.equal(linesOf(out, 100), "isatty 0 1 2: 1 1 1\nTIOCGWINSZ=0 rows>0=1 cols>0=1\n" +
    "tcgetattr=0 ICANON=1 ECHO=1\ntcsetattr=0\nECHO after=0\n", out);
  // the second process's fd 0 is /dev/null: not a terminal; its stdout is
  assert.equal(linesOf(out, 101), "isatty 0 1 2: 0 1 1\nTIOCGWINSZ=0 rows>0=1 cols>0=1\n" +
    "tcgetattr=-1 ICANON=0 ECHO=0\ntcsetattr=-1\nECHO after=0\n", out);
  // and not a terminal when the output is a pipe
  const p = spawnSync(process.execPath, [bin, "run", prog("tty.c")], { cwd: tmp, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  assert.match(p.stdout, /^isatty 0 1 2: 0 0 0\nTIOCGWINSZ=-1/);
});

/** Runs int80 with stdout into `head -c 10`: reads 10 bytes, then closes the pipe. */
function intoHead(args) {
  return new Promise((resolve) => {
    const timeArgs = have("/usr/bin/time") ? ["/usr/bin/time", ["-f", "maxrss %M", process.execPath, bin, "run", ...args]] : [process.execPath, [bin, "run", ...args]];
    const child = spawn(timeArgs[0], timeArgs[1], { cwd: tmp, stdio: ["ignore", "pipe", "pipe"] });
    let got = Buffer.alloc(0), stderr = "";
    child.stdout.on("data", (d) => {
      got = Buffer.concat([got, d]).subarray(0, 10);
      if (got.length >= 10) child.stdout.destroy();
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, got: got.toString(), stderr }));
  });
}

test("1 GiB into `| head -c 10`: SIGPIPE ends the writer (141), EPIPE when it ignores SIGPIPE; host memory stays bounded", async () => {
  const flood = await compiled("flood.c");
  const r = await intoHead([flood]);
  assert.equal(r.got, "xxxxxxxxxx");
  assert.equal(r.code, 141, r.stderr);
  const m = /maxrss (\d+)/.exec(r.stderr);
  if (m) assert.ok(Number(m[1]) < 200 * 1024, `host maxrss ${m[1]} KB`);
  const ign = await intoHead([flood, "ignore"]);
  assert.equal(ign.code, 3);
  assert.match(ign.stderr, /write: Broken pipe after \d+ bytes/);
});

test("a 16 MiB line through the prefixer comes out whole, once, with its prefix", () => {
  const r = spawnSync(process.execPath, [bin, "run", "--prefix", prog("longline.c")], { cwd: tmp, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, String(r.stderr));
  const out = r.stdout;
  assert.equal(out.length, "[pid 100] ".length + (16 << 20) + 1);
  assert.equal(out.subarray(0, 10).toString(), "[pid 100] ");
  assert.equal(out.indexOf("\n"), out.length - 1);
});

test("stdin from a terminal: lines as they are typed, ^D is EOF; poll and isatty as on Linux", { skip: !have("script") && "no script(1)" }, async () => {
  // script(1) gives the program a terminal and types its own input into it
  const typed = (cmd) => spawnSync("sh", ["-c", `printf 'a\\nb\\n\\004' | script -qc '${cmd}' /dev/null`],
    { cwd: tmp, encoding: "utf8" }).stdout.replace(/\r/g, "").split("\n").filter((l) => /^(start|read|eof|isatty)/.test(l)).join("\n");
  const ours = typed(`${process.execPath} ${bin} run ${await compiled("stdin_poll.c")}`);
  assert.equal(ours, "start: poll=1 revents=IN \nread 4 bytes, sum 002c4971\neof: poll=1 revents=IN \nread at eof = 0\nisatty(0)=1 isatty(1)=1");
  const n = native("stdin_poll.c");
  if (n) assert.equal(typed(n), ours, "Linux");
});

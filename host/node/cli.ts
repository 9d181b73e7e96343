// int80: the command line.
//   int80 cc [cc options] file.c... -o prog.wasm     compile C for the int80 machine
//   int80 run [options] prog.c|prog.wasm [args] [:: prog2 [args]]...
//   int80 demo                                       an echo server and two clients
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, describeExit } from "./run.js";
import { Strace } from "../trace/strace.js";
import { KTracer } from "../trace/ktrace.js";
import { tee } from "../trace/tracer.js";
import fs from "node:fs";
import { CC_OPTIONS_WITH_VALUE } from "./cc_options.js";
import { parseSize, MemoryLimitError } from "../memlimit.js";
import { parseMount, type MountSpec } from "../hostfs.js";
import { parsePublish, Publish } from "../net/slirp.js";

/** An option's value, or an error naming the option. */
class UsageError extends Error {}

function optionValue(args: string[], i: number, name: string): string {
  if (i >= args.length) throw new UsageError(`option '${name}' needs a value`);
  return args[i];
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

const RUN_USAGE = `usage: int80 run [options] prog.c|prog.wasm [args...] [:: prog2 [args...]]...
  ::                    separates processes (each its own pid, memory and fd table)
  --socketcall-nr N     also accept syscall N as socketcall (e.g. 112, as in Linux 3.18 labs)
  --timeout SECONDS     stop the run after SECONDS (0: never; exit status 124, as timeout(1), with where
                        each process was)
  --strict-end          fail (deadlock report, status 124) when processes are left waiting at the end,
                        instead of stopping them with SIGTERM
  --memory SIZE         each process's memory limit (bytes, or with K/M/G; default 256M): past it
                        malloc returns NULL
  --stdin N             the Nth process (1: the first, the default; 0: none) reads the host's stdin
                        (a file, a pipe or a terminal) as fd 0; the others read EOF, as /dev/null
  --prefix / --no-prefix  prefix output lines with [pid N] (default: on with several processes)
  --output-dir DIR      write each process's stdout and stderr to DIR/PID.stdout, DIR/PID.stderr
  --strace              print every syscall as strace -f prints it for an i386 process (to stderr)
  -o FILE               with --strace: write the trace to FILE (pid first on each line, as strace -f -o)
  --ktrace              print the kernel functions each syscall passes through, by Linux's names (to stderr)
  --ss                  print the socket table (like ss -anp) when each process exits, before its sockets close
  --mount HOSTDIR:GUESTDIR[:ro|:rw]  expose a host directory at GUESTDIR (read-only unless :rw);
                        nothing else of the host's files is reachable (repeatable)
  --pcap FILE           write every packet that crosses lo (and eth0) to FILE (pcap, LINKTYPE_RAW)
  --net user            give the guests eth0 (10.0.2.15/24, gateway 10.0.2.2 = the host's 127.0.0.1):
                        their TCP and UDP reach host servers (README "Networking")
  --publish [ADDR:]HOSTPORT:GUESTPORT[/udp]   (repeatable; implies --net user) listen on the host's
                        127.0.0.1:HOSTPORT (or ADDR) and deliver each connection to the guest's GUESTPORT
  -O2 -Wall -DX=1 -I dir -lm ...  any other option before the first program is passed to
                        int80 cc when a program is given as .c (see int80 cc --help)
The exit status is the first nonzero status of the processes that ended on their own (128+signal), or 0.
Processes left waiting for no one at the end (a server in accept after its clients ended) are
stopped with SIGTERM and listed on stderr.`;
const CC_SERVER_USAGE = `usage: int80 cc-server [--stop | --status]
  (no option)           run this tree's compile server in the foreground (int80 cc starts it by itself)
  --stop                stop the running server
  --status              say whether one runs (exit status 0 if so)
INT80_CC_SERVER=0 makes int80 cc compile in-process; INT80_CC_SERVER_IDLE=SECONDS sets the idle
timeout (default 600); INT80_CC_SERVER_DIR=DIR puts the socket in DIR.`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "cc": {
      // through the compile server (cc_server.ts) unless INT80_CC_SERVER=0; in-process when
      // it cannot be had or dies
      if (process.env.INT80_CC_SERVER !== "0") {
        const rc = await (await import("./cc_server.js")).ccViaServer(rest);
        if (rc !== null) return rc;
      }
      return (await import("./cc.js")).cc(rest);
    }
    case "cc-server": {
      const srv = await import("./cc_server.js");
      if (rest[0] === "--stop") return srv.stopServer();
      if (rest[0] === "--status") return srv.serverStatus();
      if (rest.length) { console.error(CC_SERVER_USAGE); return 2; }
      return srv.serve();
    }
    case "run":
      return runCommand(rest);
    case "demo":
      return runCommand([
        // the server serves until the run stops it, once its clients are gone
        path.join(ROOT, "examples", "echo_server.c"),
        "::", path.join(ROOT, "examples", "echo_client.c"), "hello from client 1",
        "::", path.join(ROOT, "examples", "echo_client.c"), "hello from client 2",
      ]);
    case "build-libc":
      return (await import("./cc.js")).buildLibc({ log: (m) => console.log(m) });
    default:
      console.error("usage: int80 cc ... | int80 run ... | int80 demo | int80 cc-server [--stop|--status]");
      return 2;
  }
}

async function runCommand(args: string[]): Promise<number> {
  let socketcallNr: number | undefined;
  let timeoutSeconds: number | undefined;
  let prefix: boolean | undefined;
  let strictEnd = false;
  let stdinProcess = 0;
  let strace = false;
  let straceFile: string | undefined;
  let ktrace = false;
  let ss = false;
  let pcapFile: string | undefined;
  let outputDir: string | undefined;
  let memoryLimit: number | undefined;
  const mounts: MountSpec[] = [];
  let netUser = false;
  const publish: Publish[] = [];
  const cflags: string[] = [];
  let i = 0;
  try {
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--socketcall-nr") {
      const v = optionValue(args, ++i, a);
      if (!/^\d+$/.test(v) || Number(v) > 0x7fffffff) throw new UsageError(`--socketcall-nr: '${v}' is not a syscall number`);
      socketcallNr = Number(v);
    } else if (a === "--timeout") {
      const v = optionValue(args, ++i, a);
      const n = Number(v);
      // a number of seconds >= 0, as timeout(1)'s DURATION without suffixes (0: no timeout)
      if (!/^\s*[\d.]+(e[+-]?\d+)?\s*$/i.test(v) || !Number.isFinite(n) || n < 0 || n > 2147483) {
        throw new UsageError(`--timeout: '${v}' is not a number of seconds (0: no timeout)`);
      }
      timeoutSeconds = n || undefined;
    } else if (a === "--memory") {
      const v = optionValue(args, ++i, a);
      const n = parseSize(v);
      if (n === null) throw new UsageError(`--memory: '${v}' is not a size between 64K and 4G (e.g. 256M)`);
      memoryLimit = n;
    }
    else if (a === "--mount") {
      const v = optionValue(args, ++i, a);
      const m = parseMount(v);
      if (typeof m === "string") throw new UsageError(m);
      let st: fs.Stats | undefined;
      try { st = fs.statSync(m.host); } catch { st = undefined; }
      if (!st?.isDirectory()) throw new UsageError(`--mount ${v}: ${m.host} is not a directory`);
      mounts.push(m);
    }
    else if (a === "--strict-end") strictEnd = true;
    else if (a === "--stdin") {
      const v = optionValue(args, ++i, a);
      if (!/^\d+$/.test(v) || Number(v) > 4096) throw new UsageError(`--stdin: '${v}' is not a process number (1 for the first, 0 for none)`);
      stdinProcess = Number(v) - 1;
    }
    else if (a === "--net") {
      const v = optionValue(args, ++i, a);
      if (v !== "user") throw new UsageError(`--net: '${v}' is not a network mode (only 'user')`);
      netUser = true;
    } else if (a === "--publish") {
      const v = optionValue(args, ++i, a);
      const p = parsePublish(v);
      if (!p) throw new UsageError(`--publish: '${v}' is not [ADDRESS:]HOSTPORT:GUESTPORT[/udp]`);
      publish.push(p);
    }
    else if (a === "--prefix") prefix = true;
    else if (a === "--no-prefix") prefix = false;
    else if (a === "--strace") strace = true;
    else if (a === "-o") straceFile = args[++i];
    else if (a === "--ktrace") ktrace = true;
    else if (a === "--ss") ss = true;
    else if (a === "--pcap") pcapFile = args[++i];
    else if (a === "--output-dir") outputDir = args[++i];
    else if (a === "-h" || a === "--help") { console.log(RUN_USAGE); return 0; }
    else if (a.startsWith("--")) { console.error(`int80 run: unknown option ${a}\n${RUN_USAGE}`); return 2; }
    else if (a.startsWith("-") && a !== "-") {
      // every other option before the first program is the compiler's (gcc spelling, `-I dir` too)
      cflags.push(a);
      if (CC_OPTIONS_WITH_VALUE.has(a) && i + 1 < args.length) cflags.push(args[++i]);
    }
    else break;
  }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`int80 run: ${e.message}\n${RUN_USAGE}`);
    return 2;
  }
  const programs: { path: string; args: string[]; cflags: string[] }[] = [];
  let cur: string[] = [];
  for (const a of [...args.slice(i), "::"]) {
    if (a === "::") {
      if (cur.length) programs.push({ path: cur[0], args: cur.slice(1), cflags });
      cur = [];
    } else cur.push(a);
  }
  if (!programs.length) {
    console.error(RUN_USAGE);
    return 2;
  }
  if (stdinProcess >= programs.length) {
    console.error(`int80 run: --stdin: ${stdinProcess + 1}: there ${programs.length === 1 ? "is 1 process" : `are ${programs.length} processes`}`);
    return 2;
  }
  let traceFd: number | undefined;
  let tracer: Strace | undefined;
  if (strace || straceFile) {
    traceFd = straceFile ? fs.openSync(straceFile, "w") : undefined;
    const write = traceFd !== undefined
      ? (t: string) => fs.writeSync(traceFd!, t)
      : (t: string) => process.stderr.write(t);
    tracer = new Strace({ write, pidColumn: traceFd !== undefined, nprocs: programs.length });
  }
  let ktracer: KTracer | undefined;
  if (ktrace) ktracer = new KTracer((line) => process.stderr.write(line + "\n"), programs.length);
  const result = await run(programs, {
    socketcallNr, timeoutSeconds, memoryLimit, prefix: prefix ?? programs.length > 1,
    tracer: tee(tracer, ktracer),
    ktrace: ktracer ? (name, level, p) => ktracer!.event(name, level, p) : undefined,
    ss: ss ? (table, p) => process.stderr.write(`--- sockets when pid ${p.pid} (${p.argv[0]}) exits ---\n${table}`) : undefined,
    pcap: pcapFile,
    outputDir, strictEnd, hostStdin: true, stdinProcess,
    mounts,
    netUser, publish,
  }).catch((e) => {
    if (e instanceof MemoryLimitError) return e;
    if (e instanceof Error && e.message.startsWith("--mount ")) return e;
    if (e instanceof Error && e.message.startsWith("--publish")) return e;
    throw e;
  }).finally(() => { if (traceFd !== undefined) fs.closeSync(traceFd); });
  if (result instanceof Error) {
    console.error(`int80 run: ${result.message}`);
    return 1;
  }
  if (result.deadlock) process.stderr.write(result.deadlock);
  if (result.stopped) process.stderr.write(result.stopped);
  for (const p of result.procs) {
    const msg = describeExit(p);
    if (msg && !result.deadlock) process.stderr.write(msg + "\n");
  }
  return result.status;
}

/**
 * Resolves once the host's stdout and stderr have handed every byte to their readers (or
 * lost them): process.exit() would drop what a pipe has not taken yet.
 */
export async function drainStdio(): Promise<void> {
  for (const s of [process.stdout, process.stderr]) {
    while (s.writableLength > 0 && !s.destroyed && !s.errored) {
      await new Promise<void>((resolve) => {
        const done = () => { s.off("drain", done); s.off("error", done); s.off("close", done); resolve(); };
        s.once("drain", done);
        s.once("error", done);
        s.once("close", done);
      });
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(async (code) => { await drainStdio(); process.exit(code); }, (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}

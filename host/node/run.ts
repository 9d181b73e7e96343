// The programmatic API for Node: run C programs (or compiled .wasm) as processes on one
// machine. A thin wrapper around the isomorphic session (host/session.ts): it reads the
// kernel and the programs from files (compiling C with the cc driver), gives the machine
// Node's streams and timers (host/node/io.ts), and writes --pcap and --output-dir files.
import path from "node:path";
import { fileURLToPath } from "node:url";
import fs from "node:fs";
import type { Machine } from "../machine.js";
import type { Process } from "../process.js";
import type { Tracer } from "../trace/tracer.js";
import { runSession } from "../session.js";
import { nodeIO, nodeTimers, readModule, compileModule, Captured } from "./io.js";
import { nodeLoadProgram } from "./exec.js";
import { limitMemory, DEFAULT_MEMORY_LIMIT } from "../memlimit.js";
import { NodeHostFs } from "./hostfs.js";
import type { MountSpec } from "../hostfs.js";
import { nodeSockets } from "./net.js";
import type { Publish } from "../net/slirp.js";

export { shellStatus, describeExit } from "../session.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** The kernel to run (INT80_KERNEL overrides it: e.g. a build with tracepoints compiled out). */
export const KERNEL_WASM = process.env.INT80_KERNEL ?? path.join(ROOT, "build", "kernel.wasm");

export interface ProgramSpec {
  /** a .c file (compiled and cached) or a .wasm file */
  path: string;
  args?: string[];
  cflags?: string[];
}

export interface RunOptions {
  prefix?: boolean;
  capture?: boolean;
  socketcallNr?: number;
  timeoutSeconds?: number;
  tracer?: Tracer;
  /** called with the socket table (ss -anp style) when each process ends (--ss) */
  ss?: (table: string, p: Process) => void;
  /** the kernel's global socket memory limit in bytes (tests lower it) */
  skbMemLimit?: number;
  /** write every loopback packet to this pcap file (--pcap) */
  pcap?: string;
  /** kernel tracepoints (--ktrace): called with each function name and its depth */
  ktrace?: (name: string, level: number, p: Process | null) => void;
  kernelPath?: string;
  stdin?: Uint8Array;
  /** the host's own stdin (fd 0) is the stdin process's fd 0 (int80 run) */
  hostStdin?: boolean;
  /** which process (0-based) gets stdin; -1: none (default 0) */
  stdinProcess?: number;
  /** fail when processes are left blocked at the end (default: stop them with SIGTERM) */
  strictEnd?: boolean;
  /** each process's output to DIR/PID.stdout and DIR/PID.stderr */
  outputDir?: string;
  /** each process's memory limit in bytes (--memory; default DEFAULT_MEMORY_LIMIT, 256 MiB) */
  memoryLimit?: number;
  /** host directories to mount (--mount HOSTDIR:GUESTDIR[:ro|:rw]); read-only unless rw */
  mounts?: MountSpec[];
  /** --net user: eth0 10.0.2.15, the host's 127.0.0.1 as 10.0.2.2 (implied by publish) */
  netUser?: boolean;
  /** --publish: host ports that lead to guest ports (see host/net/slirp.ts parsePublish) */
  publish?: Publish[];
  /** called with the host ports once the published ports listen (a HOSTPORT of 0 gets one) */
  onPublished?: (ports: number[]) => void;
}

export interface RunResult {
  /** first nonzero exit status (128+signal for a signal), or 0 */
  status: number;
  procs: Process[];
  captured: Captured;
  deadlock?: string;
  /** the processes the end of the run stopped (left waiting for no one) */
  stopped?: string;
  machine: Machine;
  /** with --net user / --publish: the most bytes the gateway held for one guest connection (back-pressure) */
  netMaxQueued?: number;
}

const kernelModules = new Map<string, WebAssembly.Module>();

export async function loadModule(spec: ProgramSpec, memoryLimit = DEFAULT_MEMORY_LIMIT): Promise<WebAssembly.Module> {
  let file = spec.path;
  if (!file.endsWith(".wasm")) {
    // the compiler (a large Wasm bundle) is loaded only when there is C to compile
    const { compileCached } = await import("./cc.js");
    file = await compileCached(file, { cflags: spec.cflags });
  }
  // the process's memory may not grow past the limit: its malloc returns NULL there;
  // compiled at the optimizing tier (compileModule in io.ts)
  return compileModule(limitMemory(new Uint8Array(fs.readFileSync(file)), memoryLimit) as Uint8Array<ArrayBuffer>);
}

export async function run(programs: ProgramSpec[], opts: RunOptions = {}): Promise<RunResult> {
  const modules = await Promise.all(programs.map((spec) => loadModule(spec, opts.memoryLimit)));
  const kernelPath = opts.kernelPath ?? KERNEL_WASM;
  let kernel = kernelModules.get(kernelPath);
  // the kernel: V8's default tiering (see compileModule in io.ts)
  if (!kernel) kernelModules.set(kernelPath, (kernel = readModule(kernelPath, "baseline")));
  if (opts.outputDir) fs.mkdirSync(opts.outputDir, { recursive: true });
  const { io, captured } = nodeIO({ prefix: opts.prefix && !opts.outputDir, capture: opts.capture, stdin: opts.stdin, hostStdin: opts.hostStdin, outputDir: opts.outputDir });
  let pcapFd: number | undefined;
  const hostfs = opts.mounts?.length ? new NodeHostFs() : undefined;
  try {
    if (opts.pcap) pcapFd = fs.openSync(opts.pcap, "w");
    const fd = pcapFd;
    const result = await runSession({
      kernel, io, ...nodeTimers,
      programs: programs.map((spec, i) => ({
        module: modules[i],
        argv: [path.basename(spec.path).replace(/\.(c|wasm)$/, ""), ...(spec.args ?? [])],
      })),
      socketcallNr: opts.socketcallNr, timeoutSeconds: opts.timeoutSeconds, tracer: opts.tracer, ss: opts.ss,
      skbMemLimit: opts.skbMemLimit, ktrace: opts.ktrace, strictEnd: opts.strictEnd, stdinProcess: opts.stdinProcess,
      loadProgram: nodeLoadProgram(programs[0]?.cflags, opts.memoryLimit),
      pcap: fd !== undefined ? (b) => fs.writeSync(fd, b) : undefined,
      mounts: opts.mounts, hostfs,
      net: opts.netUser || opts.publish?.length
        ? { sockets: nodeSockets, publish: opts.publish ?? [], onPublished: opts.onPublished }
        : undefined,
    });
    return { ...result, captured };
  } finally {
    if (pcapFd !== undefined) fs.closeSync(pcapFd);
    hostfs?.close();
  }
}

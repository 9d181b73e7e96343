// The programmatic API: run C programs (or compiled .wasm) as processes on one machine.
import path from "node:path";
import { fileURLToPath } from "node:url";
import fs from "node:fs";
import { Machine, Process, DeadlockError, Tracer } from "./machine.js";
import { nodeIO, nodeTimers, readModule, Captured } from "./node/io.js";
import { SYSCALL_NAMES } from "./generated/syscalls.js";
import { socketTable } from "./ss.js";
import { PcapWriter } from "./pcap.js";
import { limitMemory, DEFAULT_MEMORY_LIMIT } from "./memlimit.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
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
  /** each process's output to DIR/PID.stdout and DIR/PID.stderr */
  outputDir?: string;
  /** each process's memory limit in bytes (--memory; default DEFAULT_MEMORY_LIMIT, 256 MiB) */
  memoryLimit?: number;
}

export interface RunResult {
  /** first nonzero exit status (128+signal for a signal), or 0 */
  status: number;
  procs: Process[];
  captured: Captured;
  deadlock?: string;
  machine: Machine;
}

const kernelModules = new Map<string, WebAssembly.Module>();

export async function loadModule(spec: ProgramSpec, memoryLimit = DEFAULT_MEMORY_LIMIT): Promise<WebAssembly.Module> {
  let file = spec.path;
  if (!file.endsWith(".wasm")) {
    // the compiler (a large Wasm bundle) is loaded only when there is C to compile
    const { compileCached } = await import("./cc.js");
    file = await compileCached(file, { cflags: spec.cflags });
  }
  // the process's memory may not grow past the limit: its malloc returns NULL there
  return new WebAssembly.Module(limitMemory(new Uint8Array(fs.readFileSync(file)), memoryLimit) as Uint8Array<ArrayBuffer>);
}

/** Shell-style status of one process: the code, or 128+signal. */
export function shellStatus(p: Process): number {
  return p.signal ? 128 + p.signal : p.exitCode;
}

export async function run(programs: ProgramSpec[], opts: RunOptions = {}): Promise<RunResult> {
  const modules = await Promise.all(programs.map((spec) => loadModule(spec, opts.memoryLimit)));
  const kernelPath = opts.kernelPath ?? KERNEL_WASM;
  let kernelModule = kernelModules.get(kernelPath);
  if (!kernelModule) kernelModules.set(kernelPath, (kernelModule = readModule(kernelPath)));
  if (opts.outputDir) fs.mkdirSync(opts.outputDir, { recursive: true });
  const { io, captured } = nodeIO({ prefix: opts.prefix && !opts.outputDir, capture: opts.capture, stdin: opts.stdin, outputDir: opts.outputDir });
  const machine = await Machine.create(kernelModule, {
    io, ...nodeTimers, socketcallNr: opts.socketcallNr, tracer: opts.tracer,
    beforeExit: opts.ss ? (p) => opts.ss!(socketTable(machine), p) : undefined,
  });
  if (opts.ktrace) machine.setKtrace(opts.ktrace);
  if (opts.skbMemLimit !== undefined) (machine.kernel as any).set_skb_mem_limit(opts.skbMemLimit);
  let pcapFd: number | undefined;
  if (opts.pcap) {
    const fd = (pcapFd = fs.openSync(opts.pcap, "w"));
    const writer = new PcapWriter((b) => fs.writeSync(fd, b));
    const epoch = Date.now() * 1e6 - io.now();
    machine.setPcap((pkt, ns) => writer.packet(pkt, ns, epoch));
  }
  programs.forEach((spec, i) => {
    machine.spawn({ module: modules[i], argv: [path.basename(spec.path).replace(/\.(c|wasm)$/, ""), ...(spec.args ?? [])] });
  });
  let deadlock: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const running = machine.run();
    if (opts.timeoutSeconds) {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timeout after ${opts.timeoutSeconds} s`)), opts.timeoutSeconds! * 1000);
      });
      await Promise.race([running, timeout]);
    } else {
      await running;
    }
  } catch (e) {
    if (e instanceof DeadlockError) deadlock = deadlockReport(e);
    else if (e instanceof Error && e.message.startsWith("timeout")) deadlock = `int80: ${e.message}\n` + blockedReport(machine) + "sockets:\n" + socketTable(machine);
    else throw e;
    for (const p of machine.procs.values()) if (!p.exited) machine.kill(p);
  } finally {
    if (timer) clearTimeout(timer);
    if (pcapFd !== undefined) fs.closeSync(pcapFd);
    (io as any).flush?.();
  }
  const procs = [...machine.procs.values()];
  let status = 0;
  for (const p of procs) {
    const s = shellStatus(p);
    if (s) { status = s; break; }
  }
  if (deadlock && !status) status = 124;
  return { status, procs, captured, deadlock, machine };
}

function blockedReport(machine: Machine): string {
  const lines: string[] = [];
  for (const p of machine.procs.values()) {
    if (p.exited) continue;
    const args = p.blockedArgs.slice(0, 3).map((a) => a >>> 0).join(", ");
    const name = SYSCALL_NAMES.get(p.blockedNr) ?? `syscall_${p.blockedNr}`;
    lines.push(`  pid ${p.pid} (${p.argv[0]}): blocked in ${name}(${args}, ...)`);
  }
  return lines.join("\n") + "\n";
}

function deadlockReport(e: DeadlockError): string {
  return "int80: deadlock: every process is blocked and nothing can wake them\n" + blockedReport(e.machine) +
    "sockets:\n" + socketTable(e.machine);
}

export function describeExit(p: Process): string | null {
  if (p.signal === 11 && p.trapMessage) return `int80: pid ${p.pid} (${p.argv[0]}): killed by SIGSEGV (wasm trap: ${p.trapMessage})`;
  if (p.signal === 9 && p.trapMessage) return `int80: pid ${p.pid} (${p.argv[0]}): killed: ${p.trapMessage}`;
  if (p.signal && p.signal !== 13) return `int80: pid ${p.pid} (${p.argv[0]}): killed by signal ${p.signal}`;
  return null;
}

export { fs };

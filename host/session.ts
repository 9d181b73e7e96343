// A session: one run of some programs on a fresh machine, from boot to the last exit.
// The orchestration every front end shares (the Node CLI and API in host/node/run.ts, the
// browser playground later): boot the kernel, attach the tracers, spawn the processes,
// run them, stop at a deadlock or a timeout with a report, and compute the exit status.
//
// Isomorphic: modules, streams, clocks, timers and the pcap file's bytes come in as
// arguments; nothing here touches Node.
import { Machine, MachineIO, MachineOptions } from "./machine.js";
import type { Process } from "./process.js";
import type { Tracer } from "./trace/tracer.js";
import { DeadlockError, blockedReport, deadlockReport, stoppedReport } from "./deadlock.js";
import { socketTable } from "./trace/ss.js";
import { PcapWriter } from "./trace/pcap.js";
import { Slirp, HostSockets, Publish } from "./net/slirp.js";

export interface SessionProgram {
  module: WebAssembly.Module;
  argv: string[];
}

export interface SessionOptions {
  kernel: WebAssembly.Module;
  programs: SessionProgram[];
  io: MachineIO;
  setTimer?: MachineOptions["setTimer"];
  clearTimer?: MachineOptions["clearTimer"];
  yieldToHost?: MachineOptions["yieldToHost"];
  /** fail with a deadlock report when processes are left blocked (default: stop them with SIGTERM) */
  strictEnd?: boolean;
  /** which process (0-based) has the host's stdin as fd 0; -1: none (default 0) */
  stdinProcess?: number;
  socketcallNr?: number;
  /** stop the run after this many seconds (needs setTimer) */
  timeoutSeconds?: number;
  tracer?: Tracer;
  /** called with the socket table (ss -anp style) when each process ends (--ss) */
  ss?: (table: string, p: Process) => void;
  /** the kernel's global socket memory limit in bytes (tests lower it) */
  skbMemLimit?: number;
  /** the bytes of a pcap file with every loopback packet (--pcap) */
  pcap?: (bytes: Uint8Array) => void;
  /** kernel tracepoints (--ktrace): called with each function name and its depth */
  ktrace?: (name: string, level: number, p: Process | null) => void;
  /** execve's loader (MachineOptions.loadProgram) */
  loadProgram?: MachineOptions["loadProgram"];
  /** host directories to mount (--mount) and the file system that reaches them */
  mounts?: MachineOptions["mounts"];
  hostfs?: MachineOptions["hostfs"];
  /**
   * `--net user` / `--publish`: the guests get eth0 and the host's sockets through the
   * slirp-like gateway (host/net/slirp.ts). Without it the network is closed (lo only).
   */
  net?: {
    sockets: HostSockets;
    publish: Publish[];
    /** the published ports are listening (their host ports, in order), before any process runs */
    onPublished?: (ports: number[]) => void;
  };
}

export interface SessionResult {
  /**
   * first nonzero exit status (128+signal for a signal) of the processes that ended on
   * their own, or 0; 124 after a timeout (as timeout(1)) or a deadlock
   */
  status: number;
  procs: Process[];
  /** the report when the run was stopped (deadlock, timeout) */
  deadlock?: string;
  /** the processes the end of the run stopped (left waiting for no one), one line each */
  stopped?: string;
  machine: Machine;
  /** with a host network: the most bytes the gateway held for one guest connection */
  netMaxQueued?: number;
}

/** Shell-style status of one process: the code, or 128+signal. */
export function shellStatus(p: Process): number {
  return p.signal ? 128 + p.signal : p.exitCode;
}

/** What the CLI says about a process that did not end normally, or null. */
export function describeExit(p: Process): string | null {
  if (p.signal === 11 && p.trapMessage.startsWith("kernel BUG")) return `int80: pid ${p.pid} (${p.argv[0]}): ${p.trapMessage}; the process was killed (SIGSEGV), the run goes on`;
  if (p.signal === 11 && p.trapMessage) return `int80: pid ${p.pid} (${p.argv[0]}): killed by SIGSEGV (wasm trap: ${p.trapMessage})`;
  if (p.signal === 9 && p.trapMessage) return `int80: pid ${p.pid} (${p.argv[0]}): killed: ${p.trapMessage}`;
  if (p.stoppedByRun) return null; // listed by stoppedReport
  if (p.signal && p.signal !== 13) return `int80: pid ${p.pid} (${p.argv[0]}): killed by signal ${p.signal}`;
  return null;
}

export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  const io = opts.io;
  const machine = await Machine.create(opts.kernel, {
    io, setTimer: opts.setTimer, clearTimer: opts.clearTimer, yieldToHost: opts.yieldToHost, strictEnd: opts.strictEnd, stdinProcess: opts.stdinProcess, socketcallNr: opts.socketcallNr, tracer: opts.tracer,
    loadProgram: opts.loadProgram, mounts: opts.mounts, hostfs: opts.hostfs,
    beforeExit: opts.ss ? (p) => opts.ss!(socketTable(machine), p) : undefined,
  });
  if (opts.ktrace) machine.setKtrace(opts.ktrace);
  if (opts.skbMemLimit !== undefined) machine.kernel.set_skb_mem_limit(opts.skbMemLimit);
  if (opts.pcap) {
    const writer = new PcapWriter(opts.pcap);
    // packets carry the kernel clock; the file gets wall-clock dates
    const epoch = io.realtime() - io.now();
    machine.setPcap((pkt, ns) => writer.packet(pkt, ns, epoch));
  }
  let slirp: Slirp | null = null;
  if (opts.net) {
    const gw = new Slirp(opts.net.sockets, (pkt) => machine.netRx(pkt), () => machine.hold());
    slirp = gw;
    machine.enableHostNet((pkt) => gw.output(pkt));
    const net = opts.net;
    const ports = await new Promise<number[]>((resolve, reject) => {
      gw.publish(net.publish, (err, p) => err ? reject(new Error(err)) : resolve(p));
    }).catch((e) => { gw.close(); throw e; });
    net.onPublished?.(ports);
  }
  for (const prog of opts.programs) machine.spawn(prog);
  let deadlock: string | undefined;
  let timer: unknown;
  let timedOut = false;
  try {
    if (opts.timeoutSeconds && opts.setTimer) {
      // the machine yields to the event loop between slices, so this fires even under load
      const seconds = opts.timeoutSeconds;
      timer = opts.setTimer(seconds * 1000, () => machine.stop(`timeout after ${seconds} s`));
    }
    await machine.run();
    // the processes are gone; their sockets' last bytes may still be on the way to the host
    if (slirp && !machine.stopped && opts.setTimer && opts.clearTimer) await slirp.settle(2000, opts.setTimer, opts.clearTimer);
    if (machine.stopped) {
      timedOut = true;
      deadlock = `int80: ${machine.stopped}\n` + blockedReport(machine) + "sockets:\n" + socketTable(machine);
    }
  } catch (e) {
    if (e instanceof DeadlockError) deadlock = deadlockReport(e);
    else throw e;
  } finally {
    if (timer !== undefined) opts.clearTimer?.(timer);
    slirp?.close();
    io.flush();
  }
  if (deadlock) for (const p of machine.procs.values()) if (!p.exited) machine.kill(p);
  io.flush();
  const procs = [...machine.procs.values()];
  let status = 0;
  for (const p of procs) {
    if (p.parent) continue; // a forked child's status is its parent's business (wait)
    if (p.stoppedByRun) continue; // stopped by the end of the run: not its own status
    const s = shellStatus(p);
    if (s) { status = s; break; }
  }
  if (timedOut || (deadlock && !status)) status = 124;
  const stopped = stoppedReport(machine) || undefined;
  return { status, procs, deadlock, stopped, machine, netMaxQueued: slirp?.maxQueued };
}

// The machine's worker: one run, from boot to the last exit, through the same session as
// `int80 run` (host/session.ts) with the browser's io and timers (host/browser/io.ts).
// The page terminates this worker to stop a run, even a program spinning in a loop.
import { runSession, shellStatus, describeExit } from "../../host/session.js";
import { browserIO, browserTimers } from "../../host/browser/io.js";
import { Strace } from "../../host/trace/strace.js";
import { tee, type Tracer } from "../../host/trace/tracer.js";
import { socketTable } from "../../host/trace/ss.js";
import { SYSCALL_NAMES, NR } from "../../host/generated/syscalls.js";
import { SOCKETCALL_SYMBOLS } from "../../host/generated/socketcall.js";
import type { Process } from "../../host/process.js";
import type { KtraceCall, RunMsg, RunRequest } from "./protocol.js";

const post = (m: RunMsg, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Groups the kernel's tracepoints (--ktrace) by the syscall they happened in. */
class KtraceCollector implements Tracer {
  calls: KtraceCall[] = [];
  private open = new Map<number, KtraceCall>();
  private head(nr: number, args: number[]) {
    const name = SYSCALL_NAMES.get(nr) ?? `syscall_${nr}`;
    return nr === NR.socketcall ? `socketcall(${SOCKETCALL_SYMBOLS[args[0]] ?? args[0]})` : `${name}()`;
  }
  enter(p: Process, nr: number, args: number[]) {
    const c: KtraceCall = { pid: p.pid, head: this.head(nr, args), events: [] };
    this.calls.push(c);
    this.open.set(p.pid, c);
  }
  resume(p: Process, nr: number, args: number[]) {
    const c: KtraceCall = { pid: p.pid, head: `<... ${this.head(nr, args)} re-issued after wake-up>`, events: [] };
    this.calls.push(c);
    this.open.set(p.pid, c);
  }
  event(name: string, level: number, p: Process | null) {
    const c = p ? this.open.get(p.pid) : undefined;
    if (c) c.events.push({ name, level });
    else this.calls.push({ pid: p?.pid ?? 0, head: "(timer)", events: [{ name, level }] });
  }
  exit(p: Process, _nr: number, _args: number[], ret: number, blocked: boolean) {
    const c = this.open.get(p.pid);
    if (c) c.ret = blocked ? "? (blocked: -ERESTARTSYS, re-issued when woken)" : String(ret);
    this.open.delete(p.pid);
  }
  flush() {
    if (this.calls.length) post({ type: "ktrace", calls: this.calls.splice(0) });
  }
}

self.onmessage = async (ev: MessageEvent<RunRequest>) => {
  const req = ev.data;
  let straceText = "";
  const strace = new Strace({ write: (t) => { straceText += t; }, pidColumn: false, nprocs: req.programs.length });
  const kt = new KtraceCollector();
  const seen = new Set<number>();
  const procTracer: Tracer = {
    // a pane per process, named when it makes its first call
    enter: (p) => { if (!seen.has(p.pid)) { seen.add(p.pid); post({ type: "spawn", pid: p.pid, argv: p.argv }); } },
    exit() {},
    exitProcess: (p) => { post({ type: "exit", pid: p.pid, status: shellStatus(p), note: describeExit(p) }); },
  };
  const pcap: Uint8Array[] = [];
  // the views are sent in batches, so a chatty program does not flood the page
  const flushViews = () => {
    if (straceText) { post({ type: "strace", text: straceText }); straceText = ""; }
    kt.flush();
  };
  const interval = setInterval(flushViews, 100);
  try {
    const result = await runSession({
      kernel: req.kernel,
      programs: req.programs,
      io: browserIO({ output: (pid, fd, bytes) => post({ type: "out", pid, fd, bytes }, [bytes.buffer]) }),
      ...browserTimers,
      timeoutSeconds: req.timeoutSeconds,
      tracer: tee(procTracer, tee(strace, kt)),
      ktrace: (name, level, p) => kt.event(name, level, p),
      ss: (table, p) => post({ type: "ss", pid: p.pid, argv0: p.argv[0], table }),
      pcap: (b) => pcap.push(b.slice()),
    });
    flushViews();
    const bytes = new Uint8Array(pcap.reduce((n, b) => n + b.length, 0));
    let off = 0;
    for (const b of pcap) { bytes.set(b, off); off += b.length; }
    post({
      type: "done", status: result.status, deadlock: result.deadlock, pcap: bytes, ss: socketTable(result.machine),
      procs: result.procs.map((p) => ({ pid: p.pid, argv: p.argv, status: shellStatus(p), note: describeExit(p) })),
    });
  } catch (e) {
    flushViews();
    post({ type: "error", message: e instanceof Error ? e.stack ?? e.message : String(e) });
  } finally {
    clearInterval(interval);
  }
};

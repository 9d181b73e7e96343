// `int80 run --strace`: every syscall printed the way strace(1) prints it for an i386
// process (strace 6.x, default options: -s 32, -f).
//
// The formatter is data-driven. SPECS maps a syscall name (from the generated
// syscall_32.tbl names) to a list of argument decoders (host/trace/decode.ts); the specs
// live in one file per family under host/trace/syscalls/ (socket, file, poll, process).
// A decoder marked `out` is printed when the call returns, as strace does for buffers the
// kernel fills (read, recv, accept's address). Everything before the first `out` argument
// is printed at entry; when another process prints in between, the line ends in
// ` <unfinished ...>` and the rest comes later as `<... name resumed>`. socketcall(2) is
// shown as its subcall with the arguments read from the args array in user memory,
// exactly as strace decodes it on i386.
//
// The decoders read process memory only through Process.views()/u8/dv, with the same
// bounds rule as copy_from_user (the first page and anything past the end fault): an
// unreadable pointer prints as its hex value, as strace prints it when umove() fails.
import type { Process } from "../process.js";
import type { Tracer } from "./tracer.js";
import { SYSCALL_NAMES } from "../generated/syscalls.js";
import { SOCKETCALL_NARGS, SOCKETCALL_NAMES } from "../generated/socketcall.js";
import * as X from "./xlat.js";
import type { Call, Spec } from "./decode.js";
import { mem, hex, sval, ptr, signame, errname } from "./decode.js";
import { SOCKET_SPECS } from "./syscalls/socket.js";
import { FILE_SPECS } from "./syscalls/file.js";
import { POLL_SPECS } from "./syscalls/poll.js";
import { PROCESS_SPECS } from "./syscalls/process.js";

/** the specs, by syscall name (one file per family); socketcall subcalls use the direct calls' names */
const SPECS: Record<string, Spec> = { ...SOCKET_SPECS, ...FILE_SPECS, ...POLL_SPECS, ...PROCESS_SPECS };


/** undecoded syscalls: the raw arguments in hex, as many as strace's table says */
const RAW = (n: number): Spec => ({ args: Array.from({ length: n }, () => ({ f: (_c: Call, v: number) => hex(v) })) });
const NARGS: Record<string, number> = {
  brk: 1, getrandom: 3, mmap2: 6, munmap: 2, mprotect: 3, uname: 1, rt_sigreturn: 0, sigreturn: 0,
  set_thread_area: 1, set_tid_address: 1, gettid: 0, recvmmsg: 5, recvmmsg_time64: 5,
};

// ---------------------------------------------------------------------------------------
// The tracer

export interface StraceOptions {
  /** where finished lines go (one call per line, newline included) */
  write: (text: string) => void;
  /** strace -o FILE -f style: every line starts with the pid; else `[pid N] ` with several processes */
  pidColumn?: boolean;
  /** how many processes the run starts (for the `[pid N] ` prefix) */
  nprocs?: number;
  /** -s: string and array limit (default 32) */
  strsize?: number;
}

interface Pending {
  call: Call;
  /** the entry text was printed and cut by another process's line */
  interrupted: boolean;
}

export class Strace implements Tracer {
  private pending = new Map<number, Pending>();
  /** the process whose line is open (entry printed, waiting for exit) */
  private open: Process | null = null;
  private openText = "";
  private live: number;
  /** processes that issued exit/exit_group (their line is already printed) */
  private exited = new Set<number>();
  private readonly strsize: number;

  constructor(private opts: StraceOptions) {
    this.live = opts.nprocs ?? 1;
    this.strsize = opts.strsize ?? 32;
  }

  private prefix(p: Process): string {
    if (this.opts.pidColumn) return String(p.pid).padEnd(5) + " ";
    return this.live > 1 ? `[pid ${String(p.pid).padStart(5)}] ` : "";
  }

  /** End an open line of another process with ` <unfinished ...>`. */
  private cut() {
    const p = this.open;
    if (!p) return;
    this.opts.write(this.openText + " <unfinished ...>\n");
    const pend = this.pending.get(p.pid);
    if (pend) pend.interrupted = true;
    this.open = null;
    this.openText = "";
  }

  private line(text: string) {
    this.opts.write(text + "\n");
  }

  enter(p: Process, nr: number, regs: number[]) {
    this.cut();
    const call = this.decodeEntry(p, nr, regs);
    this.pending.set(p.pid, { call, interrupted: false });
    this.open = p;
    this.openText = this.prefix(p) + this.entryText(call);
  }

  exit(p: Process, _nr: number, _regs: number[], ret: number, blocked: boolean) {
    if (blocked) return; // asleep in the kernel; the line stays open until someone else prints
    const pend = this.pending.get(p.pid);
    if (!pend) return;
    this.pending.delete(p.pid);
    const c = pend.call;
    c.ret = ret;
    c.exiting = true;
    let head: string;
    if (this.open === p) {
      head = this.openText;
      this.open = null;
      this.openText = "";
    } else {
      this.cut();
      head = `${this.prefix(p)}<... ${c.name} resumed>`;
    }
    this.line(align(head + this.exitText(c)) + " = " + this.result(c));
    if (c.spec.noreturn) this.exited.add(p.pid);
    if (p.pendingSignal) {
      const s = signame(p.pendingSignal);
      this.line(`${this.prefix(p)}--- ${s} {si_signo=${s}, si_code=SI_USER, si_pid=${p.pid}, si_uid=0} ---`);
    }
  }

  exitProcess(p: Process, status: number, signal: number) {
    const pend = this.pending.get(p.pid);
    if (this.open === p) {
      // killed inside a call (exit_group prints `= ?`; anything else stays unfinished)
      if (pend?.call.spec.noreturn) this.line(align(this.openText + ")") + " = ?");
      else this.line(this.openText + " <unfinished ...>");
      this.open = null;
      this.openText = "";
    } else {
      this.cut();
      if (pend?.call.spec.noreturn) this.line(align(`${this.prefix(p)}<... ${pend.call.name} resumed>)`) + " = ?");
    }
    this.pending.delete(p.pid);
    this.exited.delete(p.pid);
    this.line(`${this.prefix(p)}+++ ${signal ? `killed by ${signame(signal)}` : `exited with ${status}`} +++`);
    this.live--;
  }

  // --- formatting

  private decodeEntry(p: Process, nr: number, regs: number[]): Call {
    const a = regs.map((v) => v >>> 0);
    let name = SYSCALL_NAMES.get(nr) ?? `syscall_${hex(nr)}`;
    let spec: Spec | undefined;
    const c: Call = { p, nr, name, spec: undefined as unknown as Spec, a, ret: 0, exiting: false, priv: {}, strsize: this.strsize };
    if (name === "socketcall") {
      const call = a[0] | 0;
      const n = SOCKETCALL_NARGS[call];
      const words = call >= 1 && call <= 20 ? mem(c, a[1], n * 4) : null;
      if (words) {
        name = SOCKETCALL_NAMES[call];
        c.a = Array.from({ length: n }, (_, i) => p.dv.getUint32(a[1] + 4 * i, true));
        spec = SPECS[name] ?? RAW(n);
      } else {
        spec = {
          args: [{ f: (_c, v) => (v >= 1 && v <= 20 ? X.xlookup(X.SOCKETCALLS, v)! : sval(v)) }, ptr],
        };
      }
    }
    spec ??= SPECS[name] ?? RAW(NARGS[name] ?? 6);
    c.name = name;
    c.spec = spec;
    spec.enter?.(c);
    return c;
  }

  private splitAt(c: Call): number {
    const s = c.spec;
    if (s.split) return s.split(c);
    const i = s.args.findIndex((arg) => arg.out);
    return i < 0 ? s.args.length : i;
  }

  private entryText(c: Call): string {
    const n = c.spec.args.length;
    const split = this.splitAt(c);
    c.priv.__split = split;
    const parts: string[] = [];
    for (let i = 0; i < split && i < n; i++) parts.push(c.spec.args[i].f(c, c.a[i], i));
    let s = `${c.name}(${joinArgs(parts)}`;
    if (split < n) s += parts.length ? ", " : "";
    return s;
  }

  private exitText(c: Call): string {
    const n = c.spec.args.length;
    const parts: string[] = [];
    for (let i = c.priv.__split; i < n; i++) parts.push(c.spec.args[i].f(c, c.a[i], i));
    return joinArgs(parts) + ")";
  }

  private result(c: Call): string {
    if (c.spec.noreturn) return "?";
    const r = c.ret | 0;
    if (r < 0 && r > -4096) return `-1 ${errname(-r)}`;
    return c.spec.ret ? c.spec.ret(c) : String(r);
  }
}

/** strace leaves an argument out entirely when its decoder prints nothing (fcntl F_GETFL) */
function joinArgs(parts: string[]): string {
  while (parts.length && parts[parts.length - 1] === "") parts.pop();
  return parts.join(", ");
}

/** strace's tabto(): results start at column 40 */
function align(s: string): string {
  return s.length < 39 ? s.padEnd(39) : s;
}

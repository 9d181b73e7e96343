// strace specs: time, signals and processes: nanosleep, clocks, rt_sig*, kill, getrandom, exit, get*id,
// fork/vfork/clone, execve, wait4/waitpid/waitid, alarm/itimers, process groups.
// One entry per syscall name: its argument decoders (host/trace/decode.ts), `out` for what
// the kernel fills in (printed at exit), and optional enter/split/ret hooks.
import type { Call, Spec } from "../decode.js";
import {
  addr, fl, flags, hex, i32, int, mem, path, printpath, printstrn, signame, sigset, timespec, u32, uint, uval, xv,
} from "../decode.js";
import * as X from "../xlat.js";

/** struct sigaction as rt_sigaction takes it on i386: handler, flags, restorer, mask */
function sigaction(c: Call, p: number): string {
  if (p === 0) return "NULL";
  if (!mem(c, p, 20)) return hex(p);
  const dv = c.p.dv;
  const h = dv.getUint32(p, true), fl = dv.getUint32(p + 4, true), restorer = dv.getUint32(p + 8, true);
  const handler = h === 0 ? "SIG_DFL" : h === 1 ? "SIG_IGN" : hex(h);
  let s = `{sa_handler=${handler}, sa_mask=${sigset(c, p + 12, 8)}, sa_flags=${flags(X.SA_FLAGS, fl, "SA_???")}`;
  if (fl & 0x04000000) s += `, sa_restorer=${hex(restorer)}`;
  return s + "}";
}

export const PROCESS_SPECS: Record<string, Spec> = {
  nanosleep: {
    args: [{ f: (c, v) => timespec(c, v, 32) }, {
      out: true, f: (c, v) => (c.ret < 0 && v ? timespec(c, v, 32) : addr(v)),
    }],
  },
  clock_nanosleep: {
    args: [xv(X.CLOCKS, "CLOCK_???"), fl(X.TIMER_FLAGS, "TIMER_???"), { f: (c, v) => timespec(c, v, 32) }, {
      out: true, f: (c, v) => (c.ret < 0 && v ? timespec(c, v, 32) : addr(v)),
    }],
  },
  clock_nanosleep_time64: {
    args: [xv(X.CLOCKS, "CLOCK_???"), fl(X.TIMER_FLAGS, "TIMER_???"), { f: (c, v) => timespec(c, v, 64) }, {
      out: true, f: (c, v) => (c.ret < 0 && v ? timespec(c, v, 64) : addr(v)),
    }],
  },
  clock_gettime: { args: [xv(X.CLOCKS, "CLOCK_???"), { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : timespec(c, v, 32)) }] },
  clock_gettime64: { args: [xv(X.CLOCKS, "CLOCK_???"), { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : timespec(c, v, 64)) }] },
  rt_sigaction: {
    args: [{ f: (_c, v) => signame(v) }, { f: (c, v) => sigaction(c, v) },
      { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : sigaction(c, v)) }, uint],
  },
  rt_sigprocmask: {
    args: [xv(X.SIGPROCMASK_HOW, "SIG_???"), { f: (c, v) => sigset(c, v, c.a[3]) },
      { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : sigset(c, v, c.a[3])) }, uint],
  },
  kill: { args: [int, { f: (_c, v) => signame(v) }] },
  tgkill: { args: [int, int, { f: (_c, v) => signame(v) }] },
  getrandom: {
    args: [{ out: true, f: (c, v) => (c.ret < 0 ? addr(v) : printstrn(c, v, c.ret, true)) },
      { out: true, f: (_c, v) => uval(v) }, { out: true, f: (_c, v) => flags(X.GRND_FLAGS, v, "GRND_???") }],
  },
  exit_group: { args: [int], noreturn: true },
  exit: { args: [int], noreturn: true },
  getpid: { args: [] }, getppid: { args: [] }, gettid: { args: [] },
  getuid32: { args: [] }, getgid32: { args: [] }, geteuid32: { args: [] }, getegid32: { args: [] },
  getuid: { args: [] }, getgid: { args: [] }, sched_yield: { args: [] }, pause: { args: [] },
  fork: { args: [] }, vfork: { args: [] },
  // i386 (CONFIG_CLONE_BACKWARDS): flags, child_stack, parent_tid, tls, child_tid
  clone: { args: [{ f: (c) => cloneArgs(c) }] },
  futex: { args: [{ f: (c) => futexArgs(c, 32) }] },
  futex_time64: { args: [{ f: (c) => futexArgs(c, 64) }] },
  set_tid_address: { args: [{ f: (_c, v) => addr(v) }] },
  execve: { args: [path, { f: (c, v) => argv(c, v) }, { f: (c, v) => envp(c, v) }] },
  wait4: {
    args: [int, { out: true, f: (c, v) => (c.ret > 0 ? waitStatus(c, v) : addr(v)) },
      fl(X.WAIT_OPTIONS, "W???"), { out: true, f: (_c, v) => addr(v) }],
  },
  waitpid: {
    args: [int, { out: true, f: (c, v) => (c.ret > 0 ? waitStatus(c, v) : addr(v)) }, fl(X.WAIT_OPTIONS, "W???")],
  },
  waitid: {
    args: [xv(X.IDTYPES, "P_???"), int, { out: true, f: (c, v) => (c.ret === 0 ? waitInfo(c, v) : addr(v)) },
      fl(X.WAIT_OPTIONS, "W???"), { out: true, f: (_c, v) => addr(v) }],
  },
  // the libc passes the frame; the mask rt_sigreturn restores is at offset 16
  rt_sigreturn: { args: [{ f: (c, v) => `{mask=${sigset(c, v + 16, 8)}}` }] },
  rt_sigsuspend: { args: [{ f: (c, v) => sigset(c, v, c.a[1]) }, uint] },
  rt_sigtimedwait: {
    args: [{ f: (c, v) => sigset(c, v, c.a[3]) }, { out: true, f: (c, v) => (c.ret > 0 && v ? sigInfo(c, v) : addr(v)) },
      { f: (c, v) => timespec(c, v, 32) }, uint],
    ret: (c) => `${c.ret} (${signame(c.ret)})`,
  },
  rt_sigtimedwait_time64: {
    args: [{ f: (c, v) => sigset(c, v, c.a[3]) }, { out: true, f: (c, v) => (c.ret > 0 && v ? sigInfo(c, v) : addr(v)) },
      { f: (c, v) => timespec(c, v, 64) }, uint],
    ret: (c) => `${c.ret} (${signame(c.ret)})`,
  },
  rt_sigpending: { args: [{ out: true, f: (c, v) => (c.ret < 0 ? addr(v) : sigset(c, v, c.a[1])) }, uint] },
  alarm: { args: [uint] },
  setitimer: { args: [xv(X.ITIMERS, "ITIMER_???"), { f: (c, v) => itimerval(c, v) }, { out: true, f: (c, v) => itimerval(c, v) }] },
  getitimer: { args: [xv(X.ITIMERS, "ITIMER_???"), { out: true, f: (c, v) => itimerval(c, v) }] },
  getpgrp: { args: [] }, setsid: { args: [] },
  getpgid: { args: [int] }, getsid: { args: [int] }, setpgid: { args: [int, int] },
  tkill: { args: [int, { f: (_c, v) => signame(v) }] },
};

const FUTEX_OPS = ["FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE", "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP",
  "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET",
  "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2"];

/** futex's arguments as strace prints them (print_futex_op, then the ones the op uses). */
function futexArgs(c: Call, tsBits: 32 | 64): string {
  const [uaddr, op, val, utime, uaddr2, val3] = c.a;
  const cmd = op & ~(128 | 256);
  let name = FUTEX_OPS[cmd] ?? `${cmd}`;
  if (op & 128) name += "_PRIVATE";
  if (op & 256) name += "|FUTEX_CLOCK_REALTIME"; // after the command, as strace's print_futex_op
  const parts = [hex(uaddr), name, String(val | 0)];
  const ts = () => (utime ? timespec(c, utime, tsBits) : "NULL");
  const bitset = (v: number) => ((v >>> 0) === 0xffffffff ? "FUTEX_BITSET_MATCH_ANY" : hex(v));
  switch (cmd) {
    case 0: parts.push(ts()); break;
    case 3: parts.push(String(utime | 0), hex(uaddr2)); break;
    case 4: parts.push(String(utime | 0), hex(uaddr2), String(val3 | 0)); break;
    case 9: parts.push(ts(), bitset(val3)); break;
    case 10: parts.push(bitset(val3)); break;
  }
  return parts.join(", ");
}

/** clone's arguments as strace prints them: only the ones its flags use. */
function cloneArgs(c: Call): string {
  const [flagsv, stack, ptid, tls, ctid] = c.a;
  const sig = flagsv & 0xff, rest = flagsv & ~0xff;
  let f = rest ? flags(X.CLONE_FLAGS, rest, "CLONE_???") : "";
  if (sig) f = f ? `${f}|${signame(sig)}` : signame(sig);
  const parts = [`child_stack=${addr(stack)}`, `flags=${f || "0"}`];
  if (flagsv & 0x100000) parts.push(`parent_tid=${hex(ptid)}`);
  if (flagsv & 0x80000) parts.push(`tls=${hex(tls)}`);
  if (flagsv & 0x1200000) parts.push(`child_tidptr=${hex(ctid)}`);
  return parts.join(", ");
}

/** execve's argv: the strings, cut at -s elements. */
function argv(c: Call, p: number): string {
  if (p === 0) return "NULL";
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const s = u32(c, p + 4 * i);
    if (s === null) return out.length ? `[${out.join(", ")}, ... /* ${hex(p + 4 * i)} */]` : hex(p);
    if (s === 0) break;
    if (i >= c.strsize) { out.push("..."); break; }
    out.push(printpath(c, s));
  }
  return `[${out.join(", ")}]`;
}

/** execve's envp: the pointer and the count, as strace's default (-v off). */
function envp(c: Call, p: number): string {
  if (p === 0) return "NULL";
  let n = 0;
  while (n < 65536) {
    const s = u32(c, p + 4 * n);
    if (s === null || s === 0) break;
    n++;
  }
  return `${hex(p)} /* ${n} var${n === 1 ? "" : "s"} */`;
}

/** printstatus(): the wait status word as strace spells it. */
function waitStatus(c: Call, p: number): string {
  const st = i32(c, p);
  if (st === null) return hex(p);
  const sig = st & 0x7f;
  let s: string;
  if (sig === 0) s = `WIFEXITED(s) && WEXITSTATUS(s) == ${(st >> 8) & 0xff}`;
  else if (sig === 0x7f) s = `WIFSTOPPED(s) && WSTOPSIG(s) == ${signame((st >> 8) & 0xff)}`;
  else s = `WIFSIGNALED(s) && WTERMSIG(s) == ${signame(sig)}${st & 0x80 ? " && WCOREDUMP(s)" : ""}`;
  return `[{${s}}]`;
}

/** waitid's siginfo_t: all zeros (WNOHANG, nothing ready) prints as {}. */
function waitInfo(c: Call, p: number): string {
  if (!mem(c, p, 24)) return hex(p);
  const dv = c.p.dv;
  const signo = dv.getInt32(p, true);
  if (signo === 0) return "{}";
  const code = dv.getInt32(p + 8, true), pid = dv.getInt32(p + 12, true), uid = dv.getUint32(p + 16, true);
  const status = dv.getInt32(p + 20, true);
  return `{si_signo=${signame(signo)}, si_code=${X.xlookup(X.CLD_CODES, code) ?? code}, si_pid=${pid}, si_uid=${uid}, ` +
    `si_status=${code === 1 ? status : signame(status)}, si_utime=0, si_stime=0}`;
}

/** siginfo_t of a signal sent by kill(2) (or the kernel), as strace prints it. */
function sigInfo(c: Call, p: number): string {
  if (!mem(c, p, 24)) return hex(p);
  const dv = c.p.dv;
  const signo = dv.getInt32(p, true), code = dv.getInt32(p + 8, true);
  const pid = dv.getInt32(p + 12, true), uid = dv.getUint32(p + 16, true);
  const name = X.xlookup(X.SI_CODES, code) ?? String(code);
  if (code === 0x80) return `{si_signo=${signame(signo)}, si_code=${name}}`;
  return `{si_signo=${signame(signo)}, si_code=${name}, si_pid=${pid}, si_uid=${uid}}`;
}

/** struct itimerval (i386: four 32-bit fields). */
function itimerval(c: Call, p: number): string {
  if (p === 0) return "NULL";
  if (!mem(c, p, 16)) return hex(p);
  const dv = c.p.dv;
  const v = (o: number) => `{tv_sec=${dv.getInt32(p + o, true)}, tv_usec=${dv.getInt32(p + o + 4, true)}}`;
  return `{it_interval=${v(0)}, it_value=${v(8)}}`;
}

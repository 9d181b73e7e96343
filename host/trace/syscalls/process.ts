// strace specs: time, signals and processes: nanosleep, clocks, rt_sig*, kill, getrandom, exit, get*id.
// One entry per syscall name: its argument decoders (host/trace/decode.ts), `out` for what
// the kernel fills in (printed at exit), and optional enter/split/ret hooks.
import type { Call, Spec } from "../decode.js";
import {
  addr, fl, flags, hex, int, mem, printstrn, signame, sigset, timespec, uint, uval, xv,
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
};

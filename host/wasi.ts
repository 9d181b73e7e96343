// WASI preview1 adapters for what wasi-libc needs (stdio, exit, clocks, randomness,
// arguments). Each service a process gets still goes through the one int 0x80 door:
// fd_write is writev(2), fd_read readv(2), fd_close close(2), proc_exit exit_group(2),
// clock_time_get clock_gettime64(2), random_get getrandom(2). Only argv/environ, which
// Linux places on the stack at exec, are answered here directly.
import type { Machine } from "./machine.js";
import type { Process } from "./process.js";
import { NR } from "./generated/syscalls.js";
import { linuxToWasiErrno } from "./errno.js";

const WASI_ESUCCESS = 0;
const WASI_EBADF = 8;
const WASI_ENOSYS = 52;
const WASI_ESPIPE = 70;
const WASI_FILETYPE_CHARACTER_DEVICE = 2;
const WASI_FILETYPE_SOCKET_STREAM = 6;
const F_GETFL = 3;
const TCGETS = 0x5401;
const EBADF = 9;

export function wasiImports(machine: Machine, p: Process): Record<string, Function> {
  const enc = new TextEncoder();
  /** A syscall from an adapter: these imports are not asyncify-instrumented, so they never block. */
  const sys = (nr: number, a = 0, b = 0, c = 0, d = 0) => machine.adapterSyscall(p.running, nr, a, b, c, d);
  const ret = (r: number) => (r < 0 ? linuxToWasiErrno(-r) : WASI_ESUCCESS);
  /**
   * Scratch room in the process's memory for kernel results: the running thread's idle
   * asyncify region (another thread's holds that thread's saved stack).
   */
  const scratch = () => p.running.scratch;

  const strings = (list: string[], ptrs: number, buf: number) => {
    p.views();
    for (const s of list) {
      const bytes = enc.encode(s + "\0");
      p.dv.setUint32(ptrs, buf, true);
      p.u8.set(bytes, buf);
      ptrs += 4;
      buf += bytes.length;
    }
    return WASI_ESUCCESS;
  };
  const sizes = (list: string[], countPtr: number, sizePtr: number) => {
    p.views();
    p.dv.setUint32(countPtr, list.length, true);
    p.dv.setUint32(sizePtr, list.reduce((n, s) => n + enc.encode(s).length + 1, 0), true);
    return WASI_ESUCCESS;
  };

  const imports: Record<string, Function> = {
    args_sizes_get: (c: number, s: number) => sizes(p.argv, c, s),
    args_get: (ptrs: number, buf: number) => strings(p.argv, ptrs, buf),
    environ_sizes_get: (c: number, s: number) => sizes(p.env, c, s),
    environ_get: (ptrs: number, buf: number) => strings(p.env, ptrs, buf),

    // struct __wasi_ciovec_t is { u32 buf; u32 len; }: the i386 struct iovec
    fd_write(fd: number, iovs: number, iovsLen: number, nwritten: number) {
      const r = sys(NR.writev, fd, iovs, iovsLen);
      if (r < 0) return ret(r);
      p.views();
      p.dv.setUint32(nwritten, r, true);
      return WASI_ESUCCESS;
    },
    fd_read(fd: number, iovs: number, iovsLen: number, nread: number) {
      const r = sys(NR.readv, fd, iovs, iovsLen);
      if (r < 0) return ret(r);
      p.views();
      p.dv.setUint32(nread, r, true);
      return WASI_ESUCCESS;
    },
    fd_close: (fd: number) => ret(sys(NR.close, fd)),
    fd_seek: () => WASI_ESPIPE,
    fd_sync: () => WASI_ESUCCESS,
    fd_fdstat_get(fd: number, buf: number) {
      // fds 0-2 are asked as glibc's isatty() asks: ioctl(fd, TCGETS), which the console
      // answers only when the host's stream is a terminal (kernel/console.ts); EBADF when closed
      let tty = false;
      if (fd <= 2) {
        const r = sys(NR.ioctl, fd, TCGETS, scratch());
        if (r === -EBADF) return ret(r);
        tty = r === 0;
      } else {
        const flags = sys(NR.fcntl64, fd, F_GETFL);
        if (flags < 0) return ret(flags);
      }
      p.views();
      // struct fdstat { u8 filetype; u16 flags; u64 rights_base; u64 rights_inheriting; }
      p.u8.fill(0, buf, buf + 24);
      p.u8[buf] = fd <= 2 ? WASI_FILETYPE_CHARACTER_DEVICE : WASI_FILETYPE_SOCKET_STREAM;
      // rights without seek/tell: wasi-libc's isatty() sees a terminal only then
      const rights = tty ? 0x1ffffffn & ~0x24n : 0x1ffffffn;
      p.dv.setBigUint64(buf + 8, rights, true);
      p.dv.setBigUint64(buf + 16, rights, true);
      return WASI_ESUCCESS;
    },
    fd_fdstat_set_flags: () => WASI_ENOSYS,
    fd_prestat_get: () => WASI_EBADF,
    fd_prestat_dir_name: () => WASI_EBADF,
    proc_exit(code: number) {
      sys(NR.exit_group, code);
      // exit_group does not return: the machine ends the process when the call returns
      throw new Error("exit_group returned");
    },
    clock_time_get(id: number, _precision: bigint, out: number) {
      const ts = scratch();
      const r = sys(NR.clock_gettime64, id, ts);
      if (r < 0) return ret(r);
      p.views();
      const ns = p.dv.getBigInt64(ts, true) * 1000000000n + p.dv.getBigInt64(ts + 8, true);
      p.dv.setBigUint64(out, ns, true);
      return WASI_ESUCCESS;
    },
    clock_res_get(_id: number, out: number) {
      p.views();
      p.dv.setBigUint64(out, 1n, true);
      return WASI_ESUCCESS;
    },
    random_get(buf: number, len: number) {
      const r = sys(NR.getrandom, buf, len, 0);
      return r < 0 ? ret(r) : WASI_ESUCCESS;
    },
    sched_yield: () => WASI_ESUCCESS,
  };
  // Anything else (path_open, ...) is not provided: the machine's import objects resolve
  // only their own names (never Object.prototype's), so a module importing it does not
  // link and the process cannot start (SIGSEGV's status, "cannot start: ...").
  return imports;
}

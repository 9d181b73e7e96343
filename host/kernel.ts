// The host<->kernel contract, host side.
//
// Exports: typed from asc's own output. The kernel build (asconfig.json, "bindings":
// "raw") writes build/kernel.d.ts next to build/kernel.wasm, declaring every export of
// assembly/index.ts with its Wasm signature; KernelExports is that type, so a changed or
// removed export fails the host's build instead of a run.
//
// Imports: the module "env" the kernel imports (its @external declarations). The host
// provides each of them; the machine (host/machine.ts) wires them to its processes,
// streams and tracers.
import type { instantiate } from "../build/kernel.js";
import type { UaccessImports } from "./uaccess.js";

/**
 * kernel.wasm's exports, as asc declares them (build/kernel.d.ts), and the start function
 * (asconfig's exportStart: the .d.ts leaves it out because asc's own loader calls it).
 */
export type KernelExports = Awaited<ReturnType<typeof instantiate>> & { _start(): void };

/** What the kernel imports from the host ("env"). */
export interface KernelImports extends UaccessImports {
  /** bytes a task wrote to its console file (fd 1/2): len when taken, -EAGAIN when full, -EPIPE when the reader is gone */
  console_write(pid: number, fd: number, buf: number, len: number): number;
  /** up to len bytes of the task's stdin into kernel memory at buf: the count, 0 at EOF, -EAGAIN when none yet */
  console_read(pid: number, buf: number, len: number): number;
  /** what the task's console stream fd can do: CONSOLE_* bits (kernel/console.ts); waiting: a poll will sleep */
  console_state(pid: number, fd: number, waiting: number): number;
  /** the terminal's size, rows << 16 | columns */
  console_winsize(fd: number): number;
  /** a waiting task was woken (wake_up_process): the host rewinds its process to re-issue the call */
  wake_up_process(pid: number): void;
  /** a signal is pending for pid (0 handler: the default action, termination) */
  signal_deliver(pid: number, sig: number, handler: number): void;
  /** exit/exit_group: the process ends (status as wait(2) reports it) when the syscall returns */
  process_exit(pid: number, status: number): void;
  /** fork: make child_pid a copy of the current process when the call returns; 0 or -errno */
  process_fork(parent_pid: number, child_pid: number): number;
  process_clone_thread(parent_tid: number, child_tid: number, newsp: number, tls: number): number;
  /** execve: the program of a binprm in kernel memory; 0 ready, 1 loading, or -errno */
  process_exec(pid: number, bprm: number, len: number): number;
  /** ITIMER_REAL: arm the task's timer at ns (absolute ktime), or cancel it (-1) */
  itimer_arm(pid: number, ns: number): void;
  /** a tracepoint: a static string's address in kernel memory and its depth (--ktrace) */
  ktrace_event(name: number, level: number): void;
  /** a packet crossed the loopback device (--pcap): len bytes at data, kernel time ns */
  pcap_packet(data: number, len: number, ns: number): void;
  /** eth0 sent an IPv4 packet of len bytes at data (drivers/net/hostnet.ts): copied, answered later */
  net_xmit(data: number, len: number): void;
  /**
   * mmap2 of anonymous memory (assembly/mm/mmap.ts): a zeroed, page-aligned block of len
   * bytes from the current process's own allocator (its export __int80_mm_alloc), or 0
   */
  vm_alloc(len: number): number;
  /** munmap emptied the block at addr: back to the current process's allocator (__int80_mm_free) */
  vm_free(addr: number): void;
  /** thread group tgid has shared mappings now (on 1) or none (0): the host calls mm_switch around its turns */
  mm_shared(tgid: number, on: number): void;
  /** host directories (assembly/fs/hostfs.ts, host/hostfs.ts): one name in one directory node at a time */
  hostfs_lookup(dir: number, name: number, len: number, attr: number): number;
  hostfs_getattr(node: number, attr: number): number;
  hostfs_read(node: number, buf: number, len: number, pos: number): number;
  hostfs_write(node: number, buf: number, len: number, pos: number): number;
  hostfs_readdir(node: number, index: number, buf: number, len: number): number;
  hostfs_readlink(node: number, buf: number, len: number): number;
  hostfs_op(op: number, dir: number, name: number, len: number, node2: number, name2: number, len2: number, arg: number): number;
  hostfs_forget(node: number): void;
  hostfs_statfs(node: number, buf: number): number;
  /** monotonic nanoseconds: the kernel never reads a clock of its own */
  ktime_get_ns(): number;
  /** wall-clock nanoseconds since the epoch (CLOCK_REALTIME) */
  ktime_get_real_ns(): number;
  /** AssemblyScript's abort (an assertion in a debug kernel): ends the run */
  abort(msg: number, file: number, line: number, col: number): void;
}

/** A static AssemblyScript string in kernel memory (UTF-16, byte length at ptr - 4), cached by address. */
export class KernelStrings {
  private cache = new Map<number, string>();
  constructor(private memory: () => WebAssembly.Memory) {}

  get(ptr: number): string {
    let s = this.cache.get(ptr);
    if (s === undefined) {
      const buf = this.memory().buffer;
      const len = new DataView(buf).getUint32(ptr - 4, true);
      s = String.fromCharCode(...new Uint16Array(buf, ptr, len >> 1));
      this.cache.set(ptr, s);
    }
    return s;
  }
}

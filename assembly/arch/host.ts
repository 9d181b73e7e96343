// The host boundary: every function the kernel imports from its host, in one place.
//
// Linux's kernel talks to the hardware through arch/; ours talks to its host (host/ in
// TypeScript: host/machine.ts implements these as the `env` imports of kernel.wasm, and
// as-pect.config.js gives the unit tests a stand-in for each). Nothing else in assembly/
// may say @external: the layer check (scripts/check_layers.mjs) fails if it does.
//
// Rules every import keeps (docs/architecture.md, "The host boundary"):
//   - it never re-enters the kernel (no kernel export is called from inside an import);
//   - it never throws: a bad user pointer is a short copy or -EFAULT, not a trap;
//   - it never blocks: waiting is the host's business after the syscall returns;
//   - kernel pointers it receives (usize) are valid for the duration of the call only.
// Kernel code calls the wrappers of the subsystem that owns each import (kernel/uaccess.ts,
// kernel/time.ts, kernel/wait.ts, ...), not these declarations directly.

// ---- uaccess (arch/x86/include/asm/uaccess.h, lib/usercopy.c) ------------------------
// Called by kernel/uaccess.ts's users: every syscall that moves user memory. The host checks
// the range against the current process's memory (the first page and anything past its end
// fault) and copies; it may not touch any other process's memory.

/** Copies n bytes from user address `from` into kernel memory at `to`; returns bytes not copied. */
@external("env", "copy_from_user")
export declare function copy_from_user(to: usize, from: u32, n: u32): u32;

/** Copies n bytes from kernel memory at `from` to user address `to`; returns bytes not copied. */
@external("env", "copy_to_user")
export declare function copy_to_user(to: u32, from: usize, n: u32): u32;

/** lib/strncpy_from_user.c: length of the string copied (without NUL), n if none found, or -EFAULT. */
@external("env", "strncpy_from_user")
export declare function strncpy_from_user(dst: usize, src: u32, count: u32): i32;

/** get_user() of a 32-bit value into kernel memory at `dst`: 0 or -EFAULT. */
@external("env", "get_user")
export declare function get_user(dst: usize, src: u32): i32;

/** put_user() of a 32-bit value: 0 or -EFAULT. */
@external("env", "put_user")
export declare function put_user(val: u32, dst: u32): i32;

// ---- console (kernel/console.ts) -----------------------------------------------------
// The process's stdin/stdout/stderr are host streams. Called only by the console file's
// read_iter/write_iter.

/** Writes len bytes of kernel memory to the process's stream fd (1 stdout, 2 stderr). May buffer. */
@external("env", "console_write")
export declare function host_console_write(pid: i32, fd: i32, buf: usize, len: u32): void;

/** Reads up to len bytes of the process's stdin into kernel memory; bytes read, 0 at EOF. Never waits. */
@external("env", "console_read")
export declare function host_console_read(pid: i32, buf: usize, len: u32): i32;

// ---- processes (kernel/wait.ts, kernel/signal.ts, kernel/exit.ts) ---------------------
// The host owns each process's Wasm instance; these tell it what the kernel decided. Each only
// records the decision: it takes effect when the current syscall returns.

/** kernel/wait.ts wake_up_task(): a blocked task can run again (the host rewinds it later). */
@external("env", "wake_up_process")
export declare function host_wake_up_process(pid: i32): void;

/**
 * kernel/signal.ts: deliver `sig` to `pid` when its syscall returns: SIG_DFL terminates the
 * process (status 128+sig), otherwise `handler` is called through the process's function table.
 */
@external("env", "signal_deliver")
export declare function host_signal_deliver(pid: i32, sig: i32, handler: u32): void;

/** kernel/exit.ts do_exit(): the process ends with this wait status when the syscall returns. */
@external("env", "process_exit")
export declare function host_process_exit(pid: i32, status: i32): void;

// ---- clocks (kernel/time.ts, kernel/exit.ts) -----------------------------------------
// Time is passed in: the kernel never reads a clock of its own. Pure reads, no side effects.

/** CLOCK_MONOTONIC in ns (a virtual clock in deterministic tests). Called by kernel/time.ts only. */
@external("env", "ktime_get_ns")
export declare function host_ktime_get_ns(): f64;

/** CLOCK_REALTIME in ns. Called by kernel/exit.ts (clock_gettime, gettimeofday, time). */
@external("env", "ktime_get_real_ns")
export declare function host_ktime_get_real_ns(): f64;

// ---- tracing (kernel/trace.ts, net/core/dev_tap.ts) ----------------------------------
// Observers only: the host records, it never changes kernel state or returns anything.

/**
 * kernel/trace.ts: one tracepoint for `--ktrace`. `name` points at a static AssemblyScript
 * string (UTF-16, length at name-4); `level` is its nesting under the syscall handler.
 */
@external("env", "ktrace_event")
export declare function host_ktrace_event(name: usize, level: i32): void;

/** net/core/dev_tap.ts: one IPv4 packet of `len` bytes at kernel address `data`, sent at `ns` (--pcap). */
@external("env", "pcap_packet")
export declare function host_pcap_packet(data: usize, len: u32, ns: f64): void;

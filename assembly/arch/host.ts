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

/**
 * Writes len bytes of kernel memory to the process's stream fd (1 stdout, 2 stderr): len
 * when taken, -EAGAIN when the host's buffer is full (nothing taken; console_wake when it
 * drained), -EPIPE when the reader is gone. Never waits.
 */
@external("env", "console_write")
export declare function host_console_write(pid: i32, fd: i32, buf: usize, len: u32): i32;

/**
 * Reads up to len bytes of the process's stdin into kernel memory: bytes read, 0 at EOF,
 * -EAGAIN when none has come yet (console_wake when some does). Never waits. A process
 * whose fd 0 is not the host's stdin reads EOF, as from /dev/null.
 */
@external("env", "console_read")
export declare function host_console_read(pid: i32, buf: usize, len: u32): i32;

/**
 * The state of the process's console stream fd (0, 1, 2): CONSOLE_* bits (kernel/console.ts).
 * `waiting` 1: the caller (poll) sleeps unless something is ready, so the host must watch
 * the stream and wake it (console_wake); 0: only asking (ioctl).
 */
@external("env", "console_state")
export declare function host_console_state(pid: i32, fd: i32, waiting: i32): i32;

/** The terminal's size, rows << 16 | columns (0 when unknown). */
@external("env", "console_winsize")
export declare function host_console_winsize(fd: i32): i32;

// ---- processes (kernel/wait.ts, kernel/signal.ts, kernel/exit.ts) ---------------------
// The host owns each process's Wasm instance; these tell it what the kernel decided. Each only
// records the decision: it takes effect when the current syscall returns.

/** kernel/wait.ts wake_up_task(): a blocked task can run again (the host rewinds it later). */
@external("env", "wake_up_process")
export declare function host_wake_up_process(pid: i32): void;

/**
 * kernel/signal.ts: `sig` ends `pid` (handler 0: a default action that terminates; at once if
 * it sleeps, else when its syscall returns); or, for a process whose libc has no signal frame
 * mailbox, `handler` is called through its function table when the syscall returns.
 */
@external("env", "signal_deliver")
export declare function host_signal_deliver(pid: i32, sig: i32, handler: u32): void;

/**
 * kernel/exit.ts do_exit(): the process ends with this wait status when the syscall returns;
 * with EXIT_THREAD_ONLY (0x10000) set, only the calling thread ends (exit(2) in a group).
 */
@external("env", "process_exit")
export declare function host_process_exit(pid: i32, status: i32): void;

/**
 * kernel/fork.ts kernel_clone(): make process child_pid a copy of the current process
 * (parent_pid) once the fork call returns. 0, or -ENOMEM / -EAGAIN / -ENOSYS when the host
 * cannot make another instance now (the kernel then undoes the task; the parent runs on).
 */
@external("env", "process_fork")
export declare function host_process_fork(parent_pid: i32, child_pid: i32): i32;

/**
 * kernel/fork.ts clone_thread(): a new thread (child_tid) in the Wasm instance of parent_tid,
 * started at the struct int80_thread_start the libc wrote at newsp, with TLS block `tls`.
 * 0, or -ENOMEM / -EINVAL when the host cannot read the start block.
 */
@external("env", "process_clone_thread")
export declare function host_process_clone_thread(parent_tid: i32, child_tid: i32, newsp: u32, tls: u32): i32;

/**
 * kernel/exec.ts sys_execve(): the program for this linux_binprm (u32 argc, u32 envc, then
 * NUL-terminated strings: filename, argv[0..argc), envp[0..envc)). 0 = ready (the image is
 * replaced when the call returns), 1 = being loaded (the task sleeps; the host calls
 * task_exec_ready later), or -errno (ENOENT, EACCES, ENOEXEC, ENOMEM).
 */
@external("env", "process_exec")
export declare function host_process_exec(pid: i32, bprm: usize, len: u32): i32;

/**
 * kernel/signal.ts: arm (ns >= 0, absolute ktime) or cancel (-1) the host timer of the
 * task's ITIMER_REAL; when it fires the host calls task_itimer_fired.
 */
@external("env", "itimer_arm")
export declare function host_itimer_arm(pid: i32, ns: f64): void;

// ---- process memory (mm/mmap.ts) ---------------------------------------------------
// mmap2/munmap: anonymous mappings live in the calling process's own linear memory, taken
// from and given back to its libc allocator (__int80_mm_alloc/__int80_mm_free).

/** mm/mmap.ts: a zeroed, page-aligned block of `len` bytes from the current process's allocator, or 0. */
@external("env", "vm_alloc")
export declare function host_vm_alloc(len: u32): u32;

/** mm/mmap.ts: give the block at `addr` back to the current process's allocator. */
@external("env", "vm_free")
export declare function host_vm_free(addr: u32): void;

/**
 * mm/mmap.ts: the thread group `tgid` now has shared mappings (on 1) or none any more (0).
 * While it has, the host asks the kernel to copy them in before the group's code runs and
 * to copy them out when it stops at a preemption point (the mm_switch export).
 */
@external("env", "mm_shared")
export declare function host_mm_shared(tgid: i32, on: i32): void;

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

// ---- host directories (fs/hostfs.ts) ------------------------------------------------
// `int80 run --mount HOSTDIR:GUESTDIR` exposes a host directory. The host names each file
// it handed out by a node number (the mount's root is the one the host gives at mount time);
// the kernel walks the guest's paths itself (`..`, symlinks) and asks the host for one name
// in one directory at a time, so nothing outside the mounted directory can be named. A host
// without mounts (the browser) never receives these calls. -errno results use Linux's numbers.

/**
 * The child `name` (len bytes, never "", ".", ".." or containing "/") of directory `dir`,
 * not following a final symlink: a new node number (> 0) with its attributes written to
 * `attr` (HOSTFS_ATTR_* offsets in fs/hostfs.ts), or -ENOENT, -ENOTDIR, -EACCES...
 */
@external("env", "hostfs_lookup")
export declare function host_hostfs_lookup(dir: i32, name: usize, len: u32, attr: usize): i32;

/** The attributes of `node` again (after a write, for stat): 0 or -errno. */
@external("env", "hostfs_getattr")
export declare function host_hostfs_getattr(node: i32, attr: usize): i32;

/** Read up to len bytes of regular file `node` at byte pos into kernel memory: bytes read (0 at EOF) or -errno. */
@external("env", "hostfs_read")
export declare function host_hostfs_read(node: i32, buf: usize, len: u32, pos: f64): i32;

/** Write len bytes from kernel memory to regular file `node` at pos: bytes written or -errno. */
@external("env", "hostfs_write")
export declare function host_hostfs_write(node: i32, buf: usize, len: u32, pos: f64): i32;

/**
 * The index-th entry of directory `node` (without "." and ".."): writes u32 d_ino, u32 d_type,
 * then the name to buf (at most len bytes); the name's length, 0 past the last entry, or -errno.
 */
@external("env", "hostfs_readdir")
export declare function host_hostfs_readdir(node: i32, index: u32, buf: usize, len: u32): i32;

/** A symlink's target into buf (at most len bytes): its length or -errno. */
@external("env", "hostfs_readlink")
export declare function host_hostfs_readlink(node: i32, buf: usize, len: u32): i32;

/**
 * A change in directory `dir` (HOSTFS_OP_* in fs/hostfs.ts): create, mkdir, unlink, rmdir,
 * symlink (name2 is the target), link (node2 is the file), rename (to name2 in directory
 * node2), truncate (dir is the file, arg the size). `arg` is the mode for create/mkdir.
 * 0 or -errno.
 */
@external("env", "hostfs_op")
export declare function host_hostfs_op(op: i32, dir: i32, name: usize, len: u32, node2: i32, name2: usize, len2: u32, arg: f64): i32;

/** The kernel forgets `node` (its last inode went): the host may close what it kept open for it. */
@external("env", "hostfs_forget")
export declare function host_hostfs_forget(node: i32): void;

/** statfs of the host file system under `node` into a struct kstatfs (fs/statfs.ts): 0 or -errno. */
@external("env", "hostfs_statfs")
export declare function host_hostfs_statfs(node: i32, buf: usize): i32;

// ---- the host network (drivers/net/hostnet.ts) ----------------------------------------
// `int80 run --net user` / `--publish`: eth0's other side is the host's gateway
// (host/net/slirp.ts), which terminates the guest's TCP and UDP on real sockets.

/**
 * drivers/net/hostnet.ts hostnet_xmit(): one IPv4 packet of `len` bytes at kernel address
 * `data` leaves on eth0. The host copies it and answers later (never from inside this call).
 */
@external("env", "net_xmit")
export declare function host_net_xmit(data: usize, len: u32): void;

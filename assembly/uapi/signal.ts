// Signal numbers, sigaction flags and siginfo codes of i386 Linux
// (include/uapi/asm-generic/signal.h, arch/x86/include/uapi/asm/signal.h,
// include/uapi/asm-generic/siginfo.h, include/uapi/linux/wait.h).

export const NSIG = 64;

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGWINCH = 28;

export const SIG_DFL: u32 = 0;
export const SIG_IGN: u32 = 1;

// sa_flags
export const SA_NOCLDSTOP: u32 = 0x00000001;
export const SA_NOCLDWAIT: u32 = 0x00000002;
export const SA_SIGINFO: u32 = 0x00000004;
export const SA_RESTORER: u32 = 0x04000000;
export const SA_ONSTACK: u32 = 0x08000000;
export const SA_RESTART: u32 = 0x10000000;
export const SA_NODEFER: u32 = 0x40000000;
export const SA_RESETHAND: u32 = 0x80000000;

// rt_sigprocmask how
export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

// si_code
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_TKILL = -6;
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_DUMPED = 3;

// wait options (include/uapi/linux/wait.h)
export const WNOHANG = 0x00000001;
export const WUNTRACED = 0x00000002;
export const WSTOPPED = WUNTRACED;
export const WEXITED = 0x00000004;
export const WCONTINUED = 0x00000008;
export const WNOWAIT = 0x01000000;
export const __WNOTHREAD = 0x20000000;
export const __WALL = 0x40000000;
export const __WCLONE = 0x80000000;

// waitid idtype
export const P_ALL = 0;
export const P_PID = 1;
export const P_PGID = 2;

/**
 * i386 siginfo_t for SIGCHLD and kill (128 bytes): si_signo, si_errno, si_code, then the
 * union: si_pid, si_uid, si_status (include/uapi/asm-generic/siginfo.h).
 */
export const SIGINFO_SIZE: u32 = 128;
export const SI_SIGNO = 0;
export const SI_ERRNO = 4;
export const SI_CODE = 8;
export const SI_PID = 12;
export const SI_UID = 16;
export const SI_STATUS = 20;

// clone flags (include/uapi/linux/sched.h)
export const CSIGNAL: u32 = 0x000000ff;
export const CLONE_VM: u32 = 0x00000100;
export const CLONE_FS: u32 = 0x00000200;
export const CLONE_FILES: u32 = 0x00000400;
export const CLONE_SIGHAND: u32 = 0x00000800;
export const CLONE_PIDFD: u32 = 0x00001000;
export const CLONE_PTRACE: u32 = 0x00002000;
export const CLONE_VFORK: u32 = 0x00004000;
export const CLONE_PARENT: u32 = 0x00008000;
export const CLONE_THREAD: u32 = 0x00010000;
export const CLONE_SYSVSEM: u32 = 0x00040000;
export const CLONE_SETTLS: u32 = 0x00080000;
export const CLONE_PARENT_SETTID: u32 = 0x00100000;
export const CLONE_CHILD_CLEARTID: u32 = 0x00200000;
export const CLONE_DETACHED: u32 = 0x00400000;
export const CLONE_CHILD_SETTID: u32 = 0x01000000;

// i386 open flags and fcntl commands: include/uapi/asm-generic/fcntl.h
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_ACCMODE = 3;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DSYNC = 0o10000;
export const FASYNC = 0o20000;
export const O_DIRECT = 0o40000;
export const O_LARGEFILE = 0o100000;
export const O_NOATIME = 0o1000000;
export const O_CLOEXEC = 0o2000000;
/** Status flags F_SETFL may change (fs/fcntl.c SETFL_MASK). */
export const SETFL_MASK = O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME;

export const F_DUPFD = 0;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_GETLK = 5;
export const F_SETLK = 6;
export const F_SETLKW = 7;
export const F_SETOWN = 8;
export const F_GETOWN = 9;
export const F_DUPFD_CLOEXEC = 1030;
export const FD_CLOEXEC = 1;

// ioctls: include/uapi/asm-generic/ioctls.h, sockios.h
export const FIONREAD = 0x541b;
export const FIONBIO = 0x5421;
export const FIOCLEX = 0x5451;
export const FIONCLEX = 0x5450;
export const TIOCOUTQ = 0x5411; // SIOCOUTQ
export const SIOCINQ = FIONREAD;
export const SIOCOUTQ = TIOCOUTQ;
export const TCGETS = 0x5401;

// open(2) flags beyond the status flags (include/uapi/asm-generic/fcntl.h)
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_PATH = 0o10000000;
export const __O_SYNC = 0o4000000;
export const __O_TMPFILE = 0o20000000;
export const O_TMPFILE = __O_TMPFILE | O_DIRECTORY;
/** VALID_OPEN_FLAGS (include/linux/fcntl.h) */
export const VALID_OPEN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |
  O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW |
  O_NOATIME | O_CLOEXEC | O_PATH | __O_SYNC | __O_TMPFILE;

// More fcntl commands (include/uapi/linux/fcntl.h, asm-generic/fcntl.h)
export const F_GETLK64 = 12;
export const F_SETLK64 = 13;
export const F_SETLKW64 = 14;
export const F_SETOWN_EX = 15;
export const F_GETOWN_EX = 16;
export const F_OFD_GETLK = 36;
export const F_OFD_SETLK = 37;
export const F_OFD_SETLKW = 38;
export const F_SETLEASE = 1024;
export const F_GETLEASE = 1025;
export const F_SETPIPE_SZ = 1031;
export const F_GETPIPE_SZ = 1032;
export const F_UNLCK = 2;

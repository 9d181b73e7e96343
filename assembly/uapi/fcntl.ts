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

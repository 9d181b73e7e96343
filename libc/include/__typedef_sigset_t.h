/* int80: a 128-byte signal set as in glibc/musl (the kernel uses the first 8 bytes). */
#ifndef __wasilibc___typedef_sigset_t_h
#define __wasilibc___typedef_sigset_t_h
typedef struct __sigset_t { unsigned long __bits[128 / sizeof(long)]; } sigset_t;
#endif

/* int80: shadows wasi-libc's <__errno_values.h>.
 *
 * C code keeps wasi-libc's errno numbering (its compiled code sets these
 * values, e.g. malloc's ENOMEM), so the WASI values 1..76 are copied
 * unchanged. Linux has errno names WASI lacks; they get numbers from 77 up,
 * in the order of Linux's asm-generic/errno.h. The kernel returns Linux
 * numbers; libc/src/errno.c translates them at the trap (__int80_errno_from_linux).
 */
#ifndef __wasilibc___errno_values_h
#define __wasilibc___errno_values_h

#define E2BIG 1
#define EACCES 2
#define EADDRINUSE 3
#define EADDRNOTAVAIL 4
#define EAFNOSUPPORT 5
#define EAGAIN 6
#define EALREADY 7
#define EBADF 8
#define EBADMSG 9
#define EBUSY 10
#define ECANCELED 11
#define ECHILD 12
#define ECONNABORTED 13
#define ECONNREFUSED 14
#define ECONNRESET 15
#define EDEADLK 16
#define EDESTADDRREQ 17
#define EDOM 18
#define EDQUOT 19
#define EEXIST 20
#define EFAULT 21
#define EFBIG 22
#define EHOSTUNREACH 23
#define EIDRM 24
#define EILSEQ 25
#define EINPROGRESS 26
#define EINTR 27
#define EINVAL 28
#define EIO 29
#define EISCONN 30
#define EISDIR 31
#define ELOOP 32
#define EMFILE 33
#define EMLINK 34
#define EMSGSIZE 35
#define EMULTIHOP 36
#define ENAMETOOLONG 37
#define ENETDOWN 38
#define ENETRESET 39
#define ENETUNREACH 40
#define ENFILE 41
#define ENOBUFS 42
#define ENODEV 43
#define ENOENT 44
#define ENOEXEC 45
#define ENOLCK 46
#define ENOLINK 47
#define ENOMEM 48
#define ENOMSG 49
#define ENOPROTOOPT 50
#define ENOSPC 51
#define ENOSYS 52
#define ENOTCONN 53
#define ENOTDIR 54
#define ENOTEMPTY 55
#define ENOTRECOVERABLE 56
#define ENOTSOCK 57
#define ENOTSUP 58
#define ENOTTY 59
#define ENXIO 60
#define EOVERFLOW 61
#define EOWNERDEAD 62
#define EPERM 63
#define EPIPE 64
#define EPROTO 65
#define EPROTONOSUPPORT 66
#define EPROTOTYPE 67
#define ERANGE 68
#define EROFS 69
#define ESPIPE 70
#define ESRCH 71
#define ESTALE 72
#define ETIMEDOUT 73
#define ETXTBSY 74
#define EXDEV 75
#define ENOTCAPABLE 76

/* Linux errno names that WASI does not have (int80 numbering). */
#define ENOTBLK 77
#define ECHRNG 78
#define EL2NSYNC 79
#define EL3HLT 80
#define EL3RST 81
#define ELNRNG 82
#define EUNATCH 83
#define ENOCSI 84
#define EL2HLT 85
#define EBADE 86
#define EBADR 87
#define EXFULL 88
#define ENOANO 89
#define EBADRQC 90
#define EBADSLT 91
#define EBFONT 92
#define ENOSTR 93
#define ENODATA 94
#define ETIME 95
#define ENOSR 96
#define ENONET 97
#define ENOPKG 98
#define EREMOTE 99
#define EADV 100
#define ESRMNT 101
#define ECOMM 102
#define EDOTDOT 103
#define ENOTUNIQ 104
#define EBADFD 105
#define EREMCHG 106
#define ELIBACC 107
#define ELIBBAD 108
#define ELIBSCN 109
#define ELIBMAX 110
#define ELIBEXEC 111
#define ERESTART 112
#define ESTRPIPE 113
#define EUSERS 114
#define ESOCKTNOSUPPORT 115
#define EPFNOSUPPORT 116
#define ESHUTDOWN 117
#define ETOOMANYREFS 118
#define EHOSTDOWN 119
#define EUCLEAN 120
#define ENOTNAM 121
#define ENAVAIL 122
#define EISNAM 123
#define EREMOTEIO 124
#define ENOMEDIUM 125
#define EMEDIUMTYPE 126
#define ENOKEY 127
#define EKEYEXPIRED 128
#define EKEYREVOKED 129
#define EKEYREJECTED 130
#define ERFKILL 131
#define EHWPOISON 132

/* Linux aliases: EOPNOTSUPP == ENOTSUP (95 on Linux), EWOULDBLOCK == EAGAIN. */
#define EOPNOTSUPP ENOTSUP
#define EWOULDBLOCK EAGAIN
#define EDEADLOCK EDEADLK

#endif

/* int80: Linux fd_set, a bitmap of FD_SETSIZE bits. Shadows wasi-libc's list. */
#ifndef __wasilibc___typedef_fd_set_h
#define __wasilibc___typedef_fd_set_h
#include <__macro_FD_SETSIZE.h>
typedef unsigned long fd_mask;
typedef struct {
	unsigned long fds_bits[FD_SETSIZE / 8 / sizeof(long)];
} fd_set;
#endif

/* int80 <sys/sysmacros.h>: glibc's encoding of dev_t (major in bits 8..19 and 32..43,
 * minor in bits 0..7 and 20..31), which is what Linux's new_encode_dev stores. */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H

#define major(x) ((unsigned)((((x) >> 31 >> 1) & 0xfffff000) | (((x) >> 8) & 0x00000fff)))
#define minor(x) ((unsigned)((((x) >> 12) & 0xffffff00) | ((x) & 0x000000ff)))
#define makedev(x, y) ( \
	(((x) & 0xfffff000ULL) << 32) | (((x) & 0x00000fffULL) << 8) | \
	(((y) & 0xffffff00ULL) << 12) | (((y) & 0x000000ffULL)))
#endif

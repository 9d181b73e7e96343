/* int80 <sys/stat.h>: wasi-libc's, plus what Linux has and WASI lacks (umask, FIFOs,
 * mknod). All of them trap to the kernel (src/stat.c, src/fs.c). */
#ifndef _INT80_SYS_STAT_H
#define _INT80_SYS_STAT_H
#include_next <sys/stat.h>
#ifdef __cplusplus
extern "C" {
#endif
mode_t umask(mode_t);
int mkfifo(const char *, mode_t);
int mkfifoat(int, const char *, mode_t);
int mknod(const char *, mode_t, dev_t);
int mknodat(int, const char *, mode_t, dev_t);
#ifdef __cplusplus
}
#endif
#endif

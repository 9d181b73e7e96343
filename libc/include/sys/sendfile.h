/* <sys/sendfile.h>: sendfile(2), through sendfile64 (off_t is 64 bits here). */
#ifndef _SYS_SENDFILE_H
#define _SYS_SENDFILE_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

ssize_t sendfile (int, int, off_t *, size_t);
#define sendfile64 sendfile

#ifdef __cplusplus
}
#endif

#endif

#ifndef __wasilibc___errno_h
#define __wasilibc___errno_h

/* errno, as int80 has it (this header replaces wasi-libc's, which says
 * `extern _Thread_local int errno`). wasi-libc's own objects are compiled without
 * thread-local storage, so its errno is an ordinary word, and a thread-local reference
 * to it would be wrong. errno is still per thread: the host saves and restores this word
 * at every thread switch (docs/threads.md). */

#ifdef __cplusplus
extern "C" {
#endif

extern int errno;

#define errno errno

#ifdef __cplusplus
}
#endif
#endif

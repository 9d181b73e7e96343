/* int80: Linux socklen_t (u32). Shadows wasi-libc. */
#ifndef __wasilibc___typedef_socklen_t_h
#define __wasilibc___typedef_socklen_t_h
typedef unsigned int socklen_t;
#endif

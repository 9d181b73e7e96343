/* int80: Linux struct sockaddr (16 bytes, 2-byte aligned). Shadows wasi-libc. */
#ifndef __wasilibc___struct_sockaddr_h
#define __wasilibc___struct_sockaddr_h
#include <__typedef_sa_family_t.h>
struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};
#endif

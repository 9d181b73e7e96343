/* int80: Linux struct sockaddr_storage (128 bytes). Shadows wasi-libc. */
#ifndef __wasilibc___struct_sockaddr_storage_h
#define __wasilibc___struct_sockaddr_storage_h
#include <__typedef_sa_family_t.h>
struct sockaddr_storage {
	sa_family_t ss_family;
	char __ss_padding[128 - sizeof(long) - sizeof(sa_family_t)];
	unsigned long __ss_align;
};
#endif

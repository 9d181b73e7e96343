/* int80: Linux i386 struct msghdr (28 bytes). Shadows wasi-libc. */
#ifndef __wasilibc___struct_msghdr_h
#define __wasilibc___struct_msghdr_h
#include <__typedef_socklen_t.h>
struct iovec;
struct msghdr {
	void *msg_name;
	socklen_t msg_namelen;
	struct iovec *msg_iov;
	unsigned int msg_iovlen;   /* size_t on i386 */
	void *msg_control;
	unsigned int msg_controllen; /* size_t on i386 */
	int msg_flags;
};
#endif

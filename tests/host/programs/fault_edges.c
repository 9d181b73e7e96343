/* EFAULT at the edges of user memory: the first page and the end of the memory. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <stdint.h>
#include <sys/socket.h>

extern unsigned char __heap_base;

static void try(const char *what, void *p, size_t n) {
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	ssize_t r = send(sv[0], p, n, 0);
	printf("%s: %s\n", what, r < 0 ? strerror(errno) : "ok");
}

int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	size_t end = __builtin_wasm_memory_size(0) * 65536;
	try("address 0", (void *)0, 1);
	try("address 4095", (void *)4095, 1);
	try("4095..4096", (void *)4095, 2);
	try("address 4096", (void *)4096, 1);
	try("last byte", (void *)(uintptr_t)(end - 1), 1);
	try("last byte + 1", (void *)(uintptr_t)(end - 1), 2);
	try("past the end", (void *)(uintptr_t)end, 1);
	try("0xfffff000", (void *)0xfffff000u, 16);
	return 7;
}

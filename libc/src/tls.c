/* The thread-local storage block of a new thread (__thread/_Thread_local data).
 *
 * wasm-ld without shared memory lays .tdata and .tbss out as one ordinary data segment
 * (the main thread's block) at __tls_base and gives no __tls_size, __tls_align or
 * __wasm_init_tls. `int80 cc` (host/cc/driver.ts perThreadTls) finds these functions by
 * their export names and replaces their bodies with the block's size, its alignment and
 * the code that writes the initial image (.tdata's values, .tbss's zeros) to a block;
 * pthread_create gives each thread a block and passes it as clone's tls (CLONE_SETTLS),
 * and the host points __tls_base at the running thread's block (docs/threads.md).
 *
 * These bodies are what a module not finished by int80 cc gets: no block (size 0), so
 * its threads share the main thread's. They are in a file of their own so that the
 * compiler cannot fold their results into pthread_create. */
#include <stddef.h>

__attribute__((export_name("__int80_tls_size"))) size_t __int80_tls_size(void)
{
	return 0;
}

__attribute__((export_name("__int80_tls_align"))) size_t __int80_tls_align(void)
{
	return 1;
}

__attribute__((export_name("__int80_tls_init"))) void __int80_tls_init(void *block)
{
	(void)block;
}

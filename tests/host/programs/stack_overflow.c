/* stack_overflow.c - unbounded recursion: V8 throws RangeError (no guard page in wasm);
 * the process ends with SIGSEGV's status, alone. */
#include <stdio.h>
static volatile int sink;
static int down(int n)
{
	volatile char pad[64];
	pad[0] = (char)n;
	sink = pad[0];
	return down(n + 1) + 1;
}
int main(void)
{
	printf("recursing\n");
	fflush(stdout);
	return down(0);
}

/* stack_overflow.c - unbounded recursion that really recurses: each frame passes its own
 * volatile array to the next call and reads it after the call returns, so the compiler can
 * neither turn the recursion into a loop (tail-recursion elimination with an accumulator
 * needs a frame nothing points into) nor drop the array. V8 throws RangeError when the
 * host's stack is exhausted (wasm has no guard page); the process ends with SIGSEGV's
 * status (139), alone, as a Linux process that runs off its stack does. */
#include <stdio.h>
static int down(volatile char *up, int n)
{
	volatile char pad[4];
	pad[0] = (char)n;
	int r = down(pad, n + 1);
	return r + pad[0] + up[0];
}
int main(void)
{
	volatile char top[4] = { 0 };
	printf("recursing\n");
	fflush(stdout);
	return down(top, 0);
}

/* nanosleep worker: compute (count primes below 200000) and print, while the
 * other process sleeps. */
#include "multi.h"

int main(void)
{
	int n, d, count = 0;
	setvbuf(stdout, NULL, _IONBF, 0);
	for (n = 2; n < 200000; n++) {
		for (d = 2; d * d <= n; d++)
			if (n % d == 0) break;
		if (d * d > n) count++;
	}
	printf("worker: %d primes below 200000\n", count);
	return 0;
}

/* sleeper.c - prints, then sleeps 1 ms: a blocked call with a timeout (the host's timer). */
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	printf("sleeping\n");
	fflush(stdout);
	usleep(1000);
	printf("woke\n");
	return 0;
}

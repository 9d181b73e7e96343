/* bad_handler.c - a signal handler that is not a function (an index past the function
 * table): delivering the signal is a jump to a bad address, SIGSEGV. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = (void (*)(int))0x7fff0000;
	sigaction(SIGUSR1, &sa, 0);
	printf("raising\n");
	fflush(stdout);
	kill(getpid(), SIGUSR1);
	printf("not reached\n");
	return 0;
}

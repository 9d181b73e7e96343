/* abort.c - abort() ends the process with SIGABRT (status 134), after a handler
 * that returns runs once; stdout written before it is kept (unbuffered). */
#include "common.h"

static void on_abrt(int sig)
{
	printf("handler: signal %d\n", sig);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGABRT, on_abrt);
	printf("calling abort\n");
	abort();
	printf("not reached\n");
	return 0;
}

/* A signal reaches a process that never makes a system call: Linux delivers it on the
 * return to user mode after the timer interrupt, int80 at a preemption point. The
 * handler runs during the loop (SIGALRM from alarm, and setitimer's SIGALRM twice),
 * and a fatal default action (SIGALRM with SIG_DFL) ends the loop too. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_alarm(int sig) { got++; }

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(1);
	while (!got) ;
	printf("alarm: handler ran during the loop, got %d\n", got);

	struct itimerval it = { { 0, 100000 }, { 0, 100000 } };
	got = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	while (got < 2) ;
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	printf("setitimer: the loop saw %s\n", got >= 2 ? "two ticks" : "fewer");

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		for (;;) ;
	}
	int status;
	waitpid(pid, &status, 0);
	printf("child spinning under SIG_DFL: %s %d\n", WIFSIGNALED(status) ? "killed by signal" : "exited", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	return 0;
}

/* exec_arg.c - execv(argv[1], argv + 1): runs another program in this process. */
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv) {
	if (argc < 2) return 2;
	execv(argv[1], argv + 1);
	perror("execv");
	return 127;
}

/* A 16 MiB line without a newline until its end (issue #12: prefixing is linear). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
	static char buf[4096];
	memset(buf, 'y', sizeof buf);
	for (int i = 0; i < 4096; i++) write(1, buf, sizeof buf); /* 16 MiB, no newline */
	write(1, "\n", 1);
	return 0;
}

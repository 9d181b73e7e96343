/* null syscall: getsockopt(SO_TYPE) in a loop - ns per call */
#include <sys/socket.h>
#include "bench.h"

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 1000000);
	int s = socket(AF_UNIX, SOCK_STREAM, 0), v;
	socklen_t len = sizeof v;
	if (s < 0) DIE("socket");
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) < 0) DIE("getsockopt");
	printf("RESULT %.1f ns/call\n", (now_ns() - t0) / n);
	return 0;
}

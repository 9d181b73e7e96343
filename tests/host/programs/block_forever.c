#include <sys/socket.h>
#include <unistd.h>
int main(void) {
	int sv[2];
	char c;
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	return read(sv[0], &c, 1);
}

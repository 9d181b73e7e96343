/* accept_blocks client: sleep 100 ms so that the server is already blocked in
 * accept(), bind an abstract name, connect, exchange one message each way. */
#include "multi.h"

int main(void)
{
	struct sockaddr_un self, srv;
	socklen_t slen = un_abstract(&self, "int80-multi-accept-client");
	socklen_t len = un_abstract(&srv, "int80-multi-accept");
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	CHECK(usleep(100000));
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0) die("socket");
	CHECK(bind(s, (struct sockaddr *)&self, slen));
	/* the server has had 100 ms to listen; still, retry as a client would */
	int tries = 0;
	while (connect(s, (struct sockaddr *)&srv, len) < 0) {
		if (errno != ECONNREFUSED || ++tries == 500) die("connect");
		usleep(10000);
	}
	printf("client: connected\n");
	CHECK(write(s, "hello", 5));
	long n = CHECK(read(s, buf, sizeof buf));
	if (n > 0) show_buf("client: got", buf, n);
	CHECK(read(s, buf, sizeof buf));     /* the server closed: EOF */
	CHECK(close(s));
	return 0;
}

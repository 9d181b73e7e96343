/* tcp_select client: connect to 127.0.0.1:PORT, send two lines and read the
 * answer to each, 20 ms apart, then close (line_client in multi.h). */
#include "multi.h"

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int port = argc > 1 ? atoi(argv[1]) : 47302;
	return line_client(tcp_connect(port), argc > 2 ? argv[2] : "c");
}

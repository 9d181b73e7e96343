/* select_server client: connect, send two lines and read the answer to each,
 * 20 ms apart, then close (line_client in multi.h). */
#include "multi.h"

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	return line_client(unix_connect("int80-multi-select"), argc > 1 ? argv[1] : "c");
}

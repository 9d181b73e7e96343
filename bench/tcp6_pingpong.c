/* TCP ping-pong over ::1, 1 byte, in one process - ns per round trip */
#define FAMILY AF_INET6
#include "tcp_pingpong.c"

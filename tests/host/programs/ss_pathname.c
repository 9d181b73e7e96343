/* ss_pathname: a listening pathname AF_UNIX socket, a client connected to it and the accepted socket (tests/host/ss.test.js). */
#include <sys/socket.h>
#include <sys/un.h>
#include <string.h>
#include <unistd.h>
int main(){ struct sockaddr_un a = {AF_UNIX}; strcpy(a.sun_path, "/tmp/ss.sock"); unlink(a.sun_path); int s = socket(AF_UNIX, SOCK_STREAM, 0); bind(s, (void*)&a, sizeof a); listen(s, 1); int c = socket(AF_UNIX, SOCK_STREAM, 0); connect(c, (void*)&a, sizeof a); int x = accept(s, 0, 0); return 0; }

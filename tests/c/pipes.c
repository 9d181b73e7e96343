/* Pipes in one process: data through, EOF, capacity (64 KiB, F_GETPIPE_SZ/F_SETPIPE_SZ),
 * PIPE_BUF atomicity of nonblocking writes, FIONREAD, EPIPE with SIGPIPE ignored and
 * delivered, poll/epoll readiness bits (POLLHUP, POLLERR), ESPIPE, fstat, and FIFOs
 * (mkfifo, nonblocking opens, ENXIO). */
#include "common.h"
#include <sys/stat.h>
#include <poll.h>
#include <sys/epoll.h>

static void pollbits(const char *what, int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r = poll(&p, 1, 0);
	printf("poll %s -> %d:%s%s%s%s%s\n", what, r, p.revents & POLLIN ? " IN" : "", p.revents & POLLOUT ? " OUT" : "",
		p.revents & POLLHUP ? " HUP" : "", p.revents & POLLERR ? " ERR" : "", p.revents & POLLNVAL ? " NVAL" : "");
}

static int got_sigpipe;
static void on_sigpipe(int sig) { got_sigpipe = sig; }

#define FIFO "/tmp/int80-test-fifo"

int main(void)
{
	int p[2], n;
	char buf[70000];
	struct stat st;

	CHECK(pipe(p));
	printf("fds %d %d\n", p[0], p[1]);
	CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK(fcntl(p[0], F_GETFL) & O_ACCMODE);
	CHECK(fcntl(p[1], F_GETFL) & O_ACCMODE);
	pollbits("empty read end", p[0], POLLIN | POLLOUT);
	pollbits("empty write end", p[1], POLLIN | POLLOUT);
	CHECK(write(p[1], "hello", 5));
	CHECK(ioctl(p[0], FIONREAD, &n));
	printf("FIONREAD %d\n", n);
	pollbits("read end with data", p[0], POLLIN);
	CHECK(read(p[0], buf, 3));
	CHECK(read(p[0], buf, 100));
	CHECK(write(p[0], "x", 1));
	CHECK(read(p[1], buf, 1));
	CHECK(lseek(p[0], 0, SEEK_SET));
	CHECK(pread(p[0], buf, 1, 0));
	CHECK(pwrite(p[1], "x", 1, 0));
	CHECK(fcntl(p[0], F_GETPIPE_SZ));

	/* nonblocking: fill the 64 KiB */
	CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK(fcntl(p[1], F_SETFL, O_NONBLOCK));
	CHECK(read(p[0], buf, 10));
	memset(buf, 'a', sizeof buf);
	CHECK(write(p[1], buf, 70000));
	pollbits("full write end", p[1], POLLOUT);
	CHECK(write(p[1], buf, 1));
	CHECK(ioctl(p[0], FIONREAD, &n));
	printf("FIONREAD %d\n", n);
	CHECK(read(p[0], buf, 100));
	CHECK(write(p[1], buf, 100));
	CHECK(write(p[1], buf, 1));
	CHECK(read(p[0], buf, 4000));
	pollbits("write end with 3900 free", p[1], POLLOUT);
	CHECK(write(p[1], buf, 4096));
	CHECK(read(p[0], buf, 4096));
	pollbits("write end with 8096 free", p[1], POLLOUT);
	CHECK(write(p[1], buf, 4096));
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 4096));
	while (read(p[0], buf, sizeof buf) > 0) {}
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 4096));
	CHECK(fcntl(p[1], F_GETPIPE_SZ));
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 100000));
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 0));
	CHECK(fcntl(p[1], F_GETPIPE_SZ));
	CHECK(write(p[1], buf, 200000));
	while (read(p[0], buf, sizeof buf) > 0) {}

	/* epoll on both ends */
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = p[0] }, out[2];
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	ev.events = EPOLLOUT; ev.data.fd = p[1];
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev));
	n = epoll_wait(ep, out, 2, 0);
	printf("epoll_wait -> %d (first fd %d events %x)\n", n, n > 0 ? out[0].data.fd : -1, n > 0 ? out[0].events : 0);
	CHECK(write(p[1], "y", 1));
	n = epoll_wait(ep, out, 2, 0);
	printf("epoll_wait -> %d\n", n);

	/* the writer goes: data, then EOF and POLLHUP */
	CHECK(close(p[1]));
	pollbits("read end, writer closed, data left", p[0], POLLIN);
	CHECK(read(p[0], buf, 10));
	pollbits("read end, writer closed", p[0], POLLIN);
	CHECK(read(p[0], buf, 10));
	ev.events = EPOLLIN; 
	n = epoll_wait(ep, out, 2, 0);
	printf("epoll_wait -> %d events %s%s\n", n, n > 0 && (out[0].events & EPOLLHUP) ? "HUP" : "", n > 0 && (out[0].events & EPOLLIN) ? " IN" : "");
	CHECK(close(p[0]));
	CHECK(close(ep));

	/* the reader goes: EPIPE, with SIGPIPE ignored, then handled */
	CHECK(pipe2(p, O_CLOEXEC | O_NONBLOCK));
	CHECK(fcntl(p[0], F_GETFD));
	CHECK(fcntl(p[1], F_GETFL) & O_NONBLOCK ? 1 : 0);
	CHECK(close(p[0]));
	pollbits("write end, reader closed", p[1], POLLOUT);
	signal(SIGPIPE, SIG_IGN);
	CHECK(write(p[1], "z", 1));
	signal(SIGPIPE, on_sigpipe);
	CHECK(write(p[1], "z", 0)); /* a null write succeeds: no EPIPE, no SIGPIPE */
	printf("signal %d\n", got_sigpipe);
	CHECK(write(p[1], "z", 1));
	printf("signal %d\n", got_sigpipe);
	CHECK(close(p[1]));
	CHECK(pipe2(p, 0x12345));
	CHECK(pipe(BADPTR1));

	/* FIFOs */
	unlink(FIFO);
	CHECK(mkfifo(FIFO, 0600));
	CHECK(mkfifo(FIFO, 0600));
	CHECK(stat(FIFO, &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK(open(FIFO, O_WRONLY | O_NONBLOCK));
	int r, w;
	CHECK(r = open(FIFO, O_RDONLY | O_NONBLOCK));
	pollbits("fifo reader, no writer yet", r, POLLIN);
	CHECK(read(r, buf, 10));
	CHECK(w = open(FIFO, O_WRONLY | O_NONBLOCK));
	CHECK(write(w, "fifo", 4));
	CHECK(read(r, buf, 10));
	CHECK(lseek(r, 0, SEEK_SET));
	CHECK(close(w));
	pollbits("fifo reader, writer gone", r, POLLIN);
	CHECK(read(r, buf, 10));
	CHECK(close(r));
	CHECK(r = open(FIFO, O_RDWR));
	CHECK(write(r, "self", 4));
	CHECK(read(r, buf, 10));
	CHECK(close(r));
	CHECK(unlink(FIFO));
	CHECK(mknod(FIFO, S_IFIFO | 0600, 0));
	CHECK(unlink(FIFO));
	return 0;
}

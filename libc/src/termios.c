/* termios: glibc's tcgetattr/tcsetattr over the kernel's struct termios
 * (sysdeps/unix/sysv/linux/tcgetattr.c: the kernel's c_cc has 19 entries, the user's 32). */
#include <termios.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <string.h>

#define KERNEL_NCCS 19
struct kernel_termios {
	tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
	cc_t c_line;
	cc_t c_cc[KERNEL_NCCS];
};

int tcgetattr(int fd, struct termios *t)
{
	struct kernel_termios k;
	if (ioctl(fd, TCGETS, &k) < 0)
		return -1;
	memset(t, 0, sizeof *t);
	t->c_iflag = k.c_iflag;
	t->c_oflag = k.c_oflag;
	t->c_cflag = k.c_cflag;
	t->c_lflag = k.c_lflag;
	t->c_line = k.c_line;
	memcpy(t->c_cc, k.c_cc, KERNEL_NCCS);
	t->c_ispeed = t->c_ospeed = k.c_cflag & CBAUD;
	return 0;
}

int tcsetattr(int fd, int act, const struct termios *t)
{
	struct kernel_termios k;
	if (act < TCSANOW || act > TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	k.c_iflag = t->c_iflag;
	k.c_oflag = t->c_oflag;
	k.c_cflag = t->c_cflag;
	k.c_lflag = t->c_lflag;
	k.c_line = t->c_line;
	memcpy(k.c_cc, t->c_cc, KERNEL_NCCS);
	return ioctl(fd, TCSETS + act, &k);
}

speed_t cfgetispeed(const struct termios *t) { return t->c_cflag & CBAUD; }
speed_t cfgetospeed(const struct termios *t) { return t->c_cflag & CBAUD; }

int cfsetospeed(struct termios *t, speed_t s)
{
	if (s & ~CBAUD) {
		errno = EINVAL;
		return -1;
	}
	t->c_cflag = (t->c_cflag & ~CBAUD) | s;
	t->c_ispeed = t->c_ospeed = s;
	return 0;
}

int cfsetispeed(struct termios *t, speed_t s) { return s ? cfsetospeed(t, s) : 0; }
int cfsetspeed(struct termios *t, speed_t s) { return cfsetospeed(t, s); }

/* cfmakeraw(3) */
void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~OPOST;
	t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

int tcflush(int fd, int q) { return ioctl(fd, TCFLSH, q); }
int tcdrain(int fd) { return ioctl(fd, TCSBRK, 1); }
int tcflow(int fd, int a) { return ioctl(fd, TCXONC, a); }
int tcsendbreak(int fd, int d) { (void)d; return ioctl(fd, TCSBRK, 0); }

pid_t tcgetsid(int fd)
{
	pid_t sid;
	if (ioctl(fd, TIOCGSID, &sid) < 0)
		return -1;
	return sid;
}

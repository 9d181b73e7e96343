/* The terminal (issue #12): isatty, TIOCGWINSZ, tcgetattr/tcsetattr as a terminal answers them (checked on Linux under script(1)). */
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
int main(void) {
	struct winsize ws;
	struct termios t;
	printf("isatty 0 1 2: %d %d %d\n", isatty(0), isatty(1), isatty(2));
	int r = ioctl(1, TIOCGWINSZ, &ws);
	printf("TIOCGWINSZ=%d rows>0=%d cols>0=%d\n", r, r == 0 && ws.ws_row > 0, r == 0 && ws.ws_col > 0);
	r = tcgetattr(0, &t);
	printf("tcgetattr=%d ICANON=%d ECHO=%d\n", r, r == 0 && !!(t.c_lflag & ICANON), r == 0 && !!(t.c_lflag & ECHO));
	t.c_lflag &= ~ECHO;
	printf("tcsetattr=%d\n", tcsetattr(0, TCSANOW, &t));
	tcgetattr(0, &t);
	printf("ECHO after=%d\n", !!(t.c_lflag & ECHO));
	t.c_lflag |= ECHO;
	tcsetattr(0, TCSANOW, &t);
	return 0;
}

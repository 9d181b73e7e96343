/* /etc file reading for the nss-"files"-style lookups: see etc.h. */
#include "etc.h"
#include "int80.h"

/* Linux's O_RDONLY | O_CLOEXEC (asm-generic/fcntl.h), not wasi-libc's O_* values */
#define LINUX_O_RDONLY 0
#define LINUX_O_CLOEXEC 02000000

int __int80_etc_open(struct etc_file *f, const char *path, int hash_anywhere)
{
	f->len = f->pos = 0;
	f->hash_anywhere = hash_anywhere;
	f->fd = __syscall2(__NR_open, path, LINUX_O_RDONLY | LINUX_O_CLOEXEC);
	return f->fd < 0 ? -1 : 0;
}

static int etc_getc(struct etc_file *f)
{
	if (f->pos == f->len) {
		int n = __syscall3(__NR_read, f->fd, f->buf, sizeof f->buf);
		if (n <= 0) return -1;
		f->len = n;
		f->pos = 0;
	}
	return (unsigned char)f->buf[f->pos++];
}

int __int80_etc_line(struct etc_file *f, char *line, int size)
{
	int n = 0, c, any = 0, comment = 0;
	while ((c = etc_getc(f)) >= 0) {
		any = 1;
		if (c == '\n') break;
		if (c == '#' && (f->hash_anywhere || n == 0)) comment = 1;
		if (!comment && n < size - 1) line[n++] = (char)c;
	}
	line[n] = 0;
	return any ? n : -1;
}

void __int80_etc_close(struct etc_file *f)
{
	if (f->fd >= 0) __syscall1(__NR_close, f->fd);
	f->fd = -1;
}

int __int80_etc_fields(char *s, char sep, char **fields, int max)
{
	int n = 0;
	if (sep) {
		/* passwd/group: every separator starts a field, empty ones included */
		fields[n++] = s;
		for (; *s && n < max; s++)
			if (*s == sep) { *s = 0; fields[n++] = s + 1; }
		return n;
	}
	while (*s && n < max) {
		while (*s == ' ' || *s == '\t') *s++ = 0;
		if (!*s) break;
		fields[n++] = s;
		while (*s && *s != ' ' && *s != '\t') s++;
	}
	while (*s) { if (*s == ' ' || *s == '\t') *s = 0; s++; }
	return n;
}

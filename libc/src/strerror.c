/* int80: strerror/perror with glibc's exact messages, so that output matches
 * the same program built with gcc -m32 -static on Linux byte for byte. The
 * table is indexed by the libc's errno values (see <__errno_values.h>). */
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <locale.h>
#include "errno_table.h"

#define NMSG ((int)(sizeof errmsg / sizeof errmsg[0]))

static const char *lookup(int e)
{
	if (e >= 0 && e < NMSG && errmsg[e])
		return errmsg[e];
	return 0;
}

char *strerror(int e)
{
	static char buf[32];
	const char *m = lookup(e);
	if (m)
		return (char *)m;
	snprintf(buf, sizeof buf, "Unknown error %d", e);
	return buf;
}

char *__strerror_l(int e, locale_t loc) { (void)loc; return strerror(e); }
char *strerror_l(int e, locale_t loc) { (void)loc; return strerror(e); }

/* POSIX (XSI) strerror_r, as declared by wasi-libc's <string.h>. */
int strerror_r(int e, char *buf, size_t len)
{
	const char *m = lookup(e);
	char tmp[32];
	size_t n;
	int ret = 0;
	if (!m) {
		snprintf(tmp, sizeof tmp, "Unknown error %d", e);
		m = tmp;
		ret = EINVAL;
	}
	n = strlen(m);
	if (len == 0)
		return ERANGE;
	if (n >= len) {
		memcpy(buf, m, len - 1);
		buf[len - 1] = 0;
		return ERANGE;
	}
	memcpy(buf, m, n + 1);
	return ret;
}

int __xpg_strerror_r(int e, char *buf, size_t len) { return strerror_r(e, buf, len); }

void perror(const char *s)
{
	/* glibc: one formatted write, "s: message\n" or "message\n" */
	const char *m = strerror(errno);
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, m);
	else
		fprintf(stderr, "%s\n", m);
}

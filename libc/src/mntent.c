/* getmntent(3) and friends: fstab/mtab files are lines of six whitespace-separated
 * fields (fsname dir type opts freq passno); '#' lines and blank lines are skipped,
 * as glibc's misc/mntent_r.c does. Missing fields are "" and missing numbers 0. Octal escapes
 * (\040 for a space) are decoded on read and written on addmntent. */
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

FILE *setmntent(const char *name, const char *mode)
{
	return fopen(name, mode);
}

int endmntent(FILE *f)
{
	if (f) fclose(f);
	return 1; /* glibc: always 1 */
}

/* \ooo -> byte, in place */
static char *unescape(char *s)
{
	char *r = s, *w = s;
	while (*r) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)(((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = 0;
	return s;
}

static char *field(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t') s++;
	if (!*s) { *p = s; return 0; }
	char *start = s;
	while (*s && *s != ' ' && *s != '\t') s++;
	if (*s) *s++ = 0;
	*p = s;
	return start;
}

struct mntent *getmntent_r(FILE *f, struct mntent *m, char *buf, int buflen)
{
	for (;;) {
		if (!fgets(buf, buflen, f)) return 0;
		size_t n = strlen(buf);
		if (n && buf[n - 1] != '\n' && !feof(f)) {
			/* glibc: a line longer than the buffer is read to its end and dropped */
			int c;
			while ((c = getc(f)) != EOF && c != '\n');
			continue;
		}
		if (n && buf[n - 1] == '\n') buf[--n] = 0;
		char *p = buf;
		while (*p == ' ' || *p == '\t') p++;
		if (!*p || *p == '#') continue;
		char *fs = field(&p), *dir = field(&p), *type = field(&p), *opts = field(&p);
		char *freq = field(&p), *pass = field(&p);
		/* glibc: missing fields are empty strings */
		m->mnt_fsname = unescape(fs);
		m->mnt_dir = dir ? unescape(dir) : (char *)"";
		m->mnt_type = type ? unescape(type) : (char *)"";
		m->mnt_opts = opts ? unescape(opts) : (char *)"";
		m->mnt_freq = freq ? atoi(freq) : 0;
		m->mnt_passno = pass ? atoi(pass) : 0;
		return m;
	}
}

struct mntent *getmntent(FILE *f)
{
	static struct mntent m;
	static char buf[4096];
	return getmntent_r(f, &m, buf, sizeof buf);
}

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			fprintf(f, "\\%03o", (unsigned char)*s);
		else
			putc(*s, f);
	}
}

int addmntent(FILE *f, const struct mntent *m)
{
	if (fseek(f, 0, SEEK_END)) return 1;
	put_escaped(f, m->mnt_fsname); putc(' ', f);
	put_escaped(f, m->mnt_dir); putc(' ', f);
	put_escaped(f, m->mnt_type); putc(' ', f);
	put_escaped(f, m->mnt_opts);
	fprintf(f, " %d %d\n", m->mnt_freq, m->mnt_passno);
	return ferror(f) || fflush(f) ? 1 : 0;
}

/* hasmntopt(3): the option `opt` as a whole comma-separated word (or followed by '='). */
char *hasmntopt(const struct mntent *m, const char *opt)
{
	size_t n = strlen(opt);
	char *p = m->mnt_opts;
	while (p && *p) {
		if (!strncmp(p, opt, n) && (p[n] == 0 || p[n] == ',' || p[n] == '='))
			return p;
		p = strchr(p, ',');
		if (p) p++;
	}
	return 0;
}

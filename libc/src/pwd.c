/* getpwnam/getpwuid/getpwent and getgrnam/getgrgid/getgrent from /etc/passwd
 * and /etc/group (passwd(5), group(5)), as glibc's nss "files" service reads
 * them: colon-separated fields, the first matching line wins, malformed lines
 * are skipped. getpwnam/getgrnam... return static storage overwritten by the next
 * call; the _r variants (POSIX) fill the caller's buffer. */
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include "etc.h"

#define MAXMEMBERS 64

static char pw_line[1024];
static struct passwd pw;
static struct etc_file pw_file = { .fd = -1 };

/* name:passwd:uid:gid:gecos:dir:shell */
static int parse_passwd(char *line, struct passwd *pw)
{
	char *f[7];
	if (__int80_etc_fields(line, ':', f, 7) != 7) return 0;
	char *e1, *e2;
	unsigned long uid = strtoul(f[2], &e1, 10), gid = strtoul(f[3], &e2, 10);
	if (!*f[0] || !*f[2] || *e1 || !*f[3] || *e2) return 0;
	pw->pw_name = f[0];
	pw->pw_passwd = f[1];
	pw->pw_uid = (uid_t)uid;
	pw->pw_gid = (gid_t)gid;
	pw->pw_gecos = f[4];
	pw->pw_dir = f[5];
	pw->pw_shell = f[6];
	return 1;
}

/* copies the strings of a parsed entry into the caller's buffer (glibc's *_r
 * contract: ERANGE when buf is too small; *out points into buf) */
static int copy_str(char **dst, const char *src, char **buf, size_t *left)
{
	size_t n = strlen(src) + 1;
	if (n > *left) return 0;
	memcpy(*buf, src, n);
	*dst = *buf;
	*buf += n;
	*left -= n;
	return 1;
}

static int copy_passwd(const struct passwd *src, struct passwd *dst, char *buf, size_t buflen)
{
	*dst = *src;
	return copy_str(&dst->pw_name, src->pw_name, &buf, &buflen) &&
	       copy_str(&dst->pw_passwd, src->pw_passwd, &buf, &buflen) &&
	       copy_str(&dst->pw_gecos, src->pw_gecos, &buf, &buflen) &&
	       copy_str(&dst->pw_dir, src->pw_dir, &buf, &buflen) &&
	       copy_str(&dst->pw_shell, src->pw_shell, &buf, &buflen);
}

/* the lookup behind getpwnam_r/getpwuid_r: 0 with *result = NULL when there is no
 * such user (glibc), ERANGE when the entry does not fit in buf */
static int find_passwd_r(const char *name, uid_t uid, struct passwd *out, char *buf, size_t buflen,
			 struct passwd **result)
{
	struct etc_file f;
	char line[1024];
	struct passwd e;
	*result = NULL;
	if (__int80_etc_open(&f, "/etc/passwd", 0) < 0) return 0;
	int rc = 0;
	while (__int80_etc_line(&f, line, sizeof line) >= 0) {
		if (!parse_passwd(line, &e)) continue;
		if (name ? strcmp(name, e.pw_name) != 0 : e.pw_uid != uid) continue;
		if (copy_passwd(&e, out, buf, buflen)) *result = out;
		else rc = ERANGE;
		break;
	}
	__int80_etc_close(&f);
	return rc;
}

int getpwnam_r(const char *name, struct passwd *pwd, char *buf, size_t buflen, struct passwd **result)
{
	return find_passwd_r(name, 0, pwd, buf, buflen, result);
}

int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen, struct passwd **result)
{
	return find_passwd_r(NULL, uid, pwd, buf, buflen, result);
}

static struct passwd *find_passwd(const char *name, uid_t uid)
{
	struct passwd *r;
	int rc = find_passwd_r(name, uid, &pw, pw_line, sizeof pw_line, &r);
	if (rc) errno = rc;
	return r;
}

struct passwd *getpwnam(const char *name) { return find_passwd(name, 0); }
struct passwd *getpwuid(uid_t uid) { return find_passwd(NULL, uid); }

void setpwent(void) { __int80_etc_close(&pw_file); }
void endpwent(void) { __int80_etc_close(&pw_file); }

struct passwd *getpwent(void)
{
	if (pw_file.fd < 0 && __int80_etc_open(&pw_file, "/etc/passwd", 0) < 0) return NULL;
	while (__int80_etc_line(&pw_file, pw_line, sizeof pw_line) >= 0)
		if (parse_passwd(pw_line, &pw)) return &pw;
	return NULL;
}

static char gr_line[1024];
static char *gr_members[MAXMEMBERS + 1];
static struct group gr;
static struct etc_file gr_file = { .fd = -1 };

/* name:passwd:gid:member,member,... */
static int parse_group(char *line, struct group *gr, char **members)
{
	char *f[4];
	if (__int80_etc_fields(line, ':', f, 4) != 4) return 0;
	char *e;
	unsigned long gid = strtoul(f[2], &e, 10);
	if (!*f[0] || !*f[2] || *e) return 0;
	gr->gr_name = f[0];
	gr->gr_passwd = f[1];
	gr->gr_gid = (gid_t)gid;
	int n = 0;
	if (*f[3]) n = __int80_etc_fields(f[3], ',', members, MAXMEMBERS);
	members[n] = NULL;
	gr->gr_mem = members;
	return 1;
}

static int copy_group(const struct group *src, struct group *dst, char *buf, size_t buflen)
{
	/* the member pointer array first, aligned, then the strings (as glibc lays it out) */
	size_t pad = (sizeof(char *) - ((uintptr_t)buf % sizeof(char *))) % sizeof(char *);
	size_t n = 0;
	while (src->gr_mem[n]) n++;
	size_t need = pad + (n + 1) * sizeof(char *);
	if (need > buflen) return 0;
	*dst = *src;
	dst->gr_mem = (char **)(buf + pad);
	buf += need;
	buflen -= need;
	if (!copy_str(&dst->gr_name, src->gr_name, &buf, &buflen) ||
	    !copy_str(&dst->gr_passwd, src->gr_passwd, &buf, &buflen))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!copy_str(&dst->gr_mem[i], src->gr_mem[i], &buf, &buflen)) return 0;
	dst->gr_mem[n] = NULL;
	return 1;
}

static int find_group_r(const char *name, gid_t gid, struct group *out, char *buf, size_t buflen,
			struct group **result)
{
	struct etc_file f;
	char line[1024];
	char *members[MAXMEMBERS + 1];
	struct group e;
	*result = NULL;
	if (__int80_etc_open(&f, "/etc/group", 0) < 0) return 0;
	int rc = 0;
	while (__int80_etc_line(&f, line, sizeof line) >= 0) {
		if (!parse_group(line, &e, members)) continue;
		if (name ? strcmp(name, e.gr_name) != 0 : e.gr_gid != gid) continue;
		if (copy_group(&e, out, buf, buflen)) *result = out;
		else rc = ERANGE;
		break;
	}
	__int80_etc_close(&f);
	return rc;
}

int getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen, struct group **result)
{
	return find_group_r(name, 0, grp, buf, buflen, result);
}

int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen, struct group **result)
{
	return find_group_r(NULL, gid, grp, buf, buflen, result);
}

/* getgrnam/getgrgid: one static entry, its strings and member list in gr_buf */
static char gr_buf[1024 + (MAXMEMBERS + 2) * sizeof(char *)];

static struct group *find_group(const char *name, gid_t gid)
{
	struct group *r;
	int rc = find_group_r(name, gid, &gr, gr_buf, sizeof gr_buf, &r);
	if (rc) errno = rc;
	return r;
}

struct group *getgrnam(const char *name) { return find_group(name, 0); }
struct group *getgrgid(gid_t gid) { return find_group(NULL, gid); }

void setgrent(void) { __int80_etc_close(&gr_file); }
void endgrent(void) { __int80_etc_close(&gr_file); }

struct group *getgrent(void)
{
	if (gr_file.fd < 0 && __int80_etc_open(&gr_file, "/etc/group", 0) < 0) return NULL;
	while (__int80_etc_line(&gr_file, gr_line, sizeof gr_line) >= 0)
		if (parse_group(gr_line, &gr, gr_members)) return &gr;
	return NULL;
}

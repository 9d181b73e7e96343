/* getpwnam/getpwuid/getpwent and getgrnam/getgrgid/getgrent from /etc/passwd
 * and /etc/group (passwd(5), group(5)), as glibc's nss "files" service reads
 * them: colon-separated fields, the first matching line wins, malformed lines
 * are skipped. Results live in static storage overwritten by the next call. */
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include "etc.h"

#define MAXMEMBERS 64

static char pw_line[1024];
static struct passwd pw;
static struct etc_file pw_file = { .fd = -1 };

/* name:passwd:uid:gid:gecos:dir:shell */
static int parse_passwd(char *line)
{
	char *f[7];
	if (__int80_etc_fields(line, ':', f, 7) != 7) return 0;
	char *e1, *e2;
	unsigned long uid = strtoul(f[2], &e1, 10), gid = strtoul(f[3], &e2, 10);
	if (!*f[0] || !*f[2] || *e1 || !*f[3] || *e2) return 0;
	pw.pw_name = f[0];
	pw.pw_passwd = f[1];
	pw.pw_uid = (uid_t)uid;
	pw.pw_gid = (gid_t)gid;
	pw.pw_gecos = f[4];
	pw.pw_dir = f[5];
	pw.pw_shell = f[6];
	return 1;
}

static struct passwd *find_passwd(const char *name, uid_t uid)
{
	struct etc_file f;
	if (__int80_etc_open(&f, "/etc/passwd", 0) < 0) return NULL;
	struct passwd *found = NULL;
	while (!found && __int80_etc_line(&f, pw_line, sizeof pw_line) >= 0) {
		if (!parse_passwd(pw_line)) continue;
		if (name ? strcmp(name, pw.pw_name) == 0 : pw.pw_uid == uid) found = &pw;
	}
	__int80_etc_close(&f);
	return found;
}

struct passwd *getpwnam(const char *name) { return find_passwd(name, 0); }
struct passwd *getpwuid(uid_t uid) { return find_passwd(NULL, uid); }

void setpwent(void) { __int80_etc_close(&pw_file); }
void endpwent(void) { __int80_etc_close(&pw_file); }

struct passwd *getpwent(void)
{
	if (pw_file.fd < 0 && __int80_etc_open(&pw_file, "/etc/passwd", 0) < 0) return NULL;
	while (__int80_etc_line(&pw_file, pw_line, sizeof pw_line) >= 0)
		if (parse_passwd(pw_line)) return &pw;
	return NULL;
}

static char gr_line[1024];
static char *gr_members[MAXMEMBERS + 1];
static struct group gr;
static struct etc_file gr_file = { .fd = -1 };

/* name:passwd:gid:member,member,... */
static int parse_group(char *line)
{
	char *f[4];
	if (__int80_etc_fields(line, ':', f, 4) != 4) return 0;
	char *e;
	unsigned long gid = strtoul(f[2], &e, 10);
	if (!*f[0] || !*f[2] || *e) return 0;
	gr.gr_name = f[0];
	gr.gr_passwd = f[1];
	gr.gr_gid = (gid_t)gid;
	int n = 0;
	if (*f[3]) n = __int80_etc_fields(f[3], ',', gr_members, MAXMEMBERS);
	gr_members[n] = NULL;
	gr.gr_mem = gr_members;
	return 1;
}

static struct group *find_group(const char *name, gid_t gid)
{
	struct etc_file f;
	if (__int80_etc_open(&f, "/etc/group", 0) < 0) return NULL;
	struct group *found = NULL;
	while (!found && __int80_etc_line(&f, gr_line, sizeof gr_line) >= 0) {
		if (!parse_group(gr_line)) continue;
		if (name ? strcmp(name, gr.gr_name) == 0 : gr.gr_gid == gid) found = &gr;
	}
	__int80_etc_close(&f);
	return found;
}

struct group *getgrnam(const char *name) { return find_group(name, 0); }
struct group *getgrgid(gid_t gid) { return find_group(NULL, gid); }

void setgrent(void) { __int80_etc_close(&gr_file); }
void endgrent(void) { __int80_etc_close(&gr_file); }

struct group *getgrent(void)
{
	if (gr_file.fd < 0 && __int80_etc_open(&gr_file, "/etc/group", 0) < 0) return NULL;
	while (__int80_etc_line(&gr_file, gr_line, sizeof gr_line) >= 0)
		if (parse_group(gr_line)) return &gr;
	return NULL;
}

/* getmntent(3) and friends over an fstab-format file: comments and blank lines skipped,
 * \040 escapes decoded, missing freq/passno read as 0, hasmntopt matching whole options,
 * addmntent appending with escapes. */
#include "common.h"
#include <mntent.h>

static void show(const struct mntent *m)
{
	printf("fsname [%s] dir [%s] type [%s] opts [%s] freq %d passno %d\n",
	       m->mnt_fsname, m->mnt_dir, m->mnt_type, m->mnt_opts, m->mnt_freq, m->mnt_passno);
}

int main(void)
{
	const char *path = "/tmp/int80_mntent.tab";
	FILE *f = fopen(path, "w");
	fputs("# a comment\n"
	      "\n"
	      "proc /proc proc rw,nosuid,nodev 0 0\n"
	      "  tmpfs\t/tmp  tmpfs rw,size=10m,mode=1777 1 2\n"
	      "/dev/sda1 /mnt/my\\040disk ext4 ro\n"
	      "lonely\n", f);
	fclose(f);

	f = setmntent(path, "r");
	printf("setmntent: %s\n", f ? "ok" : "NULL");
	struct mntent *m;
	while ((m = getmntent(f))) {
		show(m);
		printf("  rw %s, size %s, nosuid %s, no %s\n",
		       hasmntopt(m, "rw") ? hasmntopt(m, "rw") : "-",
		       hasmntopt(m, "size") ? hasmntopt(m, "size") : "-",
		       hasmntopt(m, "nosuid") ? "yes" : "-",
		       hasmntopt(m, "no") ? "yes" : "-");
	}
	printf("endmntent -> %d\n", endmntent(f));

	f = setmntent(path, "a+");
	struct mntent add = { "none", "/a dir", "tmpfs", "defaults", 0, 1 };
	printf("addmntent -> %d\n", addmntent(f, &add));
	endmntent(f);

	f = setmntent(path, "r");
	struct mntent r;
	char buf[256];
	while (getmntent_r(f, &r, buf, sizeof buf)) show(&r);
	endmntent(f);
	errno = 0;
	f = setmntent("/tmp/int80_no_such_tab", "r");
	printf("setmntent(missing): %s %s\n", f ? "ok" : "NULL", errname(errno));
	unlink(path);
	return 0;
}

/* Reading /etc files (services, protocols, passwd, group) line by line,
 * through the kernel's open(2)/read(2)/close(2): the files are the machine's,
 * served by the kernel's file system. When a file cannot be opened (no such
 * file, or a kernel without a file system: ENOSYS), the lookups find nothing,
 * as glibc's nss "files" service does when the file is missing. */
#ifndef INT80_ETC_H
#define INT80_ETC_H

struct etc_file {
	int fd;
	int hash_anywhere; /* '#' starts a comment anywhere (services, protocols), else only first on a line */
	int len, pos;
	char buf[1024];
};

/* 0, or -1 when the file cannot be read */
int __int80_etc_open(struct etc_file *f, const char *path, int hash_anywhere);
/* the next line without its comment ('#' to the end) and newline, NUL-
 * terminated in line[size]; longer lines are cut. Its length, or -1 at the end. */
int __int80_etc_line(struct etc_file *f, char *line, int size);
void __int80_etc_close(struct etc_file *f);
/* splits s at blanks (or at `sep` when nonzero) in place: up to max fields, their count */
int __int80_etc_fields(char *s, char sep, char **fields, int max);

#endif

/* File calls whose --strace lines tests/host/fs.test.js checks against strace's formats. */
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <dirent.h>
int main(void) {
  int p[2]; char b[64]; struct stat st;
  int fd = open("/tmp/s.txt", O_CREAT|O_WRONLY|O_TRUNC, 0644);
  write(fd, "hello", 5); close(fd);
  fd = open("/tmp/s.txt", O_RDONLY);
  pread(fd, b, 3, 1); lseek(fd, 2, SEEK_SET); fstat(fd, &st); close(fd);
  stat("/dev/null", &st); lstat("/nonexistent", &st);
  DIR *d = opendir("/etc"); while (readdir(d)) {} closedir(d);
  pipe(p); mkdir("/tmp/sd", 0755); rmdir("/tmp/sd"); access("/etc", R_OK|X_OK);
  symlink("s.txt", "/tmp/sl"); readlink("/tmp/sl", b, sizeof b); unlink("/tmp/sl");
  getcwd(b, sizeof b); umask(077); rename("/tmp/s.txt", "/tmp/t.txt"); unlink("/tmp/t.txt");
  mkfifo("/tmp/ff", 0600); unlink("/tmp/ff");
  return 0;
}

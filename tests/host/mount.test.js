// int80 run --mount HOSTDIR:GUESTDIR[:ro|:rw] (issue #14 part 5): a host directory in the
// guest's tree, and nothing else of the host. A web server in C serves a mounted file to
// a client (through sendfile); a program tries every way out of a mount (.., absolute and
// relative symlinks, a symlink to the parent) and every write to a read-only mount; a
// read-write mount changes the host directory as Linux would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../dist/host/node/run.js";
import { parseMount } from "../../dist/host/hostfs.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs", "mount");
let tmp;
const SECRET = "HOST-SECRET-outside-the-mount";

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "int80-mount-"));
  // tmp/outside.txt is the host file no guest may read; tmp/m is the mounted directory
  fs.writeFileSync(path.join(tmp, "outside.txt"), SECRET + "\n");
  const m = path.join(tmp, "m");
  fs.mkdirSync(path.join(m, "dir"), { recursive: true });
  fs.writeFileSync(path.join(m, "inside.txt"), "inside the mount\n");
  fs.writeFileSync(path.join(m, "index.html"), "<h1>served from the host</h1>\n");
  fs.symlinkSync("/etc/hostname", path.join(m, "abs_link"));
  fs.symlinkSync("../outside.txt", path.join(m, "rel_link"));
  fs.symlinkSync("../../../../../../../../../etc/hostname", path.join(m, "deep_link"));
  fs.symlinkSync("..", path.join(m, "parent_link"));
  fs.symlinkSync(path.join(tmp, "outside.txt"), path.join(m, "host_abs_link"));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("--mount parses HOSTDIR:GUESTDIR[:ro|:rw], read-only by default", () => {
  assert.deepEqual(parseMount("./htdocs:/srv/www"), { host: "./htdocs", guest: "/srv/www", rw: false });
  assert.deepEqual(parseMount("/a:b:/x:rw"), { host: "/a:b", guest: "/x", rw: true });
  assert.deepEqual(parseMount("d:/x:ro"), { host: "d", guest: "/x", rw: false });
  assert.match(parseMount("d:x"), /absolute/);
  assert.match(parseMount("d:/x/../y"), /\.\./);
  assert.match(parseMount("nocolon"), /HOSTDIR:GUESTDIR/);
});

test("a C web server serves a file from a mounted directory; escapes through the URL reach only the guest", async () => {
  const r = await run([
    { path: path.join(dir, "httpd.c"), args: ["8080", "/srv/www", "5"] },
    { path: path.join(dir, "client.c"), args: ["8080", "/index.html", "/../../outside.txt", "/../../../../etc/hostname", "/missing", "/rel_link"] },
  ], { capture: true, timeoutSeconds: 60, mounts: [{ host: path.join(tmp, "m"), guest: "/srv/www", rw: false }] });
  const out = r.captured.text();
  assert.equal(r.status, 0, out);
  assert.ok(!out.includes(SECRET), out);
  assert.match(out, /client: GET \/index.html: HTTP\/1.0 200 OK \| <h1>served from the host<\/h1>/);
  assert.match(out, /httpd: \/srv\/www\/index.html -> 200, sendfile 30 bytes/);
  // "/srv/www/../../outside.txt" is the guest's /outside.txt: there is none
  assert.match(out, /client: GET \/\.\.\/\.\.\/outside.txt: HTTP\/1.0 404 Not Found \| No such file or directory/);
  // the guest's own /etc/hostname, not the host's
  assert.match(out, /client: GET \/\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname: HTTP\/1.0 200 OK \| int80/);
  assert.match(out, /client: GET \/missing: HTTP\/1.0 404/);
  assert.match(out, /client: GET \/rel_link: HTTP\/1.0 404 Not Found \| No such file or directory/);
});

test("nothing outside a mount is reachable: .., symlinks out, absolute symlinks; a read-only mount refuses writes", async () => {
  const r = await run([{ path: path.join(dir, "escape.c") }], {
    capture: true, timeoutSeconds: 60, mounts: [{ host: path.join(tmp, "m"), guest: "/mnt/m", rw: false }],
  });
  const out = r.captured.text();
  assert.equal(r.status, 0, out);
  assert.ok(!out.includes(SECRET), out);
  const lines = out.split("\n");
  const has = (l) => assert.ok(lines.includes(l), `missing line: ${l}\n${out}`);
  has("read /mnt/m/inside.txt: inside the mount|");
  has("open /mnt/m/../outside.txt: No such file or directory");
  has("open /mnt/m/../../outside.txt: No such file or directory");
  has("read /mnt/m/abs_link: int80|");             // the guest's /etc/hostname
  has("open /mnt/m/rel_link: No such file or directory");
  has("read /mnt/m/deep_link: int80|");
  has("open /mnt/m/parent_link/outside.txt: No such file or directory");
  has("open /mnt/m/host_abs_link: No such file or directory"); // the host path means nothing in the guest
  has("open /mnt/m/dir/../../outside.txt: No such file or directory");
  has("ls /mnt/m/..: . .. m");                      // the guest's /mnt
  has("ls /mnt/m/parent_link: . .. m");
  has("cwd /");
  has("open outside.txt: No such file or directory");
  has('open("/mnt/m/new.txt", O_CREAT | O_WRONLY, 0644) = -1 Read-only file system');
  has('open("/mnt/m/inside.txt", O_WRONLY) = -1 Read-only file system');
  has('open("/mnt/m/inside.txt", O_RDONLY | O_TRUNC) = -1 Read-only file system');
  has('unlink("/mnt/m/inside.txt") = -1 Read-only file system');
  has('mkdir("/mnt/m/d2", 0755) = -1 Read-only file system');
  has('rename("/mnt/m/inside.txt", "/mnt/m/x.txt") = -1 Read-only file system');
  has('rename("/mnt/m/inside.txt", "/tmp/x.txt") = -1 Invalid cross-device link');
  has('link("/mnt/m/inside.txt", "/tmp/x.txt") = -1 Invalid cross-device link');
  has('symlink("/etc/passwd", "/mnt/m/s") = -1 Read-only file system');
  has('truncate("/mnt/m/inside.txt", 0) = -1 Read-only file system');
  has('rmdir("/mnt/m") = -1 Device or resource busy');
  has('rename("/mnt/m", "/mnt/n") = -1 Device or resource busy');
  has("read /etc/hostname: int80|");
  // no dentry, inode or lock outlives its last reference (host mounts' names stay in the tree)
  assert.equal(r.machine.kernel.fs_check_idle(), 0);
  // the host directory is unchanged
  assert.deepEqual(fs.readdirSync(path.join(tmp, "m")).sort(),
    ["abs_link", "deep_link", "dir", "host_abs_link", "index.html", "inside.txt", "parent_link", "rel_link"]);
});

test("a read-write mount changes the host directory: create, write, append, truncate, rename, link, symlink, unlink", async () => {
  const rw = path.join(tmp, "rw");
  fs.mkdirSync(rw);
  const src = path.join(tmp, "rw.c");
  fs.writeFileSync(src, `
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/statfs.h>
int main(void) {
  mkdir("/data/d", 0750);
  int fd = open("/data/d/f", O_CREAT | O_RDWR | O_TRUNC, 0640);
  write(fd, "hello world\\n", 12);
  ftruncate(fd, 5);
  lseek(fd, 0, SEEK_END);
  write(fd, "XY", 2);
  int a = open("/data/d/f", O_WRONLY | O_APPEND);
  write(a, "++", 2);
  symlink("f", "/data/d/l");
  rename("/data/d", "/data/e");
  char b[32] = {0};
  int g = open("/data/e/l", O_RDONLY);
  printf("read through the symlink: %zd %s\\n", read(g, b, sizeof b - 1), b);
  link("/data/e/f", "/data/e/h");
  unlink("/data/e/f");
  struct stat st;
  stat("/data/e/h", &st);
  printf("size %ld nlink %ld mode %o\\n", (long)st.st_size, (long)st.st_nlink, st.st_mode & 0777);
  errno = 0;
  printf("mkfifo: %d %s\\n", mkfifo("/data/e/p", 0600), strerror(errno));
  errno = 0;
  printf("rmdir non-empty: %d %s\\n", rmdir("/data/e"), strerror(errno));
  struct statfs sf;
  printf("statfs: %d namelen %ld\\n", statfs("/data", &sf), (long)sf.f_namelen);
  return 0;
}`);
  const r = await run([{ path: src }], { capture: true, timeoutSeconds: 60, mounts: [{ host: rw, guest: "/data", rw: true }] });
  const out = r.captured.text();
  assert.equal(r.status, 0, out);
  assert.match(out, /read through the symlink: 9 helloXY\+\+/);
  assert.match(out, /size 9 nlink 1 mode 640/);
  assert.match(out, /mkfifo: -1 Operation not permitted/);
  assert.match(out, /rmdir non-empty: -1 Directory not empty/);
  assert.match(out, /statfs: 0 namelen 255/);
  assert.deepEqual(fs.readdirSync(rw), ["e"]);
  assert.deepEqual(fs.readdirSync(path.join(rw, "e")).sort(), ["h", "l"]);
  assert.equal(fs.readFileSync(path.join(rw, "e", "h"), "utf8"), "helloXY++");
  assert.equal(fs.readlinkSync(path.join(rw, "e", "l")), "f");
  assert.equal(r.machine.kernel.fs_check_idle(), 0);
});

test("a mount that cannot be made is an error before anything runs", async () => {
  await assert.rejects(run([{ path: path.join(dir, "escape.c") }], {
    capture: true, mounts: [{ host: path.join(tmp, "no-such-dir"), guest: "/mnt/m", rw: false }],
  }), /--mount .*ENOENT/);
  await assert.rejects(run([{ path: path.join(dir, "escape.c") }], {
    capture: true, mounts: [{ host: path.join(tmp, "m"), guest: "/etc", rw: false }],
  }), /--mount .*ENOTEMPTY/);
});

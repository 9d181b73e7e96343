// The file system seen from the host: --strace prints the file calls as strace(1) does
// (formats checked against strace 6 on x86_64, where the calls differ only in name:
// newfstatat for fstat64/stat64/lstat64, lseek for _llseek, mknodat for mknod), and no
// dentry, inode or pipe outlives its last reference once the processes are gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../dist/host/node/run.js";
import { Strace } from "../../dist/host/trace/strace.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");

test("--strace decodes open flags and modes, stat64 structs, getdents64, pipes, *at dirfds", async () => {
  let text = "";
  const tracer = new Strace({ write: (t) => { text += t; } });
  await run([{ path: path.join(dir, "fs_strace.c") }], { capture: true, tracer });
  const lines = text.split("\n").map((l) => l.replace(/\s+= /, " = "));
  for (const want of [
    'openat(AT_FDCWD, "/tmp/s.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3',
    'openat(AT_FDCWD, "/tmp/s.txt", O_RDONLY) = 3',
    'pread64(3, "ell", 3, 1) = 3',
    "_llseek(3, 2, [2], SEEK_SET) = 0",
    "fstat64(3, {st_mode=S_IFREG|0644, st_size=5, ...}) = 0",
    'stat64("/dev/null", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0',
    'openat(AT_FDCWD, "/etc", O_RDONLY|O_CLOEXEC|O_DIRECTORY) = 3',
    "pipe([3, 4]) = 0",
    'mkdir("/tmp/sd", 0755) = 0',
    'faccessat(AT_FDCWD, "/etc", R_OK|X_OK) = 0',
    'symlink("s.txt", "/tmp/sl") = 0',
    'readlink("/tmp/sl", "s.txt", 64) = 5',
    'getcwd("/", 64) = 2',
    "umask(077) = 022",
    'rename("/tmp/s.txt", "/tmp/t.txt") = 0',
    'mknod("/tmp/ff", S_IFIFO|0600) = 0',
  ]) assert.ok(lines.includes(want), `missing: ${want}\n${text}`);
  assert.ok(lines.some((l) => /^lstat64\("\/nonexistent", 0x[0-9a-f]+\) = -1 ENOENT \(No such file or directory\)$/.test(l)), text);
  assert.ok(lines.some((l) => /^getdents64\(3, 0x[0-9a-f]+ \/\* 10 entries \*\/, 2048\) = \d+$/.test(l)), text);
});

test("after the processes exit, every dentry, inode and pipe left is a file in the tree", async () => {
  const r = await run([{ path: path.join(dir, "fs_strace.c") }], { capture: true });
  assert.equal(r.machine.kernel.fs_check_idle(), 0);
});

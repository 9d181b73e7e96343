// The fd table: lowest free descriptor, RLIMIT_NOFILE, close.
import { files_alloc, files_free, get_unused_fd_flags, put_unused_fd, fd_install, close_fd, files_lookup, NR_OPEN_DEFAULT } from "../../assembly/kernel/fdtable";
import { alloc_file, File } from "../../assembly/kernel/fs";
import { console_fops } from "../../assembly/kernel/console";
import * as E from "../../assembly/uapi/errno";

describe("fd table", () => {
  test("descriptors are allocated lowest first and reused after close", () => {
    const files = files_alloc();
    for (let i = 0; i < 5; i++) {
      const fd = get_unused_fd_flags(files, 0);
      expect(fd).toBe(i);
      fd_install(files, fd, alloc_file(console_fops, 0, 1));
    }
    expect(close_fd(files, 2)).toBe(0);
    expect(close_fd(files, 2)).toBe(-E.EBADF);
    expect(get_unused_fd_flags(files, 0)).toBe(2);
    files_free(files);
  });

  test("a reserved slot is not a file, and can be given back", () => {
    const files = files_alloc();
    const fd = get_unused_fd_flags(files, 0);
    expect(changetype<usize>(files_lookup(files, fd))).toBe(0);
    put_unused_fd(files, fd);
    expect(get_unused_fd_flags(files, 0)).toBe(fd);
    files_free(files);
  });

  test("the 1025th descriptor is EMFILE", () => {
    const files = files_alloc();
    for (let i = 0; i < NR_OPEN_DEFAULT; i++) {
      fd_install(files, get_unused_fd_flags(files, 0), alloc_file(console_fops, 0, 1));
    }
    expect(get_unused_fd_flags(files, 0)).toBe(-E.EMFILE);
    expect(changetype<usize>(files_lookup(files, -1))).toBe(0);
    expect(changetype<usize>(files_lookup(files, NR_OPEN_DEFAULT))).toBe(0);
    files_free(files);
  });
});

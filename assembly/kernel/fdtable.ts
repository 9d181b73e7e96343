// Per-task file descriptor table (include/linux/fdtable.h, fs/file.c).
import { kzalloc, kzalloc_obj, kfree, kfree_obj } from "./slab";
import { File, fput } from "./fs";
import { EBADF, EMFILE } from "../uapi/errno";
import { O_CLOEXEC } from "../uapi/fcntl";
import { FilesStruct, NR_OPEN_DEFAULT } from "../include/linux/fdtable";
export { FilesStruct, NR_OPEN_DEFAULT } from "../include/linux/fdtable";


export function files_alloc(): FilesStruct {
  const files = kzalloc_obj<FilesStruct>();
  files.max_fds = NR_OPEN_DEFAULT;
  files.fd = kzalloc(NR_OPEN_DEFAULT << 2);
  files.close_on_exec = kzalloc(NR_OPEN_DEFAULT >> 3);
  return files;
}

/** Close every descriptor and free the table (exit_files()). */
export function files_free(files: FilesStruct): void {
  for (let fd = 0; fd < files.max_fds; fd++) {
    const f = files_lookup(files, fd);
    if (f) {
      store<u32>(files.fd + (<usize>fd << 2), 0);
      fput(f);
    }
  }
  kfree(files.fd, NR_OPEN_DEFAULT << 2);
  kfree(files.close_on_exec, NR_OPEN_DEFAULT >> 3);
  kfree_obj(files);
}

// @ts-ignore: decorator
@inline export function files_lookup(files: FilesStruct, fd: i32): File | null {
  if (<u32>fd >= <u32>files.max_fds) return null;
  const p = load<u32>(files.fd + (<usize>fd << 2));
  return changetype<File | null>(p > 1 ? <usize>p : 0); // 1 marks a reserved slot
}

export function get_close_on_exec(files: FilesStruct, fd: i32): bool {
  return (load<u8>(files.close_on_exec + (<usize>fd >> 3)) & (1 << (fd & 7))) != 0;
}

export function set_close_on_exec(files: FilesStruct, fd: i32, on: bool): void {
  const p = files.close_on_exec + (<usize>fd >> 3);
  const bit = <u8>(1 << <u8>(fd & 7));
  store<u8>(p, on ? load<u8>(p) | bit : load<u8>(p) & ~bit);
}

/** alloc_fd(): the lowest free descriptor, or -EMFILE. */
export function get_unused_fd_flags(files: FilesStruct, flags: u32): i32 {
  for (let fd = files.next_fd; fd < files.max_fds; fd++) {
    if (!load<u32>(files.fd + (<usize>fd << 2))) {
      files.next_fd = fd + 1;
      // reserve the slot so that a second allocation in the same call gets another one
      store<u32>(files.fd + (<usize>fd << 2), 1);
      set_close_on_exec(files, fd, (flags & O_CLOEXEC) != 0);
      return fd;
    }
  }
  return -EMFILE;
}

/** put_unused_fd(): give back a reserved descriptor that was never installed. */
export function put_unused_fd(files: FilesStruct, fd: i32): void {
  store<u32>(files.fd + (<usize>fd << 2), 0);
  if (fd < files.next_fd) files.next_fd = fd;
}

export function fd_install(files: FilesStruct, fd: i32, file: File): void {
  store<u32>(files.fd + (<usize>fd << 2), <u32>changetype<usize>(file));
}

/** Install at the next slot of a new table (the console's 0, 1, 2 at start-up). */
export function fd_install_at(files: FilesStruct, fd: i32, file: File): void {
  fd_install(files, fd, file);
  if (fd >= files.next_fd) files.next_fd = fd + 1;
}

/** close_fd(): 0 or -EBADF. */
export function close_fd(files: FilesStruct, fd: i32): i32 {
  const f = files_lookup(files, fd);
  if (!f) return -EBADF;
  store<u32>(files.fd + (<usize>fd << 2), 0);
  set_close_on_exec(files, fd, false);
  if (fd < files.next_fd) files.next_fd = fd;
  fput(f);
  return 0;
}

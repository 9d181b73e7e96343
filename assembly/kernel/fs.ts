// struct file and struct file_operations (include/linux/fs.h, fs/file_table.c).
import { kzalloc_obj, kfree_obj } from "./slab";
import { IovIter } from "./iov_iter";
import { PollTable } from "./poll";

/**
 * struct file_operations. Every slot is filled; files that cannot do something use the
 * no_* functions below, which return Linux's errno for that case.
 */
@unmanaged export class FileOperations {
  name: usize; // static string for traces ("socket", "console")
  read_iter!: (file: File, iter: IovIter) => i32;
  write_iter!: (file: File, iter: IovIter) => i32;
  poll!: (file: File, pt: PollTable | null) => u32;
  unlocked_ioctl!: (file: File, cmd: u32, arg: u32) => i32;
  release!: (file: File) => void;
}

/**
 * struct file:
 *   f_op           operations
 *   f_flags        O_* status flags (O_RDWR, O_NONBLOCK, ...)
 *   f_count        references (fd table slots, in-flight SCM_RIGHTS)
 *   private_data   the struct socket of a socket file; the console fd for a console file
 */
@unmanaged export class File {
  f_op: FileOperations;
  f_flags: u32;
  f_count: i32;
  private_data: usize;
}

export function alloc_file(fop: FileOperations, flags: u32, private_data: usize): File {
  const f = kzalloc_obj<File>();
  f.f_op = fop;
  f.f_flags = flags;
  f.f_count = 1;
  f.private_data = private_data;
  return f;
}

export function get_file(f: File): File {
  f.f_count++;
  return f;
}

/** fput(): drop a reference; the last one releases the file. */
export function fput(f: File): void {
  if (--f.f_count > 0) return;
  f.f_op.release(f);
  kfree_obj(f);
}

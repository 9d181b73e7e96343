// getdents64(2), getdents(2) (fs/readdir.c): the file's iterate_shared fills a dir_context
// from f_pos.
import { current } from "../kernel/sched";
import { FMODE_PATH } from "../kernel/fs";
import { files_lookup } from "../kernel/fdtable";
import { kzalloc_obj } from "../kernel/slab";
import { ktrace } from "../kernel/trace";
import { DirContext } from "./libfs";
import { EBADF } from "../uapi/errno";

const ctx = kzalloc_obj<DirContext>();

function do_getdents(fd: i32, dirent: u32, count: u32, compat: i32): i32 {
  ktrace("iterate_dir");
  const file = files_lookup(current.files, fd);
  if (!file || (file.f_mode & FMODE_PATH)) return -EBADF;
  ctx.buf = dirent;
  ctx.count = count;
  ctx.written = 0;
  ctx.error = 0;
  ctx.pos = file.f_pos;
  ctx.compat = compat;
  const err = file.f_op.iterate_shared(file, changetype<usize>(ctx));
  if (err < 0) return err;
  if (ctx.written) return <i32>ctx.written;
  return ctx.error;
}

export function sys_getdents64(fd: i32, dirent: u32, count: u32): i32 {
  return do_getdents(fd, dirent, count, 0);
}

export function sys_getdents(fd: i32, dirent: u32, count: u32): i32 {
  return do_getdents(fd, dirent, count, 1);
}

// The memory character devices (drivers/char/mem.c: major 1 — null 3, zero 5, full 7,
// random 8, urandom 9) and /dev/tty (drivers/tty/tty_io.c: major 5, minor 0), which here
// is the process's console.
import { File, FileOperations } from "../../kernel/fs";
import { IovIter, iov_iter_advance, copy_to_iter } from "../../kernel/iov_iter";
import { get_random_bytes } from "../../kernel/random";
import { console_fops } from "../../kernel/console";
import { default_poll, noop_release, no_ioctl } from "../../fs/libfs";
import { no_iterate } from "../../kernel/fs";
import { EFAULT, ENOSPC } from "../../uapi/errno";
import { O_ACCMODE, O_RDONLY } from "../../uapi/fcntl";

export const MEM_MAJOR: u32 = 1;
export const TTYAUX_MAJOR: u32 = 5;
export function MKDEV(major: u32, minor: u32): u32 { return major << 8 | minor; }

const zeros = memory.data(4096);
const rnd = memory.data(256);

function read_null(file: File, iter: IovIter): i32 { return 0; }
function write_null(file: File, iter: IovIter): i32 {
  const n = iter.count;
  iov_iter_advance(iter, n);
  return <i32>n;
}
/** null_lseek(): every position is 0. */
function null_lseek(file: File, offset: i64, whence: i32): i64 {
  file.f_pos = 0;
  return 0;
}

function read_iter_zero(file: File, iter: IovIter): i32 {
  let done: u32 = 0;
  while (iter.count) {
    const n = copy_to_iter(zeros, min<u32>(4096, iter.count), iter);
    if (!n) return done ? <i32>done : -EFAULT;
    done += n;
  }
  return <i32>done;
}

function write_full(file: File, iter: IovIter): i32 { return -ENOSPC; }

/** urandom_read_iter(): the kernel's generator (reproducible here, see kernel/random.ts). */
function urandom_read_iter(file: File, iter: IovIter): i32 {
  let done: u32 = 0;
  while (iter.count) {
    get_random_bytes(rnd, 256);
    const n = copy_to_iter(rnd, min<u32>(256, iter.count), iter);
    if (!n) return done ? <i32>done : -EFAULT;
    done += n;
  }
  return <i32>done;
}

function mem_fops(read: (f: File, i: IovIter) => i32, write: (f: File, i: IovIter) => i32): FileOperations {
  const fop = new FileOperations();
  fop.read_iter = read;
  fop.write_iter = write;
  fop.poll = default_poll;
  fop.unlocked_ioctl = no_ioctl;
  fop.release = noop_release;
  fop.llseek = null_lseek;
  fop.iterate_shared = no_iterate;
  return fop;
}

export const null_fops = mem_fops(read_null, write_null);
export const zero_fops = mem_fops(read_iter_zero, write_null);
/**
 * mmap_zero(): a private mapping of /dev/zero is anonymous memory (already zero); a shared
 * one is shared anonymous memory (mm/mmap.ts calls shmem_zero_setup for it).
 */
function mmap_zero(file: File, addr: u32, len: u32, pgoff: u32, prot: u32): i32 {
  return 0;
}
zero_fops.mmap = mmap_zero;
zero_fops.mmap_shared_anon = 1;
export const full_fops = mem_fops(read_iter_zero, write_full);
export const urandom_fops = mem_fops(urandom_read_iter, write_null);

/** /dev/tty: reads from the process's stdin, writes to its stdout. */
function tty_read(file: File, iter: IovIter): i32 {
  const saved = file.private_data;
  file.private_data = 0;
  const r = console_fops.read_iter(file, iter);
  file.private_data = saved;
  return r;
}
function tty_write(file: File, iter: IovIter): i32 {
  const saved = file.private_data;
  file.private_data = 1;
  const r = console_fops.write_iter(file, iter);
  file.private_data = saved;
  return r;
}
export const tty_fops = mem_fops(tty_read, tty_write);
tty_fops.poll = default_poll;
tty_fops.unlocked_ioctl = console_fops.unlocked_ioctl;

/** chrdev_open()'s table: the file operations of a device number (none: ENXIO on open). */
export function chrdev_fops(dev: u32): FileOperations | null {
  if (dev == MKDEV(MEM_MAJOR, 3)) return null_fops;
  if (dev == MKDEV(MEM_MAJOR, 5)) return zero_fops;
  if (dev == MKDEV(MEM_MAJOR, 7)) return full_fops;
  if (dev == MKDEV(MEM_MAJOR, 8) || dev == MKDEV(MEM_MAJOR, 9)) return urandom_fops;
  if (dev == MKDEV(TTYAUX_MAJOR, 0)) return tty_fops;
  return null;
}

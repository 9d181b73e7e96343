// Pipes and FIFOs (fs/pipe.c, fs/fifo.c): a ring of bytes between a reading and a
// writing file, 64 KiB by default (F_SETPIPE_SZ changes it). A reader with nothing to
// read and a writer without room wait on the pipe's queues and return -ERESTARTSYS, as
// sockets do; the host re-issues the call when woken. Writes of at most PIPE_BUF bytes
// are atomic; a write with no reader left gets SIGPIPE and EPIPE.
import { current, SIGPIPE, Task } from "../kernel/sched";
import { File, FileOperations, alloc_file, no_llseek, no_iterate } from "../kernel/fs";
import { files_lookup, get_unused_fd_flags, put_unused_fd, fd_install } from "../kernel/fdtable";
import { IovIter, copy_to_iter, copy_from_iter, iov_iter_advance } from "../kernel/iov_iter";
import { kzalloc_obj, kfree_obj, kmalloc, kzalloc, kfree } from "../kernel/slab";
import { WaitQueueHead, init_waitqueue_head, wait_queue_destroy, prepare_to_wait, wake_up } from "../kernel/wait";
import { PollTable, poll_wait, POLLIN, POLLRDNORM, POLLOUT, POLLWRNORM, POLLHUP, POLLERR } from "../kernel/poll";
import { put_user, copy_to_user } from "../kernel/uaccess";
import { send_sig } from "../kernel/signal";
import { ktrace } from "../kernel/trace";
import { Inode, SuperBlock, new_inode, set_evict_pipe, iput, ihold } from "./inode";
import { Dentry, d_alloc, d_add, dget } from "./dcache";
import { shmem_dir_inode_operations } from "./tmpfs";
import { set_fifo_open } from "./open";
import * as E from "../uapi/errno";
import * as F from "../uapi/fcntl";
import * as S from "../uapi/stat";

/** PIPE_BUF: writes up to this size are atomic. */
export const PIPE_BUF: u32 = 4096;
const PAGE_SIZE: u32 = 4096;
/** PIPE_DEF_BUFFERS * PAGE_SIZE */
export const PIPE_DEF_SIZE: u32 = 16 * PAGE_SIZE;
/** /proc/sys/fs/pipe-max-size */
export const PIPE_MAX_SIZE: u32 = 1048576;

/**
 * struct pipe_inode_info, with Linux's layout of data: `nr_slots` page-sized buffers
 * (struct pipe_buffer: offset and len in `slots`, bytes in page i of `buf`) used as a ring
 * from `tail` (read) to `head` (write). A write fills whole pages and merges into the last
 * one only when it fits there, as fs/pipe.c does, so the room a writer sees (EAGAIN,
 * POLLOUT) is Linux's.
 *   readers, writers  open read and write ends
 *   r_counter, w_counter  ends ever opened (a FIFO open waits for the other count to move)
 *   rd_wait, wr_wait  readers waiting for data, writers waiting for room (and FIFO opens)
 *   files          files referring to the pipe (its last release frees it)
 *   inode          the FIFO's or the anonymous pipe's inode
 */
@unmanaged export class PipeInodeInfo {
  buf: usize;
  slots: usize;
  nr_slots: u32;
  head: u32;
  tail: u32;
  readers: i32;
  writers: i32;
  r_counter: u32;
  w_counter: u32;
  rd_wait: WaitQueueHead;
  wr_wait: WaitQueueHead;
  files: i32;
  inode: Inode;
}

/** Pipes alive (the fuzzer checks none outlives its last file). */
export let nr_pipes: i32 = 0;

function alloc_pipe_info(inode: Inode): PipeInodeInfo {
  const pipe = kzalloc_obj<PipeInodeInfo>();
  pipe.nr_slots = PIPE_DEF_SIZE / PAGE_SIZE;
  pipe.buf = kmalloc(PIPE_DEF_SIZE);
  pipe.slots = kzalloc(<usize>pipe.nr_slots * 8);
  pipe.rd_wait = init_waitqueue_head();
  pipe.wr_wait = init_waitqueue_head();
  pipe.inode = inode;
  nr_pipes++;
  return pipe;
}

function free_pipe_info(pipe: PipeInodeInfo): void {
  wait_queue_destroy(pipe.rd_wait);
  wait_queue_destroy(pipe.wr_wait);
  kfree(pipe.buf, <usize>pipe.nr_slots * PAGE_SIZE);
  kfree(pipe.slots, <usize>pipe.nr_slots * 8);
  pipe.inode.i_pipe = 0;
  kfree_obj(pipe);
  nr_pipes--;
}

function evict_pipe(p: usize): void {
  free_pipe_info(changetype<PipeInodeInfo>(p));
}
set_evict_pipe(evict_pipe);

// @ts-ignore: decorator
@inline function file_pipe(file: File): PipeInodeInfo {
  return changetype<PipeInodeInfo>(file.private_data);
}

// struct pipe_buffer k: offset at slots + 8k, len at slots + 8k + 4; bytes at buf + 4096k
// @ts-ignore: decorator
@inline function slot(pipe: PipeInodeInfo, i: u32): usize { return pipe.slots + <usize>(i % pipe.nr_slots) * 8; }
// @ts-ignore: decorator
@inline function page(pipe: PipeInodeInfo, i: u32): usize { return pipe.buf + <usize>(i % pipe.nr_slots) * PAGE_SIZE; }

function pipe_empty(pipe: PipeInodeInfo): bool { return pipe.head == pipe.tail; }
function pipe_full(pipe: PipeInodeInfo): bool { return pipe.head - pipe.tail >= pipe.nr_slots; }

/** Bytes in the pipe (FIONREAD). */
function pipe_bytes(pipe: PipeInodeInfo): u32 {
  let n: u32 = 0;
  for (let i = pipe.tail; i != pipe.head; i++) n += load<u32>(slot(pipe, i), 4);
  return n;
}

/** pipe_read(): what is there (at least one byte), EOF with no writers, else wait. */
function pipe_read(file: File, iter: IovIter): i32 {
  ktrace("pipe_read");
  const pipe = file_pipe(file);
  if (!iter.count) return 0;
  if (pipe_empty(pipe)) {
    if (!pipe.writers) return 0;
    if (file.f_flags & F.O_NONBLOCK) return -E.EAGAIN;
    prepare_to_wait(pipe.rd_wait);
    return -E.ERESTARTSYS;
  }
  let ret: u32 = 0;
  while (!pipe_empty(pipe) && iter.count) {
    // one copy for a run of buffers that lie end to end in the ring (full pages)
    const first = pipe.tail;
    const b0 = slot(pipe, first);
    let run = load<u32>(b0, 4);
    let end = load<u32>(b0) + run;
    let last = first;
    while (end == PAGE_SIZE && last + 1 != pipe.head && (last + 1) % pipe.nr_slots != 0 && run < iter.count) {
      const nb = slot(pipe, last + 1);
      if (load<u32>(nb) != 0) break;
      last++;
      run += load<u32>(nb, 4);
      end = load<u32>(nb, 4);
    }
    const want = min<u32>(run, iter.count);
    const n = copy_to_iter(page(pipe, first) + load<u32>(b0), want, iter);
    ret += n;
    // consume n bytes from the buffers of the run
    let left = n;
    while (left) {
      const b = slot(pipe, pipe.tail);
      const len = load<u32>(b, 4);
      const take = min<u32>(len, left);
      store<u32>(b, load<u32>(b) + take);
      store<u32>(b, len - take, 4);
      left -= take;
      if (take == len) pipe.tail++;
    }
    if (n < want) break;
  }
  if (!ret) return -E.EFAULT;
  wake_up(pipe.wr_wait);
  return <i32>ret;
}

/**
 * pipe_write(): merge into the last page when the tail of the write fits there, then
 * whole pages while there are free slots; a blocking writer waits for the rest.
 */
function pipe_write(file: File, iter: IovIter): i32 {
  ktrace("pipe_write");
  const pipe = file_pipe(file);
  const done = <u32>current.restart_progress;
  if (done) iov_iter_advance(iter, done);
  // a null write succeeds, readers or not: no EPIPE, no SIGPIPE (pipe_write)
  if (!iter.count) return <i32>done;
  if (!pipe.readers) {
    send_sig(SIGPIPE, current);
    return done ? <i32>done : -E.EPIPE;
  }
  const nonblock = (file.f_flags & F.O_NONBLOCK) != 0;
  let ret: u32 = 0;
  const chars = iter.count & (PAGE_SIZE - 1);
  if (!done && chars && !pipe_empty(pipe)) {
    const b = slot(pipe, pipe.head - 1);
    const offset = load<u32>(b) + load<u32>(b, 4);
    if (offset + chars <= PAGE_SIZE) {
      const c = copy_from_iter(page(pipe, pipe.head - 1) + offset, chars, iter);
      if (c < chars) return c ? <i32>c : -E.EFAULT;
      store<u32>(b, load<u32>(b, 4) + c, 4);
      ret = c;
    }
  }
  while (iter.count && !pipe_full(pipe)) {
    // whole free pages up to the end of the ring, filled by one copy
    const free = pipe.nr_slots - (pipe.head - pipe.tail);
    const contig = pipe.nr_slots - pipe.head % pipe.nr_slots;
    const pages = min<u32>(min<u32>(free, contig), (iter.count + PAGE_SIZE - 1) / PAGE_SIZE);
    const want = min<u32>(pages * PAGE_SIZE, iter.count);
    const c = copy_from_iter(page(pipe, pipe.head), want, iter);
    let left = c;
    while (left) {
      const b = slot(pipe, pipe.head);
      const len = min<u32>(left, PAGE_SIZE);
      store<u32>(b, 0);
      store<u32>(b, len, 4);
      pipe.head++;
      left -= len;
    }
    ret += c;
    if (c < want) {
      if (ret) wake_up(pipe.rd_wait);
      return done + ret ? <i32>(done + ret) : -E.EFAULT;
    }
  }
  if (ret) wake_up(pipe.rd_wait);
  if (iter.count) {
    if (nonblock) return done + ret ? <i32>(done + ret) : -E.EAGAIN;
    current.restart_progress += <i32>ret;
    prepare_to_wait(pipe.wr_wait);
    return -E.ERESTARTSYS;
  }
  return <i32>(done + ret);
}

/** pipe_poll(): Linux's bits, POLLHUP once the writers are gone, POLLERR once the readers are. */
function pipe_poll(file: File, pt: PollTable | null): u32 {
  const pipe = file_pipe(file);
  if (file.f_mode & 1) poll_wait(pipe.rd_wait, pt);
  if (file.f_mode & 2) poll_wait(pipe.wr_wait, pt);
  let mask: u32 = 0;
  if (file.f_mode & 1) {
    if (!pipe_empty(pipe)) mask |= POLLIN | POLLRDNORM;
    // a FIFO reader that never saw a writer does not see a hangup (f_version)
    if (!pipe.writers && <u32>file.f_pos != pipe.w_counter) mask |= POLLHUP;
  }
  if (file.f_mode & 2) {
    if (!pipe_full(pipe)) mask |= POLLOUT | POLLWRNORM;
    if (!pipe.readers) mask |= POLLERR;
  }
  return mask;
}

function pipe_ioctl(file: File, cmd: u32, arg: u32): i32 {
  if (cmd == F.FIONREAD) return put_user(pipe_bytes(file_pipe(file)), arg);
  return -E.ENOTTY;
}

/** pipe_release(): one end less; the partner wakes (EOF, EPIPE); the last file frees the pipe. */
function pipe_release(file: File): void {
  ktrace("pipe_release");
  const pipe = file_pipe(file);
  if (file.f_mode & 1) pipe.readers--;
  if (file.f_mode & 2) pipe.writers--;
  wake_up(pipe.rd_wait);
  wake_up(pipe.wr_wait);
  pipe.files--;
  pipe_maybe_free(pipe);
}

export const pipefifo_fops = new FileOperations();
pipefifo_fops.read_iter = pipe_read;
pipefifo_fops.write_iter = pipe_write;
pipefifo_fops.poll = pipe_poll;
pipefifo_fops.unlocked_ioctl = pipe_ioctl;
pipefifo_fops.release = pipe_release;
pipefifo_fops.llseek = no_llseek;
pipefifo_fops.iterate_shared = no_iterate;

/** round_pipe_size(): a power of two number of pages. */
function round_pipe_size(size: u32): u32 {
  if (size > 0x80000000) return 0;
  if (size < PAGE_SIZE) return PAGE_SIZE;
  let n: u32 = PAGE_SIZE;
  while (n < size) n <<= 1;
  return n;
}

/**
 * pipe_fcntl(): F_GETPIPE_SZ, F_SETPIPE_SZ (pipe_set_size: EBUSY when the pipe holds more
 * pages than the new size). Unlike Linux, root gets no more than pipe-max-size either
 * (Linux lets CAP_SYS_RESOURCE exceed it).
 */
export function pipe_fcntl(file: File, cmd: u32, arg: u32): i32 {
  if (file.f_op != pipefifo_fops) return -E.EBADF;
  const pipe = file_pipe(file);
  if (cmd == F.F_GETPIPE_SZ) return <i32>(pipe.nr_slots * PAGE_SIZE);
  const size = round_pipe_size(arg);
  if (!size) return -E.EINVAL;
  if (size > PIPE_MAX_SIZE) return -E.EPERM;
  const nr = size / PAGE_SIZE;
  const used = pipe.head - pipe.tail;
  if (nr < used) return -E.EBUSY;
  if (nr != pipe.nr_slots) {
    const nb = kmalloc(<usize>nr * PAGE_SIZE);
    const ns = kzalloc(<usize>nr * 8);
    for (let i: u32 = 0; i < used; i++) {
      memory.copy(nb + <usize>i * PAGE_SIZE, page(pipe, pipe.tail + i), PAGE_SIZE);
      memory.copy(ns + <usize>i * 8, slot(pipe, pipe.tail + i), 8);
    }
    kfree(pipe.buf, <usize>pipe.nr_slots * PAGE_SIZE);
    kfree(pipe.slots, <usize>pipe.nr_slots * 8);
    pipe.buf = nb;
    pipe.slots = ns;
    pipe.nr_slots = nr;
    pipe.tail = 0;
    pipe.head = used;
    wake_up(pipe.wr_wait);
  }
  return <i32>size;
}

export function is_pipe_file(file: File): bool {
  return file.f_op == pipefifo_fops;
}

// ---- pipe(2), pipe2(2): two files over an anonymous pipefs inode ----

const pipe_sb = kzalloc_obj<SuperBlock>();
pipe_sb.s_dev = 0x0c;
pipe_sb.s_magic = 0x50495045; // PIPEFS_MAGIC
pipe_sb.s_maxbytes = 0;
const fds = memory.data(8);

function open_end(pipe: PipeInodeInfo, d: Dentry, flags: u32): File {
  const f = alloc_file(pipefifo_fops, flags, changetype<usize>(pipe));
  f.f_path = changetype<usize>(dget(d));
  f.f_inode = changetype<usize>(pipe.inode);
  pipe.files++;
  return f;
}

/** do_pipe2(): two descriptors, [0] reads, [1] writes. */
export function do_pipe2(ufds: u32, flags: i32): i32 {
  ktrace("do_pipe2");
  if (flags & ~(F.O_CLOEXEC | F.O_NONBLOCK | F.O_DIRECT)) return -E.EINVAL;
  // Unlike Linux, O_DIRECT (packet mode) is refused: int80's pipes are byte streams
  if (flags & F.O_DIRECT) return -E.EINVAL;
  const files = current.files;
  const fd0 = get_unused_fd_flags(files, <u32>flags);
  if (fd0 < 0) return fd0;
  const fd1 = get_unused_fd_flags(files, <u32>flags);
  if (fd1 < 0) { put_unused_fd(files, fd0); return fd1; }
  store<i32>(fds, fd0);
  store<i32>(fds, fd1, 4);
  if (copy_to_user(ufds, fds, 8)) {
    put_unused_fd(files, fd1);
    put_unused_fd(files, fd0);
    return -E.EFAULT;
  }
  const inode = new_inode(pipe_sb, S.S_IFIFO | 0o600, shmem_dir_inode_operations, pipefifo_fops);
  inode.i_uid = current.uid;
  inode.i_gid = current.gid;
  const pipe = alloc_pipe_info(inode);
  inode.i_pipe = changetype<usize>(pipe);
  const d = d_alloc(null, fds, 0); // an unnamed dentry (pipefs's "pipe:[ino]")
  d.d_inode = inode;
  pipe.readers = 1;
  pipe.writers = 1;
  pipe.r_counter = 1;
  pipe.w_counter = 1;
  const r = open_end(pipe, d, F.O_RDONLY | (<u32>flags & F.O_NONBLOCK));
  const w = open_end(pipe, d, F.O_WRONLY | (<u32>flags & F.O_NONBLOCK));
  r.f_pos = 0; // f_version: an anonymous pipe's reader sees POLLHUP when the writer goes
  d.d_count--; // the two files hold it now
  fd_install(files, fd0, r);
  fd_install(files, fd1, w);
  return 0;
}

export function sys_pipe2(fildes: u32, flags: i32): i32 {
  return do_pipe2(fildes, flags);
}

export function sys_pipe(fildes: u32): i32 {
  return do_pipe2(fildes, 0);
}

// ---- FIFOs (fifo_open) ----

/** The pipe goes when no file and no waiting open refers to it. */
function pipe_maybe_free(pipe: PipeInodeInfo): void {
  if (!pipe.files && !pipe.readers && !pipe.writers) free_pipe_info(pipe);
}

/**
 * fifo_open(): a reader waits for a writer and a writer for a reader (unless O_NONBLOCK:
 * a reader opens at once, a writer gets ENXIO; O_RDWR never waits). The waiting end is
 * already counted, so the partner's open succeeds; Task.fifo_pending (which holds the
 * inode) keeps the restarted open from counting it twice.
 */
function fifo_open(inode: Inode, file: File): i32 {
  ktrace("fifo_open");
  let pipe: PipeInodeInfo;
  if (inode.i_pipe) pipe = changetype<PipeInodeInfo>(inode.i_pipe);
  else {
    pipe = alloc_pipe_info(inode);
    inode.i_pipe = changetype<usize>(pipe);
  }
  const t = current;
  const nonblock = (file.f_flags & F.O_NONBLOCK) != 0;
  // fifo_open() goes by f_mode: O_ACCMODE (3) opens neither end: EINVAL
  const fm = file.f_mode & 3;
  if (!fm) {
    pipe_maybe_free(pipe);
    return -E.EINVAL;
  }
  const acc = fm == 1 ? F.O_RDONLY : fm == 2 ? F.O_WRONLY : F.O_RDWR;
  const resumed = t.fifo_pending == changetype<usize>(pipe);
  let seen: u32 = t.fifo_seen;
  if (resumed) {
    t.fifo_pending = 0;
    iput(inode);
  }
  if (acc == F.O_RDONLY) {
    if (!resumed) {
      pipe.r_counter++;
      pipe.readers++;
      wake_up(pipe.wr_wait);
      seen = pipe.w_counter;
    }
    // f_version: the writer count this reader has seen (no POLLHUP before a writer came)
    file.f_pos = <i64>seen;
    if (!pipe.writers && !nonblock && seen == pipe.w_counter) return fifo_wait(pipe, seen, 0);
  } else if (acc == F.O_WRONLY) {
    if (!resumed) {
      if (nonblock && !pipe.readers) {
        pipe_maybe_free(pipe);
        return -E.ENXIO;
      }
      pipe.w_counter++;
      pipe.writers++;
      wake_up(pipe.rd_wait);
      seen = pipe.r_counter;
    }
    if (!pipe.readers && seen == pipe.r_counter) return fifo_wait(pipe, seen, 1);
  } else {
    // O_RDWR: both ends at once, never waits (POSIX leaves it undefined; Linux allows it)
    pipe.readers++;
    pipe.writers++;
    pipe.r_counter++;
    pipe.w_counter++;
    wake_up(pipe.rd_wait);
    wake_up(pipe.wr_wait);
  }
  file.private_data = changetype<usize>(pipe);
  pipe.files++;
  file.f_mode &= ~0x1c; // no FMODE_LSEEK, FMODE_PREAD, FMODE_PWRITE
  return 0;
}

function fifo_wait(pipe: PipeInodeInfo, seen: u32, write: i32): i32 {
  const t = current;
  t.fifo_pending = changetype<usize>(pipe);
  t.fifo_seen = seen;
  t.fifo_write = write;
  ihold(pipe.inode);
  prepare_to_wait(write ? pipe.wr_wait : pipe.rd_wait);
  return -E.ERESTARTSYS;
}

/** A FIFO open that will not be restarted (the task exits or makes another call). */
export function fifo_abort(t: Task): void {
  const pipe = changetype<PipeInodeInfo>(t.fifo_pending);
  t.fifo_pending = 0;
  if (t.fifo_write) pipe.writers--;
  else pipe.readers--;
  wake_up(pipe.rd_wait);
  wake_up(pipe.wr_wait);
  const inode = pipe.inode;
  pipe_maybe_free(pipe);
  iput(inode);
}

set_fifo_open(fifo_open);

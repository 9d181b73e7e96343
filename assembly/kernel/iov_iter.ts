// struct iov_iter over user iovecs (include/linux/uio.h, lib/iov_iter.c).
//
// Data moves between a process and socket buffers without an intermediate copy: the
// iterator walks the user's iovec array (copied into the kernel once by import_iovec)
// and each step is one copy_from_user/copy_to_user.
import { copy_from_user, copy_to_user } from "./uaccess";
import { kmalloc, kfree } from "./slab";
import { EFAULT, EINVAL } from "../uapi/errno";
import { IOVEC_SIZE, UIO_FASTIOV, UIO_MAXIOV } from "../uapi/net";

/** MAX_RW_COUNT: the most one read/write moves (INT_MAX & PAGE_MASK). */
export const MAX_RW_COUNT: u32 = 0x7ffff000;

/**
 * struct iov_iter (ITER_IOVEC):
 *   iov      kernel copy of the user's iovecs: pairs of u32 (base, len)
 *   nr_segs  number of iovecs
 *   seg      current iovec, seg_off bytes into it
 *   count    bytes left
 *   heap     iov was kmalloc'ed (more than UIO_FASTIOV segments)
 *   kvec     ITER_KVEC: the one segment is kernel memory (sendfile's bounce buffer), moved
 *            with memory.copy instead of copy_from_user/copy_to_user
 */
@unmanaged export class IovIter {
  iov: usize;
  nr_segs: i32;
  seg: i32;
  seg_off: u32;
  count: u32;
  heap: i32;
  kvec: i32;
}

/** import_single_range(): one user buffer (read, write, send, recv). */
export function import_single_range(it: IovIter, fast: usize, base: u32, len: u32): i32 {
  if (len > MAX_RW_COUNT) len = MAX_RW_COUNT;
  store<u32>(fast, base);
  store<u32>(fast, len, 4);
  it.iov = fast;
  it.nr_segs = 1;
  it.seg = 0;
  it.seg_off = 0;
  it.count = len;
  it.heap = 0;
  it.kvec = 0;
  return 0;
}

/** iov_iter_kvec(): one kernel buffer (`fast` holds its (base, len) pair). */
export function iov_iter_kvec(it: IovIter, fast: usize, base: usize, len: u32): void {
  store<u32>(fast, <u32>base);
  store<u32>(fast, len, 4);
  it.iov = fast;
  it.nr_segs = 1;
  it.seg = 0;
  it.seg_off = 0;
  it.count = len;
  it.heap = 0;
  it.kvec = 1;
}

/**
 * import_iovec(): copy nr_segs user iovecs in (using `fast`, room for UIO_FASTIOV, when
 * they fit). Lengths are signed (compat ssize_t): a negative one is -EINVAL; the total is
 * capped at MAX_RW_COUNT. Returns the total length or -errno.
 */
export function import_iovec(it: IovIter, fast: usize, uvec: u32, nr_segs: u32): i32 {
  if (nr_segs > <u32>UIO_MAXIOV) return -EINVAL;
  const bytes = nr_segs * IOVEC_SIZE;
  let iov = fast;
  let onheap = 0;
  if (nr_segs > <u32>UIO_FASTIOV) {
    iov = kmalloc(bytes);
    onheap = 1;
  }
  if (nr_segs && copy_from_user(iov, uvec, bytes)) {
    if (onheap) kfree(iov, bytes);
    return -EFAULT;
  }
  let total: u32 = 0;
  for (let i: u32 = 0; i < nr_segs; i++) {
    let len = load<u32>(iov + i * IOVEC_SIZE, 4);
    if (<i32>len < 0) {
      if (onheap) kfree(iov, bytes);
      return -EINVAL;
    }
    if (len > MAX_RW_COUNT - total) {
      len = MAX_RW_COUNT - total;
      store<u32>(iov + i * IOVEC_SIZE, len, 4);
    }
    total += len;
  }
  it.iov = iov;
  it.nr_segs = nr_segs;
  it.seg = 0;
  it.seg_off = 0;
  it.count = total;
  it.heap = onheap;
  it.kvec = 0;
  return <i32>total;
}

export function iov_iter_free(it: IovIter): void {
  if (it.heap) kfree(it.iov, <usize>it.nr_segs * IOVEC_SIZE);
  it.heap = 0;
}

/** Skip to the next iovec that still has room; false when none is left. */
function iter_seg(it: IovIter): bool {
  while (it.seg < it.nr_segs) {
    const len = load<u32>(it.iov + <usize>it.seg * IOVEC_SIZE, 4);
    if (it.seg_off < len) return true;
    it.seg++;
    it.seg_off = 0;
  }
  return false;
}

/**
 * iterate_and_advance() (lib/iov_iter.c): the one loop both directions share. Moves up to
 * n bytes between kernel memory at `kaddr` and the iovecs, one copy per segment, and
 * advances the iterator by what moved; a fault ends it short. Inlined with a constant
 * `to_user`, so each caller compiles to a loop with a direct call.
 */
// @ts-ignore: decorator
@inline function iterate_and_advance(kaddr: usize, n: u32, it: IovIter, to_user: bool): u32 {
  if (n > it.count) n = it.count;
  let done: u32 = 0;
  while (done < n && iter_seg(it)) {
    const base = load<u32>(it.iov + <usize>it.seg * IOVEC_SIZE);
    const len = load<u32>(it.iov + <usize>it.seg * IOVEC_SIZE, 4);
    let chunk = len - it.seg_off;
    if (chunk > n - done) chunk = n - done;
    let left: u32 = 0;
    if (it.kvec) {
      if (to_user) memory.copy(<usize>(base + it.seg_off), kaddr + done, chunk);
      else memory.copy(kaddr + done, <usize>(base + it.seg_off), chunk);
    } else {
      left = to_user
        ? copy_to_user(base + it.seg_off, kaddr + done, chunk)
        : copy_from_user(kaddr + done, base + it.seg_off, chunk);
    }
    const moved = chunk - left;
    done += moved;
    it.seg_off += moved;
    it.count -= moved;
    if (left) break;
  }
  return done;
}

/** copy_from_iter(): user -> kernel; returns bytes copied (short on a fault). */
export function copy_from_iter(dst: usize, n: u32, it: IovIter): u32 {
  return iterate_and_advance(dst, n, it, false);
}

/** copy_to_iter(): kernel -> user; returns bytes copied (short on a fault). */
export function copy_to_iter(src: usize, n: u32, it: IovIter): u32 {
  return iterate_and_advance(src, n, it, true);
}

/** iov_iter_advance() */
export function iov_iter_advance(it: IovIter, n: u32): void {
  if (n > it.count) n = it.count;
  while (n && iter_seg(it)) {
    const len = load<u32>(it.iov + <usize>it.seg * IOVEC_SIZE, 4);
    let chunk = len - it.seg_off;
    if (chunk > n) chunk = n;
    it.seg_off += chunk;
    it.count -= chunk;
    n -= chunk;
  }
}


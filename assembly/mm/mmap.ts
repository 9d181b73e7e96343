// mmap2(2), munmap(2), mprotect(2) for anonymous mappings (mm/mmap.c, mm/mprotect.c).
//
// A process's memory is its Wasm linear memory, which lives in the host and which the
// process's own allocator (wasi-libc's dlmalloc) manages: it grows with memory.grow and
// never shrinks. A mapping therefore is a block the host takes from that allocator
// (host import vm_alloc: the libc's exported __int80_mm_alloc, page-aligned and zeroed,
// growing the memory when needed) and munmap gives the block back to the allocator
// (vm_free -> __int80_mm_free) once none of its pages is mapped any more, so the space
// is reused by later mallocs and mmaps. The kernel keeps Linux's bookkeeping: one
// vm_area_struct per mapped range (start, end, prot, flags) per task, split by partial
// munmap/mprotect as Linux splits VMAs, checked with Linux's errors.
//
// Unlike Linux:
// - protections are recorded (mprotect checks and splits) but not enforced: Wasm memory
//   has no page protection, so writing a PROT_READ page does not fault;
// - MAP_FIXED cannot place a mapping at a chosen address (the allocator owns the
//   memory): -EINVAL; without it the address is only a hint, as on Linux;
// - a file mapping is a copy: f_op->mmap fills the new pages with the file's bytes (tmpfs
//   files, /dev/zero; pipes, directories, AF_UNIX and UDP sockets have no mmap: -ENODEV as
//   on Linux; a TCP socket maps read-only as tcp_mmap allows, empty). A MAP_SHARED
//   mapping's pages go back into the file at msync, munmap and exit (f_op->mmap_sync),
//   not at every store: another process reading the file sees the writes once synced.
import { current, Task } from "../kernel/sched";
import { File, FMODE_READ, FMODE_WRITE, file_can_mmap, get_file, fput, no_mmap } from "../kernel/fs";
import { files_lookup } from "../kernel/fdtable";
import { kzalloc_obj, kfree_obj } from "../kernel/slab";
import { ktrace } from "../kernel/trace";
import * as E from "../uapi/errno";
import { host_vm_alloc, host_vm_free } from "../arch/host";


export const PAGE_SHIFT: u32 = 12;
export const PAGE_SIZE: u32 = 1 << PAGE_SHIFT;
const PAGE_MASK: u32 = ~(PAGE_SIZE - 1);
/** TASK_SIZE of a 32-bit process: 3 GiB (the Wasm memory can hold at most 4 GiB). */
const TASK_SIZE: u64 = 0xc0000000;

// include/uapi/asm-generic/mman-common.h, mman.h
export const PROT_READ: u32 = 0x1;
export const PROT_WRITE: u32 = 0x2;
export const PROT_EXEC: u32 = 0x4;
export const PROT_SEM: u32 = 0x8;
export const PROT_GROWSDOWN: u32 = 0x01000000;
export const PROT_GROWSUP: u32 = 0x02000000;
export const MAP_SHARED: u32 = 0x01;
export const MAP_PRIVATE: u32 = 0x02;
export const MAP_SHARED_VALIDATE: u32 = 0x03;
export const MAP_TYPE: u32 = 0x0f;
export const MAP_FIXED: u32 = 0x10;
export const MAP_ANONYMOUS: u32 = 0x20;
export const MAP_FIXED_NOREPLACE: u32 = 0x100000;

/**
 * struct vm_area_struct, the part this needs:
 *   pid            the task (mm) it belongs to
 *   start, end     [vm_start, vm_end), page aligned
 *   prot, flags    as given to mmap / mprotect
 *   block          the allocator block it lies in (freed when no VMA is left in it)
 *   file           vm_file: the mapped file (a reference), 0 for anonymous memory
 *   pgoff          vm_pgoff: the file page at `start`
 *   next           the next VMA (one list, unsorted)
 */
@unmanaged class Vma {
  pid: i32;
  start: u32;
  end: u32;
  prot: u32;
  flags: u32;
  block: u32;
  file: usize; // File
  pgoff: u32;
  next: usize; // Vma, 0 at the end
}

let vmas: usize = 0; // the first Vma

@inline function page_align(len: u64): u64 {
  return (len + PAGE_SIZE - 1) & ~(<u64>PAGE_SIZE - 1);
}

function vma_insert(pid: i32, start: u32, end: u32, prot: u32, flags: u32, block: u32): Vma {
  const v = kzalloc_obj<Vma>();
  v.pid = pid;
  v.start = start;
  v.end = end;
  v.prot = prot;
  v.flags = flags;
  v.block = block;
  v.next = vmas;
  vmas = changetype<usize>(v);
  return v;
}

/** split_vma(): a VMA of `pid` with `addr` strictly inside becomes two, at addr. */
function split_at(pid: i32, addr: u32): void {
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) {
    const v = changetype<Vma>(p);
    if (v.pid == pid && v.start < addr && addr < v.end) {
      const tail = kzalloc_obj<Vma>();
      tail.pid = pid;
      tail.start = addr;
      tail.end = v.end;
      tail.prot = v.prot;
      tail.flags = v.flags;
      tail.block = v.block;
      tail.file = v.file;
      if (v.file) get_file(changetype<File>(v.file));
      tail.pgoff = v.pgoff + ((addr - v.start) >> PAGE_SHIFT);
      tail.next = v.next;
      v.end = addr;
      v.next = changetype<usize>(tail);
      return;
    }
  }
}

/** A shared file mapping's pages back into the file (the current task's memory). */
function vma_sync(v: Vma): i32 {
  if (!v.file || (v.flags & MAP_TYPE) == MAP_PRIVATE) return 0;
  const file = changetype<File>(v.file);
  if (file.f_op.mmap_sync == no_mmap) return 0;
  return file.f_op.mmap_sync(file, v.start, v.end - v.start, v.pgoff, v.prot);
}

/** remove_vma(): the VMA's file reference goes with it. */
function vma_free(v: Vma): void {
  if (v.file) fput(changetype<File>(v.file));
  kfree_obj(v);
}

/** Frees `block` to the allocator when no VMA lies in it any more. */
function release_block(block: u32): void {
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.block == block) return; }
  host_vm_free(block);
}

/** Removes the VMAs of `pid` inside [start, end) (do_vmi_munmap), giving emptied blocks back. */
function unmap_range(pid: i32, start: u32, end: u64): void {
  let prev: Vma = changetype<Vma>(0);
  let p = vmas;
  while (p != 0) {
    const v = changetype<Vma>(p);
    const next = v.next;
    if (v.pid == pid && v.start >= start && <u64>v.end <= end) {
      if (changetype<usize>(prev)) prev.next = next;
      else vmas = next;
      const block = v.block;
      vma_sync(v);
      vma_free(v);
      release_block(block);
    } else prev = v;
    p = next;
  }
}

/** ksys_mmap_pgoff() -> do_mmap(): the i386 mmap2 call (offset in 4096-byte pages). */
export function sys_mmap_pgoff(addr: u32, len: u32, prot: u32, flags: u32, fd: i32, pgoff: u32): i32 {
  ktrace("do_mmap");
  let file: File | null = null;
  if (!(flags & MAP_ANONYMOUS)) {
    file = files_lookup(current.files, fd);
    if (!file) return -E.EBADF;
  }
  if (len == 0) return -E.EINVAL;
  const plen = page_align(<u64>len);
  if (plen > TASK_SIZE) return -E.ENOMEM;
  if (<u64>pgoff + (plen >> PAGE_SHIFT) > 0xffffffff) return -E.EOVERFLOW;
  const type = flags & MAP_TYPE;
  if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return -E.EINVAL;
  if (file) {
    // do_mmap()'s file checks: a shared writable mapping needs a file open for writing,
    // every mapping one open for reading, and the file an mmap operation
    if (type != MAP_PRIVATE && (prot & PROT_WRITE) && !(file.f_mode & FMODE_WRITE)) return -E.EACCES;
    if (!(file.f_mode & FMODE_READ)) return -E.EACCES;
    if (!file_can_mmap(file)) return -E.ENODEV;
  }
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) return -E.EINVAL; // see the header comment
  const start = host_vm_alloc(<u32>plen);
  if (start == 0 || (start & ~PAGE_MASK)) return -E.ENOMEM;
  const v = vma_insert(current.pid, start, start + <u32>plen, prot, flags, start);
  if (file) {
    v.file = changetype<usize>(get_file(file));
    v.pgoff = pgoff;
    const err = file.f_op.mmap(file, start, <u32>plen, pgoff, prot);
    if (err < 0) {
      unmap_range(current.pid, start, <u64>start + plen);
      return err;
    }
  }
  return <i32>start;
}

/** __vm_munmap(): unmapping what is not mapped is not an error. */
export function sys_munmap(addr: u32, len: u32): i32 {
  ktrace("do_vmi_munmap");
  if ((addr & ~PAGE_MASK) || <u64>addr > TASK_SIZE || <u64>len > TASK_SIZE - <u64>addr) return -E.EINVAL;
  const plen = page_align(<u64>len);
  if (plen == 0) return -E.EINVAL;
  const end = <u64>addr + plen;
  const pid = current.pid;
  split_at(pid, addr);
  if (end < 0x100000000) split_at(pid, <u32>end);
  unmap_range(pid, addr, end);
  return 0;
}

/** do_mprotect_pkey(): every page of the range must be mapped (-ENOMEM). */
export function sys_mprotect(start: u32, len: u32, prot: u32): i32 {
  ktrace("do_mprotect_pkey");
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP)) return -E.EINVAL;
  if ((prot & (PROT_GROWSDOWN | PROT_GROWSUP)) == (PROT_GROWSDOWN | PROT_GROWSUP)) return -E.EINVAL;
  if (start & ~PAGE_MASK) return -E.EINVAL;
  if (len == 0) return 0;
  const end = <u64>start + page_align(<u64>len);
  if (end <= <u64>start || end > TASK_SIZE) return -E.ENOMEM;
  const pid = current.pid;
  // the range must be covered without holes
  let at = <u64>start;
  while (at < end) {
    let found: Vma | null = null;
    for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid && <u64>v.start <= at && at < <u64>v.end) { found = v; break; } }
    if (!found) return -E.ENOMEM;
    at = <u64>found.end;
  }
  split_at(pid, start);
  if (end < 0x100000000) split_at(pid, <u32>end);
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) {
    const v = changetype<Vma>(p);
    if (v.pid == pid && v.start >= start && <u64>v.end <= end) v.prot = prot;
  }
  return 0;
}

// include/uapi/asm-generic/mman-common.h
const MS_ASYNC: u32 = 1;
const MS_INVALIDATE: u32 = 2;
const MS_SYNC: u32 = 4;

/** msync(2): shared file mappings in the range go back to their files; -ENOMEM for a hole. */
export function sys_msync(start: u32, len: u32, flags: u32): i32 {
  ktrace("sys_msync");
  if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return -E.EINVAL;
  if (start & ~PAGE_MASK) return -E.EINVAL;
  if ((flags & MS_ASYNC) && (flags & MS_SYNC)) return -E.EINVAL;
  const end = <u64>start + page_align(<u64>len);
  if (end < <u64>start) return -E.ENOMEM;
  if (end == <u64>start) return 0;
  const pid = current.pid;
  let at = <u64>start;
  let hole = false;
  while (at < end) {
    let found: Vma | null = null;
    for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid && <u64>v.start <= at && at < <u64>v.end) { found = v; break; } }
    if (!found) {
      // Linux skips the hole, syncs what is mapped and answers -ENOMEM at the end
      hole = true;
      let nextStart = end;
      for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid && <u64>v.start > at && <u64>v.start < nextStart) nextStart = <u64>v.start; }
      at = nextStart;
      continue;
    }
    const stop = <u64>found.end < end ? <u64>found.end : end;
    if (found.file && (found.flags & MAP_TYPE) != MAP_PRIVATE) {
      const file = changetype<File>(found.file);
      if (file.f_op.mmap_sync != no_mmap) {
        const err = file.f_op.mmap_sync(file, <u32>at, <u32>(stop - at), found.pgoff + ((<u32>at - found.start) >> PAGE_SHIFT), found.prot);
        if (err < 0) return err;
      }
    }
    at = stop;
  }
  return hole ? -E.ENOMEM : 0;
}

/** exit_mmap(): the task's VMAs go (its memory goes with its instance). */
export function exit_mmap(t: Task): void {
  let prev: Vma = changetype<Vma>(0);
  let p = vmas;
  while (p != 0) {
    const v = changetype<Vma>(p);
    const next = v.next;
    if (v.pid == t.pid) {
      if (changetype<usize>(prev)) prev.next = next;
      else vmas = next;
      if (t == current) vma_sync(v); // a task killed from outside has no memory to read
      vma_free(v);
    } else prev = v;
    p = next;
  }
}

/** The number of VMAs of `pid` (tests). */
export function mm_vma_count(pid: i32): i32 {
  let n = 0;
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid) n++; }
  return n;
}

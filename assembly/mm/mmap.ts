// mmap2(2), munmap(2), mprotect(2), msync(2) (mm/mmap.c, mm/mprotect.c, mm/msync.c,
// mm/shmem.c's shmem_zero_setup).
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
// Shared mappings. Every process is its own Wasm instance with its own memory, so two
// processes cannot address the same bytes. But only one process runs at a time (the host
// runs them all on one thread, in turns), so the pages of a MAP_SHARED mapping can be a
// copy in each process that is exact whenever it can be observed:
//   - the object is a file: a tmpfs inode for a file mapping, and for MAP_SHARED |
//     MAP_ANONYMOUS (or a shared mapping of /dev/zero) an unlinked tmpfs inode made for it,
//     as Linux's shmem_zero_setup does; fork shares the VMA's file, so parent and child
//     name the same object. The inode's version (i_version) goes up with every change.
//   - copy out (f_op->mmap_sync): the process's bytes go into the file; the version goes
//     up only if a byte changed. Copy in (f_op->mmap_fill): when the file's version is not
//     the one the VMA last saw (vm.ver), the file's bytes replace the process's.
//   - a process copies out whenever its user code stops: at every system call's entry and
//     when the host preempts it (mm_switch_out); a trapped or killed process at its exit.
//     It copies in whenever its user code is about to run: at every system call's exit
//     (after the call's own changes to files, e.g. a write(2) to the mapped file) and when
//     the host resumes it (mm_switch_in: after a block, a preemption, fork's child).
//   - a store the kernel makes into a shared mapping during a call (copy_to_user, e.g.
//     read(2) into it) goes into the file at once as well (mm_shared_store), as on Linux,
//     where the kernel writes the shared page.
// Why nothing is lost: between a process's copy in and its next copy out only its own user
// code runs, and no kernel code (the kernel runs only inside calls and between turns), so
// its copy is the file plus its own stores, and the copy out gives the file exactly those.
// During a call the kernel changes the file (write, truncate, other stores) and the caller's
// copy only by stores that went into the file too; so at the call's exit the file holds
// everything and the copy in makes the caller's copy equal to it. A call that blocks keeps
// its copy as it is (nothing of it is newer than the file); the restart's copy in brings
// what others did meanwhile.
// A process sharing nothing pays nothing (mm_shared is 0 on its group leader); one that
// shares pays a compare (and a copy if it stored) of its shared bytes at every call, and a
// copy of whatever another process changed when it resumes (docs/processes.md).
//
// Unlike Linux:
// - protections are recorded (mprotect checks and splits) but not enforced: Wasm memory
//   has no page protection, so writing a PROT_READ page does not fault (a shared mapping
//   without PROT_WRITE is never copied out: such stores would fault on Linux);
// - MAP_FIXED cannot place a mapping at a chosen address (the allocator owns the
//   memory): -EINVAL; without it the address is only a hint, as on Linux;
// - a private file mapping is a copy made at mmap (f_op->mmap fills the new pages: tmpfs
//   files, /dev/zero; pipes, directories, AF_UNIX and UDP sockets have no mmap: -ENODEV as
//   on Linux; a TCP socket maps read-only as tcp_mmap allows, empty): later changes of the
//   file do not show through pages it never wrote, as they may on Linux;
// - two shared mappings of the same file pages in ONE process are two copies: a store
//   through one shows through the other after the next system call; if both were stored
//   to between two calls, the stores through the one copied out second are lost;
// - a page of a shared file mapping past the file's end reads zeros (Linux: SIGBUS), and
//   stores there are not kept, as on Linux (a mapping never extends a file);
// - within one call, the kernel reading a shared mapping after that same call changed the
//   file (writev whose second buffer maps the bytes the first one wrote) reads the old bytes.
import { current, Task, find_task_by_pid } from "../kernel/sched";
import { File, FMODE_READ, FMODE_WRITE, file_can_mmap, file_mmap_shared, get_file, fput, shmem_zero_setup } from "../kernel/fs";
import { files_lookup } from "../kernel/fdtable";
import { kzalloc_obj, kfree_obj } from "../kernel/slab";
import { uaccess_shared_mappings } from "../kernel/uaccess";
import { ktrace } from "../kernel/trace";
import * as E from "../uapi/errno";
import { host_vm_alloc, host_vm_free, host_mm_shared } from "../arch/host";


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
 *   pid            the thread group (mm) it belongs to: its tgid, shared by its threads
 *   start, end     [vm_start, vm_end), page aligned
 *   prot, flags    as given to mmap / mprotect
 *   block          the allocator block it lies in (freed when no VMA is left in it)
 *   file           vm_file: the mapped file (a reference), 0 for anonymous private memory;
 *                  a shared anonymous mapping's is the unlinked tmpfs file made for it
 *   pgoff          vm_pgoff: the file page at `start`
 *   next           the next VMA (one list, unsorted)
 *   shared         1: a shared mapping kept in sync with its file (see the header)
 *   ver            the file's version the process's copy of the pages equals
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
  shared: u32;
  ver: u32;
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

/** A VMA becomes one of its group's shared mappings (the first one tells the host). */
function shared_get(v: Vma, ver: u32): void {
  v.shared = 1;
  v.ver = ver;
  const g = find_task_by_pid(v.pid);
  if (g && g.mm_shared++ == 0) host_mm_shared(v.pid, 1);
  uaccess_shared_mappings(1, mm_shared_store);
}

function shared_put(v: Vma): void {
  const g = find_task_by_pid(v.pid);
  if (g && --g.mm_shared == 0) {
    g.mm_dirty = 0;
    host_mm_shared(v.pid, 0);
  }
  uaccess_shared_mappings(-1, mm_shared_store);
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
      if (v.shared) shared_get(tail, v.ver);
      tail.next = v.next;
      v.end = addr;
      v.next = changetype<usize>(tail);
      return;
    }
  }
}

/** Copy in: the file changed since this copy was made; its bytes replace the process's. */
function vma_copy_in(v: Vma): void {
  const file = changetype<File>(v.file);
  const ver = file.f_op.mmap_version(file);
  if (ver == v.ver) return;
  // a fault (a process whose memory is gone) leaves the copy as it is
  if (file.f_op.mmap_fill(file, v.start, v.end - v.start, v.pgoff, v.prot) == 0) v.ver = ver;
}

/** Copy out: the process's stores go into the file (the version goes up if a byte changed). */
function vma_copy_out(v: Vma): void {
  const file = changetype<File>(v.file);
  // another shared mapping of this process copied the same pages out first (the header's
  // "two shared mappings ... in ONE process"): this older copy takes the file's bytes
  if (file.f_op.mmap_version(file) != v.ver) return vma_copy_in(v);
  if (!(v.prot & PROT_WRITE)) return;
  file.f_op.mmap_sync(file, v.start, v.end - v.start, v.pgoff, v.prot);
  v.ver = file.f_op.mmap_version(file);
}

/** The current process's user code stops: its shared mappings' stores go to their files. */
function copy_out_all(g: Task): void {
  if (!g.mm_dirty) return;
  g.mm_dirty = 0;
  const pid = g.tgid;
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) {
    const v = changetype<Vma>(p);
    if (v.pid == pid && v.shared) vma_copy_out(v);
  }
}

function copy_in_all(g: Task): void {
  const pid = g.tgid;
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) {
    const v = changetype<Vma>(p);
    if (v.pid == pid && v.shared) vma_copy_in(v);
  }
}

/**
 * The system call entry of a task whose group has shared mappings: its user code ran since
 * they were copied in, so they are copied out; or (a restarted call, whose process ran no
 * code of its own since it blocked) they are brought up to date.
 */
export function mm_sync_enter(t: Task): void {
  const g = t.group_leader;
  if (g.mm_dirty) copy_out_all(g);
  else copy_in_all(g);
}

/** The task goes back to its user code (a call's exit, the host resuming it): copy in. */
export function mm_switch_in(t: Task): void {
  const g = t.group_leader;
  copy_in_all(g);
  g.mm_dirty = 1;
}

/** The task's user code stopped without a call (the host preempted it): copy out. */
export function mm_switch_out(t: Task): void {
  copy_out_all(t.group_leader);
}

/**
 * copy_to_user()/put_user() stored n bytes (kernel memory at `from`) at user address `to`
 * of the current process: what lands in a shared mapping goes into its file too, as the
 * kernel's store into the shared page would on Linux. A copy that was current stays current.
 */
function mm_shared_store(to: u32, from: usize, n: u32): void {
  const g = current.group_leader;
  if (!g.mm_shared) return;
  const pid = g.tgid;
  const end = <u64>to + n;
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) {
    const v = changetype<Vma>(p);
    if (v.pid != pid || !v.shared || <u64>v.start >= end || to >= v.end) continue;
    const a = max<u32>(to, v.start);
    const b = <u32>min<u64>(end, <u64>v.end);
    const file = changetype<File>(v.file);
    const before = file.f_op.mmap_version(file);
    file.f_op.mmap_store(file, (<i64>v.pgoff << PAGE_SHIFT) + <i64>(a - v.start), from + <usize>(a - to), b - a);
    if (v.ver == before) v.ver = file.f_op.mmap_version(file);
  }
}

/** The byte offset in the mapped file of a shared futex key (shared_futex_key's second half). */
let futex_pgoff_bytes: u32 = 0;
export function shared_futex_offset(): u32 {
  return futex_pgoff_bytes;
}

/**
 * get_futex_key() for a futex word in a shared mapping: the mapped inode (its address,
 * shared_futex_offset() the byte offset in the file), so that every process mapping the
 * same bytes finds the same key; 0 when uaddr is not in one of the current process's shared
 * mappings (the key is then the address space and the address).
 */
export function shared_futex_key(uaddr: u32): usize {
  const g = current.group_leader;
  if (!g.mm_shared) return 0;
  const pid = g.tgid;
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) {
    const v = changetype<Vma>(p);
    if (v.pid == pid && v.shared && v.start <= uaddr && uaddr < v.end) {
      futex_pgoff_bytes = (v.pgoff << PAGE_SHIFT) + (uaddr - v.start);
      return changetype<File>(v.file).f_inode;
    }
  }
  return 0;
}

/** remove_vma(): the VMA's file reference goes with it. */
function vma_free(v: Vma): void {
  if (v.shared) shared_put(v);
  if (v.file) fput(changetype<File>(v.file));
  kfree_obj(v);
}

/** Frees `block` to the allocator when no VMA lies in it any more. */
function release_block(pid: i32, block: u32): void {
  // after fork, parent and child have blocks at the same addresses, each in its own memory
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid && v.block == block) return; }
  host_vm_free(block);
}

/**
 * Removes the VMAs of `pid` inside [start, end) (do_vmi_munmap), giving emptied blocks back.
 * A shared mapping's stores are in its file already (the call's entry copied them out).
 */
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
      vma_free(v);
      release_block(pid, block);
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
    // mmap_zero(): a shared mapping of /dev/zero is shared anonymous memory
    if (type != MAP_PRIVATE && file.f_op.mmap_shared_anon) file = null;
  }
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) return -E.EINVAL; // see the header comment
  let backing: File | null = null;
  if (!file && type != MAP_PRIVATE) {
    // shmem_zero_setup(): the object fork will share
    backing = shmem_zero_setup(<u32>plen);
    if (!backing) return -E.ENOMEM;
  }
  const start = host_vm_alloc(<u32>plen);
  if (start == 0 || (start & ~PAGE_MASK)) {
    if (backing) fput(backing);
    return -E.ENOMEM;
  }
  const pid = current.tgid;
  const v = vma_insert(pid, start, start + <u32>plen, prot, flags, start);
  if (backing) {
    v.file = changetype<usize>(backing); // its only reference: the last unmap frees it
    shared_get(v, backing.f_op.mmap_version(backing));
  } else if (file) {
    v.file = changetype<usize>(get_file(file));
    v.pgoff = pgoff;
    const err = file.f_op.mmap(file, start, <u32>plen, pgoff, prot);
    if (err < 0) {
      unmap_range(pid, start, <u64>start + plen);
      return err;
    }
    if (type != MAP_PRIVATE && file_mmap_shared(file)) shared_get(v, file.f_op.mmap_version(file));
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
  const pid = current.tgid;
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
  const pid = current.tgid;
  // the range must be covered without holes
  let at = <u64>start;
  while (at < end) {
    let found: Vma | null = null;
    for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid && <u64>v.start <= at && at < <u64>v.end) { found = v; break; } }
    if (!found) return -E.ENOMEM;
    // a shared file mapping may become writable only if the file is open for writing
    if ((prot & PROT_WRITE) && found.file && (found.flags & MAP_TYPE) != MAP_PRIVATE &&
      !(changetype<File>(found.file).f_mode & FMODE_WRITE)) return -E.EACCES;
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

/**
 * msync(2): -ENOMEM for a hole in the range. A shared mapping's stores are in its file
 * already (this call's entry copied them out), as on Linux, where msync only schedules the
 * page cache's write to the disk.
 */
export function sys_msync(start: u32, len: u32, flags: u32): i32 {
  ktrace("sys_msync");
  if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return -E.EINVAL;
  if (start & ~PAGE_MASK) return -E.EINVAL;
  if ((flags & MS_ASYNC) && (flags & MS_SYNC)) return -E.EINVAL;
  const end = <u64>start + page_align(<u64>len);
  if (end < <u64>start) return -E.ENOMEM;
  if (end == <u64>start) return 0;
  const pid = current.tgid;
  let at = <u64>start;
  let hole = false;
  while (at < end) {
    let found: Vma | null = null;
    for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid && <u64>v.start <= at && at < <u64>v.end) { found = v; break; } }
    if (!found) {
      // Linux skips the hole and answers -ENOMEM at the end
      hole = true;
      let nextStart = end;
      for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid && <u64>v.start > at && <u64>v.start < nextStart) nextStart = <u64>v.start; }
      at = nextStart;
      continue;
    }
    at = <u64>found.end < end ? <u64>found.end : end;
  }
  return hole ? -E.ENOMEM : 0;
}

/**
 * exit_mmap(): the task's VMAs go (its memory goes with its instance). A process that ends
 * while its code ran (a trap, a fatal signal at a preemption point) copies its shared
 * mappings out first, as its stores were in the shared pages on Linux; one stopped in a
 * call (or killed from outside, or exec) copied them out when it stopped.
 */
export function exit_mmap(t: Task): void {
  const g = t.group_leader;
  if (g.mm_shared && t == current) copy_out_all(g);
  let prev: Vma = changetype<Vma>(0);
  let p = vmas;
  while (p != 0) {
    const v = changetype<Vma>(p);
    const next = v.next;
    if (v.pid == t.tgid) {
      if (changetype<usize>(prev)) prev.next = next;
      else vmas = next;
      vma_free(v);
    } else prev = v;
    p = next;
  }
}

/**
 * dup_mmap(): the child of fork gets a copy of every VMA of the parent. Its memory is a copy
 * of the parent's (allocator state included), so the same addresses hold the same blocks;
 * munmap in one process gives the block back to that process's allocator only. A shared
 * mapping's file is shared (one more reference): both VMAs name the same object, and the
 * child's copy is as current as the parent's (the fork call's entry copied the parent's out).
 */
export function dup_mmap(parent: Task, child: Task): void {
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) {
    const v = changetype<Vma>(p);
    if (v.pid != parent.tgid) continue; // the thread group's mappings (a thread may fork)
    const c = vma_insert(child.tgid, v.start, v.end, v.prot, v.flags, v.block);
    if (v.file) c.file = changetype<usize>(get_file(changetype<File>(v.file)));
    c.pgoff = v.pgoff;
    if (v.shared) shared_get(c, v.ver);
  }
}

/** The number of VMAs of `pid` (tests). */
export function mm_vma_count(pid: i32): i32 {
  let n = 0;
  for (let p = vmas; p != 0; p = changetype<Vma>(p).next) { const v = changetype<Vma>(p); if (v.pid == pid) n++; }
  return n;
}

// flock(2) (fs/locks.c: flock_lock_inode, locks_remove_flock). A lock belongs to an open
// file (struct file), not to a process: descriptors dup'ed or inherited across fork share
// it, and it goes when the file's last reference closes. Shared locks coexist; an
// exclusive lock excludes every other open file's lock on the same inode.
import { current } from "../kernel/sched";
import { File, set_locks_remove_file } from "../kernel/fs";
import { files_lookup } from "../kernel/fdtable";
import { kzalloc_obj, kfree_obj } from "../kernel/slab";
import { ktrace } from "../kernel/trace";
import { init_waitqueue_head, prepare_to_wait, wake_up } from "../kernel/wait";
import { signal_pending } from "../kernel/signal";
import { FMODE_READ, FMODE_WRITE } from "../kernel/fs";
import * as E from "../uapi/errno";

// include/uapi/asm-generic/fcntl.h
export const LOCK_SH: u32 = 1;
export const LOCK_EX: u32 = 2;
export const LOCK_NB: u32 = 4;
export const LOCK_UN: u32 = 8;
export const LOCK_MAND: u32 = 32;

/**
 * struct file_lock of a flock lock:
 *   key    the inode (a file without one -- a socket -- is its own key)
 *   file   the open file that holds it
 *   type   LOCK_SH or LOCK_EX
 */
@unmanaged class FileLock {
  key: usize;
  file: File;
  type: u32;
  next: FileLock | null;
}

let locks: FileLock | null = null;
/** Tasks waiting for a conflicting lock to go (fl_blocked_requests, one queue for all). */
const flock_wq = init_waitqueue_head();

function lock_key(f: File): usize {
  return f.f_inode ? f.f_inode : changetype<usize>(f);
}

/** locks_delete_lock_ctx(): remove the lock `file` holds, waking waiters; whether there was one. */
function remove_lock(file: File): bool {
  let prev: FileLock | null = null;
  for (let l = locks; l; l = l!.next) {
    if (l.file == file) {
      if (prev) prev.next = l.next;
      else locks = l.next;
      kfree_obj(l);
      wake_up(flock_wq);
      return true;
    }
    prev = l;
  }
  return false;
}

/** locks_remove_file(): the file's last reference closed. */
function locks_remove_file(file: File): void {
  if (locks) remove_lock(file);
}
set_locks_remove_file(locks_remove_file);

/**
 * flock_lock_inode(): as Linux, the lock the file already holds is dropped first when the
 * type changes (a failed LOCK_NB upgrade leaves it unlocked).
 */
function flock_lock_file(file: File, type: u32, nb: bool): i32 {
  const key = lock_key(file);
  for (let l = locks; l; l = l!.next) {
    if (l.file == file) {
      if (l.type == type) return 0;
      remove_lock(file);
      break;
    }
  }
  for (let l = locks; l; l = l!.next) {
    if (l.key == key && (type == LOCK_EX || l.type == LOCK_EX)) {
      if (nb) return -E.EWOULDBLOCK;
      if (signal_pending(current)) return -E.ERESTARTSYS;
      prepare_to_wait(flock_wq);
      return -E.ERESTARTSYS;
    }
  }
  const nl = kzalloc_obj<FileLock>();
  nl.key = key;
  nl.file = file;
  nl.type = type;
  nl.next = locks;
  locks = nl;
  return 0;
}

/** flock(2): LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB not to wait. */
export function sys_flock(fd: i32, cmd: u32): i32 {
  ktrace("flock_lock_inode");
  if (cmd & LOCK_MAND) return 0; // ignored since Linux 5.17 (they never worked)
  const op = cmd & ~LOCK_NB;
  if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN) return -E.EINVAL;
  const f = files_lookup(current.files, fd);
  if (!f) return -E.EBADF;
  if (op != LOCK_UN && !(f.f_mode & (FMODE_READ | FMODE_WRITE))) return -E.EBADF; // O_PATH
  if (op == LOCK_UN) {
    remove_lock(f);
    return 0;
  }
  return flock_lock_file(f, op, (cmd & LOCK_NB) != 0);
}

/** Locks held (the fuzzer's leak check: 0 with no process left). */
export function nr_flocks(): i32 {
  let n = 0;
  for (let l = locks; l; l = l!.next) n++;
  return n;
}

// futex(2) (kernel/futex/): FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE,
// FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, with FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME,
// the old 32-bit timespec (futex, 240) and the 64-bit one (futex_time64, 422).
//
// A waiter is queued on one futex queue (Linux's futex_hash_bucket chains, here a single
// FIFO list: the waiters of equal priority of a plist) keyed by (address space, address):
// the thread group's leader stands for the mm. It sleeps as every call here does: queued,
// -ERESTARTSYS, the host unwinds it; futex_wake() marks it woken and wakes the task, and
// the restarted call sees the mark and returns 0 (futex_wait's "woken by futex_wake").
//
// Keys (get_futex_key): the address space (the group leader) and the address; a shared
// (not FUTEX_PRIVATE_FLAG) futex on private memory has FUT_OFF_MMSHARED in its key, as
// Linux's, so a private wake does not wake a shared waiter. A shared futex in a MAP_SHARED
// mapping (a PTHREAD_PROCESS_SHARED mutex, sem_init(pshared=1)) is keyed as Linux keys a
// file-backed one: the mapped inode (FUT_OFF_INODE) and the byte offset in the file, so a
// wake in one process finds a waiter in another that maps the same bytes anywhere.
// FUTEX_WAKE_OP, the PI operations and FUTEX_FD are -ENOSYS.
import { Task, current } from "./sched";
import { get_user, copy_from_user } from "./uaccess";
import { signal_pending } from "./signal";
import { init_waitqueue_head, prepare_to_wait, wake_up_task } from "./wait";
import { ktime_get_ns, ktime_set, ktime_add_safe } from "./time";
import { ktrace } from "./trace";
import { EAGAIN, EFAULT, EINVAL, ENOSYS, ERESTARTSYS, ERESTART_RESTARTBLOCK, ETIMEDOUT } from "../uapi/errno";
import { host_ktime_get_real_ns } from "../arch/host";
import { shared_futex_key, shared_futex_offset } from "../mm/mmap";

// include/uapi/linux/futex.h
export const FUTEX_WAIT = 0;
export const FUTEX_WAKE = 1;
export const FUTEX_FD = 2;
export const FUTEX_REQUEUE = 3;
export const FUTEX_CMP_REQUEUE = 4;
export const FUTEX_WAKE_OP = 5;
export const FUTEX_WAIT_BITSET = 9;
export const FUTEX_WAKE_BITSET = 10;
export const FUTEX_WAIT_REQUEUE_PI = 11;
export const FUTEX_LOCK_PI2 = 13;
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
export const FUTEX_BITSET_MATCH_ANY: u32 = 0xffffffff;

/** The futex queue: every waiting task, oldest first. */
let futex_head: Task | null = null;
let futex_tail: Task | null = null;
/** The queue the waiters sleep on (nobody wakes it: futex_wake wakes each task). */
const futex_sleepers = init_waitqueue_head();
const word = memory.data(16);

/** FUT_OFF_INODE: the key of a futex in a shared mapping (an inode's address is 8-aligned). */
const FUT_OFF_INODE: usize = 1;
/** FUT_OFF_MMSHARED: the key of a shared futex (the leader's address is 8-aligned). */
const FUT_OFF_MMSHARED: usize = 2;

export function futex_key(t: Task, shared: bool): usize {
  return changetype<usize>(t.group_leader) | (shared ? FUT_OFF_MMSHARED : 0);
}

/** The second half of the last get_futex_key(): the address, or the offset in the file. */
let key_word: u32 = 0;

/**
 * get_futex_key(): a shared futex in a shared mapping is (inode, offset in the file); any
 * other is (address space, address). The key; key_word has the second half.
 */
function get_futex_key(uaddr: u32, shared: bool): usize {
  if (shared) {
    const inode = shared_futex_key(uaddr);
    if (inode) {
      key_word = shared_futex_offset();
      return inode | FUT_OFF_INODE;
    }
  }
  key_word = uaddr;
  return futex_key(current, shared);
}

function queue_me(t: Task, key: usize, uaddr: u32, bitset: u32): void {
  t.futex_uaddr = uaddr;
  t.futex_word = key_word;
  t.futex_key = key;
  t.futex_bitset = bitset;
  t.futex_woken = 0;
  t.futex_next = null;
  t.futex_prev = futex_tail;
  if (futex_tail) futex_tail!.futex_next = t;
  else futex_head = t;
  futex_tail = t;
}

function unlink(t: Task): void {
  if (t.futex_prev) t.futex_prev!.futex_next = t.futex_next;
  else if (futex_head == t) futex_head = t.futex_next;
  if (t.futex_next) t.futex_next!.futex_prev = t.futex_prev;
  else if (futex_tail == t) futex_tail = t.futex_prev;
  t.futex_next = null;
  t.futex_prev = null;
}

/** A task leaves the futex it waited on (a new call, or its exit): unqueue_me(). */
export function futex_abort(t: Task): void {
  if (!t.futex_uaddr) return;
  if (!t.futex_woken) unlink(t);
  t.futex_uaddr = 0;
  t.futex_woken = 0;
}

/** get_futex_key(): a 4-aligned word the task can read, its value in `word`. */
function read_word(uaddr: u32): i32 {
  if (uaddr & 3) return -EINVAL;
  if (get_user(word, uaddr)) return -EFAULT;
  return 0;
}

/** futex_init_timeout(): -1 (none), an absolute monotonic deadline, or -errno. */
function read_timeout(utime: u32, size: u32, abs: bool, realtime: bool): i64 {
  if (!utime) return -1;
  if (copy_from_user(word, utime, size)) return -EFAULT;
  let sec: i64, nsec: i64;
  if (size == 8) {
    sec = <i64>load<i32>(word);
    nsec = <i64>load<i32>(word, 4);
  } else {
    sec = load<i64>(word);
    nsec = load<i64>(word, 8);
  }
  if (sec < 0 || nsec < 0 || nsec >= 1000000000) return -EINVAL;
  const ns = ktime_set(sec, nsec);
  const now = ktime_get_ns();
  if (!abs) return ktime_add_safe(now, ns);
  if (!realtime) return ns;
  // Unlike Linux's hrtimer on CLOCK_REALTIME, the deadline is converted once to the
  // monotonic clock (a later change of the wall clock does not move it)
  const left = ns - <i64>host_ktime_get_real_ns();
  return left <= 0 ? now : ktime_add_safe(now, left);
}

/**
 * futex_wait(): sleep while *uaddr == val; 0 when woken by futex_wake, -EAGAIN if the word
 * differs, -ETIMEDOUT at the deadline, -ERESTARTSYS (or, with a timeout,
 * -ERESTART_RESTARTBLOCK) when a signal interrupts it.
 */
function futex_wait(key: usize, uaddr: u32, val: u32, deadline: i64, bitset: u32): i32 {
  ktrace("futex_wait");
  const t = current;
  if (t.futex_uaddr) {
    // the restarted call of a queued waiter
    if (t.futex_woken) {
      futex_abort(t);
      return 0;
    }
    if (t.timed_out) {
      futex_abort(t);
      return -ETIMEDOUT;
    }
    if (signal_pending(t)) {
      const timed = t.timeout >= 0;
      futex_abort(t);
      return timed ? -ERESTART_RESTARTBLOCK : -ERESTARTSYS;
    }
    prepare_to_wait(futex_sleepers);
    return -ERESTARTSYS;
  }
  if (!bitset) return -EINVAL;
  const err = read_word(uaddr);
  if (err < 0) return err;
  if (load<u32>(word) != val) return -EAGAIN;
  if (deadline >= 0) {
    if (deadline <= ktime_get_ns()) return -ETIMEDOUT;
    t.timeout = deadline;
  }
  if (signal_pending(t)) return deadline >= 0 ? -ERESTART_RESTARTBLOCK : -ERESTARTSYS;
  queue_me(t, key, uaddr, bitset);
  prepare_to_wait(futex_sleepers);
  return -ERESTARTSYS;
}

/** futex_wake(): wake up to nr_wake waiters of uaddr (at least one), oldest first; how many. */
export function futex_wake(key: usize, uaddr: u32, nr_wake: i32, bitset: u32): i32 {
  ktrace("futex_wake");
  if (!bitset) return -EINVAL;
  let ret = 0;
  let t = futex_head;
  while (t) {
    const next = t.futex_next;
    if (t.futex_key == key && t.futex_word == uaddr && (t.futex_bitset & bitset)) {
      unlink(t);
      t.futex_woken = 1;
      wake_up_task(t);
      if (++ret >= nr_wake) break;
    }
    t = next;
  }
  return ret;
}

/**
 * futex_requeue(): wake nr_wake waiters of uaddr1, move up to nr_requeue others to uaddr2
 * (FUTEX_CMP_REQUEUE first checks *uaddr1 == cmpval). Woken plus requeued.
 */
function futex_requeue(key: usize, word1: u32, uaddr1: u32, nr_wake: i32, nr_requeue: i32, uaddr2: u32, cmpval: u32, cmp: bool, shared: bool): i32 {
  ktrace("futex_requeue");
  if (nr_wake < 0 || nr_requeue < 0) return -EINVAL;
  let err = read_word(uaddr1);
  if (err < 0) return err;
  if (uaddr2 & 3) return -EINVAL;
  if (cmp && load<u32>(word) != cmpval) return -EAGAIN;
  const key2 = get_futex_key(uaddr2, shared);
  const word2 = key_word;
  let count = 0;
  let t = futex_head;
  while (t) {
    const next = t.futex_next;
    if (t.futex_key == key && t.futex_word == word1) {
      if (++count <= nr_wake) {
        unlink(t);
        t.futex_woken = 1;
        wake_up_task(t);
      } else if (count > nr_wake + nr_requeue) {
        count--;
        break;
      } else {
        // requeue_futex(): stays queued, now on uaddr2's key
        t.futex_uaddr = uaddr2;
        t.futex_key = key2;
        t.futex_word = word2;
      }
    }
    t = next;
  }
  return count;
}

/** do_futex() */
function do_futex(uaddr: u32, op: i32, val: u32, utime: u32, tsize: u32, uaddr2: u32, val3: u32): i32 {
  const cmd = op & FUTEX_CMD_MASK;
  const realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
  const shared = (op & FUTEX_PRIVATE_FLAG) == 0;
  const key = get_futex_key(uaddr, shared);
  const kword = key_word;
  if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2) return -ENOSYS;
  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      // a restarted waiter keeps its deadline (the timeout was read by the first call)
      let deadline: i64 = -1;
      if (!current.futex_uaddr) {
        deadline = read_timeout(utime, tsize, cmd == FUTEX_WAIT_BITSET, realtime);
        if (deadline < -1) return <i32>deadline;
      }
      return futex_wait(key, uaddr, val, deadline, cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const err = read_word(uaddr);
      if (err == -EINVAL) return err;
      return futex_wake(key, kword, <i32>val, cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3);
    }
    case FUTEX_REQUEUE:
      return futex_requeue(key, kword, uaddr, <i32>val, <i32>utime, uaddr2, 0, false, shared);
    case FUTEX_CMP_REQUEUE:
      return futex_requeue(key, kword, uaddr, <i32>val, <i32>utime, uaddr2, val3, true, shared);
  }
  return -ENOSYS;
}

/** futex(2), i386 240: the timeout is a struct old_timespec32. */
export function sys_futex(uaddr: u32, op: i32, val: u32, utime: u32, uaddr2: u32, val3: u32): i32 {
  return do_futex(uaddr, op, val, utime, 8, uaddr2, val3);
}

/** futex_time64(2), i386 422: the timeout is a struct __kernel_timespec. */
export function sys_futex_time64(uaddr: u32, op: i32, val: u32, utime: u32, uaddr2: u32, val3: u32): i32 {
  return do_futex(uaddr, op, val, utime, 16, uaddr2, val3);
}

/** set_tid_address(2): CLONE_CHILD_CLEARTID's address from now on; the caller's tid. */
export function sys_set_tid_address(tidptr: u32): i32 {
  current.clear_child_tid = tidptr;
  return current.pid;
}

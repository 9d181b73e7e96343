// epoll (fs/eventpoll.c): an epoll file holds items (fd, file, events, data). Each item
// keeps an entry on the watched file's wait queues (registered through ->poll with an
// epoll poll_table); a wake-up marks the item ready and wakes the epoll waiters.
// epoll_wait reports level-triggered items whenever ->poll says so, edge-triggered
// (EPOLLET) ones only after a wake-up since their last report, and EPOLLONESHOT items once.
import { current } from "../kernel/sched";
import { File, FileOperations, alloc_file } from "../kernel/fs";
import { files_lookup, get_unused_fd_flags, fd_install } from "../kernel/fdtable";
import { copy_from_user, copy_to_user } from "../kernel/uaccess";
import { kzalloc_obj, kfree_obj } from "../kernel/slab";
import { ktime_get_ns } from "../kernel/time";
import { IovIter } from "../kernel/iov_iter";
import {
  WaitQueueHead, WaitQueueEntry, init_waitqueue_head, wait_queue_destroy, prepare_to_wait, wake_up,
  add_wait_queue_epi, remove_wait_queue_epi, set_ep_callbacks,
} from "../kernel/wait";
import { PollTable, set_epoll_queue, POLLIN, POLLRDNORM, POLLERR, POLLHUP } from "../kernel/poll";
import { EBADF, EEXIST, EFAULT, EINTR, EINVAL, ELOOP, ENOENT, ERESTARTSYS, ENOTTY } from "../uapi/errno";
import { signal_pending } from "../kernel/signal";
import { O_CLOEXEC, O_RDWR } from "../uapi/fcntl";

export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;
export const EPOLLEXCLUSIVE: u32 = 1 << 28;
export const EPOLLWAKEUP: u32 = 1 << 29;
export const EPOLLONESHOT: u32 = 1 << 30;
export const EPOLLET: u32 = 1 << 31;
const EP_PRIVATE_BITS: u32 = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
/** struct epoll_event is packed on x86: u32 events; u64 data */
const EPOLL_EVENT_SIZE: u32 = 12;
const EP_MAX_EVENTS = 0x7fffffff / 12;

/**
 * struct eventpoll:
 *   wq     tasks in epoll_wait
 *   items  the watched descriptors
 */
@unmanaged class EventPoll {
  wq: WaitQueueHead;
  items: EpItem | null;
  file: File;
}

/**
 * struct epitem:
 *   fd, file         what is watched (the pair identifies the item)
 *   events, data     as given to epoll_ctl
 *   ready            woken since its last report (the ready list of Linux)
 *   pwq, pwq2        its entries on the file's wait queues
 */
@unmanaged class EpItem {
  ep: EventPoll;
  next: EpItem | null;
  fd: i32;
  file: File;
  events: u32;
  data: u64;
  ready: i32;
  pwq: WaitQueueEntry | null;
  pwq2: WaitQueueEntry | null;
}

const ept = kzalloc_obj<PollTable>();

function ep_poll_callback(epi_ptr: usize): void {
  const epi = changetype<EpItem>(epi_ptr);
  if (!(epi.events & ~EP_PRIVATE_BITS)) return; // disabled (EPOLLONESHOT fired)
  epi.ready = 1;
  wake_up(epi.ep.wq);
}

function ep_queue_gone(epi_ptr: usize, e: WaitQueueEntry): void {
  const epi = changetype<EpItem>(epi_ptr);
  if (epi.pwq == e) epi.pwq = null;
  if (epi.pwq2 == e) epi.pwq2 = null;
}

/** ep_ptable_queue_proc(): an item's entry on a file's queue (two at most, as sockets need). */
function ep_ptable_queue_proc(wq: WaitQueueHead, pt: PollTable): void {
  const epi = changetype<EpItem>(pt.epi);
  if (epi.pwq && epi.pwq!.wq == wq) return;
  if (epi.pwq2 && epi.pwq2!.wq == wq) return;
  const e = add_wait_queue_epi(wq, pt.epi);
  if (!epi.pwq) epi.pwq = e;
  else if (!epi.pwq2) epi.pwq2 = e;
  else remove_wait_queue_epi(e);
}

set_ep_callbacks(ep_poll_callback, ep_queue_gone);
set_epoll_queue(ep_ptable_queue_proc);

function ep_item_poll(epi: EpItem, pt: PollTable | null): u32 {
  return epi.file.f_op.poll(epi.file, pt) & (epi.events & ~EP_PRIVATE_BITS | POLLERR | POLLHUP);
}

function ep_unregister(ep: EventPoll, epi: EpItem): void {
  if (epi.pwq) remove_wait_queue_epi(epi.pwq!);
  if (epi.pwq2) remove_wait_queue_epi(epi.pwq2!);
  if (ep.items == epi) ep.items = epi.next;
  else for (let p: EpItem | null = ep.items; p; p = p!.next) if (p.next == epi) { p.next = epi.next; break; }
  kfree_obj(epi);
}

// ---- the epoll file ----

function ep_eventpoll_poll(file: File, pt: PollTable | null): u32 {
  const ep = changetype<EventPoll>(file.private_data);
  if (pt) prepare_to_wait(ep.wq);
  for (let epi: EpItem | null = ep.items; epi; epi = epi!.next) {
    if (ep_item_alive(epi) && ep_item_poll(epi, null)) return POLLIN | POLLRDNORM;
  }
  return 0;
}

function ep_eventpoll_release(file: File): void {
  const ep = changetype<EventPoll>(file.private_data);
  while (ep.items) ep_unregister(ep, ep.items!);
  wait_queue_destroy(ep.wq);
  kfree_obj(ep);
}

function ep_no_read(file: File, iter: IovIter): i32 { return -EINVAL; }
function ep_no_ioctl(file: File, cmd: u32, arg: u32): i32 { return -ENOTTY; }

const eventpoll_fops = new FileOperations();
eventpoll_fops.read_iter = ep_no_read;
eventpoll_fops.write_iter = ep_no_read;
eventpoll_fops.poll = ep_eventpoll_poll;
eventpoll_fops.unlocked_ioctl = ep_no_ioctl;
eventpoll_fops.release = ep_eventpoll_release;

function do_epoll_create(flags: i32): i32 {
  if (flags & ~O_CLOEXEC) return -EINVAL;
  const ep = kzalloc_obj<EventPoll>();
  ep.wq = init_waitqueue_head();
  const fd = get_unused_fd_flags(current.files, flags);
  if (fd < 0) {
    wait_queue_destroy(ep.wq);
    kfree_obj(ep);
    return fd;
  }
  const file = alloc_file(eventpoll_fops, O_RDWR | (flags & O_CLOEXEC), changetype<usize>(ep));
  ep.file = file;
  fd_install(current.files, fd, file);
  return fd;
}

export function sys_epoll_create1(flags: i32): i32 {
  return do_epoll_create(flags);
}

export function sys_epoll_create(size: i32): i32 {
  if (size <= 0) return -EINVAL;
  return do_epoll_create(0);
}

const evbuf = memory.data(12);

export function sys_epoll_ctl(epfd: i32, op: i32, fd: i32, event: u32): i32 {
  if (op != EPOLL_CTL_DEL) {
    if (copy_from_user(evbuf, event, EPOLL_EVENT_SIZE)) return -EFAULT;
  }
  const file = files_lookup(current.files, epfd);
  if (!file) return -EBADF;
  const tf = files_lookup(current.files, fd);
  if (!tf) return -EBADF;
  // the target must support poll: regular files do not (EPERM); sockets, epoll, console do
  if (tf == file) return -EINVAL;
  if (file.f_op != eventpoll_fops) return -EINVAL;
  const ep = changetype<EventPoll>(file.private_data);
  if (tf.f_op == eventpoll_fops && op == EPOLL_CTL_ADD) {
    // nesting is allowed; a loop back to this instance is not
    const inner = changetype<EventPoll>(tf.private_data);
    for (let i: EpItem | null = inner.items; i; i = i!.next) if (i.file == file) return -ELOOP;
  }
  let events = load<u32>(evbuf);
  const data = load<u64>(evbuf, 4);
  if (op != EPOLL_CTL_DEL && (events & EPOLLEXCLUSIVE) && op == EPOLL_CTL_MOD) return -EINVAL;
  let epi: EpItem | null = null;
  for (let i: EpItem | null = ep.items; i; i = i!.next) if (i.fd == fd && i.file == tf) { epi = i; break; }
  switch (op) {
    case EPOLL_CTL_ADD: {
      if (epi) return -EEXIST;
      const n = kzalloc_obj<EpItem>();
      n.ep = ep;
      n.fd = fd;
      n.file = tf;
      n.events = events | POLLERR | POLLHUP;
      n.data = data;
      n.next = ep.items;
      ep.items = n;
      ept.epi = changetype<usize>(n);
      ept.key = n.events;
      if (ep_item_poll(n, ept)) n.ready = 1;
      ept.epi = 0;
      if (n.ready) wake_up(ep.wq);
      return 0;
    }
    case EPOLL_CTL_DEL:
      if (!epi) return -ENOENT;
      ep_unregister(ep, epi);
      return 0;
    case EPOLL_CTL_MOD:
      if (!epi) return -ENOENT;
      epi.events = events | POLLERR | POLLHUP;
      epi.data = data;
      if (ep_item_poll(epi, null)) {
        epi.ready = 1;
        wake_up(ep.wq);
      }
      return 0;
  }
  return -EINVAL;
}

/**
 * The item's file is still what the fd refers to. Unlike Linux, which removes items in
 * eventpoll_release() when the file's last reference goes, a closed fd's item is dropped
 * here, the next time epoll_wait looks at it.
 */
function ep_item_alive(epi: EpItem): bool {
  return files_lookup(current.files, epi.fd) == epi.file;
}

function ep_send_events(ep: EventPoll, uevents: u32, maxevents: i32): i32 {
  let n = 0;
  let epi = ep.items;
  while (epi && n < maxevents) {
    const next = epi.next;
    if (!ep_item_alive(epi)) {
      ep_unregister(ep, epi);
      epi = next;
      continue;
    }
    if (!(epi.events & ~EP_PRIVATE_BITS)) { epi = next; continue; }
    const et = (epi.events & EPOLLET) != 0;
    if (et && !epi.ready) { epi = next; continue; }
    const revents = ep_item_poll(epi, null);
    epi.ready = 0;
    if (revents) {
      store<u32>(evbuf, revents);
      store<u64>(evbuf, epi.data, 4);
      if (copy_to_user(uevents + <u32>n * EPOLL_EVENT_SIZE, evbuf, EPOLL_EVENT_SIZE)) return n ? n : -EFAULT;
      n++;
      if (epi.events & EPOLLONESHOT) epi.events &= EP_PRIVATE_BITS;
    }
    epi = next;
  }
  return n;
}

function do_epoll_wait(epfd: i32, events: u32, maxevents: i32, timeout_ns: i64): i32 {
  if (maxevents <= 0 || maxevents > EP_MAX_EVENTS) return -EINVAL;
  const file = files_lookup(current.files, epfd);
  if (!file) return -EBADF;
  if (file.f_op != eventpoll_fops) return -EINVAL;
  const ep = changetype<EventPoll>(file.private_data);
  const n = ep_send_events(ep, events, maxevents);
  if (n) return n;
  const t = current;
  if (timeout_ns == 0 || t.timed_out) return 0;
  if (signal_pending(t)) return -EINTR; // ep_poll(): epoll_wait is never restarted
  if (timeout_ns > 0 && t.timeout < 0) t.timeout = ktime_get_ns() + timeout_ns;
  prepare_to_wait(ep.wq);
  return -ERESTARTSYS;
}

export function sys_epoll_wait(epfd: i32, events: u32, maxevents: i32, timeout: i32): i32 {
  return do_epoll_wait(epfd, events, maxevents, timeout < 0 ? -1 : <i64>timeout * 1000000);
}

export function sys_epoll_pwait(epfd: i32, events: u32, maxevents: i32, timeout: i32, sigmask: u32, sigsetsize: u32): i32 {
  if (sigmask && sigsetsize != 8) return -EINVAL;
  return sys_epoll_wait(epfd, events, maxevents, timeout);
}


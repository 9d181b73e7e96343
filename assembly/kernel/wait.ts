// Wait queues (include/linux/wait.h), for a kernel whose handlers never block.
//
// A call that must wait adds the current task to the queue (prepare_to_wait) and returns
// -ERESTARTSYS. The host unwinds that process and runs others. wake_up() marks every
// waiting task runnable and tells the host, which rewinds the process so that it issues
// the same syscall again (Linux's restart rule). A task's entries are removed when it
// next enters the kernel (finish_wait), so a restarted call starts with no stale waits.
import { kzalloc_obj, kfree_obj } from "./slab";
import { Task, TASK_INTERRUPTIBLE, TASK_RUNNING, current } from "./sched";
import { host_wake_up_process } from "../arch/host";
import { WaitQueueHead, WaitQueueEntry } from "../include/linux/wait";
export { WaitQueueHead, WaitQueueEntry } from "../include/linux/wait";

/** Called for an epoll entry on wake_up, and when its queue is destroyed (fs/eventpoll.ts). */
let ep_poll_callback: (epi: usize) => void = ep_nop;
let ep_queue_gone: (epi: usize, e: WaitQueueEntry) => void = ep_gone_nop;
function ep_nop(epi: usize): void {}
function ep_gone_nop(epi: usize, e: WaitQueueEntry): void {}
export function set_ep_callbacks(wake: (epi: usize) => void, gone: (epi: usize, e: WaitQueueEntry) => void): void {
  ep_poll_callback = wake;
  ep_queue_gone = gone;
}

/** add_wait_queue() of an epoll item: stays until the item or the queue goes. */
export function add_wait_queue_epi(wq: WaitQueueHead, epi: usize): WaitQueueEntry {
  const e = kzalloc_obj<WaitQueueEntry>();
  e.epi = epi;
  e.wq = wq;
  e.next = wq.head;
  if (wq.head) wq.head!.prev = e;
  wq.head = e;
  return e;
}

/** remove_wait_queue() of an epoll item's entry. */
export function remove_wait_queue_epi(e: WaitQueueEntry): void {
  wq_unlink(e);
  kfree_obj(e);
}

export function init_waitqueue_head(): WaitQueueHead {
  return kzalloc_obj<WaitQueueHead>();
}

/** Queue `current` on wq (once per queue per call) and mark it sleeping. */
export function prepare_to_wait(wq: WaitQueueHead): void {
  const task = current;
  for (let e: WaitQueueEntry | null = task.waits; e; e = e!.task_next) if (e.wq == wq) return;
  const e = kzalloc_obj<WaitQueueEntry>();
  e.task = changetype<usize>(task);
  e.wq = wq;
  e.next = wq.head;
  if (wq.head) wq.head!.prev = e;
  wq.head = e;
  e.task_next = task.waits;
  task.waits = e;
  task.state = TASK_INTERRUPTIBLE;
}

function wq_unlink(e: WaitQueueEntry): void {
  if (e.prev) e.prev!.next = e.next;
  else e.wq.head = e.next;
  if (e.next) e.next!.prev = e.prev;
}

/** Remove every wait of the task (it is running again). */
export function finish_wait(task: Task): void {
  let e = task.waits;
  while (e) {
    const next = e.task_next;
    wq_unlink(e);
    kfree_obj(e);
    e = next;
  }
  task.waits = null;
  task.state = TASK_RUNNING;
}

export function wake_up_task(task: Task): void {
  if (task.state != TASK_INTERRUPTIBLE) return;
  task.state = TASK_RUNNING;
  host_wake_up_process(task.pid);
}

/** wake_up_interruptible_all(): every task waiting on wq may run. */
export function wake_up(wq: WaitQueueHead): void {
  for (let e: WaitQueueEntry | null = wq.head; e; e = e!.next) {
    if (e.epi) ep_poll_callback(e.epi);
    else wake_up_task(changetype<Task>(e.task));
  }
}

/** Remove every entry of a queue that is going away (its owner is freed). */
export function wait_queue_destroy(wq: WaitQueueHead): void {
  let e = wq.head;
  while (e) {
    const next = e.next;
    if (e.epi) {
      // the watched file is going away: its epoll item forgets this entry
      ep_queue_gone(e.epi, e);
      kfree_obj(e);
      e = next;
      continue;
    }
    // unlink e from its task's list
    const t = changetype<Task>(e.task);
    if (t.waits == e) t.waits = e.task_next;
    else for (let p: WaitQueueEntry | null = t.waits; p; p = p!.task_next) if (p.task_next == e) { p.task_next = e.task_next; break; }
    wake_up_task(t);
    kfree_obj(e);
    e = next;
  }
  kfree_obj(wq);
}

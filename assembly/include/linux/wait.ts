// Wait queue structs (include/linux/wait.h). The functions are in kernel/wait.ts; the
// structs live here so that struct task_struct (kernel/sched.ts) can name them without
// importing the code that uses tasks.

/** struct wait_queue_head: a doubly linked list of entries. */
@unmanaged export class WaitQueueHead {
  head: WaitQueueEntry | null;
}

/**
 * struct wait_queue_entry: one task waiting on one queue.
 *   task         the waiting Task (Linux's `void *private`: a pointer, so that this header
 *                needs no sched.h; kernel/wait.ts converts it)
 *   next, prev   links in the queue
 *   task_next    the task's own list of entries (a poll waits on several queues)
 */
@unmanaged export class WaitQueueEntry {
  task: usize;
  wq: WaitQueueHead;
  next: WaitQueueEntry | null;
  prev: WaitQueueEntry | null;
  task_next: WaitQueueEntry | null;
  /** an epoll item's entry (ep_poll_callback) instead of a task's, or 0 */
  epi: usize;
}

// poll_table (include/linux/poll.h): a non-null table asks ->poll to queue the caller on
// the file's wait queues (poll_wait) so that the next event wakes it.
import { WaitQueueHead, prepare_to_wait } from "./wait";

export const POLLIN: u32 = 0x0001;
export const POLLPRI: u32 = 0x0002;
export const POLLOUT: u32 = 0x0004;
export const POLLERR: u32 = 0x0008;
export const POLLHUP: u32 = 0x0010;
export const POLLNVAL: u32 = 0x0020;
export const POLLRDNORM: u32 = 0x0040;
export const POLLRDBAND: u32 = 0x0080;
export const POLLWRNORM: u32 = 0x0100;
export const POLLWRBAND: u32 = 0x0200;
export const POLLMSG: u32 = 0x0400;
export const POLLRDHUP: u32 = 0x2000;

/**
 * poll_table: `key` is the events asked for; `epi` is set when epoll registers an item
 * (its entries stay on the queues), otherwise the calling task is queued for this call.
 */
@unmanaged export class PollTable {
  key: u32;
  epi: usize;
}

let epoll_queue: (wq: WaitQueueHead, pt: PollTable) => void = epoll_queue_nop;
function epoll_queue_nop(wq: WaitQueueHead, pt: PollTable): void {}
export function set_epoll_queue(fn: (wq: WaitQueueHead, pt: PollTable) => void): void {
  epoll_queue = fn;
}

export function poll_wait(wq: WaitQueueHead, pt: PollTable | null): void {
  if (!pt) return;
  if (pt.epi) epoll_queue(wq, pt);
  else prepare_to_wait(wq);
}

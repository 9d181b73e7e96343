// Socket buffers (include/linux/skbuff.h, net/core/skbuff.c), reduced to what a
// loopback stack needs: one linear data area per skb, queues of skbs per socket.
import { kzalloc_obj, kfree_obj, kmalloc, kfree } from "../../kernel/slab";
import { SkBuff, SkBuffHead } from "../net";
import { csum_partial, csum_fold } from "../../include/net/checksum";
export { SkBuff, SkBuffHead } from "../net";

// skb->ip_summed (include/linux/skbuff.h, "Checksumming of packets"):
//   CHECKSUM_NONE         the packet's checksums are complete (or absent) and a receiver
//                         verifies them: packets from eth0, raw sockets, ICMP.
//   CHECKSUM_UNNECESSARY  a receiver trusts the packet (no device here sets it)
//   CHECKSUM_PARTIAL      TCP and UDP output: the check field holds only the pseudo-header
//                         sum; the device computes the rest (NETIF_F_HW_CSUM) or, if it
//                         cannot, dev_queue_xmit does it in software (skb_checksum_help).
//                         lo offers NETIF_F_HW_CSUM and computes nothing, so on lo the field
//                         keeps the pseudo-header sum, as a capture of Linux's lo shows; the
//                         receiver trusts such a packet (skb_csum_unnecessary).
export const CHECKSUM_NONE: u8 = 0;
export const CHECKSUM_UNNECESSARY: u8 = 1;
export const CHECKSUM_COMPLETE: u8 = 2;
export const CHECKSUM_PARTIAL: u8 = 3;

/** Overhead charged per skb on top of its data (SKB_TRUESIZE on x86_64). */
export const SKB_TRUESIZE_OVERHEAD: u32 = 576;

/** The destructor of an unowned skb; skb_set_owner_w (net/core/sock.ts) installs sock_wfree. */
export function skb_no_destructor(skb: SkBuff): void {}

/**
 * Bytes held by every skb in the kernel (data plus overhead). Unlike Linux, whose limit is
 * the machine's memory, the kernel here lives in one Wasm memory (at most 4 GiB), so
 * socket memory has a global limit: past it, allocations for user data fail with
 * -ENOBUFS (sock_alloc_send_skb), as a failed skb allocation does on Linux.
 */
export let skb_mem_total: usize = 0;
export let skb_mem_limit: usize = 512 << 20;

export function set_skb_mem_limit(bytes: usize): void {
  skb_mem_limit = bytes;
}

export function skb_mem_exhausted(size: u32): bool {
  return skb_mem_total + size + SKB_TRUESIZE_OVERHEAD > skb_mem_limit;
}

export function alloc_skb(size: u32): SkBuff {
  skb_mem_total += size + SKB_TRUESIZE_OVERHEAD;
  const skb = kzalloc_obj<SkBuff>();
  skb.data = size ? kmalloc(size) : 0;
  skb.size = size;
  skb.truesize = size + SKB_TRUESIZE_OVERHEAD;
  skb.destructor = skb_no_destructor;
  return skb;
}

/** kfree_skb(): run the destructor (sock_wfree credits the owner's write memory), free. */
export function kfree_skb(skb: SkBuff | null): void {
  if (!skb) return;
  skb.destructor(skb);
  if (skb.data) kfree(skb.data, skb.size);
  skb_mem_total -= skb.size + SKB_TRUESIZE_OVERHEAD;
  kfree_obj(skb);
}

/**
 * The CHECKSUM_PARTIAL setup of __tcp_v4_send_check() / udp4_hwcsum(): the caller stored
 * the pseudo-header sum in the check field at data + start + offset; the rest is summed by
 * the device, or by skb_checksum_help().
 */
export function skb_partial_csum_set(skb: SkBuff, start: u32, offset: u32): void {
  skb.ip_summed = CHECKSUM_PARTIAL;
  skb.csum_start = <u16>start;
  skb.csum_offset = <u16>offset;
}

/**
 * skb_checksum_help(): complete a CHECKSUM_PARTIAL checksum in software, for a device
 * without checksum offload: the one's complement sum from csum_start to the end (the check
 * field's pseudo-header sum included), folded, stored; 0 becomes CSUM_MANGLED_0 (0xffff),
 * as Linux stores it (for UDP, 0 would mean "no checksum").
 */
export function skb_checksum_help(skb: SkBuff): void {
  if (skb.ip_summed != CHECKSUM_PARTIAL) return;
  const start = <u32>skb.csum_start;
  if (start >= skb.len) return;
  const sum = csum_fold(csum_partial(skb.data + start, skb.len - start, 0));
  store<u16>(skb.data + start + <u32>skb.csum_offset, sum ? sum : 0xffff);
  skb.ip_summed = CHECKSUM_NONE;
}

/**
 * skb_csum_unnecessary(): whether a received packet's transport checksum need not be
 * verified: it was marked so, or it is CHECKSUM_PARTIAL (sent by this host over lo, whose
 * check field holds only the pseudo-header sum).
 */
// @ts-ignore: decorator
@inline export function skb_csum_unnecessary(skb: SkBuff): bool {
  return skb.ip_summed == CHECKSUM_UNNECESSARY || skb.ip_summed == CHECKSUM_PARTIAL;
}

export function skb_queue_head_init(): SkBuffHead {
  return kzalloc_obj<SkBuffHead>();
}

export function skb_queue_empty(list: SkBuffHead): bool {
  return list.first == null;
}

export function skb_peek(list: SkBuffHead): SkBuff | null {
  return list.first;
}

export function skb_peek_tail(list: SkBuffHead): SkBuff | null {
  return list.last;
}

export function skb_peek_next(skb: SkBuff): SkBuff | null {
  return skb.next;
}

export function skb_queue_tail(list: SkBuffHead, skb: SkBuff): void {
  skb.next = null;
  skb.prev = list.last;
  if (list.last) list.last!.next = skb;
  else list.first = skb;
  list.last = skb;
  list.qlen++;
}

export function skb_unlink(skb: SkBuff, list: SkBuffHead): void {
  if (skb.prev) skb.prev!.next = skb.next;
  else list.first = skb.next;
  if (skb.next) skb.next!.prev = skb.prev;
  else list.last = skb.prev;
  skb.next = null;
  skb.prev = null;
  list.qlen--;
}

export function skb_dequeue(list: SkBuffHead): SkBuff | null {
  const skb = list.first;
  if (skb) skb_unlink(skb, list);
  return skb;
}

export function skb_queue_purge(list: SkBuffHead): void {
  let skb: SkBuff | null;
  while ((skb = skb_dequeue(list))) kfree_skb(skb);
}

// The socket table for `int80 run --ss` and the deadlock report, in the spirit of
// sock_diag (net/core/sock_diag.c): the kernel fills a binary record per socket, the
// host formats it like `ss -anp`.
import { find_task_by_pid } from "../../kernel/sched";
import { files_lookup } from "../../kernel/fdtable";
import { sock_from_file } from "../net";
import { SOCKADDR_STORAGE_SIZE } from "../../uapi/net";

/**
 * Record layout (little-endian i32 unless noted):
 *   0 family  4 type  8 sk_state  12 socket state (SS_*)  16 bytes queued to read
 *   20 bytes charged to send  24 local address length  28 peer address length
 *   32 socket id  36 peer socket id  40 sk_shutdown  44 listen backlog (max) 48 pending
 *   52 sk_ipv6only (INET_DIAG_SKV6ONLY)
 *   64: local address (128 bytes)  192: peer address (128 bytes)
 */
export const diag = memory.data(64 + 2 * SOCKADDR_STORAGE_SIZE);

/** Fill `diag` for pid's descriptor fd; returns 1 for a socket, 0 otherwise. */
export function sock_diag_fill(pid: i32, fd: i32): i32 {
  const t = find_task_by_pid(pid);
  if (!t) return 0;
  const file = files_lookup(t.files, fd);
  if (!file) return 0;
  const sock = sock_from_file(file);
  if (!sock || !changetype<usize>(sock.sk)) return 0;
  const sk = sock.sk;
  memory.fill(diag, 0, 64 + 2 * SOCKADDR_STORAGE_SIZE);
  store<i32>(diag, sk.sk_family);
  store<i32>(diag, sock.type, 4);
  store<i32>(diag, sk.sk_state, 8);
  store<i32>(diag, sock.state, 12);
  let rq: u32 = 0;
  for (let skb = sk.sk_receive_queue.first; skb; skb = skb!.next) rq += skb.len - skb.consumed;
  store<u32>(diag, rq, 16);
  store<i32>(diag, sk.sk_wmem_alloc, 20);
  const llen = sock.ops.getname(sock, diag + 64, 0);
  store<i32>(diag, llen > 0 ? llen : 0, 24);
  const plen = sock.ops.getname(sock, diag + 64 + SOCKADDR_STORAGE_SIZE, 1);
  store<i32>(diag, plen > 0 ? plen : 0, 28);
  store<u32>(diag, <u32>changetype<usize>(sk), 32);
  store<i32>(diag, sk.sk_shutdown, 40);
  store<i32>(diag, sk.sk_max_ack_backlog, 44);
  store<u32>(diag, sk.sk_receive_queue.qlen, 48);
  store<i32>(diag, sk.sk_ipv6only, 52);
  return 1;
}

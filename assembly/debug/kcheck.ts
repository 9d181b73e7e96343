// Kernel invariants, checked after every call by the fuzzer (npm run fuzz) through the
// debug export kcheck(): fd tables, socket references, buffer accounting, queues.
// Returns 0 when all hold, else a code naming the first one broken (see KCHECK_*).
// It imports from every layer, so it lives at the top (debug/, beside the entry).
import { find_task_by_pid, PID_MAX } from "../kernel/sched";
import { files_lookup } from "../kernel/fdtable";
import { sock_from_file, SkBuff } from "../net/net";

export const KCHECK_FILE_COUNT = 1;   // an installed file has f_count < 1
export const KCHECK_SOCK_FILE = 2;    // sock->file does not point back to the file
export const KCHECK_SK_SOCKET = 3;    // sk->sk_socket does not point back to the socket
export const KCHECK_SK_REFCNT = 4;    // a live sock has no reference
export const KCHECK_WMEM = 5;         // negative write memory
export const KCHECK_QLEN = 6;         // receive queue length differs from its skbs
export const KCHECK_SKB = 7;          // an skb's consumed/len/size are inconsistent

/** Where the last broken invariant was found: pid << 16 | fd (kcheck_where()). */
let kcheck_at: i32 = 0;
export function kcheck_where(): i32 {
  return kcheck_at;
}

export function kcheck(maxpid: i32): i32 {
  if (maxpid > PID_MAX) maxpid = PID_MAX;
  for (let pid = 1; pid < maxpid; pid++) {
    const t = find_task_by_pid(pid);
    if (!t || !changetype<usize>(t.files)) continue; // none, or a zombie (exit_files)
    for (let fd = 0; fd < t.files.max_fds; fd++) {
      kcheck_at = (pid << 16) | fd;
      const f = files_lookup(t.files, fd);
      if (!f) continue;
      if (f.f_count < 1) return KCHECK_FILE_COUNT;
      const sock = sock_from_file(f);
      if (!sock) continue;
      if (sock.file != f) return KCHECK_SOCK_FILE;
      const sk = sock.sk;
      if (!changetype<usize>(sk)) continue;
      if (sk.sk_socket != sock) return KCHECK_SK_SOCKET;
      if (sk.sk_refcnt < 1) return KCHECK_SK_REFCNT;
      if (sk.sk_wmem_alloc < 0) return KCHECK_WMEM;
      let n: u32 = 0;
      let prev: SkBuff | null = null;
      for (let skb = sk.sk_receive_queue.first; skb; skb = skb!.next) {
        n++;
        if (skb.consumed > skb.len || skb.len > skb.size || skb.prev != prev) return KCHECK_SKB;
        prev = skb;
        if (n > 1000000) return KCHECK_QLEN;
      }
      if (n != sk.sk_receive_queue.qlen || sk.sk_receive_queue.last != prev) return KCHECK_QLEN;
    }
  }
  return 0;
}

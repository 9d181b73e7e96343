// User memory access: arch/x86/include/asm/uaccess.h, lib/usercopy.c.
//
// The kernel never touches a process's memory: a user pointer is a u32 offset into the
// current process's linear memory, and only these host imports (declared in arch/host.ts)
// move bytes across. They check bounds against the current process (the first page and
// anything past the end of its memory fault) and return what Linux's return: the number of
// bytes NOT copied, or -EFAULT. Callers turn a short copy into -EFAULT.
//
// A store into a process's MAP_SHARED mapping goes into the mapped file as well (mm/mmap.ts,
// "Shared mappings"): on Linux the kernel writes the shared page itself, which every process
// mapping it sees. That costs one test of a global while no shared mapping exists.
import {
  copy_to_user as host_copy_to_user, put_user as host_put_user,
} from "../arch/host";
export { copy_from_user, strncpy_from_user, get_user } from "../arch/host";

/** Shared mappings alive in any process (mm/mmap.ts counts them). */
let nr_shared_mappings: i32 = 0;
/** mm/mmap.ts: the current process's store [to, to+n) from kernel memory `from` reaches its shared mappings. */
let shared_store: (to: u32, from: usize, n: u32) => void = shared_store_nop;
function shared_store_nop(to: u32, from: usize, n: u32): void {}

/** mm/mmap.ts registers its store hook and counts its shared mappings (delta +1 / -1). */
export function uaccess_shared_mappings(delta: i32, fn: (to: u32, from: usize, n: u32) => void): void {
  nr_shared_mappings += delta;
  shared_store = fn;
}

/** copy_to_user(): n bytes from kernel `from` to user `to`; the bytes NOT copied. */
export function copy_to_user(to: u32, from: usize, n: u32): u32 {
  const left = host_copy_to_user(to, from, n);
  if (nr_shared_mappings && left < n) shared_store(to, from, n - left);
  return left;
}

/** raw_copy_to_user(): the copy alone, for mm's own copies into a shared mapping. */
export function raw_copy_to_user(to: u32, from: usize, n: u32): u32 {
  return host_copy_to_user(to, from, n);
}

const put_buf = memory.data(4);

/** put_user() of a 32-bit value: 0 or -EFAULT. */
export function put_user(val: u32, dst: u32): i32 {
  const err = host_put_user(val, dst);
  if (nr_shared_mappings && !err) {
    store<u32>(put_buf, val);
    shared_store(dst, put_buf, 4);
  }
  return err;
}

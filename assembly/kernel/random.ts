// getrandom(2) (drivers/char/random.c). Unlike Linux, the bytes come from a seeded
// xorshift generator: runs are reproducible, which tests and traces want. Not for crypto.
import { copy_to_user } from "./uaccess";
import { EFAULT, EINVAL } from "../uapi/errno";

let state: u64 = 0x9e3779b97f4a7c15;
const buf = memory.data(256);

function next(): u64 {
  let x = state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  state = x;
  return x;
}

/** get_random_bytes(): n bytes (a multiple of 8 up to 256) at dst, for /dev/urandom. */
export function get_random_bytes(dst: usize, n: usize): void {
  for (let i: usize = 0; i < n; i += 8) store<u64>(dst + i, next());
}

const GRND_NONBLOCK: u32 = 1;
const GRND_RANDOM: u32 = 2;
const GRND_INSECURE: u32 = 4;

export function sys_getrandom(ubuf: u32, count: u32, flags: u32): i32 {
  if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) return -EINVAL;
  if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM)) return -EINVAL;
  if (count > 0x1ffffff) count = 0x1ffffff;
  let done: u32 = 0;
  while (done < count) {
    for (let i: usize = 0; i < 256; i += 8) store<u64>(buf + i, next());
    const chunk = min<u32>(256, count - done);
    // get_random_bytes_user(): a fault ends the call with what was copied (the valid prefix)
    const left = copy_to_user(ubuf + done, buf, chunk);
    done += chunk - left;
    if (left) return done ? <i32>done : -EFAULT;
  }
  return <i32>done;
}

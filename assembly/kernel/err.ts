// include/linux/err.h: a pointer in the last page encodes an errno, so a lookup can
// return either a struct or an error in one value.
import { MAX_ERRNO } from "../uapi/errno";

// @ts-ignore: decorator
@inline export function ERR_PTR<T>(error: i32): T {
  return changetype<T>(<usize>error);
}

// @ts-ignore: decorator
@inline export function PTR_ERR<T>(ptr: T): i32 {
  return <i32>changetype<usize>(ptr);
}

// @ts-ignore: decorator
@inline export function IS_ERR<T>(ptr: T): bool {
  return changetype<usize>(ptr) >= <usize>-MAX_ERRNO;
}

// @ts-ignore: decorator
@inline export function IS_ERR_OR_NULL<T>(ptr: T): bool {
  const p = changetype<usize>(ptr);
  return p == 0 || p >= <usize>-MAX_ERRNO;
}

// Kernel allocation (include/linux/slab.h). Kernel structs are @unmanaged classes in
// linear memory from the runtime's TLSF heap; nothing here is garbage collected.

/** Number of bytes currently allocated through kmalloc (for the invariant checks). */
export let kmalloc_bytes: usize = 0;
export let kmalloc_objects: i32 = 0;

/** kzalloc(): zeroed memory, or 0 when the heap cannot grow. */
export function kzalloc(size: usize): usize {
  const p = heap.alloc(size);
  memory.fill(p, 0, size);
  kmalloc_bytes += size;
  kmalloc_objects++;
  return p;
}

export function kmalloc(size: usize): usize {
  const p = heap.alloc(size);
  kmalloc_bytes += size;
  kmalloc_objects++;
  return p;
}

/**
 * krealloc(): the block at p (old bytes) resized to size, in place when the heap has room
 * after it, else moved (the first min(old, size) bytes kept); bytes past old are not
 * zeroed. p may be 0.
 */
export function krealloc(p: usize, old: usize, size: usize): usize {
  if (!p) return kmalloc(size);
  const q = heap.realloc(p, size);
  kmalloc_bytes += size - old;
  return q;
}

export function kfree(p: usize, size: usize): void {
  if (!p) return;
  heap.free(p);
  kmalloc_bytes -= size;
  kmalloc_objects--;
}

/** Allocate a zeroed @unmanaged struct T. */
// @ts-ignore: decorator
@inline export function kzalloc_obj<T>(): T {
  return changetype<T>(kzalloc(offsetof<T>()));
}

// @ts-ignore: decorator
@inline export function kfree_obj<T>(obj: T): void {
  kfree(changetype<usize>(obj), offsetof<T>());
}

// uaccess: the kernel's only way into a process's memory (two address spaces).
//
// The kernel imports copy_from_user, copy_to_user, strncpy_from_user, get_user and
// put_user (assembly/kernel/uaccess.ts); they are implemented once, here, and used by the
// machine (the current process's memory) and by the kernel's unit tests
// (as-pect.config.js: a plain buffer as "user memory"). A user range is valid when it lies
// past the first page and inside the memory, as on Linux (access_ok() plus the fault on
// the zero page): copies return the bytes not copied, get/put/strncpy return -EFAULT;
// callers in the kernel turn that into -EFAULT. A bad pointer is never a trap.
//
// Hot path: no allocation per call; small copies go word by word through DataViews,
// larger ones through TypedArray.set.

export const PAGE_SIZE = 4096;
const EFAULT = 14;
/** copies up to this size go word by word (syscall arguments, option values): no view created */
const SMALL_COPY = 64;

export interface UaccessImports {
  /** copy_from_user(to: kernel, from: user, n) -> bytes not copied */
  copy_from_user(kdst: number, usrc: number, n: number): number;
  /** copy_to_user(to: user, from: kernel, n) -> bytes not copied */
  copy_to_user(udst: number, ksrc: number, n: number): number;
  /** strncpy_from_user(dst, src, count) -> length without the NUL, count if none, or -EFAULT */
  strncpy_from_user(kdst: number, usrc: number, count: number): number;
  /** get_user of a u32: 0 or -EFAULT */
  get_user(kdst: number, usrc: number): number;
  /** put_user of a u32: 0 or -EFAULT */
  put_user(val: number, udst: number): number;
}

/**
 * The two memories a syscall works between: the kernel's, and the current process's
 * (set with setUser for the duration of a syscall; user code does not run while the
 * kernel does, so its memory cannot grow under us). Kernel memory can grow during the
 * call: its views are re-read when memory.grow has detached them (byteLength 0).
 */
export class UserAccess {
  u8: Uint8Array = new Uint8Array(0);
  udv: DataView = new DataView(new ArrayBuffer(0));
  ulen = 0;
  k8: Uint8Array = new Uint8Array(0);
  kdv: DataView = new DataView(new ArrayBuffer(0));
  private kmem: WebAssembly.Memory | null = null;

  /** The kernel's memory, once it is instantiated (its imports are made before it exists). */
  attachKernel(memory: WebAssembly.Memory) {
    this.kmem = memory;
    this.k8 = new Uint8Array(memory.buffer);
    this.kdv = new DataView(memory.buffer);
  }

  /** Fresh kernel views if memory.grow detached the old ones. */
  kviews() {
    if (this.k8.byteLength === 0 && this.kmem) {
      this.k8 = new Uint8Array(this.kmem.buffer);
      this.kdv = new DataView(this.kmem.buffer);
    }
  }

  /** The user memory the next copies reach (the current process's, or a test's buffer). */
  setUser(u8: Uint8Array, dv: DataView) {
    this.u8 = u8;
    this.udv = dv;
    this.ulen = u8.byteLength;
  }

  /** The kernel's uaccess imports, working on this window. */
  imports(): UaccessImports {
    const ua = this;
    return {
      copy_from_user(kdst: number, usrc: number, n: number): number {
        usrc >>>= 0; n >>>= 0;
        if (usrc < PAGE_SIZE || usrc + n > ua.ulen) return n;
        if (ua.k8.byteLength === 0) ua.kviews();
        if (n <= SMALL_COPY) {
          const kdv = ua.kdv, udv = ua.udv;
          let i = 0;
          for (; i + 4 <= n; i += 4) kdv.setUint32(kdst + i, udv.getUint32(usrc + i, true), true);
          for (; i < n; i++) kdv.setUint8(kdst + i, udv.getUint8(usrc + i));
        } else ua.k8.set(ua.u8.subarray(usrc, usrc + n), kdst);
        return 0;
      },
      copy_to_user(udst: number, ksrc: number, n: number): number {
        udst >>>= 0; n >>>= 0;
        if (udst < PAGE_SIZE || udst + n > ua.ulen) return n;
        if (ua.k8.byteLength === 0) ua.kviews();
        if (n <= SMALL_COPY) {
          const kdv = ua.kdv, udv = ua.udv;
          let i = 0;
          for (; i + 4 <= n; i += 4) udv.setUint32(udst + i, kdv.getUint32(ksrc + i, true), true);
          for (; i < n; i++) udv.setUint8(udst + i, kdv.getUint8(ksrc + i));
        } else ua.u8.set(ua.k8.subarray(ksrc, ksrc + n), udst);
        return 0;
      },
      strncpy_from_user(kdst: number, usrc: number, count: number): number {
        usrc >>>= 0;
        if (ua.k8.byteLength === 0) ua.kviews();
        const u8 = ua.u8, k8 = ua.k8;
        for (let i = 0; i < count; i++) {
          const a = usrc + i;
          if (a < PAGE_SIZE || a >= ua.ulen) return -EFAULT;
          const c = u8[a];
          k8[kdst + i] = c;
          if (c === 0) return i;
        }
        return count;
      },
      get_user(kdst: number, usrc: number): number {
        usrc >>>= 0;
        if (usrc < PAGE_SIZE || usrc + 4 > ua.ulen) return -EFAULT;
        if (ua.k8.byteLength === 0) ua.kviews();
        ua.kdv.setUint32(kdst, ua.udv.getUint32(usrc, true), true);
        return 0;
      },
      put_user(val: number, udst: number): number {
        udst >>>= 0;
        if (udst < PAGE_SIZE || udst + 4 > ua.ulen) return -EFAULT;
        ua.udv.setUint32(udst, val >>> 0, true);
        return 0;
      },
    };
  }
}

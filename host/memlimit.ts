// The per-process memory limit (int80 run --memory). A process's linear memory is declared
// by its module; wasm-ld leaves its maximum open (4 GiB), so one guest's malloc loop could
// make the host allocate until it dies. Before the module is compiled, its memory section
// is rewritten with a maximum: memory.grow past it fails (returns -1), so sbrk and malloc
// return NULL in the guest, as they do on Linux under RLIMIT_AS / RLIMIT_DATA, and nothing
// else happens to the host or the other processes. Isomorphic: bytes in, bytes out.

/** Default --memory: 256 MiB per process (documented in README.md). */
export const DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024;
export const WASM_PAGE = 65536;

function readLeb(b: Uint8Array, pos: number): [number, number] {
  let result = 0, shift = 0, byte: number;
  do {
    if (pos >= b.length) throw new Error("truncated module");
    byte = b[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

export class MemoryLimitError extends Error {}

/**
 * The module with its (one, 32-bit) defined memory capped at maxBytes (rounded down to
 * whole pages). A module whose memory is imported or already smaller is returned as is;
 * one that needs more than maxBytes at start is a MemoryLimitError.
 */
export function limitMemory(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const maxPages = Math.max(1, Math.floor(maxBytes / WASM_PAGE));
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error("not a WebAssembly module");
  }
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, body] = readLeb(bytes, pos + 1);
    const end = body + size;
    if (id === 5) {
      // memory section: vec(limits); limits = flags, min, [max]
      let [count, p] = readLeb(bytes, body);
      if (count !== 1) return bytes;
      const flags = bytes[p++];
      if (flags & ~1) return bytes; // shared or 64-bit memory: left alone
      let min: number, max = Infinity;
      [min, p] = readLeb(bytes, p);
      if (flags & 1) [max, p] = readLeb(bytes, p);
      if (min > maxPages) {
        throw new MemoryLimitError(`needs ${(min * WASM_PAGE) >> 20} MiB of memory at start, more than the limit (--memory ${(maxPages * WASM_PAGE) >> 20}M)`);
      }
      if (max <= maxPages) return bytes;
      const section = [1, 1, ...leb(min), ...leb(maxPages)];
      const out = new Uint8Array(pos + 1 + leb(section.length).length + section.length + (bytes.length - end));
      out.set(bytes.subarray(0, pos + 1), 0);
      let o = pos + 1;
      for (const x of [...leb(section.length), ...section]) out[o++] = x;
      out.set(bytes.subarray(end), o);
      return out;
    }
    pos = end;
  }
  return bytes;
}

/** Parse a --memory value: bytes, or a number with K, M or G (powers of 1024). */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([KMG]i?B?)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = (m[2] ?? "").toUpperCase()[0];
  const n = Number(m[1]) * (unit === "K" ? 1024 : unit === "M" ? 1024 ** 2 : unit === "G" ? 1024 ** 3 : 1);
  return Number.isFinite(n) && n >= WASM_PAGE && n <= 4 * 1024 ** 3 ? Math.floor(n) : null;
}

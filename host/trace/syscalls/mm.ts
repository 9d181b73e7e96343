// strace specs: memory mappings: mmap2, munmap, mprotect (assembly/mm/mmap.ts).
// One entry per syscall name: its argument decoders (host/trace/decode.ts).
import type { Arg, Spec } from "../decode.js";
import { addr, fl, hex, int, uint } from "../decode.js";
import * as X from "../xlat.js";

const address: Arg = { f: (_c, v) => addr(v) };

export const MM_SPECS: Record<string, Spec> = {
  // strace prints mmap2's page offset as the byte offset it stands for
  mmap2: {
    args: [address, uint, fl(X.PROT_FLAGS, "PROT_???"), fl(X.MAP_FLAGS, "MAP_???"), int,
      { f: (_c, v) => hex((v >>> 0) * 4096) }],
    ret: (c) => hex(c.ret >>> 0),
  },
  munmap: { args: [address, uint] },
  mprotect: { args: [address, uint, fl(X.PROT_FLAGS, "PROT_???")] },
};

// How this machine runs an i386 static binary (the reference for every C test).
// See scripts/i386.sh: natively when the kernel executes i386 (ia32 emulation), else under
// qemu-i386-static, whose system calls are still answered by this machine's Linux kernel.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

let cached;
/** { ok, native, prefix: [] | ["qemu-i386-static"], why } */
export function i386Runner() {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "int80-i386-"));
  const src = path.join(dir, "p.c"), bin = path.join(dir, "p");
  fs.writeFileSync(src, "int main(void){return 0;}\n");
  cached = { ok: false, native: false, prefix: [], why: "gcc -m32 -static does not work here (install gcc-multilib)" };
  if (spawnSync("gcc", ["-m32", "-static", "-o", bin, src]).status === 0) {
    if (spawnSync(bin).status === 0) cached = { ok: true, native: true, prefix: [], why: "" };
    else {
      cached.why = "this kernel cannot execute i386 binaries (no ia32 emulation) and qemu-i386-static is not installed";
      for (const q of ["qemu-i386-static", "qemu-i386"]) {
        if (spawnSync(q, [bin]).status === 0) { cached = { ok: true, native: false, prefix: [q], why: "" }; break; }
      }
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return cached;
}

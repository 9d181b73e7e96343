// MAP_SHARED between processes (assembly/mm/mmap.ts, "Shared mappings"): after a run of
// tests/c/mman_shared.c every unlinked inode made for shared anonymous memory is gone (the
// last unmap or exit frees it), and the host only switches groups that have shared mappings.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../dist/host/node/run.js";

const cdir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "c");

test("shared anonymous memory leaves no inode, dentry or kernel object behind", async () => {
  const r = await run([{ path: path.join(cdir, "mman_shared.c") }], { capture: true });
  assert.match(r.captured.text(), /anonymous: parent sees 42/);
  assert.equal(r.machine.kernel.fs_check_idle(), 0);
  for (const p of r.procs) assert.equal(p.shm, false, `pid ${p.pid} still marked as sharing`);
});

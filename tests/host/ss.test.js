// --ss names pathname AF_UNIX sockets by their path (the S_IFSOCK inode's name), as ss -anp
// does: the listener and the accepted socket by their own address, the client by its peer's.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../dist/host/node/run.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");

test("--ss shows pathname AF_UNIX sockets by path", async () => {
  let table = "";
  const r = await run([{ path: path.join(dir, "ss_pathname.c") }], { capture: true, ss: (t) => { table += t; } });
  assert.equal(r.status, 0);
  const rows = table.split("\n").map((l) => l.split(/\s+/));
  const find = (state, local, peer) => rows.find((c) => c[0] === "u_str" && c[1] === state && c[4] === local && c[5] === peer);
  assert.ok(find("LISTEN", "/tmp/ss.sock", "*"), table);
  assert.ok(find("ESTAB", "*", "/tmp/ss.sock"), table);
  assert.ok(find("ESTAB", "/tmp/ss.sock", "*"), table);
});

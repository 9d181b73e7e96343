// --pcap: every packet on the loopback wire, readable by tshark with no malformed packet
// and no bad checksum; a TCP exchange shows the handshake, the data and the FINs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../dist/host/node/run.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");
const haveTshark = spawnSync("tshark", ["-v"]).status === 0;

const tshark = (file, ...args) => {
  const r = spawnSync("tshark", ["-r", file, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
    "-o", "udp.check_checksum:TRUE", ...args], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test("a TCP exchange captured with --pcap reads cleanly in tshark", { skip: !haveTshark && "tshark not installed" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), "tcp.pcap");
  const r = await run([{ path: path.join(dir, "tcp_hello.c") }], { capture: true, pcap: file });
  assert.equal(r.captured.text(), "10 bytes\n");
  const bad = tshark(file, "-Y", "_ws.malformed || ip.checksum.status == 0 || tcp.checksum.status == 0");
  assert.equal(bad, "", "no malformed packets, no bad checksums");
  const flags = tshark(file, "-T", "fields", "-e", "tcp.flags.str", "-e", "tcp.len").trim().split("\n")
    .map((l) => l.replace(/\u00b7/g, ".").trim());
  // the handshake, data each way, and a FIN each way with their ACKs
  assert.match(flags[0], /^\.+S\.\t0$/, "SYN");
  assert.match(flags[1], /^\.+A\.\.S\.\t0$/, "SYN, ACK");
  assert.match(flags[2], /^\.+A\.\.\.\.\t0$/, "ACK");
  assert.ok(flags.some((f) => /\t5$/.test(f) && /A/.test(f)), "data segments");
  assert.equal(flags.filter((f) => /F\t/.test(f)).length, 2, "one FIN from each side");
});

test("UDP datagrams and ICMP port unreachable are well formed", { skip: !haveTshark && "tshark not installed" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), "udp.pcap");
  await run([{ path: path.join(dir, "..", "..", "c", "inet_udp.c") }], { capture: true, pcap: file });
  const bad = tshark(file, "-Y", "_ws.malformed || ip.checksum.status == 0 || udp.checksum.status == 0 || icmp.checksum.status == 0");
  assert.equal(bad, "");
  assert.match(tshark(file), /Destination unreachable \(Port unreachable\)/);
});

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

test("IPv6: TCP, UDP and ICMPv6 over ::1 read cleanly with valid checksums", { skip: !haveTshark && "tshark not installed" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), "inet6.pcap");
  await run([{ path: path.join(dir, "..", "..", "c", "inet6.c") }], { capture: true, pcap: file });
  const bad = tshark(file, "-Y",
    "_ws.malformed || tcp.checksum.status == 0 || udp.checksum.status == 0 || icmpv6.checksum.status == 0");
  assert.equal(bad, "", "no malformed packets, no bad checksums");
  const rows = tshark(file, "-T", "fields", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "ipv6.nxt", "-e", "ipv6.hlim")
    .trim().split("\n");
  assert.ok(rows.length > 10);
  // (an ICMPv6 error also shows the header it quotes: "::1,::1", "58,17")
  for (const r of rows) assert.match(r, /^::1(,::1)?\t::1(,::1)?\t(6|17|58,17)\t64(,64)?$/, "every packet is IPv6 between ::1 and ::1, hop limit 64");
  // every packet's upper-layer checksum was verified and found good (status 1)
  const status = tshark(file, "-T", "fields", "-e", "tcp.checksum.status", "-e", "udp.checksum.status", "-e", "icmpv6.checksum.status")
    .trim().split("\n");
  assert.equal(status.length, rows.length);
  for (const st of status) assert.match(st, /^(1\t\t|\t1\t|\t\t1|\t1\t1)$/, "checksum good");
  const text = tshark(file);
  assert.match(text, /Destination Unreachable \(Port unreachable\)/i);
  assert.match(text, /\[SYN\]/);
});

test("IPv6 dual stack: an IPv4 client of a [::] listener is IPv4 on the wire", { skip: !haveTshark && "tshark not installed" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), "dual.pcap");
  await run([{ path: path.join(dir, "..", "..", "c", "inet6_dual.c") }], { capture: true, pcap: file });
  const bad = tshark(file, "-Y", "_ws.malformed || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0");
  assert.equal(bad, "");
  const v = tshark(file, "-Y", "tcp.flags.syn == 1 && tcp.flags.ack == 0", "-T", "fields", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.dstport")
    .trim().split("\n").map((l) => l.split("\t"));
  // the [::] listener on 7301 gets IPv4 SYNs: from an AF_INET client, and from an AF_INET6 one
  // connecting to ::ffff:127.0.0.1
  const to7301 = v.filter((f) => f[2] === "7301");
  assert.equal(to7301.length, 2);
  for (const f of to7301) assert.deepEqual(f.slice(0, 2), ["127.0.0.1", ""]);
  // the AF_INET listener on 7303: an IPv6 SYN to ::1 (answered with a reset), then IPv4 via ::ffff:127.0.0.1
  assert.deepEqual(v.filter((f) => f[2] === "7303").map((f) => f.slice(0, 2)), [["", "::1"], ["127.0.0.1", ""]]);
});

test("raw sockets: ping over 127.0.0.1 and ::1, every echo request answered, checksums valid", { skip: !haveTshark && "tshark not installed" }, async () => {
  for (const [name, req, rep, field] of [["raw_icmp", 8, 0, "icmp"], ["raw_icmp6", 128, 129, "icmpv6"]]) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), `${name}.pcap`);
    await run([{ path: path.join(dir, "..", "..", "c", `${name}.c`) }], { capture: true, pcap: file });
    const bad = tshark(file, "-Y", `_ws.malformed || ip.checksum.status == 0 || ${field}.checksum.status == 0 || udp.checksum.status == 0`);
    assert.equal(bad, "", `${name}: no malformed packets, no bad checksums`);
    const types = tshark(file, "-Y", field, "-T", "fields", "-e", `${field}.type`, "-e", `${field}.checksum.status`)
      .trim().split("\n").map((l) => l.split("\t"));
    const requests = types.filter(([t]) => t.split(",")[0] === String(req)).length;
    const replies = types.filter(([t]) => t.split(",")[0] === String(rep)).length;
    assert.ok(requests >= 5, `${name}: echo requests on the wire (${requests})`);
    assert.equal(replies, requests, `${name}: the kernel answered each echo request`);
    for (const [t, st] of types) assert.equal(st.split(",")[0], "1", `${name}: ${field} type ${t} checksum verified good`);
  }
});

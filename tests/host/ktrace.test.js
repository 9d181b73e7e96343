// --ktrace nesting comes from the call structure (scripts/asc_ktrace_nesting.mjs): each
// event's level is the number of traced kernel functions on the stack, so a function is
// printed one level under the traced function that called it, and the packet path run
// by the softirq nests under the call that ran it.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../dist/host/node/run.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");

test("ktrace levels follow the kernel's calls", async () => {
  const events = [];
  await run([{ path: path.join(dir, "tcp_hello.c") }], { capture: true, ktrace: (name, level) => events.push({ name, level }) });
  assert.ok(events.length > 50, "events were traced");
  // a tree: every event is at most one level below the previous one, and the syscall
  // handlers (__sys_*, sock_*_iter) are at level 1
  for (let i = 1; i < events.length; i++) {
    assert.ok(events[i].level >= 1 && events[i].level <= events[i - 1].level + 1,
      `event ${i} ${events[i].name}@${events[i].level} after ${events[i - 1].name}@${events[i - 1].level}`);
  }
  for (const e of events) if (/^__sys_/.test(e.name)) assert.equal(e.level, 1, e.name);
  // the parent of an event: the closest earlier event one level up
  const parent = (i) => { for (let j = i - 1; j >= 0; j--) if (events[j].level === events[i].level - 1) return events[j].name; return null; };
  const parentsOf = (name) => new Set(events.flatMap((e, i) => (e.name === name ? [parent(i)] : [])));
  // direct calls in net/ipv4 and net/core, as in Linux
  assert.deepEqual([...parentsOf("tcp_v4_connect")], ["inet_stream_connect"]);
  assert.ok(parentsOf("tcp_connect").has("tcp_v4_connect"));
  assert.ok(parentsOf("tcp_transmit_skb").has("tcp_connect"));
  assert.deepEqual([...parentsOf("ip_queue_xmit")], ["tcp_transmit_skb"]);
  assert.deepEqual([...parentsOf("dev_queue_xmit")], ["ip_queue_xmit"]);
  assert.deepEqual([...parentsOf("ip_rcv")], ["net_rx_action"]);
  assert.deepEqual([...parentsOf("ip_local_deliver")], ["ip_rcv"]);
  assert.ok(parentsOf("tcp_v4_rcv").has("ip_local_deliver"));
  assert.ok(parentsOf("tcp_set_state").has("tcp_v4_connect"), "SYN_SENT is set inside tcp_v4_connect");
  assert.ok(!parentsOf("net_rx_action").has(null), "the softirq runs inside a syscall");
});

test("ktrace names the IPv6 path: inet6_create, inet6_bind, tcp_v6_connect, ip6_xmit, ipv6_rcv, icmpv6_send", async () => {
  const names = new Set();
  await run([{ path: path.join(dir, "..", "..", "c", "inet6.c") }], { capture: true, ktrace: (name) => names.add(name) });
  for (const want of ["inet6_create", "inet6_bind", "tcp_v6_connect", "ip6_xmit", "ipv6_rcv", "icmpv6_send"])
    assert.ok(names.has(want), `--ktrace never showed ${want}`);
});

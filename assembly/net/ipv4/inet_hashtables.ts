// Who holds which port (net/ipv4/inet_hashtables.c, inet_connection_sock.c, udp.c).
//
// Every AF_INET socket that has a local port (bound, listening, connected, TIME_WAIT) is in
// the bucket of that port (Linux's bhash); every lookup is by local port, so it walks one
// bucket. Unlike Linux there are no separate established/listening tables: on a loopback
// stack a port's bucket is short. TIME_WAIT sockets are also kept oldest first, so their
// expiry is found without a walk.
import { ktrace } from "../../kernel/trace";
import { Sock, TCP_LISTEN, TCP_TIME_WAIT } from "../core/sock";
import { ktime_get_ns } from "../../kernel/time";
import { InetSock, inet_sk, inet_sk_v4, inet_sk_v6 } from "./inet_sock";
import { ipv6_addr_any } from "../../uapi/in6";
import { htons } from "../../uapi/in";

/** net.ipv4.ip_local_port_range */
export const sysctl_local_port_low = 32768;
export const sysctl_local_port_high = 60999;

/** inet_bhash: per local port, the sockets holding it. */
const bhash = new StaticArray<usize>(65536);
/** TIME_WAIT sockets in the order they entered it (all wait TCP_TIMEWAIT_LEN). */
let tw_head: InetSock | null = null;
let tw_tail: InetSock | null = null;

/** The sockets holding local port `port` (follow bind_next). */
// @ts-ignore: decorator
@inline export function inet_bucket(port: i32): InetSock | null {
  return changetype<InetSock | null>(unchecked(bhash[port & 0xffff]));
}

export function inet_hash(inet: InetSock): void {
  if (inet.hashed) return;
  const b = inet.inet_num & 0xffff;
  const head = changetype<InetSock | null>(unchecked(bhash[b]));
  inet.bind_prev = null;
  inet.bind_next = head;
  if (head) head.bind_prev = inet;
  unchecked(bhash[b] = changetype<usize>(inet));
  inet.hashed = 1;
  if (inet.sk_state == TCP_TIME_WAIT) {
    inet.tw_next = null;
    inet.tw_prev = tw_tail;
    if (tw_tail) tw_tail!.tw_next = inet;
    else tw_head = inet;
    tw_tail = inet;
  }
}

export function inet_unhash(inet: InetSock): void {
  if (!inet.hashed) return;
  if (inet.bind_prev) inet.bind_prev!.bind_next = inet.bind_next;
  else unchecked(bhash[inet.inet_num & 0xffff] = changetype<usize>(inet.bind_next));
  if (inet.bind_next) inet.bind_next!.bind_prev = inet.bind_prev;
  inet.bind_next = null;
  inet.bind_prev = null;
  inet.hashed = 0;
  if (inet.tw_prev || tw_head == inet) { // on the TIME_WAIT list, whatever its state now
    if (inet.tw_prev) inet.tw_prev!.tw_next = inet.tw_next;
    else if (tw_head == inet) tw_head = inet.tw_next;
    if (inet.tw_next) inet.tw_next!.tw_prev = inet.tw_prev;
    else if (tw_tail == inet) tw_tail = inet.tw_prev;
    inet.tw_next = null;
    inet.tw_prev = null;
  }
}

/** Called for a TIME_WAIT socket whose time is up (set by tcp: inet_twsk_kill). */
let tw_kill: (inet: InetSock) => void = tw_kill_nop;
function tw_kill_nop(inet: InetSock): void {}
export function set_tw_kill(fn: (inet: InetSock) => void): void {
  tw_kill = fn;
}

/** Release the ports of TIME_WAIT sockets whose 60 s (TCP_TIMEWAIT_LEN) are over. */
export function inet_twsk_reap(): void {
  if (!tw_head) return;
  const now = ktime_get_ns();
  while (tw_head && now >= tw_head!.tw_deadline) tw_kill(tw_head!); // tw_kill unhashes it
}

/**
 * inet_rcv_saddr_equal() (with ipv6_rcv_saddr_equal / ipv4_rcv_saddr_equal, wildcards
 * matching): whether sk and sk2 would receive on a common address. Each socket is seen
 * through the addresses it takes:
 *   - IPv4: an AF_INET socket's bound address; an AF_INET6 socket's v4-mapped address,
 *     or 0.0.0.0 when it is bound to :: without IPV6_V6ONLY (a dual-stack wildcard);
 *   - IPv6: an AF_INET6 socket's bound address unless it is v4-mapped.
 * Two sockets overlap when both take IPv4 and the v4 addresses are equal or one is the
 * wildcard, or both take IPv6 and the v6 addresses are equal or one is ::. (Binding a
 * specific IPv6 address sets sk_ipv6only, as __inet6_bind does, so ::1 never takes IPv4.)
 */
export function inet_rcv_saddr_equal(sk: InetSock, sk2: InetSock): bool {
  if (inet_sk_v4(sk) && inet_sk_v4(sk2)) {
    const a = sk.inet_rcv_saddr_be, b = sk2.inet_rcv_saddr_be;
    if (a == 0 || b == 0 || a == b) return true;
  }
  if (inet_sk_v6(sk) && inet_sk_v6(sk2)) {
    if (ipv6_addr_any(sk.v6_rcv_saddr0, sk.v6_rcv_saddr1) || ipv6_addr_any(sk2.v6_rcv_saddr0, sk2.v6_rcv_saddr1)) return true;
    if (sk.v6_rcv_saddr0 == sk2.v6_rcv_saddr0 && sk.v6_rcv_saddr1 == sk2.v6_rcv_saddr1) return true;
  }
  return false;
}

/**
 * inet_bind_conflict() (TCP, relax = true) / udp_lib_lport_inuse() (UDP): sk2 keeps sk off
 * the port. TCP: both SO_REUSEADDR and sk2 not listening is no conflict. UDP: both
 * SO_REUSEADDR is none. SO_REUSEPORT on both (same owner) is none.
 */
function bind_conflict(sk: InetSock, sk2: InetSock): bool {
  if (sk2 == sk || sk2.sk_protocol != sk.sk_protocol) return false;
  if (!inet_rcv_saddr_equal(sk, sk2)) return false;
  if (sk.sk_reuse && sk2.sk_reuse && (sk.sk_protocol != 6 || sk2.sk_state != TCP_LISTEN)) return false;
  if (sk.sk_reuseport && sk2.sk_reuseport) return false;
  return true;
}

export function port_in_use(sk: InetSock, snum: i32): bool {
  for (let p: InetSock | null = inet_bucket(snum); p; p = p!.bind_next) {
    if (p.inet_num == snum && bind_conflict(sk, p)) return true;
  }
  return false;
}

/** Any socket of the protocol on the port at all (an ephemeral port must be free). */
function port_taken(protocol: i32, snum: i32): bool {
  for (let p: InetSock | null = inet_bucket(snum); p; p = p!.bind_next) {
    if (p.inet_num == snum && p.sk_protocol == protocol) return true;
  }
  return false;
}

let next_ephemeral = sysctl_local_port_low;

/**
 * inet_csk_get_port() / udp_lib_get_port(): take port snum (0: an ephemeral one) for sk.
 * 0 on success, 1 when the port is in use (the caller answers EADDRINUSE).
 * Unlike Linux, the ephemeral port is the next free one after the last given (Linux
 * starts from a random offset), so runs are deterministic.
 */
export function inet_get_port(sk: Sock, snum: i32): i32 {
  ktrace("inet_csk_get_port");
  const inet = inet_sk(sk);
  inet_twsk_reap();
  if (!snum) {
    const range = sysctl_local_port_high - sysctl_local_port_low + 1;
    let found = 0;
    for (let i = 0; i < range; i++) {
      const port = next_ephemeral;
      next_ephemeral = port == sysctl_local_port_high ? sysctl_local_port_low : port + 1;
      if (!port_taken(sk.sk_protocol, port)) { found = port; break; }
    }
    if (!found) return 1;
    snum = found;
  } else if (port_in_use(inet, snum)) {
    return 1;
  }
  inet.inet_num = snum;
  inet.inet_sport_be = htons(<u32>snum);
  inet_hash(inet);
  return 0;
}

/** inet_put_port(): give the port back (inet_sport stays: getsockname still shows it). */
export function inet_put_port(inet: InetSock): void {
  inet_unhash(inet);
  inet.inet_num = 0;
}

// Who holds which port (net/ipv4/inet_hashtables.c, inet_connection_sock.c, udp.c).
//
// Unlike Linux's bind/established/listening hash tables, one list holds every AF_INET
// socket that has a local port (bound, listening, connected, TIME_WAIT); lookups walk it.
// A loopback stack has few sockets, and the rules below are Linux's.
import { ktrace } from "../../kernel/trace";
import { Sock, TCP_LISTEN, TCP_TIME_WAIT, TCP_CLOSE } from "../core/sock";
import { ktime_get_ns } from "../../kernel/time";
import { InetSock, inet_sk } from "./inet_sock";
import { htons } from "../../uapi/in";

/** net.ipv4.ip_local_port_range */
export const sysctl_local_port_low = 32768;
export const sysctl_local_port_high = 60999;

export let inet_bound: InetSock | null = null;

export function inet_hash(inet: InetSock): void {
  if (inet.hashed) return;
  inet.bind_next = inet_bound;
  inet_bound = inet;
  inet.hashed = 1;
}

export function inet_unhash(inet: InetSock): void {
  if (!inet.hashed) return;
  if (inet_bound == inet) inet_bound = inet.bind_next;
  else for (let p: InetSock | null = inet_bound; p; p = p!.bind_next) if (p.bind_next == inet) { p.bind_next = inet.bind_next; break; }
  inet.bind_next = null;
  inet.hashed = 0;
}

/** Called for a TIME_WAIT socket whose time is up (set by tcp: inet_twsk_kill). */
let tw_kill: (inet: InetSock) => void = tw_kill_nop;
function tw_kill_nop(inet: InetSock): void {}
export function set_tw_kill(fn: (inet: InetSock) => void): void {
  tw_kill = fn;
}

/** Release the ports of TIME_WAIT sockets whose 60 s (TCP_TIMEWAIT_LEN) are over. */
export function inet_twsk_reap(): void {
  const now = ktime_get_ns();
  let p = inet_bound;
  while (p) {
    const next = p.bind_next;
    if (p.sk_state == TCP_TIME_WAIT && now >= p.tw_deadline) tw_kill(p);
    p = next;
  }
}

/** inet_rcv_saddr_equal(): the two bound addresses overlap (equal, or either is ANY). */
function rcv_saddr_overlap(a: u32, b: u32): bool {
  return a == 0 || b == 0 || a == b;
}

/**
 * inet_bind_conflict() (TCP, relax = true) / udp_lib_lport_inuse() (UDP): sk2 keeps sk off
 * the port. TCP: both SO_REUSEADDR and sk2 not listening is no conflict. UDP: both
 * SO_REUSEADDR is none. SO_REUSEPORT on both (same owner) is none.
 */
function bind_conflict(sk: InetSock, sk2: InetSock, rcv_saddr_be: u32): bool {
  if (sk2 == sk || sk2.sk_protocol != sk.sk_protocol) return false;
  if (!rcv_saddr_overlap(rcv_saddr_be, sk2.inet_rcv_saddr_be)) return false;
  if (sk.sk_reuse && sk2.sk_reuse && (sk.sk_protocol != 6 || sk2.sk_state != TCP_LISTEN)) return false;
  if (sk.sk_reuseport && sk2.sk_reuseport) return false;
  return true;
}

export function port_in_use(sk: InetSock, snum: i32, rcv_saddr_be: u32): bool {
  for (let p: InetSock | null = inet_bound; p; p = p!.bind_next) {
    if (p.inet_num == snum && bind_conflict(sk, p, rcv_saddr_be)) return true;
  }
  return false;
}

/** Any socket of the protocol on the port at all (an ephemeral port must be free). */
function port_taken(protocol: i32, snum: i32): bool {
  for (let p: InetSock | null = inet_bound; p; p = p!.bind_next) {
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
  ktrace("inet_csk_get_port", 3);
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
  } else if (port_in_use(inet, snum, inet.inet_rcv_saddr_be)) {
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

export { TCP_CLOSE };

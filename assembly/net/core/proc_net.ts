// /proc/net/tcp, /proc/net/udp, /proc/net/unix, /proc/net/tcp6, /proc/net/udp6 in Linux's
// formats (tcp4_seq_show and get_tcp4_sock in net/ipv4/tcp_ipv4.c, udp4_format_sock in
// net/ipv4/udp.c, unix_seq_show in net/unix/af_unix.c, tcp6_seq_show/get_tcp6_sock in
// net/ipv6/tcp_ipv6.c, __ip6_dgram_sock_seq_show in net/ipv6/datagram.c), registered with
// fs/proc.ts. IPv6 addresses print as their four s6_addr32 words, each read as a host-order
// u32 (%08X: ::1 is 00000000000000000000000001000000); the IPv6 rows are not padded. Addresses are the raw __be32 printed
// as a host-order u32 (%08X: 127.0.0.1 is 0100007F), ports in host order (%04X), states as
// Linux numbers them (0A LISTEN, 01 ESTABLISHED, 07 CLOSE), the inode is the number fstat
// shows for the socket (and /proc/PID/fd's "socket:[N]").
// Unlike Linux: only sockets some process has a descriptor for are listed (not the ones
// waiting in an accept queue or in TIME_WAIT); timers, retransmits and the kernel pointer
// print as 0 (as with kptr_restrict); the i386 pointer width (8 hex digits).
import { Task, next_task } from "../../kernel/sched";
import { files_lookup, NR_OPEN_DEFAULT } from "../../kernel/fdtable";
import { File } from "../../kernel/fs";
import { sock_from_file, Socket } from "../net";
import { SeqBuf, seq_puts, seq_putc, seq_hex, seq_dec, seq_pad, proc_net_register, PROC_NET_TCP, PROC_NET_UDP, PROC_NET_UNIX, PROC_NET_DEV, PROC_NET_ROUTE, PROC_NET_TCP6, PROC_NET_UDP6 } from "../../fs/proc";
import { HOSTNET_GW_BE } from "../../drivers/net/hostnet";
import { NetDevice, first_netdev, netdev_get_name, IFNAMSIZ, IFF_LOOPBACK } from "./dev";
import { SOCKADDR_STORAGE_SIZE } from "../../uapi/net";

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_DGRAM = 2;
const SOCK_STREAM = 1;
const TCP_ESTABLISHED = 1;
const TCP_CLOSE = 7;
const TCP_LISTEN = 10;
const SS_UNCONNECTED = 1;
const SS_CONNECTED = 3;
const SO_ACCEPTCON: u32 = 0x10000;

const addr = memory.data(SOCKADDR_STORAGE_SIZE);
/** Sockets already listed in this pass (a socket shared by several descriptors is one row). */
const seen = new StaticArray<usize>(4096);
let nseen = 0;

function first_time(sock: Socket): bool {
  const key = changetype<usize>(sock);
  for (let i = 0; i < nseen; i++) if (unchecked(seen[i]) == key) return false;
  if (nseen < 4096) unchecked(seen[nseen++] = key);
  return true;
}

/** Each socket of `family` (and, for AF_INET, of `type`), once, with its file. */
function for_each_socket(s: SeqBuf, family: i32, type: i32, show: (s: SeqBuf, sock: Socket, file: File, i: i32) => void): void {
  nseen = 0;
  let i = 0;
  for (let t: Task | null = next_task(0); t; t = next_task(t!.pid)) {
    const task = t!;
    if (task.exit_state) continue;
    for (let fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
      const f = files_lookup(task.files, fd);
      if (!f) continue;
      const sock = sock_from_file(f);
      if (!sock || !changetype<usize>(sock.sk)) continue;
      if (sock.sk.sk_family != family || (type && sock.type != type)) continue;
      if (family != AF_UNIX && !inet_hashed(sock)) continue;
      if (!first_time(sock)) continue;
      show(s, sock, f, i++);
    }
  }
}

/**
 * Whether an inet socket is in the tables the seq files walk: TCP's listening and
 * established hashes (not a socket that is only bound, or closed), UDP's table (a bound
 * socket: an unbound one is not hashed until it sends or connects).
 */
function inet_hashed(sock: Socket): bool {
  if (sock.type == SOCK_STREAM) return sock.sk.sk_state != TCP_CLOSE;
  memory.fill(addr, 0, 4);
  return sock.ops.getname(sock, addr, 0) >= 8 && load<u16>(addr, 2) != 0;
}

function queued(sock: Socket): u32 {
  let rq: u32 = 0;
  for (let skb = sock.sk.sk_receive_queue.first; skb; skb = skb!.next) rq += skb.len - skb.consumed;
  return rq;
}

/** "%08X:%04X" of the local (peer 0) or remote (peer 1) address. */
function inet_addr(s: SeqBuf, sock: Socket, peer: i32): void {
  memory.fill(addr, 0, 16);
  const len = sock.ops.getname(sock, addr, peer);
  const ip: u32 = len >= 8 ? load<u32>(addr, 4) : 0;
  const port: u32 = len >= 8 ? ((<u32>load<u8>(addr, 2) << 8) | load<u8>(addr, 3)) : 0;
  seq_hex(s, ip, 8);
  seq_putc(s, 0x3a);
  seq_hex(s, port, 4);
}

/** "%08X%08X%08X%08X:%04X" of an IPv6 socket's local (peer 0) or remote (peer 1) address. */
function inet6_addr(s: SeqBuf, sock: Socket, peer: i32): void {
  memory.fill(addr, 0, 28);
  const len = sock.ops.getname(sock, addr, peer);
  const ok = len >= 24;
  for (let k = 0; k < 4; k++) seq_hex(s, ok ? load<u32>(addr + 8 + 4 * k) : 0, 8);
  seq_putc(s, 0x3a);
  seq_hex(s, ok ? ((<u32>load<u8>(addr, 2) << 8) | load<u8>(addr, 3)) : 0, 4);
}

/** Both ends of a row: the family's address format. */
function inet_ends(s: SeqBuf, sock: Socket): void {
  const show = sock.sk.sk_family == AF_INET6 ? inet6_addr : inet_addr;
  show(s, sock, 0);
  seq_putc(s, 0x20);
  show(s, sock, 1);
  seq_putc(s, 0x20);
}

/** The end of a row: /proc/net/tcp and udp pad to a fixed width, tcp6 and udp6 do not. */
function row_end(s: SeqBuf, sock: Socket, start: u32, width: u32): void {
  if (sock.sk.sk_family == AF_INET6) seq_putc(s, 0x0a);
  else seq_pad(s, start, width);
}

function ino(f: File): u32 {
  return <u32>changetype<usize>(f);
}

/** get_tcp4_sock(), get_tcp6_sock() */
function tcp_show(s: SeqBuf, sock: Socket, f: File, i: i32): void {
  const start = s.len;
  const sk = sock.sk;
  const listen = sk.sk_state == TCP_LISTEN;
  seq_dec(s, i, 4);
  seq_puts(s, ": ");
  inet_ends(s, sock);
  seq_hex(s, <u64>sk.sk_state, 2);
  seq_putc(s, 0x20);
  seq_hex(s, listen ? 0 : <u64>sk.sk_wmem_alloc, 8);
  seq_putc(s, 0x3a);
  seq_hex(s, listen ? <u64>sk.sk_receive_queue.qlen : <u64>queued(sock), 8);
  seq_puts(s, " 00:00000000 00000000 ");
  seq_dec(s, 0, 5);         // uid
  seq_putc(s, 0x20);
  seq_dec(s, 0, 8);         // probes
  seq_putc(s, 0x20);
  seq_dec(s, ino(f), 0);
  seq_putc(s, 0x20);
  seq_dec(s, sk.sk_refcnt > 0 ? sk.sk_refcnt : 1, 0);
  seq_puts(s, " 00000000 ");
  seq_dec(s, listen ? 100 : 20, 0); // rto in clock ticks (TCP_TIMEOUT_INIT, TCP_RTO_MIN)
  seq_puts(s, listen ? " 0 0 10 0" : " 4 0 10 -1"); // ato, quick/pingpong, cwnd, ssthresh
  row_end(s, sock, start, 149);
}

function tcp4_seq_show(s: SeqBuf): void {
  const start = s.len;
  seq_puts(s, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
  seq_pad(s, start, 149);
  for_each_socket(s, AF_INET, SOCK_STREAM, tcp_show);
}

function tcp6_seq_show(s: SeqBuf): void {
  seq_puts(s, "  sl  local_address                         remote_address                        " +
    "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
  for_each_socket(s, AF_INET6, SOCK_STREAM, tcp_show);
}

/** udp4_format_sock(), __ip6_dgram_sock_seq_show() */
function udp_show(s: SeqBuf, sock: Socket, f: File, i: i32): void {
  const start = s.len;
  const sk = sock.sk;
  memory.fill(addr, 0, 16);
  const len = sock.ops.getname(sock, addr, 0);
  const port: u32 = len >= 8 ? ((<u32>load<u8>(addr, 2) << 8) | load<u8>(addr, 3)) : 0;
  seq_dec(s, port & 127, 5); // the hash bucket (udp_hashfn)
  seq_puts(s, ": ");
  inet_ends(s, sock);
  seq_hex(s, <u64>sk.sk_state, 2);
  seq_putc(s, 0x20);
  seq_hex(s, <u64>sk.sk_wmem_alloc, 8);
  seq_putc(s, 0x3a);
  seq_hex(s, <u64>queued(sock), 8);
  seq_puts(s, " 00:00000000 00000000 ");
  seq_dec(s, 0, 5);
  seq_putc(s, 0x20);
  seq_dec(s, 0, 8);
  seq_putc(s, 0x20);
  seq_dec(s, ino(f), 0);
  seq_putc(s, 0x20);
  seq_dec(s, sk.sk_refcnt > 0 ? sk.sk_refcnt : 2, 0);
  seq_puts(s, " 00000000 0"); // pointer, drops
  row_end(s, sock, start, 127);
}

function udp4_seq_show(s: SeqBuf): void {
  const start = s.len;
  seq_puts(s, "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops");
  seq_pad(s, start, 127);
  for_each_socket(s, AF_INET, SOCK_DGRAM, udp_show);
}

function udp6_seq_show(s: SeqBuf): void {
  seq_puts(s, "  sl  local_address                         remote_address                        " +
    "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n");
  for_each_socket(s, AF_INET6, SOCK_DGRAM, udp_show);
}

/** unix_seq_show() */
function unix_show(s: SeqBuf, sock: Socket, f: File, i: i32): void {
  const sk = sock.sk;
  seq_puts(s, "00000000: ");
  seq_hex(s, <u64>(sk.sk_refcnt > 0 ? sk.sk_refcnt : 2), 8);
  seq_puts(s, " 00000000 ");
  seq_hex(s, sk.sk_state == TCP_LISTEN ? SO_ACCEPTCON : 0, 8);
  seq_putc(s, 0x20);
  seq_hex(s, <u64>sock.type, 4);
  seq_putc(s, 0x20);
  seq_hex(s, sk.sk_state == TCP_ESTABLISHED ? SS_CONNECTED : SS_UNCONNECTED, 2);
  seq_putc(s, 0x20);
  seq_dec(s, ino(f), 5);
  const len = sock.ops.getname(sock, addr, 0);
  if (len > 2) {
    seq_putc(s, 0x20);
    let j = 0;
    const n = len - 2;
    if (load<u8>(addr + 2) == 0) { seq_putc(s, 0x40); j = 1; }
    for (; j < n; j++) {
      const c = load<u8>(addr + 2 + j);
      if (c == 0 && load<u8>(addr + 2) != 0) break; // a pathname ends at its NUL
      seq_putc(s, c ? c : 0x40);
    }
  }
  seq_putc(s, 0x0a);
}

function unix_seq_show(s: SeqBuf): void {
  seq_puts(s, "Num       RefCount Protocol Flags    Type St Inode Path\n");
  for_each_socket(s, AF_UNIX, 0, unix_show);
}

const devname = memory.data(16);

/** The device's name, right-aligned in `width` columns (%6s), or as is (width 0). */
function seq_devname(s: SeqBuf, dev: NetDevice, width: i32): void {
  const n = netdev_get_name(dev, devname);
  for (let i = n; i < width; i++) seq_putc(s, 0x20);
  for (let i = 0; i < n; i++) seq_putc(s, load<u8>(devname + i));
}

/**
 * /proc/net/dev (dev_seq_show in net/core/net-procfs.c): one line per device with its
 * receive and transmit counters. Unlike Linux, the error, drop, fifo, frame, multicast,
 * collision and carrier counters are 0: a loopback and a lossless link have none.
 */
function dev_seq_show(s: SeqBuf): void {
  seq_puts(s, "Inter-|   Receive                                                |  Transmit\n");
  seq_puts(s, " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n");
  for (let d = first_netdev(); d; d = d!.next) {
    const dev = d!;
    seq_devname(s, dev, 6);
    seq_putc(s, 0x3a); // ':'
    seq_putc(s, 0x20); seq_dec(s, <i64>dev.rx_bytes, 7);
    seq_putc(s, 0x20); seq_dec(s, <i64>dev.rx_packets, 7);
    seq_puts(s, "    0    0    0     0          0         0 ");
    seq_dec(s, <i64>dev.tx_bytes, 8);
    seq_putc(s, 0x20); seq_dec(s, <i64>dev.tx_packets, 7);
    seq_puts(s, "    0    0    0     0       0          0\n");
  }
}

/** One fib_route_seq_show() line: Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT. */
function route_line(s: SeqBuf, dev: NetDevice, dst_be: u32, gw_be: u32, flags: u32, mask_be: u32): void {
  const start = s.len;
  seq_devname(s, dev, 0);
  seq_putc(s, 9); seq_hex(s, dst_be, 8);
  seq_putc(s, 9); seq_hex(s, gw_be, 8);
  seq_putc(s, 9); seq_hex(s, flags, 4);
  seq_puts(s, "\t0\t0\t0\t");
  seq_hex(s, mask_be, 8);
  seq_puts(s, "\t0\t0\t0");
  seq_pad(s, start, 127);
}

/**
 * /proc/net/route: the main routing table's IPv4 routes (net/ipv4/fib_trie.c
 * fib_route_seq_show), padded to 127 columns. lo's 127.0.0.0/8 is in the local table, so a
 * machine with lo only shows the header; with eth0 (--net user): the default route via
 * 10.0.2.2 (RTF_UP|RTF_GATEWAY) and 10.0.2.0/24 on the link (RTF_UP), in the trie's order.
 * Addresses print as the raw __be32 read as a host-order u32 (%08X).
 */
function route_seq_show(s: SeqBuf): void {
  const start = s.len;
  seq_puts(s, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
  seq_pad(s, start, 127);
  for (let d = first_netdev(); d; d = d!.next) {
    const dev = d!;
    if (dev.flags & IFF_LOOPBACK || !dev.ifa_local_be) continue;
    const net_be = dev.ifa_local_be & dev.ifa_mask_be;
    route_line(s, dev, 0, HOSTNET_GW_BE, 0x0003, 0); // the one other device is eth0 (--net user)
    route_line(s, dev, net_be, 0, 0x0001, dev.ifa_mask_be);
  }
}

proc_net_register(PROC_NET_DEV, dev_seq_show);
proc_net_register(PROC_NET_ROUTE, route_seq_show);
proc_net_register(PROC_NET_TCP, tcp4_seq_show);
proc_net_register(PROC_NET_UDP, udp4_seq_show);
proc_net_register(PROC_NET_TCP6, tcp6_seq_show);
proc_net_register(PROC_NET_UDP6, udp6_seq_show);
proc_net_register(PROC_NET_UNIX, unix_seq_show);

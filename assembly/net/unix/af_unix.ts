// AF_UNIX sockets (net/unix/af_unix.c): SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET.
//
// Unlike Linux, a pathname address creates no file: bound paths live in fs/'s name table
// (fs/namei.ts), which plays the inode's part. A name outlives its socket as the socket
// file does on Linux (a later bind to the path gets EADDRINUSE, a connect gets
// ECONNREFUSED) until unlink(2) removes it. Paths are compared byte for byte, so "./s"
// and "s" are different names here.
import { ktrace } from "../../kernel/trace";
import { current } from "../../kernel/sched";
import { kmalloc, kfree, kzalloc_obj, kfree_obj } from "../../kernel/slab";
import { put_user } from "../../kernel/uaccess";
import { File } from "../../kernel/fs";
import { SockName, sockname_lookup, sockname_create, sockname_put } from "../../fs/namei";
import { PollTable, poll_wait, POLLIN, POLLRDNORM, POLLOUT, POLLWRNORM, POLLWRBAND, POLLERR, POLLHUP, POLLRDHUP, POLLPRI } from "../../kernel/poll";
import { WaitQueueHead, init_waitqueue_head, wait_queue_destroy, wake_up } from "../../kernel/wait";
import { send_sig, SIGPIPE } from "../../kernel/signal";
import { IS_ERR, PTR_ERR, ERR_PTR } from "../../kernel/err";
import { copy_from_iter, copy_to_iter } from "../../kernel/iov_iter";
import { Socket, ProtoOps, NetProtoFamily, SOCKF_PASSCRED } from "../net";
import { Msghdr } from "../core/msghdr";
import {
  Sock, sk_alloc, sock_init_data, sock_hold, sock_put, sock_orphan, sock_error, sock_flag,
  sock_rcvtimeo, sock_sndtimeo, sock_rcvlowat, sk_wait, sk_wait_on, sock_alloc_send_skb, sock_wfree,
  sk_restart,
  TCP_CLOSE, TCP_ESTABLISHED, TCP_LISTEN, SOCK_DEAD, SOCK_URGINLINE,
} from "../core/sock";
import {
  SkBuff, alloc_skb, kfree_skb, skb_queue_tail, skb_peek, skb_peek_tail, skb_unlink, skb_dequeue,
  skb_queue_empty, skb_queue_purge,
} from "../core/skbuff";
import { ScmCookie, ScmFpList, scm_send, scm_destroy, scm_recv, scm_fp_dup, scm_fp_destroy, scm_cookie_alloc } from "../core/scm";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";
import { SUN_FAMILY, SUN_PATH, SOCKADDR_UN_SIZE } from "../../uapi/un";
import { O_NONBLOCK, SIOCINQ, SIOCOUTQ } from "../../uapi/fcntl";
import { sock_register } from "../socket";

/** net.unix.max_dgram_qlen */
export const sysctl_max_dgram_qlen = 10;

/**
 * struct unix_address: a refcounted copy of the bound sockaddr_un.
 *   refcnt, len, then `len` bytes of name (family + path) at offset 8
 */
@unmanaged export class UnixAddress {
  refcnt: i32;
  len: i32;
}

const UNIX_ADDRESS_NAME: usize = 8;
const UNIX_ADDRESS_SIZE: usize = 8 + SOCKADDR_UN_SIZE + 2;

function unix_create_addr(sunaddr: usize, len: i32): UnixAddress {
  const addr = changetype<UnixAddress>(kmalloc(UNIX_ADDRESS_SIZE));
  addr.refcnt = 1;
  addr.len = len;
  memory.copy(changetype<usize>(addr) + UNIX_ADDRESS_NAME, sunaddr, <usize>len);
  return addr;
}

function unix_release_addr(addr: UnixAddress): void {
  if (--addr.refcnt == 0) kfree(changetype<usize>(addr), UNIX_ADDRESS_SIZE);
}

// @ts-ignore: decorator
@inline function addr_name(addr: UnixAddress): usize {
  return changetype<usize>(addr) + UNIX_ADDRESS_NAME;
}

/**
 * struct unix_sock (struct sock comes first):
 *   addr       bound address or null
 *   peer       unix_peer(sk): the other end (stream/seqpacket) or default destination (dgram)
 *   peer_wait  writers waiting for room in this socket's receive queue
 *   oob_skb    the pending out-of-band byte (CONFIG_AF_UNIX_OOB)
 *   bsd        the pathname table entry this socket is bound to, if any
 *   next_bound link in the list of sockets with an address (abstract lookup)
 */
@unmanaged export class UnixSock extends Sock {
  addr: UnixAddress | null;
  peer: UnixSock | null;
  peer_wait: WaitQueueHead;
  oob_skb: SkBuff | null;
  bsd: SockName | null;
  next_bound: UnixSock | null;
}

// @ts-ignore: decorator
@inline function unix_sk(sk: Sock): UnixSock {
  return changetype<UnixSock>(sk);
}

// ---- names ----

/** Sockets bound to an address (abstract or pathname), newest first. */
let unix_bound_list: UnixSock | null = null;

function unix_insert_bound(u: UnixSock): void {
  u.next_bound = unix_bound_list;
  unix_bound_list = u;
}

function unix_remove_bound(u: UnixSock): void {
  if (unix_bound_list == u) unix_bound_list = u.next_bound;
  else for (let p: UnixSock | null = unix_bound_list; p; p = p!.next_bound) if (p.next_bound == u) { p.next_bound = u.next_bound; break; }
  u.next_bound = null;
}

/**
 * __unix_find_socket_byname(): an abstract name already bound by a socket of this type.
 * Linux hashes abstract names with the socket type, so each type has its own namespace.
 */
function unix_find_abstract_byname(sunaddr: usize, len: i32, type: i32): UnixSock | null {
  for (let u: UnixSock | null = unix_bound_list; u; u = u!.next_bound) {
    const a = u.addr!;
    if (!u.bsd && u.sk_type == type && a.len == len && memory.compare(addr_name(a), sunaddr, <usize>len) == 0) return u;
  }
  return null;
}

/** unix_validate_addr() */
function unix_validate_addr(sunaddr: usize, addr_len: i32): i32 {
  if (addr_len <= SUN_PATH || addr_len > SOCKADDR_UN_SIZE) return -E.EINVAL;
  if (load<u16>(sunaddr + SUN_FAMILY) != net.AF_UNIX) return -E.EINVAL;
  return 0;
}

/** unix_mkname_bsd(): NUL-terminate the path; the address length up to and including the NUL. */
function unix_mkname_bsd(sunaddr: usize, addr_len: i32): i32 {
  store<u8>(sunaddr + <usize>addr_len, 0);
  let n = 0;
  while (load<u8>(sunaddr + SUN_PATH + <usize>n)) n++;
  return n + SUN_PATH + 1;
}

/** unix_find_other(): the socket bound to an address, or ERR_PTR. Takes a reference. */
function unix_find_other(sunaddr: usize, addr_len: i32, type: i32): UnixSock {
  ktrace("unix_find_other", 3);
  let u: UnixSock | null;
  if (load<u8>(sunaddr + SUN_PATH)) {
    const len = unix_mkname_bsd(sunaddr, addr_len) - SUN_PATH - 1;
    const e = sockname_lookup(sunaddr + SUN_PATH, len);
    if (!e) return ERR_PTR<UnixSock>(-E.ENOENT);
    u = changetype<UnixSock | null>(e.owner);
    if (!u) return ERR_PTR<UnixSock>(-E.ECONNREFUSED);
    if (u.sk_type != type) return ERR_PTR<UnixSock>(-E.EPROTOTYPE);
  } else {
    u = unix_find_abstract_byname(sunaddr, addr_len, type);
    if (!u) return ERR_PTR<UnixSock>(-E.ECONNREFUSED);
  }
  sock_hold(u);
  return u;
}

let autobind_ordernum: u32 = 0x1a2b3;

/** unix_autobind(): an abstract name "\0XXXXX" (5 hex digits). */
function unix_autobind(u: UnixSock): i32 {
  ktrace("unix_autobind", 3);
  if (u.addr) return 0;
  const name = memory.data(SUN_PATH + 6);
  store<u16>(name, net.AF_UNIX);
  store<u8>(name + SUN_PATH, 0);
  const last = autobind_ordernum;
  for (;;) {
    autobind_ordernum = (autobind_ordernum + 1) & 0xfffff;
    for (let i = 0; i < 5; i++) {
      const d = (autobind_ordernum >> (4 * (4 - i))) & 0xf;
      store<u8>(name + SUN_PATH + 1 + i, <u8>(d < 10 ? 48 + d : 87 + d));
    }
    if (!unix_find_abstract_byname(name, SUN_PATH + 6, u.sk_type)) break;
    if (autobind_ordernum == last) return -E.ENOSPC;
  }
  u.addr = unix_create_addr(name, SUN_PATH + 6);
  unix_insert_bound(u);
  return 0;
}

function unix_bind_bsd(u: UnixSock, sunaddr: usize, addr_len: i32): i32 {
  ktrace("unix_bind_bsd", 3);
  addr_len = unix_mkname_bsd(sunaddr, addr_len);
  const plen = addr_len - SUN_PATH - 1;
  if (sockname_lookup(sunaddr + SUN_PATH, plen)) return -E.EADDRINUSE; // mknod: EEXIST
  if (u.addr) return -E.EINVAL;
  u.bsd = sockname_create(sunaddr + SUN_PATH, plen, changetype<usize>(u));
  u.addr = unix_create_addr(sunaddr, addr_len);
  unix_insert_bound(u);
  return 0;
}

function unix_bind_abstract(u: UnixSock, sunaddr: usize, addr_len: i32): i32 {
  ktrace("unix_bind_abstract", 3);
  if (u.addr) return -E.EINVAL;
  if (unix_find_abstract_byname(sunaddr, addr_len, u.sk_type)) return -E.EADDRINUSE;
  u.addr = unix_create_addr(sunaddr, addr_len);
  unix_insert_bound(u);
  return 0;
}

function unix_bind(sock: Socket, sunaddr: usize, addr_len: i32): i32 {
  ktrace("unix_bind", 2);
  const u = unix_sk(sock.sk);
  if (addr_len == SUN_PATH && load<u16>(sunaddr + SUN_FAMILY) == net.AF_UNIX) return unix_autobind(u);
  const err = unix_validate_addr(sunaddr, addr_len);
  if (err) return err;
  if (load<u8>(sunaddr + SUN_PATH)) return unix_bind_bsd(u, sunaddr, addr_len);
  return unix_bind_abstract(u, sunaddr, addr_len);
}

// ---- life cycle ----

function unix_write_space(sk: Sock): void {
  if (unix_writable(sk, sk.sk_state)) wake_up(sk.sk_wq);
}

function unix_writable(sk: Sock, state: i32): bool {
  return state != TCP_LISTEN && (sk.sk_wmem_alloc << 2) <= sk.sk_sndbuf;
}

function unix_sock_destructor(sk: Sock): void {
  const u = unix_sk(sk);
  skb_queue_purge(sk.sk_receive_queue);
  if (u.addr) unix_release_addr(u.addr!);
  wait_queue_destroy(u.peer_wait);
}

/** unix_create1(): a new unix_sock. */
function unix_create1(sock: Socket | null, type: i32): UnixSock {
  ktrace("unix_create1", 4);
  const u = changetype<UnixSock>(sk_alloc(net.AF_UNIX, offsetof<UnixSock>()));
  sock_init_data(sock, u);
  u.sk_type = type;
  u.sk_write_space = unix_write_space;
  u.sk_max_ack_backlog = sysctl_max_dgram_qlen;
  u.sk_destruct = unix_sock_destructor;
  u.peer_wait = init_waitqueue_head();
  return u;
}

function unix_create(sock: Socket, protocol: i32, kern: i32): i32 {
  ktrace("unix_create", 3);
  if (protocol && protocol != net.AF_UNIX) return -E.EPROTONOSUPPORT;
  sock.state = net.SS_UNCONNECTED;
  switch (sock.type) {
    case net.SOCK_STREAM: sock.ops = unix_stream_ops; break;
    case net.SOCK_RAW: sock.type = net.SOCK_DGRAM; // Linux accepts SOCK_RAW as SOCK_DGRAM
    case net.SOCK_DGRAM: sock.ops = unix_dgram_ops; break;
    case net.SOCK_SEQPACKET: sock.ops = unix_seqpacket_ops; break;
    default: return -E.ESOCKTNOSUPPORT;
  }
  unix_create1(sock, sock.type);
  return 0;
}

/** unix_dgram_disconnected(): drop what the old peer sent; tell it if it was connected to us. */
function unix_dgram_disconnected(sk: UnixSock, other: UnixSock): void {
  if (!skb_queue_empty(sk.sk_receive_queue)) {
    skb_queue_purge(sk.sk_receive_queue);
    wake_up(sk.peer_wait);
    if (!sock_flag(other, SOCK_DEAD) && other.peer == sk) {
      other.sk_err = E.ECONNRESET;
      wake_up(other.sk_wq);
    }
  }
}

function unix_release_sock(u: UnixSock, embrion: bool): void {
  ktrace("unix_release_sock", 4);
  if (u.addr) unix_remove_bound(u);
  if (u.bsd) {
    u.bsd!.owner = 0; // the path stays until unlink(2), like the socket file on Linux
    sockname_put(u.bsd!);
    u.bsd = null;
  }
  sock_orphan(u);
  u.sk_shutdown = net.SHUTDOWN_MASK;
  const state = u.sk_state;
  u.sk_state = TCP_CLOSE;
  const skpair = u.peer;
  u.peer = null;
  u.oob_skb = null;
  wake_up(u.peer_wait);
  wake_up(u.sk_wq);
  if (skpair) {
    if (u.sk_type == net.SOCK_STREAM || u.sk_type == net.SOCK_SEQPACKET) {
      skpair.sk_shutdown = net.SHUTDOWN_MASK;
      if (!skb_queue_empty(u.sk_receive_queue) || embrion) skpair.sk_err = E.ECONNRESET;
      wake_up(skpair.sk_wq);
    }
    wake_up(skpair.peer_wait);
    sock_put(skpair);
  }
  let skb: SkBuff | null;
  while ((skb = skb_dequeue(u.sk_receive_queue))) {
    if (state == TCP_LISTEN && skb.newsk) {
      unix_release_sock(unix_sk(skb.newsk!), true);
      skb.newsk = null;
    }
    kfree_skb(skb);
  }
  sock_put(u);
}

function unix_release(sock: Socket): i32 {
  ktrace("unix_release", 3);
  if (!changetype<usize>(sock.sk)) return 0;
  unix_release_sock(unix_sk(sock.sk), false);
  sock.sk = changetype<Sock>(0);
  return 0;
}

function init_peercred(sk: Sock): void {
  sk.sk_peer_pid = current.pid;
  sk.sk_peer_uid = current.uid;
  sk.sk_peer_gid = current.gid;
}

function copy_peercred(sk: Sock, peersk: Sock): void {
  sk.sk_peer_pid = peersk.sk_peer_pid;
  sk.sk_peer_uid = peersk.sk_peer_uid;
  sk.sk_peer_gid = peersk.sk_peer_gid;
}

function unix_listen(sock: Socket, backlog: i32): i32 {
  ktrace("unix_listen", 2);
  const sk = sock.sk;
  const u = unix_sk(sk);
  if (sock.type != net.SOCK_STREAM && sock.type != net.SOCK_SEQPACKET) return -E.EOPNOTSUPP;
  if (!u.addr) return -E.EINVAL;
  if (sk.sk_state != TCP_CLOSE && sk.sk_state != TCP_LISTEN) return -E.EINVAL;
  if (backlog > sk.sk_max_ack_backlog) wake_up(u.peer_wait);
  sk.sk_max_ack_backlog = backlog;
  sk.sk_state = TCP_LISTEN;
  init_peercred(sk);
  return 0;
}

function unix_recvq_full(sk: Sock): bool {
  return sk.sk_receive_queue.qlen > <u32>sk.sk_max_ack_backlog;
}

function unix_may_send(sk: UnixSock, osk: UnixSock): bool {
  return osk.peer == null || osk.peer == sk;
}

// ---- connect, socketpair, accept ----

function unix_dgram_connect(sock: Socket, addr: usize, alen: i32, flags: i32): i32 {
  ktrace("unix_dgram_connect", 2);
  const u = unix_sk(sock.sk);
  if (alen < 2) return -E.EINVAL;
  let other: UnixSock | null = null;
  if (load<u16>(addr) != net.AF_UNSPEC) {
    const err = unix_validate_addr(addr, alen);
    if (err) return err;
    if ((sock.flags & SOCKF_PASSCRED) && !u.addr) {
      const e2 = unix_autobind(u);
      if (e2) return e2;
    }
    const o = unix_find_other(addr, alen, sock.type);
    if (IS_ERR(o)) return PTR_ERR(o);
    if (!unix_may_send(u, o)) {
      sock_put(o);
      return -E.EPERM;
    }
    u.sk_state = TCP_ESTABLISHED;
    o.sk_state = TCP_ESTABLISHED;
    other = o;
  }
  const old_peer = u.peer;
  u.peer = other;
  if (old_peer) {
    if (!other) u.sk_state = TCP_CLOSE;
    wake_up(old_peer.peer_wait);
    if (other != old_peer) {
      unix_dgram_disconnected(u, old_peer);
      if (!old_peer.peer) old_peer.sk_state = TCP_CLOSE;
    }
    sock_put(old_peer);
  }
  return 0;
}

function unix_stream_connect(sock: Socket, addr: usize, addr_len: i32, flags: i32): i32 {
  ktrace("unix_stream_connect", 2);
  const sk = sock.sk;
  const u = unix_sk(sk);
  let err = unix_validate_addr(addr, addr_len);
  if (err) return err;
  if ((sock.flags & SOCKF_PASSCRED) && !u.addr) {
    err = unix_autobind(u);
    if (err) return err;
  }
  const timeo = sock_sndtimeo(sk, (flags & O_NONBLOCK) != 0);
  const other = unix_find_other(addr, addr_len, sk.sk_type);
  if (IS_ERR(other)) return PTR_ERR(other);
  if (other.sk_state != TCP_LISTEN || (other.sk_shutdown & net.RCV_SHUTDOWN)) {
    sock_put(other);
    return -E.ECONNREFUSED;
  }
  if (unix_recvq_full(other)) {
    // unix_wait_for_peer(): wait for the listener to accept
    err = sk_wait_on(other.peer_wait, timeo, -E.EAGAIN);
    sock_put(other);
    return err;
  }
  const state = sk.sk_state;
  if (state != TCP_CLOSE) {
    sock_put(other);
    return state == TCP_ESTABLISHED ? -E.EISCONN : -E.EINVAL;
  }
  // the embryo the listener will accept, joined to us
  const newsk = unix_create1(null, sk.sk_type);
  const skb = alloc_skb(0);
  skb.newsk = newsk;
  sock_hold(sk);
  newsk.peer = u;
  newsk.sk_state = TCP_ESTABLISHED;
  init_peercred(newsk);
  if (other.addr) {
    other.addr!.refcnt++;
    newsk.addr = other.addr;
  }
  copy_peercred(sk, other);
  sock.state = net.SS_CONNECTED;
  sk.sk_state = TCP_ESTABLISHED;
  sock_hold(newsk);
  u.peer = newsk;
  skb_queue_tail(other.sk_receive_queue, skb);
  wake_up(other.sk_wq);
  sock_put(other);
  return 0;
}

function unix_socketpair(socka: Socket, sockb: Socket): i32 {
  ktrace("unix_socketpair", 2);
  const ska = unix_sk(socka.sk), skb = unix_sk(sockb.sk);
  sock_hold(ska);
  sock_hold(skb);
  ska.peer = skb;
  skb.peer = ska;
  init_peercred(ska);
  init_peercred(skb);
  ska.sk_state = TCP_ESTABLISHED;
  skb.sk_state = TCP_ESTABLISHED;
  socka.state = net.SS_CONNECTED;
  sockb.state = net.SS_CONNECTED;
  return 0;
}

/** skb_recv_datagram() for the accept queue and datagrams; ERR_PTR(0) means EOF. */
function skb_recv_datagram(sk: Sock, noblock: bool): SkBuff {
  const skb = skb_dequeue(sk.sk_receive_queue);
  if (skb) return skb;
  const err = sock_error(sk);
  if (err) return ERR_PTR<SkBuff>(err);
  if (sk.sk_shutdown & net.RCV_SHUTDOWN) return ERR_PTR<SkBuff>(0);
  return ERR_PTR<SkBuff>(sk_wait(sk, sock_rcvtimeo(sk, noblock)));
}

function unix_accept(sock: Socket, newsock: Socket, flags: i32): i32 {
  ktrace("unix_accept", 2);
  const sk = sock.sk;
  if (sock.type != net.SOCK_STREAM && sock.type != net.SOCK_SEQPACKET) return -E.EOPNOTSUPP;
  if (sk.sk_state != TCP_LISTEN) return -E.EINVAL;
  const skb = skb_recv_datagram(sk, (flags & O_NONBLOCK) != 0);
  if (IS_ERR(skb) || !changetype<usize>(skb)) {
    const err = changetype<usize>(skb) ? PTR_ERR(skb) : 0;
    return err ? err : -E.EINVAL;
  }
  const tsk = skb.newsk!;
  skb.newsk = null;
  kfree_skb(skb);
  wake_up(unix_sk(sk).peer_wait);
  newsock.state = net.SS_CONNECTED;
  if (sock.flags & SOCKF_PASSCRED) newsock.flags |= SOCKF_PASSCRED;
  // sock_graft()
  tsk.sk_socket = newsock;
  newsock.sk = tsk;
  return 0;
}

function unix_getname(sock: Socket, uaddr: usize, peer: i32): i32 {
  ktrace("unix_getname", 2);
  let sk: UnixSock | null = unix_sk(sock.sk);
  if (peer) {
    sk = sk!.peer;
    if (!sk) return -E.ENOTCONN;
  }
  const addr = sk!.addr;
  if (!addr) {
    store<u16>(uaddr + SUN_FAMILY, net.AF_UNIX);
    store<u8>(uaddr + SUN_PATH, 0);
    return SUN_PATH;
  }
  memory.copy(uaddr, addr_name(addr), <usize>addr.len);
  return addr.len;
}

// ---- poll, ioctl, shutdown ----

function unix_poll(file: File, sock: Socket, pt: PollTable | null): u32 {
  ktrace("unix_poll", 3);
  const sk = sock.sk;
  poll_wait(sk.sk_wq, pt);
  let mask: u32 = 0;
  const shutdown = sk.sk_shutdown;
  const state = sk.sk_state;
  if (sk.sk_err) mask |= POLLERR;
  if (shutdown == net.SHUTDOWN_MASK) mask |= POLLHUP;
  if (shutdown & net.RCV_SHUTDOWN) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
  if (!skb_queue_empty(sk.sk_receive_queue)) mask |= POLLIN | POLLRDNORM;
  if (unix_sk(sk).oob_skb) mask |= POLLPRI;
  if ((sk.sk_type == net.SOCK_STREAM || sk.sk_type == net.SOCK_SEQPACKET) && state == TCP_CLOSE) mask |= POLLHUP;
  if (unix_writable(sk, state)) mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return mask;
}

function unix_dgram_poll(file: File, sock: Socket, pt: PollTable | null): u32 {
  ktrace("unix_dgram_poll", 3);
  const sk = sock.sk;
  const u = unix_sk(sk);
  poll_wait(sk.sk_wq, pt);
  let mask: u32 = 0;
  const shutdown = sk.sk_shutdown;
  const state = sk.sk_state;
  if (sk.sk_err) mask |= POLLERR;
  if (shutdown & net.RCV_SHUTDOWN) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
  if (shutdown == net.SHUTDOWN_MASK) mask |= POLLHUP;
  if (!skb_queue_empty(sk.sk_receive_queue)) mask |= POLLIN | POLLRDNORM;
  if (sk.sk_type == net.SOCK_SEQPACKET && state == TCP_CLOSE) mask |= POLLHUP;
  let writable = unix_writable(sk, state);
  if (writable) {
    const other = u.peer;
    if (other && other.peer != u && unix_recvq_full(other)) {
      poll_wait(other.peer_wait, pt);
      writable = false;
    }
  }
  if (writable) mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return mask;
}

function unix_inq_len(sk: Sock): i32 {
  if (sk.sk_state == TCP_LISTEN) return -E.EINVAL;
  let amount = 0;
  if (sk.sk_type == net.SOCK_STREAM || sk.sk_type == net.SOCK_SEQPACKET) {
    for (let skb: SkBuff | null = skb_peek(sk.sk_receive_queue); skb; skb = skb!.next) amount += <i32>(skb.len - skb.consumed);
  } else {
    const skb = skb_peek(sk.sk_receive_queue);
    if (skb) amount = <i32>skb.len;
  }
  return amount;
}

function unix_ioctl(sock: Socket, cmd: u32, arg: u32): i32 {
  ktrace("unix_ioctl", 3);
  const sk = sock.sk;
  switch (cmd) {
    case SIOCOUTQ:
      return put_user(<u32>sk.sk_wmem_alloc, arg) ? -E.EFAULT : 0;
    case SIOCINQ: {
      const amount = unix_inq_len(sk);
      if (amount < 0) return amount;
      return put_user(<u32>amount, arg) ? -E.EFAULT : 0;
    }
  }
  return -E.ENOIOCTLCMD;
}

function unix_shutdown(sock: Socket, mode: i32): i32 {
  ktrace("unix_shutdown", 2);
  const sk = unix_sk(sock.sk);
  if (mode < net.SHUT_RD || mode > net.SHUT_RDWR) return -E.EINVAL;
  ++mode; // SHUT_RD -> RCV_SHUTDOWN, SHUT_WR -> SEND_SHUTDOWN, SHUT_RDWR -> SHUTDOWN_MASK
  sk.sk_shutdown |= mode;
  const other = sk.peer;
  wake_up(sk.sk_wq);
  if (other && (sk.sk_type == net.SOCK_STREAM || sk.sk_type == net.SOCK_SEQPACKET)) {
    let peer_mode = 0;
    if (mode & net.RCV_SHUTDOWN) peer_mode |= net.SEND_SHUTDOWN;
    if (mode & net.SEND_SHUTDOWN) peer_mode |= net.RCV_SHUTDOWN;
    other.sk_shutdown |= peer_mode;
    wake_up(other.sk_wq);
  }
  return 0;
}

// ---- data ----

const scm = scm_cookie_alloc();

/** unix_scm_to_skb() + maybe_add_creds(): credentials always travel with the skb. */
function unix_scm_to_skb(skb: SkBuff, send_fds: bool): void {
  skb.pid = scm.pid;
  skb.uid = scm.uid;
  skb.gid = scm.gid;
  if (send_fds && scm.fp) {
    skb.fp = changetype<usize>(scm.fp);
    scm.fp = null;
  }
}

/** unix_destruct_scm(): drop in-flight files, then credit the sender (sock_wfree). */
function unix_skb_destructor(skb: SkBuff): void {
  if (skb.fp) scm_fp_destroy(changetype<ScmFpList>(skb.fp));
  skb.fp = 0;
  if (skb.sk) sock_wfree(skb);
}

/** An skb charged to sk with unix_destruct_scm as its destructor, or ERR_PTR(-errno). */
function unix_alloc_skb(sk: Sock, size: u32, noblock: bool): SkBuff {
  const skb = sock_alloc_send_skb(sk, size, noblock);
  if (!IS_ERR(skb)) skb.destructor = unix_skb_destructor;
  return skb;
}

function unix_dgram_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 {
  ktrace("unix_dgram_sendmsg", 3);
  const sk = unix_sk(sock.sk);
  let err = scm_send(sock, msg, scm);
  if (err < 0) return err;
  let other: UnixSock | null = null;
  let sunaddr = msg.msg_name;
  if (msg.msg_flags & net.MSG_OOB) return dgram_out(null, null, -E.EOPNOTSUPP);
  // the reference kernel reports a shut-down sender before looking for a peer
  if (sk.sk_shutdown & net.SEND_SHUTDOWN) return dgram_out(null, null, -E.EPIPE);
  if (msg.msg_namelen) {
    err = unix_validate_addr(sunaddr, msg.msg_namelen);
    if (err) return dgram_out(null, null, err);
  } else {
    sunaddr = 0;
    other = sk.peer;
    if (!other) return dgram_out(null, null, -E.ENOTCONN);
    sock_hold(other);
  }
  if ((sock.flags & SOCKF_PASSCRED) && !sk.addr) {
    err = unix_autobind(sk);
    if (err) return dgram_out(other, null, err);
  }
  if (len > <u32>(sk.sk_sndbuf - 32)) return dgram_out(other, null, -E.EMSGSIZE);
  const skb = unix_alloc_skb(sk, len, (msg.msg_flags & net.MSG_DONTWAIT) != 0);
  if (IS_ERR(skb)) return dgram_out(other, null, PTR_ERR(skb));
  unix_scm_to_skb(skb, true);
  skb.len = len;
  if (copy_from_iter(skb.data, len, msg.msg_iter) != len) return dgram_out(other, skb, -E.EFAULT);
  const timeo = sock_sndtimeo(sk, (msg.msg_flags & net.MSG_DONTWAIT) != 0);
  if (!other) {
    const o = unix_find_other(sunaddr, msg.msg_namelen, sk.sk_type);
    if (IS_ERR(o)) return dgram_out(null, skb, PTR_ERR(o));
    other = o;
  }
  const o = other!;
  if (!unix_may_send(sk, o)) return dgram_out(o, skb, -E.EPERM);
  if (sock_flag(o, SOCK_DEAD)) {
    // the peer is closed: a connected datagram socket is disconnected (1003.1g)
    if (sk.sk_type == net.SOCK_SEQPACKET) return dgram_out(o, skb, -E.EPIPE);
    if (sk.peer == o) {
      sk.peer = null;
      sk.sk_state = TCP_CLOSE;
      unix_dgram_disconnected(sk, o);
      sock_put(o);
      return dgram_out(o, skb, -E.ECONNREFUSED);
    }
    return dgram_out(o, skb, -E.ECONNREFUSED);
  }
  if (o.sk_shutdown & net.RCV_SHUTDOWN) return dgram_out(o, skb, -E.EPIPE);
  if (o != sk && o.peer != sk && unix_recvq_full(o)) {
    // unix_wait_for_peer(), or -EAGAIN
    return dgram_out(o, skb, sk_wait_on(o.peer_wait, timeo, -E.EAGAIN));
  }
  skb_queue_tail(o.sk_receive_queue, skb);
  wake_up(o.sk_wq);
  sock_put(o);
  scm_destroy(scm);
  return <i32>len;
}

function dgram_out(other: UnixSock | null, skb: SkBuff | null, err: i32): i32 {
  kfree_skb(skb);
  if (other) sock_put(other);
  scm_destroy(scm);
  return err;
}

/** UNIX_SKB_FRAGS_SZ + SKB_MAX_HEAD(0): the most one stream skb carries. */
const UNIX_STREAM_SKB_MAX: i32 = 32768 + 3776;

function unix_stream_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 {
  ktrace("unix_stream_sendmsg", 3);
  const sk = unix_sk(sock.sk);
  let err = scm_send(sock, msg, scm);
  if (err < 0) return err;
  let sent = 0;
  let fds_sent = false;
  let oob = false;
  if (msg.msg_flags & net.MSG_OOB) {
    // CONFIG_AF_UNIX_OOB: the last byte goes out of band
    if (!len) { scm_destroy(scm); return -E.EOPNOTSUPP; }
    len--;
    oob = true;
  }
  if (msg.msg_namelen) {
    scm_destroy(scm);
    return sk.sk_state == TCP_ESTABLISHED ? -E.EISCONN : -E.EOPNOTSUPP;
  }
  const other = sk.peer;
  if (!other) { scm_destroy(scm); return -E.ENOTCONN; }
  if (sk.sk_shutdown & net.SEND_SHUTDOWN) {
    if (!(msg.msg_flags & net.MSG_NOSIGNAL)) send_sig(SIGPIPE, current);
    scm_destroy(scm);
    return -E.EPIPE;
  }
  const noblock = (msg.msg_flags & net.MSG_DONTWAIT) != 0;
  while (<u32>sent < len || (oob && sent == <i32>len)) {
    let size: i32;
    if (<u32>sent < len) {
      size = <i32>len - sent;
      size = min(size, (sk.sk_sndbuf >> 1) - 64);
      size = min(size, UNIX_STREAM_SKB_MAX);
    } else {
      size = 1; // the out-of-band byte (queue_oob)
    }
    const skb = unix_alloc_skb(sk, <u32>size, noblock);
    if (IS_ERR(skb)) { err = PTR_ERR(skb); break; }
    unix_scm_to_skb(skb, !fds_sent);
    fds_sent = true;
    skb.len = <u32>size;
    if (copy_from_iter(skb.data, <u32>size, msg.msg_iter) != <u32>size) {
      kfree_skb(skb);
      err = -E.EFAULT;
      break;
    }
    if (sock_flag(other, SOCK_DEAD) || (other.sk_shutdown & net.RCV_SHUTDOWN)) {
      kfree_skb(skb);
      if (!sent && !(msg.msg_flags & net.MSG_NOSIGNAL)) send_sig(SIGPIPE, current);
      err = -E.EPIPE;
      break;
    }
    skb_queue_tail(other.sk_receive_queue, skb);
    if (<u32>sent == len && oob) {
      other.oob_skb = skb;
      oob = false;
      sent++;
      wake_up(other.sk_wq);
      break;
    }
    wake_up(other.sk_wq);
    sent += size;
  }
  scm_destroy(scm);
  if (err == -E.ERESTARTSYS) return sk_restart(sent, err);
  return sent ? sent : err;
}

function unix_seqpacket_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 {
  ktrace("unix_seqpacket_sendmsg", 3);
  const sk = sock.sk;
  const err = sock_error(sk);
  if (err) return err;
  if (sk.sk_state != TCP_ESTABLISHED) return -E.ENOTCONN;
  if (msg.msg_namelen) msg.msg_namelen = 0;
  return unix_dgram_sendmsg(sock, msg, len);
}

function unix_copy_addr(msg: Msghdr, sk: Sock | null): void {
  if (!sk) return;
  const addr = unix_sk(sk).addr;
  if (addr) {
    msg.msg_namelen = addr.len;
    memory.copy(msg.msg_name, addr_name(addr), <usize>addr.len);
  }
}

function sk_peek_offset(sk: Sock, flags: i32): i32 {
  return (flags & net.MSG_PEEK) && sk.sk_peek_off >= 0 ? sk.sk_peek_off : 0;
}

function sk_peek_offset_bwd(sk: Sock, val: i32): void {
  if (sk.sk_peek_off >= 0) sk.sk_peek_off = max(sk.sk_peek_off - val, 0);
}

function sk_peek_offset_fwd(sk: Sock, val: i32): void {
  if (sk.sk_peek_off >= 0) sk.sk_peek_off += val;
}

/** The owner (sender) of an skb, for its address; newsk-less skbs keep the sender in skb.sk. */
function unix_dgram_recvmsg(sock: Socket, msg: Msghdr, size: u32, flags: i32): i32 {
  ktrace("unix_dgram_recvmsg", 3);
  const sk = sock.sk;
  const u = unix_sk(sk);
  if (flags & net.MSG_OOB) return -E.EOPNOTSUPP;
  const timeo = sock_rcvtimeo(sk, (flags & net.MSG_DONTWAIT) != 0);
  let skip = sk_peek_offset(sk, flags);
  // __skb_try_recv_datagram(): skip whole datagrams covered by the peek offset
  let skb = skb_peek(sk.sk_receive_queue);
  while (skb && skip >= <i32>skb.len && skb.len) {
    skip -= <i32>skb.len;
    skb = skb.next;
  }
  if (!skb) {
    // __skb_recv_datagram(): -EAGAIN, unless a blocking reader finds the receive side shut
    let err = sock_error(sk);
    if (!err) {
      if (timeo && (sk.sk_shutdown & net.RCV_SHUTDOWN)) return 0;
      err = sk_wait(sk, timeo);
    }
    // a disconnected nonblocking SEQPACKET socket reads EOF
    if (sk.sk_type == net.SOCK_SEQPACKET && err == -E.EAGAIN && (sk.sk_shutdown & net.RCV_SHUTDOWN)) err = 0;
    return err;
  }
  if (!(flags & net.MSG_PEEK)) skb_unlink(skb, sk.sk_receive_queue);
  wake_up(u.peer_wait);
  if (msg.msg_name) unix_copy_addr(msg, skb.sk);
  const avail = skb.len - <u32>skip;
  if (size > avail) size = avail;
  else if (size < avail) msg.msg_flags |= net.MSG_TRUNC;
  if (copy_to_iter(skb.data + <usize>skip, size, msg.msg_iter) != size) {
    if (!(flags & net.MSG_PEEK)) kfree_skb(skb);
    return -E.EFAULT;
  }
  scm.fp = null;
  scm.pid = skb.pid;
  scm.uid = skb.uid;
  scm.gid = skb.gid;
  scm.has_creds = 1;
  if (!(flags & net.MSG_PEEK)) {
    if (skb.fp) {
      scm.fp = changetype<ScmFpList>(skb.fp);
      skb.fp = 0;
    }
    sk_peek_offset_bwd(sk, <i32>skb.len);
  } else {
    sk_peek_offset_fwd(sk, <i32>size);
    if (skb.fp) scm.fp = scm_fp_dup(changetype<ScmFpList>(skb.fp));
  }
  const ret = (flags & net.MSG_TRUNC) ? <i32>avail : <i32>size;
  scm_recv(sock, msg, scm, (sock.flags & SOCKF_PASSCRED) != 0);
  if (!(flags & net.MSG_PEEK)) kfree_skb(skb);
  return ret;
}

function unix_seqpacket_recvmsg(sock: Socket, msg: Msghdr, size: u32, flags: i32): i32 {
  ktrace("unix_seqpacket_recvmsg", 3);
  if (sock.sk.sk_state != TCP_ESTABLISHED) return -E.ENOTCONN;
  return unix_dgram_recvmsg(sock, msg, size, flags);
}

/** unix_stream_recv_urg(): read the out-of-band byte. */
function unix_stream_recv_urg(sock: Socket, msg: Msghdr, flags: i32): i32 {
  const sk = sock.sk;
  const u = unix_sk(sk);
  if (sock_flag(sk, SOCK_URGINLINE) || !u.oob_skb) return -E.EINVAL;
  const oob_skb = u.oob_skb!;
  if (!(flags & net.MSG_PEEK)) u.oob_skb = null;
  if (copy_to_iter(oob_skb.data, 1, msg.msg_iter) != 1) return -E.EFAULT;
  if (!(flags & net.MSG_PEEK)) oob_skb.consumed += 1;
  msg.msg_flags |= net.MSG_OOB;
  return 1;
}

/** manage_oob(): reading stops at the out-of-band byte, which is not inline. */
function manage_oob(skb: SkBuff, sk: Sock, flags: i32, copied: i32): SkBuff | null {
  const u = unix_sk(sk);
  let s: SkBuff | null = skb;
  if (skb.len - skb.consumed && skb != u.oob_skb) return skb;
  if (!(skb.len - skb.consumed)) {
    if (copied && (!u.oob_skb || skb == u.oob_skb)) return null;
    s = skb.next;
    if (!(flags & net.MSG_PEEK)) {
      skb_unlink(skb, sk.sk_receive_queue);
      kfree_skb(skb);
    }
    if (!s) return null;
  }
  if (s != u.oob_skb) return s;
  if (copied) return null;
  if (!(flags & net.MSG_PEEK)) {
    u.oob_skb = null;
    if (!sock_flag(sk, SOCK_URGINLINE)) {
      skb_unlink(s!, sk.sk_receive_queue);
      kfree_skb(s);
      return skb_peek(sk.sk_receive_queue);
    }
  } else if (!sock_flag(sk, SOCK_URGINLINE)) {
    return s!.next;
  }
  return s;
}

/** unix_stream_read_generic() */
function unix_stream_recvmsg(sock: Socket, msg: Msghdr, size: u32, flags: i32): i32 {
  ktrace("unix_stream_read_generic", 3);
  const sk = sock.sk;
  if (sk.sk_state != TCP_ESTABLISHED) return -E.EINVAL;
  if (flags & net.MSG_OOB) return unix_stream_recv_urg(sock, msg, flags);
  const target = sock_rcvlowat(sk, (flags & net.MSG_WAITALL) != 0, <i32>size);
  const timeo = sock_rcvtimeo(sk, (flags & net.MSG_DONTWAIT) != 0);
  const passcred = (sock.flags & SOCKF_PASSCRED) != 0;
  let copied = 0;
  let err = 0;
  let check_creds = false;
  let skip = max(sk_peek_offset(sk, flags), 0);
  scm.fp = null;
  scm.has_creds = 0;
  let remaining = <i32>size;
  let peek_next: SkBuff | null = null; // MSG_PEEK goes on into the next skb
  do {
    if (sock_flag(sk, SOCK_DEAD)) { err = -E.ECONNRESET; break; }
    let skb = peek_next ? peek_next : skb_peek(sk.sk_receive_queue);
    peek_next = null;
    if (skb) {
      skb = manage_oob(skb, sk, flags, copied);
      if (!skb && copied) break;
    }
    while (skb && skip >= <i32>(skb.len - skb.consumed)) {
      skip -= <i32>(skb.len - skb.consumed);
      skb = skb.next;
    }
    if (!skb) {
      if (copied >= target) break;
      // POSIX 1003.1g mandates this order
      err = sock_error(sk);
      if (err) break;
      if (sk.sk_shutdown & net.RCV_SHUTDOWN) break;
      err = sk_wait(sk, timeo);
      break;
    }
    if (check_creds) {
      // never glue messages from different writers
      if (skb.pid != scm.pid || skb.uid != scm.uid || skb.gid != scm.gid) break;
    } else if (passcred) {
      scm.pid = skb.pid;
      scm.uid = skb.uid;
      scm.gid = skb.gid;
      scm.has_creds = 1;
      check_creds = true;
    }
    if (msg.msg_name) unix_copy_addr(msg, skb.sk);
    const chunk = min(<i32>(skb.len - skb.consumed) - skip, remaining);
    if (copy_to_iter(skb.data + skb.consumed + <usize>skip, <u32>chunk, msg.msg_iter) != <u32>chunk) {
      if (copied == 0) copied = -E.EFAULT;
      break;
    }
    copied += chunk;
    remaining -= chunk;
    if (!(flags & net.MSG_PEEK)) {
      skb.consumed += <u32>chunk;
      sk_peek_offset_bwd(sk, chunk);
      if (skb.fp) {
        scm.fp = changetype<ScmFpList>(skb.fp);
        skb.fp = 0;
      }
      if (skb.len - skb.consumed) break;
      skb_unlink(skb, sk.sk_receive_queue);
      kfree_skb(skb);
      if (scm.fp) break;
    } else {
      if (skb.fp) scm.fp = scm_fp_dup(changetype<ScmFpList>(skb.fp));
      sk_peek_offset_fwd(sk, chunk);
      if (skb.fp) break;
      skip = 0;
      peek_next = skb.next;
      if (!peek_next) break;
    }
  } while (remaining);
  if (copied > 0 && err == -E.ERESTARTSYS) {
    // MSG_WAITALL part-way: keep what was read and continue when woken
    scm_destroy(scm);
    return sk_restart(copied, err);
  }
  scm_recv(sock, msg, scm, passcred);
  return copied ? copied : err;
}

// ---- tables ----

export const unix_stream_ops = new ProtoOps(net.AF_UNIX);
unix_stream_ops.release = unix_release;
unix_stream_ops.bind = unix_bind;
unix_stream_ops.connect = unix_stream_connect;
unix_stream_ops.socketpair = unix_socketpair;
unix_stream_ops.accept = unix_accept;
unix_stream_ops.getname = unix_getname;
unix_stream_ops.poll = unix_poll;
unix_stream_ops.ioctl = unix_ioctl;
unix_stream_ops.listen = unix_listen;
unix_stream_ops.shutdown = unix_shutdown;
unix_stream_ops.sendmsg = unix_stream_sendmsg;
unix_stream_ops.recvmsg = unix_stream_recvmsg;

export const unix_dgram_ops = new ProtoOps(net.AF_UNIX);
unix_dgram_ops.release = unix_release;
unix_dgram_ops.bind = unix_bind;
unix_dgram_ops.connect = unix_dgram_connect;
unix_dgram_ops.socketpair = unix_socketpair;
unix_dgram_ops.getname = unix_getname;
unix_dgram_ops.poll = unix_dgram_poll;
unix_dgram_ops.ioctl = unix_ioctl;
unix_dgram_ops.shutdown = unix_shutdown;
unix_dgram_ops.sendmsg = unix_dgram_sendmsg;
unix_dgram_ops.recvmsg = unix_dgram_recvmsg;

export const unix_seqpacket_ops = new ProtoOps(net.AF_UNIX);
unix_seqpacket_ops.release = unix_release;
unix_seqpacket_ops.bind = unix_bind;
unix_seqpacket_ops.connect = unix_stream_connect;
unix_seqpacket_ops.socketpair = unix_socketpair;
unix_seqpacket_ops.accept = unix_accept;
unix_seqpacket_ops.getname = unix_getname;
unix_seqpacket_ops.poll = unix_dgram_poll;
unix_seqpacket_ops.ioctl = unix_ioctl;
unix_seqpacket_ops.listen = unix_listen;
unix_seqpacket_ops.shutdown = unix_shutdown;
unix_seqpacket_ops.sendmsg = unix_seqpacket_sendmsg;
unix_seqpacket_ops.recvmsg = unix_seqpacket_recvmsg;

const unix_family_ops = new NetProtoFamily();
unix_family_ops.family = net.AF_UNIX;
unix_family_ops.create = unix_create;

/** af_unix_init() */
export function af_unix_init(): void {
  sock_register(unix_family_ops);
}

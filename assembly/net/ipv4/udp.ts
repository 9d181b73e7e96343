// UDP (net/ipv4/udp.c, RFC 768): datagrams with real headers and checksums.
import { ktrace } from "../../kernel/trace";
import { File } from "../../kernel/fs";
import { put_user } from "../../kernel/uaccess";
import { copy_from_iter, copy_to_iter } from "../../kernel/iov_iter";
import { PollTable, poll_wait, POLLIN, POLLRDNORM, POLLOUT, POLLWRNORM, POLLWRBAND, POLLERR, POLLHUP, POLLRDHUP } from "../../kernel/poll";
import { Socket } from "../net";
import { Msghdr } from "../core/msghdr";
import { Sock, sock_error, sock_rcvtimeo, sk_wait, TCP_ESTABLISHED, TCP_CLOSE } from "../core/sock";
import { SkBuff, kfree_skb, skb_queue_tail, skb_unlink } from "../core/skbuff";
import { local_bh_disable, local_bh_enable } from "../core/dev";
import { InetSock, Proto, inet_sk, ip_select_ttl, SOCK_BINDADDR_LOCK, SOCK_BINDPORT_LOCK } from "./inet_sock";
import { inet_bucket, inet_get_port, inet_put_port } from "./inet_hashtables";
import { csum_tcpudp } from "./checksum";
import { IPH_LEN, IPH_SADDR, IPH_DADDR, ip_alloc_skb, ip_queue_xmit, ip_route_output, inet_select_addr, ip_route_daddr } from "./ip_output";
import { ip_hdrlen } from "./ip_input";
import { icmp_send, icmp_err_convert, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH } from "./icmp";
import { SIN_FAMILY, SIN_PORT, SIN_ADDR, SIN_ZERO, SOCKADDR_IN_SIZE, IPPROTO_UDP, ntohs, IP_PMTUDISC_WANT } from "../../uapi/in";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";
import { SIOCINQ, SIOCOUTQ } from "../../uapi/fcntl";

/** struct udphdr: source, dest, len, check */
export const UDPH_LEN: u32 = 8;
/** The largest payload: 65535 - IPv4 header - UDP header. */
export const UDP_MAX_PAYLOAD: u32 = 65535 - 20 - 8;

function wake(sk: Sock): void {
  sk.sk_write_space(sk); // sock_def_write_space: wake_up(sk_wq)
}

/** udp_sendmsg() */
export function udp_sendmsg(sock: Socket, msg: Msghdr, len: u32): i32 {
  ktrace("udp_sendmsg");
  const inet = inet_sk(sock.sk);
  if (len > 0xffff) return -E.EMSGSIZE;
  if (msg.msg_flags & net.MSG_OOB) return -E.EOPNOTSUPP;
  let daddr: u32, dport: u32;
  if (msg.msg_name) {
    const usin = msg.msg_name;
    if (msg.msg_namelen < SOCKADDR_IN_SIZE) return -E.EINVAL;
    if (load<u16>(usin + SIN_FAMILY) != net.AF_INET) {
      if (load<u16>(usin + SIN_FAMILY) != net.AF_UNSPEC) return -E.EAFNOSUPPORT;
    }
    daddr = load<u32>(usin + SIN_ADDR);
    dport = <u32>load<u16>(usin + SIN_PORT);
    if (dport == 0) return -E.EINVAL;
  } else {
    if (inet.sk_state != TCP_ESTABLISHED) return -E.EDESTADDRREQ;
    daddr = inet.inet_daddr_be;
    dport = inet.inet_dport_be;
  }
  const rerr = ip_route_output(daddr);
  if (rerr) return rerr;
  if (!inet.inet_num && inet_get_port(inet, 0)) return -E.EAGAIN; // inet_autobind()
  // __ip_append_data() -> sock_alloc_send_skb(): a pending error, then SEND_SHUTDOWN
  const err = sock_error(inet);
  if (err) return err;
  if (inet.sk_shutdown & net.SEND_SHUTDOWN) return -E.EPIPE;
  if (len > UDP_MAX_PAYLOAD) return -E.EMSGSIZE;
  const saddr = inet.inet_saddr_be ? inet.inet_saddr_be : inet_select_addr(daddr);
  const skb = ip_alloc_skb(UDPH_LEN + len);
  const uh = skb.data + IPH_LEN;
  if (copy_from_iter(uh + UDPH_LEN, len, msg.msg_iter) != len) {
    kfree_skb(skb);
    return -E.EFAULT;
  }
  store<u16>(uh, <u16>inet.inet_sport_be);
  store<u16>(uh, <u16>dport, 2);
  store<u16>(uh, bswap<u16>(<u16>(UDPH_LEN + len)), 4);
  store<u16>(uh, 0, 6);
  let check = csum_tcpudp(saddr, ip_route_daddr(daddr), IPPROTO_UDP, uh, UDPH_LEN + len);
  if (check == 0) check = 0xffff; // CSUM_MANGLED_0 (RFC 768: 0 means none)
  store<u16>(uh, check, 6);
  local_bh_disable();
  ip_queue_xmit(skb, saddr, daddr, IPPROTO_UDP, ip_select_ttl(inet), <u32>inet.tos, inet.pmtudisc >= IP_PMTUDISC_WANT);
  local_bh_enable();
  return <i32>len;
}

/** __udp4_lib_lookup(): the best socket for (saddr, sport) -> (daddr, dport) (compute_score). */
function udp4_lib_lookup(saddr: u32, sport: u32, daddr: u32, dport: u32): InetSock | null {
  const hnum = <i32>ntohs(dport);
  let best: InetSock | null = null;
  let best_score = -1;
  for (let p: InetSock | null = inet_bucket(hnum); p; p = p!.bind_next) {
    if (p.sk_protocol != IPPROTO_UDP || p.inet_num != hnum) continue;
    let score = 0;
    if (p.inet_rcv_saddr_be) {
      if (p.inet_rcv_saddr_be != daddr) continue;
      score += 4;
    }
    if (p.inet_daddr_be) {
      if (p.inet_daddr_be != saddr) continue;
      score += 4;
    }
    if (p.inet_dport_be) {
      if (p.inet_dport_be != sport) continue;
      score += 4;
    }
    if (score > best_score) { best = p; best_score = score; }
  }
  return best;
}

/** udp_rcv() -> __udp4_lib_rcv(): verify, find the socket, queue; nobody there: ICMP port unreachable. */
export function udp_rcv(skb: SkBuff): i32 {
  ktrace("udp_rcv");
  const hl = ip_hdrlen(skb);
  const uh = skb.data + hl;
  if (skb.len < hl + UDPH_LEN) { kfree_skb(skb); return 0; }
  const ulen = <u32>bswap<u16>(load<u16>(uh, 4));
  if (ulen < UDPH_LEN || ulen > skb.len - hl) { kfree_skb(skb); return 0; }
  skb.len = hl + ulen;
  const saddr = load<u32>(skb.data + IPH_SADDR);
  const daddr = load<u32>(skb.data + IPH_DADDR);
  if (load<u16>(uh, 6) != 0 && csum_tcpudp(saddr, daddr, IPPROTO_UDP, uh, ulen) != 0) { kfree_skb(skb); return 0; }
  const sk = udp4_lib_lookup(saddr, <u32>load<u16>(uh), daddr, <u32>load<u16>(uh, 2));
  if (!sk) {
    icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
    kfree_skb(skb);
    return 0;
  }
  // __udp_enqueue_schedule_skb(): drop when the receive buffer is full
  if (sk.rmem_alloc > sk.sk_rcvbuf || sk.rmem_alloc + <i32>skb.truesize > sk.sk_rcvbuf + (sk.sk_rcvbuf >> 1)) {
    kfree_skb(skb);
    return 0;
  }
  skb.consumed = hl + UDPH_LEN;
  sk.rmem_alloc += <i32>skb.truesize;
  skb_queue_tail(sk.sk_receive_queue, skb);
  wake(sk);
  return 0;
}

/** __udp4_lib_err(): an ICMP error about a datagram we sent. Only a connected socket hears it. */
export function udp_err(skb: SkBuff, type: u32, code: u32, inner: usize): void {
  const ihl = (<u32>load<u8>(inner) & 0xf) << 2;
  const uh = inner + ihl;
  // the quoted datagram went from us (its source) to the peer (its destination)
  const sk = udp4_lib_lookup(load<u32>(inner + IPH_DADDR), <u32>load<u16>(uh, 2), load<u32>(inner + IPH_SADDR), <u32>load<u16>(uh));
  if (!sk) return;
  const harderr = type == ICMP_DEST_UNREACH && code == ICMP_PORT_UNREACH;
  if (!sk.recverr && (!harderr || sk.sk_state != TCP_ESTABLISHED)) return;
  sk.sk_err = icmp_err_convert(code);
  wake(sk);
}

/** Write the sender of a datagram as a sockaddr_in (DECLARE_SOCKADDR in udp_recvmsg). */
function udp_copy_addr(msg: Msghdr, skb: SkBuff): void {
  const sin = msg.msg_name;
  const uh = skb.data + ip_hdrlen(skb);
  store<u16>(sin + SIN_FAMILY, net.AF_INET);
  store<u16>(sin + SIN_PORT, load<u16>(uh));
  store<u32>(sin + SIN_ADDR, load<u32>(skb.data + IPH_SADDR));
  store<u64>(sin + SIN_ZERO, 0);
  msg.msg_namelen = SOCKADDR_IN_SIZE;
}

/** udp_recvmsg() */
export function udp_recvmsg(sock: Socket, msg: Msghdr, len: u32, flags: i32): i32 {
  ktrace("udp_recvmsg");
  const inet = inet_sk(sock.sk);
  if (flags & net.MSG_ERRQUEUE) return -E.EAGAIN; // ip_recv_error(): the error queue is empty
  if (flags & net.MSG_OOB) return -E.EOPNOTSUPP;
  const err = sock_error(inet);
  if (err) return err;
  const skb = inet.sk_receive_queue.first;
  if (!skb) {
    const timeo = sock_rcvtimeo(inet, (flags & net.MSG_DONTWAIT) != 0);
    if (timeo && (inet.sk_shutdown & net.RCV_SHUTDOWN)) return 0;
    return sk_wait(inet, timeo);
  }
  const ulen = skb.len - skb.consumed;
  let copied = len;
  if (copied > ulen) copied = ulen;
  else if (copied < ulen) msg.msg_flags |= net.MSG_TRUNC;
  if (copy_to_iter(skb.data + skb.consumed, copied, msg.msg_iter) != copied) return -E.EFAULT;
  if (msg.msg_name) udp_copy_addr(msg, skb);
  if (!(flags & net.MSG_PEEK)) {
    skb_unlink(skb, inet.sk_receive_queue);
    inet.rmem_alloc -= <i32>skb.truesize;
    kfree_skb(skb);
  }
  return (flags & net.MSG_TRUNC) ? <i32>ulen : <i32>copied;
}

/** ip4_datagram_connect() */
function ip4_datagram_connect(sk: Sock, uaddr: usize, addr_len: i32): i32 {
  const inet = inet_sk(sk);
  if (addr_len < SOCKADDR_IN_SIZE) return -E.EINVAL;
  if (load<u16>(uaddr + SIN_FAMILY) != net.AF_INET) return -E.EAFNOSUPPORT;
  const daddr = load<u32>(uaddr + SIN_ADDR);
  const err = ip_route_output(daddr);
  if (err) return err;
  if (!inet.inet_saddr_be) inet.inet_saddr_be = inet_select_addr(daddr);
  if (!inet.inet_rcv_saddr_be) inet.inet_rcv_saddr_be = inet.inet_saddr_be;
  inet.inet_daddr_be = ip_route_daddr(daddr);
  inet.inet_dport_be = <u32>load<u16>(uaddr + SIN_PORT);
  inet.sk_state = TCP_ESTABLISHED;
  return 0;
}

/** udp_disconnect(): connect(AF_UNSPEC) forgets the peer (and an address/port not bound explicitly). */
function udp_disconnect(sk: Sock, flags: i32): i32 {
  const inet = inet_sk(sk);
  inet.sk_state = TCP_CLOSE;
  inet.inet_daddr_be = 0;
  inet.inet_dport_be = 0;
  if (!(inet.sk_userlocks & SOCK_BINDADDR_LOCK)) {
    inet.inet_saddr_be = 0;
    inet.inet_rcv_saddr_be = 0;
  }
  if (!(inet.sk_userlocks & SOCK_BINDPORT_LOCK)) {
    inet_put_port(inet);
    inet.inet_sport_be = 0;
  }
  return 0;
}

/** udp_lib_close(): the socket and its queued datagrams go. */
function udp_close(sk: Sock): void {
  const inet = inet_sk(sk);
  inet_put_port(inet);
  sk.sk_socket = null;
  sock_put_udp(inet);
}

function sock_put_udp(inet: InetSock): void {
  inet.rmem_alloc = 0;
  sock_put(inet);
}

function udp_shutdown(sk: Sock, how: i32): void {}

/** udp_poll() -> datagram_poll() */
export function udp_poll(file: File, sock: Socket, pt: PollTable | null): u32 {
  const sk = sock.sk;
  poll_wait(sk.sk_wq, pt);
  let mask: u32 = 0;
  if (sk.sk_err) mask |= POLLERR;
  if (sk.sk_shutdown & net.RCV_SHUTDOWN) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
  if (sk.sk_shutdown == net.SHUTDOWN_MASK) mask |= POLLHUP;
  if (sk.sk_receive_queue.first) mask |= POLLIN | POLLRDNORM;
  // sock_writeable(): datagrams leave at once on lo, so the send buffer is never full
  mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return mask;
}

/** udp_ioctl(): SIOCINQ is the size of the next datagram's payload. */
export function udp_ioctl(sock: Socket, cmd: u32, arg: u32): i32 {
  const sk = sock.sk;
  let amount = 0;
  switch (cmd) {
    case SIOCOUTQ: amount = sk.sk_wmem_alloc; break;
    case SIOCINQ: {
      const skb = sk.sk_receive_queue.first;
      amount = skb ? <i32>(skb.len - skb.consumed) : 0;
      break;
    }
    default: return -E.ENOIOCTLCMD;
  }
  return put_user(<u32>amount, arg) ? -E.EFAULT : 0;
}

export const udp_prot = new Proto();
udp_prot.protocol = IPPROTO_UDP;
udp_prot.close = udp_close;
udp_prot.connect = ip4_datagram_connect;
udp_prot.disconnect = udp_disconnect;
udp_prot.get_port = inet_get_port;
udp_prot.shutdown = udp_shutdown;

import { sock_put } from "../core/sock";

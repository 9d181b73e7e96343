// The AF_INET family (net/ipv4/af_inet.c, ip_sockglue.c): socket(2) picks TCP or UDP from
// the inetsw table; bind/connect/listen/accept/getname/shutdown/ioctl are the generic
// inet_* functions; data goes straight to the protocol (tcp_sendmsg, udp_recvmsg, ...).
//
// The process is root-like: binding ports below 1024 is allowed (Linux needs
// CAP_NET_BIND_SERVICE for them).
import { ktrace } from "../../kernel/trace";
import { IS_ERR, PTR_ERR } from "../../kernel/err";
import { copy_from_user, copy_to_user, get_user, put_user } from "../../kernel/uaccess";
import { Socket, ProtoOps, NetProtoFamily } from "../net";
import {
  Sock, sk_alloc, sock_init_data, sock_error, sock_sndtimeo,
  sk_wait_on, TCP_CLOSE, TCP_LISTEN, TCP_SYN_SENT, TCP_SYN_RECV,
} from "../core/sock";
import { local_bh_disable, local_bh_enable, dev_add_pack, ETH_P_IP } from "../core/dev";
import { loopback_net_init } from "../core/loopback";
import { sock_register } from "../socket";
import { InetSock, Proto, inet_sk, sysctl_ip_default_ttl, SOCK_BINDADDR_LOCK, SOCK_BINDPORT_LOCK } from "./inet_sock";
import { ip_rcv, inet_add_protocol, inet_set_raw_deliver } from "./ip_input";
import { ipv4_specific } from "./ip_output";
import { icmp_rcv, icmp_set_err_handler } from "./icmp";
import { inet_addr_valid } from "./inet_sock";
import { ip_setsockopt, ip_getsockopt } from "./ip_sockglue";
export { inet_addr_valid };
import { RawSock, raw_sk, raw_prot, raw_init_sock, raw_local_deliver, raw_bind, raw_sendmsg, raw_recvmsg, raw_setsockopt, raw_getsockopt } from "./raw";
import { udp_prot, udp_sendmsg, udp_recvmsg, udp_poll, udp_ioctl, udp_rcv, udp_err, udp_lib_setsockopt, udp_lib_getsockopt } from "./udp";
import { TcpSock, tcp_sk, tcp_init_sock, tcp_sendmsg, tcp_recvmsg, tcp_mmap, tcp_poll, tcp_ioctl, tcp_setsockopt_tcp, tcp_getsockopt_tcp } from "./tcp";
import { tcp_prot, tcp_v4_rcv, tcp_v4_init, inet_csk_accept } from "./tcp_ipv4";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";
import {
  SIN_FAMILY, SIN_PORT, SIN_ADDR, SIN_ZERO, SOCKADDR_IN_SIZE, IPPROTO_IP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_MAX,
  IP_TTL, IP_TOS, IP_RECVERR, IP_MTU_DISCOVER, IP_HDRINCL, IPPROTO_ICMP, IP_PMTUDISC_WANT, ntohs, ipv4_is_loopback, ipv4_is_multicast,
} from "../../uapi/in";
import { O_NONBLOCK } from "../../uapi/fcntl";

// ---- create ----

/** struct inet_protosw: one row of inetsw[] */
@unmanaged class InetProtosw {
  type: i32;
  protocol: i32;
  prot!: Proto;
  ops!: ProtoOps;
  obj_size: i32;
}

function inet_create(sock: Socket, protocol: i32, kern: i32): i32 {
  ktrace("inet_create");
  if (protocol < 0 || protocol >= IPPROTO_MAX) return -E.EINVAL;
  sock.state = net.SS_UNCONNECTED;
  // look for the type and protocol in inetsw[] (inet_create's loop): an exact match but
  // IPPROTO_IP, or one of the two wildcards: protocol 0 takes the row's protocol, a row
  // of protocol 0 (SOCK_RAW's) takes any other protocol
  let answer: InetProtosw | null = null;
  let err = -E.ESOCKTNOSUPPORT;
  for (let i = 0; i < inetsw.length; i++) {
    const a = unchecked(inetsw[i]);
    if (a.type != sock.type) continue;
    err = 0;
    if (protocol == a.protocol) {
      if (protocol != IPPROTO_IP) { answer = a; break; }
    } else {
      if (protocol == IPPROTO_IP) { protocol = a.protocol; answer = a; break; }
      if (a.protocol == IPPROTO_IP) { answer = a; break; }
    }
    err = -E.EPROTONOSUPPORT;
  }
  if (!answer) return err;
  // the ping row (SOCK_DGRAM, IPPROTO_ICMP): ping_init_sock() refuses every group with
  // net.ipv4.ping_group_range at its default "1 0", root's too
  if (answer.protocol == IPPROTO_ICMP) return -E.EACCES;
  sock.ops = answer.ops;
  const inet = changetype<InetSock>(sk_alloc(net.AF_INET, <usize>answer.obj_size));
  sock_init_data(sock, inet);
  inet.sk_protocol = protocol;
  inet.sk_prot = answer.prot;
  inet.uc_ttl = -1;
  inet.pmtudisc = IP_PMTUDISC_WANT;
  inet.af_ops = ipv4_specific;
  if (sock.type == net.SOCK_STREAM) tcp_init_sock(tcp_sk(inet));
  if (sock.type == net.SOCK_RAW) raw_init_sock(raw_sk(inet), protocol); // as root: no CAP_NET_RAW check
  return 0;
}

// ---- bind ----

function inet_bind(sock: Socket, uaddr: usize, addr_len: i32): i32 {
  ktrace("inet_bind");
  const inet = inet_sk(sock.sk);
  if (addr_len < SOCKADDR_IN_SIZE) return -E.EINVAL;
  const addr = load<u32>(uaddr + SIN_ADDR);
  if (load<u16>(uaddr + SIN_FAMILY) != net.AF_INET) {
    // compatibility: AF_UNSPEC with INADDR_ANY is accepted
    if (load<u16>(uaddr + SIN_FAMILY) != net.AF_UNSPEC || addr != 0) return -E.EAFNOSUPPORT;
  }
  if (!inet_addr_valid(addr)) return -E.EADDRNOTAVAIL;
  const snum = <i32>ntohs(<u32>load<u16>(uaddr + SIN_PORT));
  if (inet.sk_state != TCP_CLOSE || inet.inet_num) return -E.EINVAL;
  inet.inet_rcv_saddr_be = addr;
  inet.inet_saddr_be = (ipv4_is_multicast(addr) || addr == 0xffffffff) ? 0 : addr;
  if (inet.sk_prot.get_port(inet, snum)) {
    inet.inet_saddr_be = 0;
    inet.inet_rcv_saddr_be = 0;
    return -E.EADDRINUSE;
  }
  if (addr) inet.sk_userlocks |= SOCK_BINDADDR_LOCK;
  if (snum) inet.sk_userlocks |= SOCK_BINDPORT_LOCK;
  inet.inet_daddr_be = 0;
  inet.inet_dport_be = 0;
  return 0;
}

/** inet_autobind(): an ephemeral port for a socket that sends or listens unbound. */
export function inet_autobind(inet: InetSock): i32 {
  ktrace("inet_autobind");
  if (!inet.inet_num && inet.sk_prot.get_port(inet, 0)) return -E.EAGAIN;
  return 0;
}

// ---- connect ----

export function inet_dgram_connect(sock: Socket, uaddr: usize, addr_len: i32, flags: i32): i32 {
  ktrace("inet_dgram_connect");
  const inet = inet_sk(sock.sk);
  if (addr_len < 2) return -E.EINVAL;
  if (load<u16>(uaddr + SIN_FAMILY) == net.AF_UNSPEC) return inet.sk_prot.disconnect(inet, flags);
  if (inet_autobind(inet)) return -E.EAGAIN;
  return inet.sk_prot.connect(inet, uaddr, addr_len);
}

/** __inet_stream_connect() */
export function inet_stream_connect(sock: Socket, uaddr: usize, addr_len: i32, flags: i32): i32 {
  ktrace("inet_stream_connect");
  const sk = sock.sk;
  if (addr_len < 2) return -E.EINVAL;
  local_bh_disable();
  let err: i32;
  if (load<u16>(uaddr + SIN_FAMILY) == net.AF_UNSPEC) {
    err = inet_sk(sk).sk_prot.disconnect(sk, flags);
    sock.state = err ? net.SS_DISCONNECTING : net.SS_UNCONNECTED;
    local_bh_enable();
    return err;
  }
  switch (sock.state) {
    case net.SS_CONNECTED:
      local_bh_enable();
      return -E.EISCONN;
    case net.SS_CONNECTING:
      err = -E.EALREADY;
      break;
    case net.SS_UNCONNECTED:
      if (sk.sk_state != TCP_CLOSE) {
        local_bh_enable();
        return -E.EISCONN;
      }
      err = inet_sk(sk).sk_prot.connect(sk, uaddr, addr_len);
      if (err < 0) {
        local_bh_enable();
        return err;
      }
      sock.state = net.SS_CONNECTING;
      err = -E.EINPROGRESS;
      break;
    default:
      local_bh_enable();
      return -E.EINVAL;
  }
  const timeo = sock_sndtimeo(sk, (flags & O_NONBLOCK) != 0);
  if (sk.sk_state == TCP_SYN_SENT || sk.sk_state == TCP_SYN_RECV) {
    // Linux answers a nonblocking connect with the SYN-ACK still in the socket's backlog;
    // the handshake completes when the call releases the socket (local_bh_enable here)
    if (!timeo) {
      local_bh_enable();
      return err;
    }
    local_bh_enable();
    if (sk.sk_state == TCP_SYN_SENT || sk.sk_state == TCP_SYN_RECV) {
      // inet_wait_for_connect(): a timeout leaves the connect in progress
      return sk_wait_on(sk.sk_wq, timeo, -E.EINPROGRESS);
    }
    local_bh_disable();
  }
  local_bh_enable();
  if (sk.sk_state == TCP_CLOSE) {
    // closed by a reset (or an error): report it, the socket may connect again
    const e = sock_error(sk);
    sock.state = net.SS_UNCONNECTED;
    inet_sk(sk).sk_prot.disconnect(sk, flags);
    return e ? e : -E.ECONNABORTED;
  }
  sock.state = net.SS_CONNECTED;
  return 0;
}

// ---- listen, accept ----

/** inet_listen() + inet_csk_listen_start() */
export function inet_listen(sock: Socket, backlog: i32): i32 {
  ktrace("inet_listen");
  const sk = sock.sk;
  if (sock.state != net.SS_UNCONNECTED || sock.type != net.SOCK_STREAM) return -E.EINVAL;
  const old_state = sk.sk_state;
  if (old_state != TCP_CLOSE && old_state != TCP_LISTEN) return -E.EINVAL;
  sk.sk_max_ack_backlog = backlog;
  if (old_state != TCP_LISTEN) {
    const inet = inet_sk(sk);
    sk.sk_state = TCP_LISTEN;
    // get_port() again: a port shared through SO_REUSEADDR cannot have two listeners
    const num = inet.inet_num;
    if (num) inet.inet_num = 0;
    if (inet.sk_prot.get_port(inet, num)) {
      sk.sk_state = TCP_CLOSE;
      if (num) inet.inet_num = num;
      return -E.EADDRINUSE;
    }
  }
  return 0;
}

export function inet_accept(sock: Socket, newsock: Socket, flags: i32): i32 {
  ktrace("inet_accept");
  local_bh_disable();
  const child = inet_csk_accept(sock.sk, (flags & O_NONBLOCK) != 0);
  local_bh_enable();
  if (IS_ERR(child)) return PTR_ERR(child);
  // sock_graft()
  child.sk_socket = newsock;
  newsock.sk = child;
  newsock.state = net.SS_CONNECTED;
  return 0;
}

// ---- names ----

/** inet_getname(): 16-byte sockaddr_in of our end or the peer's. */
export function inet_getname(sock: Socket, uaddr: usize, peer: i32): i32 {
  ktrace("inet_getname");
  const inet = inet_sk(sock.sk);
  store<u16>(uaddr + SIN_FAMILY, net.AF_INET);
  store<u64>(uaddr + SIN_ZERO, 0);
  if (peer) {
    const s = inet.sk_state;
    if (!inet.inet_dport_be || ((s == TCP_CLOSE || s == TCP_SYN_SENT) && peer == 1)) return -E.ENOTCONN;
    store<u16>(uaddr + SIN_PORT, <u16>inet.inet_dport_be);
    store<u32>(uaddr + SIN_ADDR, inet.inet_daddr_be);
  } else {
    const addr = inet.inet_rcv_saddr_be ? inet.inet_rcv_saddr_be : inet.inet_saddr_be;
    store<u16>(uaddr + SIN_PORT, <u16>inet.inet_sport_be);
    store<u32>(uaddr + SIN_ADDR, addr);
  }
  return SOCKADDR_IN_SIZE;
}

// ---- shutdown, release, ioctl ----

export function inet_shutdown(sock: Socket, how: i32): i32 {
  ktrace("inet_shutdown");
  const sk = sock.sk;
  how++; // SHUT_RD -> RCV_SHUTDOWN, ...
  if ((how & ~net.SHUTDOWN_MASK) || !how) return -E.EINVAL;
  local_bh_disable();
  let err = 0;
  if (sock.state == net.SS_CONNECTING) {
    const s = sk.sk_state;
    sock.state = (s == TCP_SYN_SENT || s == TCP_SYN_RECV || s == TCP_CLOSE) ? net.SS_DISCONNECTING : net.SS_CONNECTED;
  }
  switch (sk.sk_state) {
    case TCP_LISTEN:
      if (!(how & net.RCV_SHUTDOWN)) break;
    // fallthrough
    case TCP_SYN_SENT:
      err = inet_sk(sk).sk_prot.disconnect(sk, O_NONBLOCK);
      sock.state = err ? net.SS_DISCONNECTING : net.SS_UNCONNECTED;
      break;
    case TCP_CLOSE:
      err = -E.ENOTCONN;
    // fallthrough: wake up pollers even of unconnected sockets, as Linux does
    default:
      sk.sk_shutdown |= how;
      inet_sk(sk).sk_prot.shutdown(sk, how);
  }
  sk.sk_write_space(sk); // sk_state_change()
  local_bh_enable();
  return err;
}

export function inet_release(sock: Socket): i32 {
  ktrace("inet_release");
  const sk = sock.sk;
  if (!changetype<usize>(sk)) return 0;
  inet_sk(sk).sk_prot.close(sk);
  sock.sk = changetype<Sock>(0);
  return 0;
}

export function inet_ioctl(sock: Socket, cmd: u32, arg: u32): i32 {
  ktrace("inet_ioctl");
  // tcp_ioctl for a stream socket; udp_ioctl's SIOCINQ/SIOCOUTQ are also raw_ioctl's and rawv6_ioctl's
  return sock.type == net.SOCK_STREAM ? tcp_ioctl(sock, cmd, arg) : udp_ioctl(sock, cmd, arg);
}

/** sock_common_setsockopt() -> tcp_setsockopt / udp_setsockopt -> ip_setsockopt */
export function inet_setsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: i32): i32 {
  ktrace("inet_setsockopt");
  const inet = inet_sk(sock.sk);
  if (level == net.SOL_TCP && inet.sk_type == net.SOCK_STREAM) return tcp_setsockopt_tcp(tcp_sk(inet), optname, optval, optlen);
  // udp_setsockopt -> udp_lib_setsockopt; a ping socket's ip_setsockopt knows no SOL_UDP
  if (level == net.SOL_UDP && inet.sk_type == net.SOCK_DGRAM) return inet.sk_protocol == IPPROTO_UDP ? udp_lib_setsockopt(inet, optname, optval, optlen) : -E.ENOPROTOOPT;
  return ip_setsockopt(inet, level, optname, optval, optlen);
}

export function inet_getsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: u32): i32 {
  ktrace("inet_getsockopt");
  const inet = inet_sk(sock.sk);
  if (level == net.SOL_TCP && inet.sk_type == net.SOCK_STREAM) return tcp_getsockopt_tcp(tcp_sk(inet), optname, optval, optlen);
  if (level == net.SOL_UDP && inet.sk_type == net.SOCK_DGRAM) return inet.sk_protocol == IPPROTO_UDP ? udp_lib_getsockopt(inet, optname, optval, optlen) : -E.ENOPROTOOPT;
  return ip_getsockopt(inet, level, optname, optval, optlen);
}

// ---- tables ----

/** What inet_stream_ops and inet_dgram_ops share; the rest stay sock_no_*. */
function ops(): ProtoOps {
  const o = new ProtoOps(net.AF_INET);
  o.release = inet_release;
  o.bind = inet_bind;
  o.getname = inet_getname;
  o.ioctl = inet_ioctl;
  o.shutdown = inet_shutdown;
  o.setsockopt = inet_setsockopt;
  o.getsockopt = inet_getsockopt;
  return o;
}

export const inet_stream_ops = ops();
inet_stream_ops.connect = inet_stream_connect;
inet_stream_ops.accept = inet_accept;
inet_stream_ops.poll = tcp_poll;
inet_stream_ops.listen = inet_listen;
inet_stream_ops.sendmsg = tcp_sendmsg;
inet_stream_ops.recvmsg = tcp_recvmsg;
inet_stream_ops.mmap = tcp_mmap;

export const inet_dgram_ops = ops();
inet_dgram_ops.connect = inet_dgram_connect;
inet_dgram_ops.poll = udp_poll;
inet_dgram_ops.sendmsg = udp_sendmsg;
inet_dgram_ops.recvmsg = udp_recvmsg;

function protosw(type: i32, protocol: i32, prot: Proto, o: ProtoOps, size: usize): InetProtosw {
  const p = new InetProtosw();
  p.type = type;
  p.protocol = protocol;
  p.prot = prot;
  p.ops = o;
  p.obj_size = <i32>size;
  return p;
}

/** inet_sockraw_ops */
export const inet_sockraw_ops = new ProtoOps(net.AF_INET);
inet_sockraw_ops.release = inet_release;
inet_sockraw_ops.bind = raw_bind;
inet_sockraw_ops.connect = inet_dgram_connect;
inet_sockraw_ops.getname = inet_getname;
inet_sockraw_ops.poll = udp_poll;
inet_sockraw_ops.ioctl = inet_ioctl;
inet_sockraw_ops.shutdown = inet_shutdown;
inet_sockraw_ops.setsockopt = raw_setsockopt;
inet_sockraw_ops.getsockopt = raw_getsockopt;
inet_sockraw_ops.sendmsg = raw_sendmsg;
inet_sockraw_ops.recvmsg = raw_recvmsg;

/** inetsw_array[]: the ping row is there so that its answer is Linux's (EACCES) */
const inetsw: StaticArray<InetProtosw> = [
  protosw(net.SOCK_STREAM, IPPROTO_TCP, tcp_prot, inet_stream_ops, offsetof<TcpSock>()),
  protosw(net.SOCK_DGRAM, IPPROTO_UDP, udp_prot, inet_dgram_ops, offsetof<InetSock>()),
  protosw(net.SOCK_DGRAM, IPPROTO_ICMP, udp_prot, inet_dgram_ops, offsetof<InetSock>()),
  protosw(net.SOCK_RAW, IPPROTO_IP, raw_prot, inet_sockraw_ops, offsetof<RawSock>()),
];

const inet_family_ops = new NetProtoFamily();
inet_family_ops.family = net.AF_INET;
inet_family_ops.create = inet_create;

/** inet_init(): lo, the IP receive path, the protocols, the family. */
export function af_inet_init(): void {
  loopback_net_init();
  dev_add_pack(ETH_P_IP, ip_rcv);
  inet_add_protocol(tcp_v4_rcv, IPPROTO_TCP);
  inet_add_protocol(udp_rcv, IPPROTO_UDP);
  inet_add_protocol(icmp_rcv, 1);
  inet_set_raw_deliver(raw_local_deliver);
  icmp_set_err_handler(IPPROTO_UDP, udp_err);
  tcp_v4_init();
  sock_register(inet_family_ops);
}

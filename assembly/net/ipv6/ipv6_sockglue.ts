// IPPROTO_IPV6 socket options (net/ipv6/ipv6_sockglue.c do_ipv6_setsockopt /
// do_ipv6_getsockopt). SOL_IP, SOL_TCP and SOL_UDP on an AF_INET6 socket are the IPv4
// family's (ipv6_setsockopt hands SOL_IP to ip_setsockopt, as Linux does).
import { ktrace } from "../../kernel/trace";
import { copy_from_user } from "../../kernel/uaccess";
import { sockopt_put_int } from "../core/sock";
import { Socket } from "../net";
import { InetSock, inet_sk } from "../ipv4/inet_sock";
import { inet_setsockopt, inet_getsockopt } from "../ipv4/af_inet";
import { loopback_dev } from "../core/dev";
import { ip6_sk_hoplimit } from "./inet6_connection_sock";
import {
  IPPROTO_IPV6, IPV6_V6ONLY, IPV6_UNICAST_HOPS, IPV6_MULTICAST_IF, IPV6_MULTICAST_HOPS, IPV6_MULTICAST_LOOP,
  IPV6_TCLASS, IPV6_RECVPKTINFO, IPV6_PKTINFO,
} from "../../uapi/in6";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";

const optbuf = memory.data(20);
/** sizeof(struct in6_pktinfo): the address and an interface index */
const IN6_PKTINFO_SIZE = 20;

/** do_ipv6_setsockopt() */
function do_ipv6_setsockopt(sock: Socket, np: InetSock, optname: i32, optval: u32, optlen: i32): i32 {
  // an int when at least one is given, else 0
  let val = 0;
  if (optval && optlen >= 4) {
    if (copy_from_user(optbuf, optval, 4)) return -E.EFAULT;
    val = load<i32>(optbuf);
  }
  const stream = sock.type == net.SOCK_STREAM;
  switch (optname) {
    case IPV6_V6ONLY:
      if (optlen < 4 || np.inet_num) return -E.EINVAL;
      np.sk_ipv6only = val != 0 ? 1 : 0;
      return 0;
    case IPV6_RECVPKTINFO:
      if (optlen < 4) return -E.EINVAL;
      np.rxpktinfo = val != 0 ? 1 : 0;
      return 0;
    case IPV6_UNICAST_HOPS:
      if (optlen < 4) return -E.EINVAL;
      if (val > 255 || val < -1) return -E.EINVAL;
      np.hop_limit = val;
      return 0;
    case IPV6_MULTICAST_HOPS:
      if (stream) break;
      if (optlen < 4) return -E.EINVAL;
      if (val > 255 || val < -1) return -E.EINVAL;
      np.mcast_hops = val;
      return 0;
    case IPV6_MULTICAST_LOOP:
      if (optlen < 4) return -E.EINVAL;
      if (val != 0 && val != 1) return -E.EINVAL;
      np.mcast_loop = val;
      return 0;
    case IPV6_MULTICAST_IF:
      if (stream) break;
      if (optlen < 4) return -E.EINVAL;
      // dev_get_by_index(): lo (1) is the only device
      if (val && val != loopback_dev.ifindex) return -E.ENODEV;
      np.mcast_oif = val;
      return 0;
    case IPV6_PKTINFO:
      // the sticky source address and interface of later sends (RFC 3542 6.7). Unlike
      // Linux, it is checked but not kept: on lo the only source is ::1, the only device lo.
      if (!optval || optlen < IN6_PKTINFO_SIZE) return -E.EINVAL;
      if (copy_from_user(optbuf, optval, IN6_PKTINFO_SIZE)) return -E.EFAULT;
      // sk_dev_equal_l3scope(): any index unless the socket is bound to a device
      return 0;
    case IPV6_TCLASS:
      if (optlen < 4) return -E.EINVAL;
      if (val < -1 || val > 0xff) return -E.EINVAL;
      np.tclass = val == -1 ? 0 : val; // RFC 3542 6.5: -1 is the default, 0
      return 0;
  }
  return -E.ENOPROTOOPT;
}

/** do_ipv6_getsockopt(): ints, truncated to the length given (min(len, sizeof(int))). */
function do_ipv6_getsockopt(sock: Socket, np: InetSock, optname: i32, optval: u32, optlen: u32): i32 {
  let val = 0;
  switch (optname) {
    case IPV6_V6ONLY: val = np.sk_ipv6only; break;
    case IPV6_RECVPKTINFO: val = np.rxpktinfo; break;
    case IPV6_UNICAST_HOPS: val = <i32>ip6_sk_hoplimit(np); break;
    case IPV6_MULTICAST_HOPS: val = np.mcast_hops < 0 ? 1 : np.mcast_hops; break;
    case IPV6_MULTICAST_LOOP: val = np.mcast_loop; break;
    case IPV6_MULTICAST_IF: val = np.mcast_oif; break;
    case IPV6_TCLASS: val = np.tclass; break;
    default: return -E.ENOPROTOOPT;
  }
  return sockopt_put_int(optval, optlen, val);
}

/** sock_common_setsockopt() -> tcp_setsockopt / udpv6_setsockopt -> ipv6_setsockopt */
export function inet6_setsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: i32): i32 {
  ktrace("ipv6_setsockopt");
  if (level != IPPROTO_IPV6) return inet_setsockopt(sock, level, optname, optval, optlen);
  return do_ipv6_setsockopt(sock, inet_sk(sock.sk), optname, optval, optlen);
}

export function inet6_getsockopt(sock: Socket, level: i32, optname: i32, optval: u32, optlen: u32): i32 {
  ktrace("ipv6_getsockopt");
  if (level == IPPROTO_IPV6) return do_ipv6_getsockopt(sock, inet_sk(sock.sk), optname, optval, optlen);
  if (level == net.SOL_IP || level == net.SOL_TCP || level == net.SOL_UDP) return inet_getsockopt(sock, level, optname, optval, optlen);
  return -E.ENOPROTOOPT;
}

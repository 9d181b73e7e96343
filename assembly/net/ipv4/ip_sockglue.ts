// IPPROTO_IP (SOL_IP) socket options (net/ipv4/ip_sockglue.c), for every AF_INET socket
// and, through ipv6_setsockopt, for AF_INET6 ones.
import { copy_from_user, copy_to_user, get_user, put_user } from "../../kernel/uaccess";
import { InetSock, sysctl_ip_default_ttl } from "./inet_sock";
import { IP_TTL, IP_TOS, IP_RECVERR, IP_MTU_DISCOVER, IP_HDRINCL } from "../../uapi/in";
import * as E from "../../uapi/errno";
import * as net from "../../uapi/net";


const optbuf = memory.data(8);

export function do_ip_setsockopt(inet: InetSock, optname: i32, optval: u32, optlen: i32): i32 {
  let val = 0;
  if (optlen >= 4) {
    if (copy_from_user(optbuf, optval, 4)) return -E.EFAULT;
    val = load<i32>(optbuf);
  } else if (optlen >= 1) {
    if (copy_from_user(optbuf, optval, 1)) return -E.EFAULT;
    val = <i32>load<u8>(optbuf);
  }
  switch (optname) {
    case IP_TTL:
      if (optlen < 1) return -E.EINVAL;
      if (val != -1 && (val < 1 || val > 255)) return -E.EINVAL;
      inet.uc_ttl = val;
      return 0;
    case IP_TOS:
      if (optlen < 1) return -E.EINVAL;
      inet.tos = val & 0xff & ~3;
      return 0;
    case IP_RECVERR:
      if (optlen < 1) return -E.EINVAL;
      inet.recverr = val ? 1 : 0;
      return 0;
    case IP_MTU_DISCOVER:
      if (optlen < 1) return -E.EINVAL;
      if (val < 0 || val > 5) return -E.EINVAL;
      inet.pmtudisc = val;
      return 0;
    case IP_HDRINCL:
      if (inet.sk_type != net.SOCK_RAW) return -E.ENOPROTOOPT;
      inet.hdrincl = val ? 1 : 0;
      return 0;
  }
  return -E.ENOPROTOOPT;
}

export function do_ip_getsockopt(inet: InetSock, optname: i32, optval: u32, optlen: u32): i32 {
  let val = 0;
  switch (optname) {
    case IP_TTL: val = inet.uc_ttl < 0 ? sysctl_ip_default_ttl : inet.uc_ttl; break;
    case IP_TOS: val = inet.tos; break;
    case IP_RECVERR: val = inet.recverr; break;
    case IP_MTU_DISCOVER: val = inet.pmtudisc; break;
    case IP_HDRINCL: val = inet.hdrincl; break;
    default: return -E.ENOPROTOOPT;
  }
  if (get_user(optbuf, optlen)) return -E.EFAULT;
  let len = load<i32>(optbuf);
  if (len < 0) return -E.EINVAL;
  if (len < 4 && len > 0 && val >= 0 && val <= 255) {
    store<u8>(optbuf, <u8>val);
    if (put_user(1, optlen)) return -E.EFAULT;
    return copy_to_user(optval, optbuf, 1) ? -E.EFAULT : 0;
  }
  if (len > 4) len = 4;
  store<i32>(optbuf, val);
  if (put_user(<u32>len, optlen)) return -E.EFAULT;
  return copy_to_user(optval, optbuf, <u32>len) ? -E.EFAULT : 0;
}

/** ip_setsockopt(): SOL_IP only (ENOPROTOOPT for any other level). */
export function ip_setsockopt(inet: InetSock, level: i32, optname: i32, optval: u32, optlen: i32): i32 {
  if (level != net.SOL_IP) return -E.ENOPROTOOPT;
  return do_ip_setsockopt(inet, optname, optval, optlen);
}

/** ip_getsockopt(): SOL_IP only (EOPNOTSUPP for any other level). */
export function ip_getsockopt(inet: InetSock, level: i32, optname: i32, optval: u32, optlen: u32): i32 {
  if (level != net.SOL_IP) return -E.EOPNOTSUPP;
  return do_ip_getsockopt(inet, optname, optval, optlen);
}

// IPv6 ABI: include/uapi/linux/in6.h, include/uapi/linux/ipv6.h, include/linux/socket.h.
//
// An IPv6 address is 16 bytes in network order. The kernel keeps one in two u64 fields,
// the bytes 0..7 and 8..15 each loaded little-endian (a load<u64> of the bytes), so
// comparing two addresses is two compares and storing one is two stores:
//   ::1               -> (0, 0x0100000000000000)
//   ::ffff:a.b.c.d    -> (0, (v4_be << 32) | 0xffff0000) with v4_be the u32 loaded from a.b.c.d

// struct sockaddr_in6 (28 bytes): { u16 sin6_family; be16 sin6_port; be32 sin6_flowinfo;
//                                   struct in6_addr sin6_addr; u32 sin6_scope_id; }
export const SIN6_FAMILY = 0;
export const SIN6_PORT = 2;
export const SIN6_FLOWINFO = 4;
export const SIN6_ADDR = 8;
export const SIN6_SCOPE_ID = 24;
/** sizeof(struct sockaddr_in6) */
export const SOCKADDR_IN6_SIZE = 28;
/** SIN6_LEN_RFC2133: the sockaddr_in6 of RFC 2133, without sin6_scope_id (still accepted). */
export const SIN6_LEN_RFC2133 = 24;

export const IPPROTO_IPV6 = 41;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;

// IPPROTO_IPV6 (SOL_IPV6) options: include/uapi/linux/in6.h
export const IPV6_ADDRFORM = 1;
export const IPV6_2292PKTINFO = 2;
export const IPV6_FLOWINFO = 11;
export const IPV6_UNICAST_HOPS = 16;
export const IPV6_MULTICAST_IF = 17;
export const IPV6_MULTICAST_HOPS = 18;
export const IPV6_MULTICAST_LOOP = 19;
export const IPV6_ADD_MEMBERSHIP = 20;
export const IPV6_DROP_MEMBERSHIP = 21;
export const IPV6_MTU_DISCOVER = 23;
export const IPV6_MTU = 24;
export const IPV6_RECVERR = 25;
export const IPV6_V6ONLY = 26;
export const IPV6_RECVPKTINFO = 49;
export const IPV6_PKTINFO = 50;
export const IPV6_RECVHOPLIMIT = 51;
export const IPV6_HOPLIMIT = 52;
export const IPV6_RECVTCLASS = 66;
export const IPV6_TCLASS = 67;

/** struct in6_pktinfo { struct in6_addr ipi6_addr; int ipi6_ifindex; } */
export const IN6_PKTINFO_SIZE = 20;

/** The v4 address a v4-mapped address ::ffff:a.b.c.d carries in its second half. */
export const V4MAPPED_TAG: u64 = 0xffff0000;
/** ::1, second half */
export const IN6ADDR_LOOPBACK_1: u64 = 0x0100000000000000;

// @ts-ignore: decorator
@inline export function ipv6_addr_any(a0: u64, a1: u64): bool {
  return (a0 | a1) == 0;
}

// @ts-ignore: decorator
@inline export function ipv6_addr_loopback(a0: u64, a1: u64): bool {
  return a0 == 0 && a1 == IN6ADDR_LOOPBACK_1;
}

/** ipv6_addr_v4mapped(): ::ffff:0:0/96 */
// @ts-ignore: decorator
@inline export function ipv6_addr_v4mapped(a0: u64, a1: u64): bool {
  return a0 == 0 && (a1 & 0xffffffff) == V4MAPPED_TAG;
}

/** ipv6_addr_is_multicast(): ff00::/8 */
// @ts-ignore: decorator
@inline export function ipv6_addr_is_multicast(a0: u64): bool {
  return (a0 & 0xff) == 0xff;
}

/** ipv6_addr_set_v4mapped(): the second half of ::ffff:<v4>. */
// @ts-ignore: decorator
@inline export function v4mapped_1(v4_be: u32): u64 {
  return ((<u64>v4_be) << 32) | V4MAPPED_TAG;
}

/** The v4 address of a v4-mapped address (s6_addr32[3]). */
// @ts-ignore: decorator
@inline export function v4mapped_addr(a1: u64): u32 {
  return <u32>(a1 >>> 32);
}

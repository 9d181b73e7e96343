// IPv4 ABI: include/uapi/linux/in.h, include/uapi/linux/tcp.h, include/uapi/linux/udp.h.
// Addresses and ports inside kernel structs and packets are kept in network byte order
// (their names end in _be); a u32 loaded from the bytes 7f 00 00 01 is 0x0100007f.

// struct sockaddr_in (16 bytes): { u16 sin_family; be16 sin_port; be32 sin_addr; u8 sin_zero[8]; }
export const SIN_FAMILY = 0;
export const SIN_PORT = 2;
export const SIN_ADDR = 4;
export const SIN_ZERO = 8;
/** sizeof(struct sockaddr_in) */
export const SOCKADDR_IN_SIZE = 16;

// Protocols: include/uapi/linux/in.h
export const IPPROTO_IP = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_RAW = 255;
export const IPPROTO_MAX = 263;

// Addresses in network byte order
export const INADDR_ANY_BE: u32 = 0;
export const INADDR_LOOPBACK_BE: u32 = 0x0100007f; // 127.0.0.1
export const INADDR_BROADCAST_BE: u32 = 0xffffffff;

// IPPROTO_IP (SOL_IP) options
export const IP_TOS = 1;
export const IP_TTL = 2;
export const IP_HDRINCL = 3;
export const IP_OPTIONS = 4;
export const IP_RECVERR = 11;
export const IP_MTU_DISCOVER = 10;
export const IP_MTU = 14;
export const IP_FREEBIND = 15;
export const IP_BIND_ADDRESS_NO_PORT = 24;
export const IP_PMTUDISC_DONT = 0;
export const IP_PMTUDISC_WANT = 1;
export const IP_PMTUDISC_DO = 2;

// IPPROTO_TCP (SOL_TCP) options: include/uapi/linux/tcp.h
export const TCP_NODELAY = 1;
export const TCP_MAXSEG = 2;
export const TCP_CORK = 3;
export const TCP_KEEPIDLE = 4;
export const TCP_KEEPINTVL = 5;
export const TCP_KEEPCNT = 6;
export const TCP_SYNCNT = 7;
export const TCP_LINGER2 = 8;
export const TCP_DEFER_ACCEPT = 9;
export const TCP_WINDOW_CLAMP = 10;
export const TCP_QUICKACK = 12;

// IPPROTO_UDP (SOL_UDP) options: include/uapi/linux/udp.h
export const UDP_CORK = 1;

// @ts-ignore: decorator
@inline export function htons(v: u32): u32 {
  return <u32>bswap<u16>(<u16>v);
}

// @ts-ignore: decorator
@inline export function ntohs(v: u32): u32 {
  return <u32>bswap<u16>(<u16>v);
}

// @ts-ignore: decorator
@inline export function ntohl(v: u32): u32 {
  return bswap<u32>(v);
}

// @ts-ignore: decorator
@inline export function htonl(v: u32): u32 {
  return bswap<u32>(v);
}

/** ipv4_is_loopback(): 127.0.0.0/8 */
// @ts-ignore: decorator
@inline export function ipv4_is_loopback(addr_be: u32): bool {
  return (addr_be & 0xff) == 127;
}

/** ipv4_is_multicast(): 224.0.0.0/4 */
// @ts-ignore: decorator
@inline export function ipv4_is_multicast(addr_be: u32): bool {
  return (addr_be & 0xf0) == 0xe0;
}

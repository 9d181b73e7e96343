// The IPv6 pseudo-header checksum (net/ipv6/ip6_checksum.c, RFC 8200 8.1): the upper-layer
// checksum of TCP, UDP and ICMPv6 covers source and destination address, the upper-layer
// length (32 bits) and the next header value (32 bits, zero padded) before the payload.
// Sums are kept in loaded (little-endian) order as in include/net/checksum.ts.
import { csum_partial, csum_fold } from "../../include/net/checksum";

// @ts-ignore: decorator
@inline function add64(x: u64): u64 {
  return (x & 0xffff) + ((x >>> 16) & 0xffff) + ((x >>> 32) & 0xffff) + (x >>> 48);
}

/** csum_ipv6_magic() without the fold: the pseudo-header added to sum. */
export function csum_ipv6_magic_nofold(s0: u64, s1: u64, d0: u64, d1: u64, len: u32, proto: u32, sum: u64): u64 {
  sum += add64(s0) + add64(s1) + add64(d0) + add64(d1);
  // the length as a big-endian u32: bytes (len>>24, len>>16, len>>8, len)
  sum += <u64>bswap<u16>(<u16>(len >>> 16)) + <u64>bswap<u16>(<u16>len);
  sum += <u64>(proto << 8);
  return sum;
}

/** The checksum of an upper-layer packet of len bytes at p with its IPv6 pseudo-header. */
export function csum_ipv6(s0: u64, s1: u64, d0: u64, d1: u64, proto: u32, p: usize, len: u32): u16 {
  return csum_fold(csum_ipv6_magic_nofold(s0, s1, d0, d1, len, proto, csum_partial(p, len, 0)));
}

/** __tcp_v6_send_check() / udp6_hwcsum_outgoing(): ~csum_ipv6_magic(saddr, daddr, len, proto, 0), the CHECKSUM_PARTIAL check field. */
export function csum_ipv6_partial(s0: u64, s1: u64, d0: u64, d1: u64, proto: u32, len: u32): u16 {
  return <u16>~<u32>csum_fold(csum_ipv6_magic_nofold(s0, s1, d0, d1, len, proto, 0));
}

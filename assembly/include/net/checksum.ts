// The Internet checksum (RFC 1071; lib/checksum.c, include/net/checksum.h).
//
// Wasm loads are little-endian, so 16-bit words are summed as loaded (byte-swapped). The
// one's complement sum does not depend on byte order (RFC 1071 section 2(B)): the folded
// result stored back with a little-endian store lands in network order.

/**
 * csum_partial(): add len bytes at p to sum (unfolded, in loaded order). The bulk is summed
 * 16 bytes at a time with SIMD (pairs of 16-bit words widened into four 32-bit lanes, as
 * x86's csum_partial does with wide adds); each block of at most 32768 steps is folded
 * before a lane could overflow.
 */
export function csum_partial(p: usize, len: u32, sum: u64): u64 {
  let i: u32 = 0;
  const bulk = len & ~15;
  while (i < bulk) {
    let acc = i32x4.splat(0);
    const end = min(bulk, i + (32768 << 4));
    while (i < end) {
      acc = i32x4.add(acc, i32x4.extadd_pairwise_i16x8_u(v128.load(p + i)));
      i += 16;
    }
    sum += <u64><u32>i32x4.extract_lane(acc, 0) + <u64><u32>i32x4.extract_lane(acc, 1) +
      <u64><u32>i32x4.extract_lane(acc, 2) + <u64><u32>i32x4.extract_lane(acc, 3);
  }
  while (i + 4 <= len) {
    sum += <u64>load<u32>(p + i);
    i += 4;
  }
  if (i + 2 <= len) {
    sum += <u64>load<u16>(p + i);
    i += 2;
  }
  if (i < len) sum += <u64>load<u8>(p + i);
  return sum;
}

/** csum_fold(): fold to 16 bits and complement. */
export function csum_fold(sum: u64): u16 {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return <u16>~<u32>sum;
}

/** ip_fast_csum(): checksum of an IPv4 header of ihl 32-bit words. */
export function ip_fast_csum(iph: usize, ihl: u32): u16 {
  return csum_fold(csum_partial(iph, ihl << 2, 0));
}

/** csum_tcpudp_nofold(): the pseudo-header (saddr, daddr, 0, protocol, length) added to sum. */
export function csum_tcpudp_nofold(saddr_be: u32, daddr_be: u32, len: u32, proto: u32, sum: u64): u64 {
  sum += <u64>(saddr_be & 0xffff) + <u64>(saddr_be >>> 16);
  sum += <u64>(daddr_be & 0xffff) + <u64>(daddr_be >>> 16);
  sum += <u64>(proto << 8);
  sum += <u64>bswap<u16>(<u16>len);
  return sum;
}

/** Checksum of a TCP/UDP segment of len bytes at p, including its pseudo-header. */
export function csum_tcpudp(saddr_be: u32, daddr_be: u32, proto: u32, p: usize, len: u32): u16 {
  return csum_fold(csum_tcpudp_nofold(saddr_be, daddr_be, len, proto, csum_partial(p, len, 0)));
}

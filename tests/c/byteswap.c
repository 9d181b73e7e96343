/* byteswap.c - <byteswap.h> (bswap_16/32/64), <endian.h> (htobe16 ... le64toh,
 * BYTE_ORDER) and <arpa/inet.h>'s htonl/htons/ntohl/ntohs, as macros and as functions
 * called through pointers, against the native libc's results. int80's libc takes the
 * first two from wasi-libc (musl's headers) and inlines the byte-order calls when
 * optimizing; there is no libc checksum function to compare (glibc has none). */
#include <byteswap.h>
#include <endian.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>

static uint32_t (*volatile p_htonl)(uint32_t) = htonl;
static uint16_t (*volatile p_htons)(uint16_t) = htons;
static uint32_t (*volatile p_ntohl)(uint32_t) = ntohl;
static uint16_t (*volatile p_ntohs)(uint16_t) = ntohs;

int main(void)
{
	static const uint64_t v[] = { 0, 1, 0xff, 0x1234, 0x12345678, 0x0102030405060708ull, 0x8000000000000001ull,
		0xfedcba9876543210ull, 0xffffffffffffffffull };
	printf("BYTE_ORDER=%s\n", BYTE_ORDER == LITTLE_ENDIAN ? "LITTLE_ENDIAN" : BYTE_ORDER == BIG_ENDIAN ? "BIG_ENDIAN" : "?");
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		volatile uint64_t x = v[i];
		uint16_t h = (uint16_t)x;
		uint32_t w = (uint32_t)x;
		uint64_t q = x;
		printf("%016llx: bswap %04x %08x %016llx\n", (unsigned long long)q, bswap_16(h), bswap_32(w),
		       (unsigned long long)bswap_64(q));
		printf("  be %04x %08x %016llx  le %04x %08x %016llx\n", htobe16(h), htobe32(w),
		       (unsigned long long)htobe64(q), htole16(h), htole32(w), (unsigned long long)htole64(q));
		printf("  to-host be %04x %08x %016llx  le %04x %08x %016llx\n", be16toh(h), be32toh(w),
		       (unsigned long long)be64toh(q), le16toh(h), le32toh(w), (unsigned long long)le64toh(q));
		printf("  net %08x %04x %08x %04x  via pointers %08x %04x %08x %04x\n", htonl(w), htons(h), ntohl(w),
		       ntohs(h), p_htonl(w), p_htons(h), p_ntohl(w), p_ntohs(h));
	}
	/* the bytes in memory after htonl: the network order */
	uint32_t n = htonl(0x0a000201);
	const unsigned char *b = (const unsigned char *)&n;
	printf("htonl(0x0a000201) in memory: %u.%u.%u.%u\n", b[0], b[1], b[2], b[3]);
	return 0;
}

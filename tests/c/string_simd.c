/* libc memory and string functions over random lengths, alignments and contents:
 * memcmp bcmp memcpy memmove memset strlen strnlen memchr strchr strrchr strcmp
 * strncmp strcpy strncpy stpcpy, and the byte-swap functions. Each function's
 * results over many cases are folded into one hash that must equal the native
 * libc's (results as the standard defines them: the sign of a comparison, the
 * offset of a returned pointer, the whole destination buffer after a copy, so
 * that a write outside the range shows). Some strings are placed to end just
 * before a 64 KiB boundary (Wasm's page), where vector loads must stop.
 * Each result is also checked against a byte-at-a-time reference here. */
#include <byteswap.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define CASES 4000
#define BUF 1024

static uint32_t seed = 2463534242u;
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static uint32_t h;
static void mix(uint32_t x) { h = (h ^ x) * 16777619u; }
static int sign(int x) { return (x > 0) - (x < 0); }

static unsigned char area[4 * 65536];
static unsigned char *A, *B; /* two BUF-byte buffers */
static int bad;

/* Fills with bytes from a small alphabet (so that matches and equal runs happen),
 * NULs with probability 1/nulrate (0: none). */
static void fill(unsigned char *p, size_t n, int nulrate) {
	for (size_t i = 0; i < n; i++) {
		p[i] = (unsigned char)("ab\x80\xff"[rnd() & 3]);
		if (nulrate && rnd() % (unsigned)nulrate == 0) p[i] = 0;
	}
}

/* Picks the buffers: usually anywhere, sometimes ending right at a 64 KiB boundary. */
static void place(int k) {
	unsigned char *top = (unsigned char *)(((uintptr_t)area + 2 * 65536) & ~(uintptr_t)0xffff);
	if (k % 4 == 0) { A = top - BUF; B = top + 65536 - BUF; }
	else { A = area + (rnd() % 4096); B = area + 3 * 65536 + (rnd() % 4096); }
}

static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n) {
	for (size_t i = 0; i < n; i++) if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
	return 0;
}
static size_t ref_strlen(const unsigned char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int ref_strncmp(const unsigned char *a, const unsigned char *b, size_t n) {
	for (size_t i = 0; i < n; i++) { if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1; if (!a[i]) return 0; }
	return 0;
}

#define CHECK(name, cond) do { if (!(cond) && bad++ < 10) printf("%s: case %d differs from the reference\n", name, k); } while (0)

/* a random (offset, length) inside a BUF buffer, lengths biased to be small */
static size_t off(void) { return rnd() % 64; }
static size_t len(size_t offset) { size_t max = BUF - offset - 1; size_t n = rnd() % 3 ? rnd() % 80 : rnd() % (max + 1); return n > max ? max : n; }

int main(void) {
	int k;
	/* memcmp, bcmp: equal prefixes of random length, then one difference */
	h = 2166136261u;
	for (k = 0; k < CASES; k++) {
		place(k);
		size_t oa = off(), ob = off(), n = len(oa > ob ? oa : ob);
		fill(A + oa, n, 0);
		memcpy(B + ob, A + oa, n);
		if (n && rnd() % 4) B[ob + rnd() % n] = (unsigned char)rnd();
		int r = memcmp(A + oa, B + ob, n);
		int e = bcmp(A + oa, B + ob, n);
		CHECK("memcmp", sign(r) == ref_memcmp(A + oa, B + ob, n));
		CHECK("bcmp", (e != 0) == (ref_memcmp(A + oa, B + ob, n) != 0));
		mix((uint32_t)sign(r) + 7); mix(e != 0);
	}
	printf("memcmp/bcmp: %d cases, hash %08x\n", CASES, h);

	/* memcpy, memmove (overlapping both ways), memset */
	h = 2166136261u;
	for (k = 0; k < CASES; k++) {
		place(k);
		size_t oa = off(), ob = off(), n = len(oa > ob ? oa : ob);
		fill(A, BUF, 0); fill(B, BUF, 0);
		switch (rnd() % 3) {
		case 0:
			if (memcpy(B + ob, A + oa, n) != B + ob) bad++;
			CHECK("memcpy", ref_memcmp(B + ob, A + oa, n) == 0);
			break;
		case 1: {
			unsigned char copy[BUF];
			size_t to = off();
			memcpy(copy, A + oa, n);
			if (memmove(A + to, A + oa, n) != A + to) bad++;
			CHECK("memmove", ref_memcmp(A + to, copy, n) == 0);
			break;
		}
		default: {
			int c = (int)(rnd() & 0x1ff);
			if (memset(B + ob, c, n) != B + ob) bad++;
			for (size_t i = 0; i < n; i++) CHECK("memset", B[ob + i] == (unsigned char)c);
		}
		}
		for (int i = 0; i < BUF; i++) mix(A[i] | B[i] << 8);
	}
	printf("memcpy/memmove/memset: %d cases, hash %08x\n", CASES, h);

	/* strlen, strnlen, memchr, strchr, strrchr over strings with random NULs */
	h = 2166136261u;
	for (k = 0; k < CASES; k++) {
		place(k);
		size_t oa = off(), n = len(oa);
		fill(A, BUF, 0);
		fill(A + oa, n, rnd() % 2 ? 0 : 1 + rnd() % 100);
		A[oa + n] = 0;
		if (k % 4 == 0) { oa = BUF - 1 - n; fill(A + oa, n, 0); A[BUF - 1] = 0; } /* ends at the boundary */
		const char *s = (const char *)A + oa;
		size_t sl = strlen(s), maxn = rnd() % (n + 20);
		CHECK("strlen", sl == ref_strlen(A + oa));
		int c = (int)("ab\x80\xff"[rnd() & 3]);
		if (rnd() % 8 == 0) c = 0;
		if (rnd() % 8 == 0) c += 256; /* converted to unsigned char */
		const char *p1 = memchr(s, c, n), *p2 = strchr(s, c), *p3 = strrchr(s, c);
		size_t nl = strnlen(s, maxn < n ? maxn : n);
		mix((uint32_t)sl); mix((uint32_t)nl);
		mix(p1 ? (uint32_t)(p1 - s) : 0xffffffffu);
		mix(p2 ? (uint32_t)(p2 - s) : 0xffffffffu);
		mix(p3 ? (uint32_t)(p3 - s) : 0xffffffffu);
		const unsigned char *q = NULL;
		for (size_t i = 0; i < n; i++) if (A[oa + i] == (unsigned char)c) { q = A + oa + i; break; }
		CHECK("memchr", (const unsigned char *)p1 == q);
		q = NULL;
		for (size_t i = 0; i <= sl; i++) if (A[oa + i] == (unsigned char)c) { q = A + oa + i; break; }
		CHECK("strchr", (const unsigned char *)p2 == q);
		q = NULL;
		for (size_t i = 0; i <= sl; i++) if (A[oa + i] == (unsigned char)c) q = A + oa + i;
		CHECK("strrchr", (const unsigned char *)p3 == q);
	}
	printf("strlen/strnlen/memchr/strchr/strrchr: %d cases, hash %08x\n", CASES, h);

	/* strcmp, strncmp: random alignments of the two strings, common prefixes */
	h = 2166136261u;
	for (k = 0; k < CASES; k++) {
		place(k);
		size_t oa = off(), ob = off(), n = len(oa > ob ? oa : ob);
		fill(A + oa, n, 0);
		A[oa + n] = 0;
		memcpy(B + ob, A + oa, n + 1);
		if (rnd() % 4) B[ob + rnd() % (n + 1)] = (unsigned char)(rnd() % 3 ? rnd() : 0);
		if (k % 4 == 0) { /* the left string ends at the boundary */
			oa = BUF - 1 - n;
			memcpy(A + oa, B + ob, n);
			if (n && rnd() % 2) A[oa + rnd() % n] ^= 1;
			A[BUF - 1] = 0;
		}
		size_t lim = rnd() % (n + 20);
		int r1 = strcmp((char *)A + oa, (char *)B + ob);
		int r2 = strncmp((char *)A + oa, (char *)B + ob, lim);
		CHECK("strcmp", sign(r1) == ref_strncmp(A + oa, B + ob, (size_t)-1));
		CHECK("strncmp", sign(r2) == ref_strncmp(A + oa, B + ob, lim));
		mix((uint32_t)sign(r1) + 7); mix((uint32_t)sign(r2) + 7);
	}
	printf("strcmp/strncmp: %d cases, hash %08x\n", CASES, h);

	/* strcpy, stpcpy, strncpy (padding with NULs) */
	h = 2166136261u;
	for (k = 0; k < CASES; k++) {
		place(k);
		size_t oa = off(), ob = off(), n = len(oa > ob ? oa : ob);
		fill(A, BUF, 0); fill(B, BUF, 0);
		A[oa + n] = 0;
		size_t sl = ref_strlen(A + oa);
		switch (rnd() % 3) {
		case 0: if (strcpy((char *)B + ob, (char *)A + oa) != (char *)B + ob) bad++; break;
		case 1: if (stpcpy((char *)B + ob, (char *)A + oa) != (char *)B + ob + sl) bad++; break;
		default: {
			size_t lim = rnd() % (BUF - ob);
			if (strncpy((char *)B + ob, (char *)A + oa, lim) != (char *)B + ob) bad++;
			for (size_t i = sl; i < lim; i++) CHECK("strncpy", B[ob + i] == 0);
		}
		}
		for (int i = 0; i < BUF; i++) mix(B[i]);
	}
	printf("strcpy/stpcpy/strncpy: %d cases, hash %08x\n", CASES, h);

	/* byte order */
	uint32_t x = 0x11223344u;
	printf("htonl %08x htons %04x ntohl %08x ntohs %04x bswap_16 %04x bswap_32 %08x bswap_64 %016llx\n",
		htonl(x), htons(0x1122), ntohl(x), ntohs(0x1122), bswap_16(0xa1b2), bswap_32(x),
		(unsigned long long)bswap_64(0x0102030405060708ull));
	printf("reference mismatches: %d\n", bad);
	return 0;
}

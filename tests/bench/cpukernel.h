/* SPDX-License-Identifier: MIT */
/*
 * The CPU-bound benchmark's kernel, shared word for word by the host
 * program (tests/bench/cpuhost.c) and the guest (tests/bench/cpuguest.c):
 * SHA-256 (FIPS 180-4) over a buffer filled deterministically.
 *
 * Both programs are compiled with the same code-generation flags (those
 * of guest-sdk/bin/unimon-cc: -O2 -m64 -mno-red-zone -ffreestanding
 * -fno-pic ..., see tests/bench/build.sh), so the hot function
 * cpukernel_sha256_blocks() is the same machine code in both; cpu.sh
 * compares the two disassemblies.
 *
 * Freestanding: only <stddef.h> and <stdint.h>, no library calls (the
 * guest's libc is the SDK's, the host's is glibc; neither is in the
 * timed part).
 */
#ifndef UNIMON_BENCH_CPUKERNEL_H
#define UNIMON_BENCH_CPUKERNEL_H

#include <stddef.h>
#include <stdint.h>

#define CPUKERNEL_SEED 0x756e696d6f6e3634ull /* "unimon64" */
#define CPUKERNEL_MAX_MIB 1024

struct cpukernel_sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
};

static const uint32_t cpukernel_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/*
 * Fill n bytes (a multiple of 8) with xorshift64 output, little-endian
 * words, from CPUKERNEL_SEED. Not timed: it also takes the first-touch
 * page faults, so that the timed kernel runs on memory already mapped.
 */
static void cpukernel_fill(uint8_t *buf, size_t n)
{
	uint64_t x = CPUKERNEL_SEED, *w = (uint64_t *)buf;
	size_t i;

	for (i = 0; i < n / 8; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		w[i] = x;
	}
}

static void cpukernel_sha256_init(struct cpukernel_sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
					0xa54ff53a, 0x510e527f, 0x9b05688c,
					0x1f83d9ab, 0x5be0cd19 };
	int i;

	for (i = 0; i < 8; i++)
		s->h[i] = iv[i];
	s->len = 0;
}

#define CPUKERNEL_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/*
 * The kernel: the SHA-256 compression function over nblocks 64-byte
 * blocks. Plain portable C (no SHA or vector extensions): the same
 * scalar integer work on both sides. noinline, so that it is one
 * function to time and to compare between the two binaries.
 */
__attribute__((noinline)) static void
cpukernel_sha256_blocks(struct cpukernel_sha256 *s, const uint8_t *p,
			size_t nblocks)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	while (nblocks--) {
		for (i = 0; i < 16; i++)
			w[i] = (uint32_t)p[4 * i] << 24 |
			       (uint32_t)p[4 * i + 1] << 16 |
			       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
		for (i = 16; i < 64; i++) {
			uint32_t s0 = CPUKERNEL_ROR(w[i - 15], 7) ^
				      CPUKERNEL_ROR(w[i - 15], 18) ^
				      (w[i - 15] >> 3);
			uint32_t s1 = CPUKERNEL_ROR(w[i - 2], 17) ^
				      CPUKERNEL_ROR(w[i - 2], 19) ^
				      (w[i - 2] >> 10);

			w[i] = w[i - 16] + s0 + w[i - 7] + s1;
		}
		a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
		e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
		for (i = 0; i < 64; i++) {
			t1 = h +
			     (CPUKERNEL_ROR(e, 6) ^ CPUKERNEL_ROR(e, 11) ^
			      CPUKERNEL_ROR(e, 25)) +
			     ((e & f) ^ (~e & g)) + cpukernel_k[i] + w[i];
			t2 = (CPUKERNEL_ROR(a, 2) ^ CPUKERNEL_ROR(a, 13) ^
			      CPUKERNEL_ROR(a, 22)) +
			     ((a & b) ^ (a & c) ^ (b & c));
			h = g, g = f, f = e, e = d + t1;
			d = c, c = b, b = a, a = t1 + t2;
		}
		s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
		s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
		s->len += 64;
		p += 64;
	}
}

/* Hash the n bytes at p (the whole message) into out[32]. */
static void cpukernel_sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
	struct cpukernel_sha256 s;
	uint8_t tail[128];
	size_t full = n / 64, rest = n % 64, i, tlen;
	uint64_t bits = (uint64_t)n * 8;

	cpukernel_sha256_init(&s);
	cpukernel_sha256_blocks(&s, p, full);
	/* Padding: 0x80, zeros, the length in bits big-endian. */
	for (i = 0; i < sizeof(tail); i++)
		tail[i] = i < rest ? p[full * 64 + i] : 0;
	tail[rest] = 0x80;
	tlen = rest < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (uint8_t)(bits >> (8 * i));
	cpukernel_sha256_blocks(&s, tail, tlen / 64);
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(s.h[i / 4] >> (24 - 8 * (i % 4)));
}

/* out[65]: the digest in lower-case hex, NUL-terminated. */
static void cpukernel_hex(const uint8_t d[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = 0;
}

#endif

// SPDX-License-Identifier: MIT
/*
 * s5test: a Solo5 hvt guest of our own (tests/integration/solo5.sh), one
 * command per run, the first word of its command line:
 *
 *   hello | args ... | exit N | halt N | trap | walltime | boot | cpu |
 *   manifest | poll MS | pollnet | block | blockbadbuf | netbad |
 *   ping IP COUNT | badport | inport | badhc | hc9 | badptr | badarg |
 *   lowptr | wrbootinfo | int3 | forbidden | bench BLOCKS ITERS |
 *   wrcode | putscode | walltimecode | readcode
 *
 * Built (tests/solo5/build.sh) with no devices, with a block device
 * "storage" (S5_BLOCK), and with it and a network device "service"
 * (S5_NET); with a placeholder interpreter as Solo5's images have
 * (S5_INTERP); and with broken notes, to be refused.
 */
#include "s5.h"

#ifdef S5_INTERP
__attribute__((section(".interp"), used))
static const char interp[] = "/nonexistent/solo5/";
#endif

extern char _end[];
extern uint64_t start_rsp, start_rdi;

#if defined(S5_NET)
MANIFEST(2, { .name = "storage", .type = MFT_BLOCK },
	 { .name = "service", .type = MFT_NET });
#elif defined(S5_BLOCK)
MANIFEST(1, { .name = "storage", .type = MFT_BLOCK });
#elif !defined(S5_NO_MANIFEST)
MANIFEST(0);
#endif

/* The manifest entry called name (its handle), or -1. */
static int64_t handle(const char *name)
{
	uint32_t i;

	for (i = 0; i < bi->mft->entries; i++)
		if (streq(bi->mft->e[i].name, name))
			return i;
	return -1;
}

static int32_t block_io(int write, uint64_t h, uint64_t off, void *buf,
			uint64_t len)
{
	volatile struct hc_block a = { h, off, buf, len, -1 };

	hypercall(write ? 4 : 5, &a);
	return a.ret;
}

static int32_t net_io(int write, uint64_t h, void *buf, uint64_t *len)
{
	volatile struct hc_net a = { h, buf, *len, -1 };

	hypercall(write ? 6 : 7, &a);
	*len = a.len;
	return a.ret;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static int same(const uint8_t *a, const uint8_t *b, size_t n)
{
	while (n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

static int cmd_block(void)
{
	static uint8_t w[4096], r[4096];
	int64_t h = handle("storage"), n = handle("service");
	const struct mft_entry *e;
	uint64_t cap, bs;

	if (h < 0)
		return 2;
	e = &bi->mft->e[h];
	cap = e->u.block.capacity;
	bs = e->u.block.block_size;
	say_u("capacity ", cap);
	say_u("block size ", bs);
	fill(w, bs, 1);
	if (block_io(1, h, 0, w, bs) || block_io(0, h, 0, r, bs) ||
	    !same(w, r, bs))
		return 3;
	fill(w, bs, 2);
	if (block_io(1, h, cap - bs, w, bs) || block_io(0, h, cap - bs, r, bs) ||
	    !same(w, r, bs))
		return 4;
	say("block rw ok: first and last block\n");
	say_u("offset at the end: ", block_io(0, h, cap, r, bs));
	say_u("past the end: ", block_io(0, h, cap - bs, r, 2 * bs));
	say_u("offset overflow: ", block_io(1, h, ~0ull - 4, w, bs));
	say_u("len overflow: ", block_io(1, h, bs, w, ~0ull));
	say_u("reserved handle 0: ", block_io(0, 0, 0, r, bs));
	say_u("handle 99: ", block_io(0, 99, 0, r, bs));
	if (n >= 0)
		say_u("a network handle: ", block_io(0, n, 0, r, bs));
	say_u("zero bytes at the end: ", block_io(0, h, cap, r, 0));
	return 0;
}

static int cmd_netbad(void)
{
	static uint8_t buf[2048];
	int64_t s = handle("storage"), n = handle("service");
	uint64_t len = sizeof(buf);

	say_u("write on handle 0: ", net_io(1, 0, buf, &len));
	len = sizeof(buf);
	say_u("read on the block handle: ", net_io(0, s, buf, &len));
	len = sizeof(buf);
	say_u("read with nothing there: ", net_io(0, n, buf, &len));
	return 0;
}

/* Internet checksum of n bytes. */
static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)p[0] << 8 | p[1];
	if (n)
		s += (uint32_t)p[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static int parse_ip(const char *s, uint8_t ip[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		uint64_t v = 0;
		const char *d = s;

		while (*s >= '0' && *s <= '9')
			v = v * 10 + (uint64_t)(*s++ - '0');
		if (s == d || v > 255 || (i < 3 && *s++ != '.'))
			return -1;
		ip[i] = (uint8_t)v;
	}
	return *s ? -1 : 0;
}

static void copy(uint8_t *d, const uint8_t *s, size_t n)
{
	while (n--)
		*d++ = *s++;
}

/* Answer ARP for ip and ICMP echo to ip on the device, count times. */
static int cmd_ping(const char *ipstr, uint64_t count)
{
	static uint8_t f[2048];
	int64_t h = handle("service");
	const uint8_t *mac;
	uint8_t ip[4];
	uint64_t answered = 0, len, deadline = walltime() + 60000000000ull;

	if (h < 0 || parse_ip(ipstr, ip))
		return 2;
	mac = bi->mft->e[h].u.net.mac;
	while (answered < count && walltime() < deadline) {
		if (!(poll_ns(1000000000ull, 0) & (1ull << h)))
			continue;
		len = sizeof(f);
		while (net_io(0, h, f, &len) == 0) {
			uint16_t type = (uint16_t)(f[12] << 8 | f[13]);

			if (type == 0x0806 && len >= 42 && f[21] == 1 &&
			    same(f + 38, ip, 4)) { /* ARP request for us */
				copy(f, f + 6, 6);
				copy(f + 6, mac, 6);
				f[21] = 2;
				copy(f + 32, f + 22, 10); /* target = sender */
				copy(f + 22, mac, 6);
				copy(f + 28, ip, 4);
				len = 42;
				net_io(1, h, f, &len);
			} else if (type == 0x0800 && len >= 42 && f[23] == 1 &&
				   f[34] == 8 && same(f + 30, ip, 4)) {
				size_t ihl = (f[14] & 15) * 4;
				uint16_t c;

				copy(f, f + 6, 6);
				copy(f + 6, mac, 6);
				copy(f + 30, f + 26, 4); /* dst = src */
				copy(f + 26, ip, 4);
				f[14 + ihl] = 0; /* echo reply */
				f[16 + ihl] = f[17 + ihl] = 0;
				c = csum(f + 14 + ihl, len - 14 - ihl);
				f[16 + ihl] = (uint8_t)(c >> 8);
				f[17 + ihl] = (uint8_t)c;
				net_io(1, h, f, &len);
				answered++;
			}
			len = sizeof(f);
		}
	}
	say_u("answered pings: ", answered);
	return answered == count ? 0 : 1;
}

static int cmd_boot(void)
{
	const uint64_t lo = 0x10000, hi = 0x100000;

	say_u("mem MiB: ", bi->mem_size >> 20);
	if (start_rsp == bi->mem_size - 8)
		say("rsp: top of memory - 8\n");
	if (start_rdi == 0x10000)
		say("rdi: the boot information at 0x10000\n");
	if (bi->kernel_end >= (uint64_t)(uintptr_t)_end &&
	    bi->kernel_end < (uint64_t)(uintptr_t)_end + 0x200000)
		say("kernel_end: past the image\n");
	if (bi->cpu_cycle_freq > 1000000)
		say("cpu_cycle_freq: set\n");
	if ((uintptr_t)bi->mft == lo + 56 && (uintptr_t)bi->cmdline > lo &&
	    (uintptr_t)bi->cmdline < hi)
		say("manifest after the boot information, then the command line\n");
	say_u("host_features: ", bi->host_features);
	return 0;
}

static int cmd_cpu(void)
{
	uint64_t cr0, cr3, cr4;
	uint32_t lo, hi;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080));
	say_x("cr0 ", cr0);
	say_x("cr3 ", cr3);
	say_x("cr4 ", cr4);
	say_x("efer ", (uint64_t)hi << 32 | lo);
	return 0;
}

static int cmd_manifest(void)
{
	uint32_t i;

	say_u("entries ", bi->mft->entries);
	for (i = 0; i < bi->mft->entries; i++) {
		const struct mft_entry *e = &bi->mft->e[i];

		say("entry '");
		say(e->name);
		say_u("' type ", e->type);
		say_u("  attached ", e->attached);
		say_u("  host descriptor ", e->b);
		if (e->type == MFT_BLOCK) {
			say_u("  capacity ", e->u.block.capacity);
			say_u("  block size ", e->u.block.block_size);
		} else if (e->type == MFT_NET) {
			say_u("  mtu ", e->u.net.mtu);
			say_x("  mac ", (uint64_t)e->u.net.mac[0] << 40 |
				(uint64_t)e->u.net.mac[1] << 32 |
				(uint64_t)e->u.net.mac[2] << 24 |
				(uint64_t)e->u.net.mac[3] << 16 |
				(uint64_t)e->u.net.mac[4] << 8 | e->u.net.mac[5]);
		}
	}
	return 0;
}

static int cmd_poll(uint64_t ms)
{
	uint64_t t0 = walltime(), r, t1;
	int32_t ret;

	r = poll_ns(ms * 1000000ull, &ret);
	t1 = walltime();
	say_x("ready ", r);
	say_u("ret ", (uint64_t)ret);
	if (t1 - t0 >= ms * 1000000ull)
		say_u("slept at least ms: ", ms);
	return 0;
}

static int cmd_pollnet(void)
{
	int64_t h = handle("service");
	int32_t ret = 0;
	uint64_t r = 0, deadline = walltime() + 20000000000ull;

	while (!(r & (1ull << h)) && walltime() < deadline)
		r = poll_ns(5000000000ull, &ret);
	say_x("ready ", r);
	if (r & (1ull << h))
		say_u("the network device is ready, ret ", (uint64_t)ret);
	return 0;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/*
 * bench BLOCKS ITERS (a monitor with the no-op hypercall 0, the floor):
 * per block, ITERS each of no-op, walltime and an empty puts, timed with
 * the TSC; printed at the end (printing is a hypercall too).
 */
static int cmd_bench(uint64_t blocks, uint64_t iters)
{
	static uint64_t t[3][200];
	volatile struct hc_walltime w;
	volatile struct hc_puts p = { "", 0 };
	volatile int64_t noop;
	const uint64_t khz = bi->cpu_cycle_freq / 1000;
	uint64_t b, i, t0;
	const char *name[3] = { "noop ", "walltime ", "puts ", };
	int k;

	if (!blocks || blocks > 200 || !iters || !khz)
		return 2;
	for (b = 0; b < blocks; b++) {
		t0 = rdtsc();
		for (i = 0; i < iters; i++)
			hypercall(0, &noop);
		t[0][b] = rdtsc() - t0;
		t0 = rdtsc();
		for (i = 0; i < iters; i++)
			hypercall(1, &w);
		t[1][b] = rdtsc() - t0;
		t0 = rdtsc();
		for (i = 0; i < iters; i++)
			hypercall(2, &p);
		t[2][b] = rdtsc() - t0;
	}
	for (b = 0; b < blocks; b++)
		for (k = 0; k < 3; k++)
			/* ns per call: cycles * 1e6 / kHz / iters */
			say_u(name[k], t[k][b] * 1000000 / khz / iters);
	say("bench done\n");
	return 0;
}

int s5_main(int argc, char **argv)
{
	static uint64_t cookie[64];
	const char *c = argc ? argv[0] : "hello";
	int i;

	if (streq(c, "hello")) {
		say("Hello from a Solo5 hvt guest\n");
		return 0;
	}
	if (streq(c, "args")) {
		say_u("argc ", (uint64_t)argc);
		for (i = 0; i < argc; i++) {
			say("arg '");
			say(argv[i]);
			say("'\n");
		}
		return 0;
	}
	if (streq(c, "exit") && argc > 1)
		return (int)num(argv[1]);
	if (streq(c, "halt") && argc > 1)
		halt((int)num(argv[1]), 0);
	if (streq(c, "trap")) {
		struct { uint64_t cr2, ec, rip, cs, rflags, rsp, ss; } t = {
			0xdead000, 0x2, 0x100abc, 0x8, 0x10046, 0x1fff000, 0x10 };

		copy((uint8_t *)cookie, (const uint8_t *)&t, sizeof(t));
		halt(255, cookie);
	}
	if (streq(c, "walltime")) {
		uint64_t a = walltime(), b = walltime();

		if (a > 1577836800ull * 1000000000ull)
			say("walltime: after 2020\n");
		if (b >= a)
			say("walltime: does not go back\n");
		return 0;
	}
	if (streq(c, "boot"))
		return cmd_boot();
	if (streq(c, "cpu"))
		return cmd_cpu();
	if (streq(c, "manifest"))
		return cmd_manifest();
	if (streq(c, "poll") && argc > 1)
		return cmd_poll(num(argv[1]));
	if (streq(c, "pollnet"))
		return cmd_pollnet();
	if (streq(c, "block"))
		return cmd_block();
	if (streq(c, "blockbadbuf")) {
		block_io(0, handle("storage"), 0,
			 (void *)(uintptr_t)(bi->mem_size - 100), 512);
		return 0;
	}
	if (streq(c, "netbad"))
		return cmd_netbad();
	if (streq(c, "ping") && argc > 2)
		return cmd_ping(argv[1], num(argv[2]));
	if (streq(c, "badport"))
		__asm__ volatile("outb %%al, $0x80" : : "a"(0));
	if (streq(c, "inport")) {
		uint32_t v;

		__asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"(0x501));
	}
	if (streq(c, "badhc"))
		hypercall(0, cookie);
	if (streq(c, "hc9"))
		hypercall(9, cookie);
	if (streq(c, "badptr"))
		puts_n((const char *)(uintptr_t)bi->mem_size, 16);
	if (streq(c, "badarg"))
		hypercall(2, (void *)(uintptr_t)(bi->mem_size - 8));
	if (streq(c, "lowptr"))
		puts_n((const char *)0x1000, 16);
	/* Its own code, which the host maps read-only. */
	if (streq(c, "wrcode")) {
		*(volatile uint8_t *)(uintptr_t)cmd_boot = 0xc3;
		say("wrcode: written\n");
		return 0;
	}
	if (streq(c, "putscode")) {
		puts_n((const char *)(uintptr_t)cmd_boot, 4);
		say("\nputscode: read\n");
		return 0;
	}
	if (streq(c, "walltimecode"))
		hypercall(1, (void *)(uintptr_t)cmd_boot);
	if (streq(c, "readcode")) {
		block_io(0, handle("storage"), 0,
			 (void *)((uintptr_t)cmd_boot & ~0xfffull), 512);
		say("readcode: read\n");
		return 0;
	}
	if (streq(c, "wrbootinfo"))
		*(volatile uint8_t *)0x10000 = 1;
	if (streq(c, "bench") && argc > 2)
		return cmd_bench(num(argv[1]), num(argv[2]));
	if (streq(c, "forbidden")) /* CONFIG_DEBUG_SANDBOX_TEST's socket() */
		hypercall(31, 0);
	if (streq(c, "int3"))
		__asm__ volatile("int3");
	say("s5test: unknown command or it came back\n");
	return 3;
}

// SPDX-License-Identifier: MIT
/*
 * The start of a Solo5 hvt test guest: the ABI note, _start (RDI: the
 * boot information; RSP at the top of RAM minus 8), the command line cut
 * into words, and the helpers of s5.h. From the interface's facts only.
 */
#include "s5.h"

#ifndef S5_NO_ABI_NOTE
__attribute__((section(".note.solo5.abi"), aligned(4), used))
static const struct {
	uint32_t namesz, descsz, type;
	char name[8];
	uint32_t target, version, reserved[2];
} abi_note = { 6, 16, 0x31494241, "Solo5", S5_ABI_TARGET, S5_ABI_VERSION,
	       { 0, 0 } };
#endif

const struct boot_info *bi;
uint64_t start_rsp, start_rdi;

void puts_n(const char *s, size_t len)
{
	volatile struct hc_puts a = { s, len };

	hypercall(2, &a);
}

static size_t len_of(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

void say(const char *s)
{
	puts_n(s, len_of(s));
}

static void put_num(uint64_t v, unsigned int base)
{
	char b[24];
	int i = sizeof(b);

	do {
		b[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	puts_n(b + i, sizeof(b) - i);
}

void say_u(const char *s, uint64_t v)
{
	say(s);
	put_num(v, 10);
	say("\n");
}

void say_x(const char *s, uint64_t v)
{
	say(s);
	say("0x");
	put_num(v, 16);
	say("\n");
}

uint64_t walltime(void)
{
	volatile struct hc_walltime a = { 0 };

	hypercall(1, &a);
	return a.nsecs;
}

uint64_t poll_ns(uint64_t timeout_ns, int32_t *ret)
{
	volatile struct hc_poll a = { timeout_ns, ~0ull, -1 };

	hypercall(3, &a);
	if (ret)
		*ret = a.ret;
	return a.ready_set;
}

void halt(int status, void *cookie)
{
	volatile struct hc_halt a = { cookie, status };

	for (;;)
		hypercall(8, &a);
}

int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

uint64_t num(const char *s)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

/* Called from _start with the boot information. */
void s5_start(const struct boot_info *info)
{
	static char line[8192];
	static char *argv[64];
	int argc = 0;
	size_t i;

	bi = info;
	for (i = 0; i + 1 < sizeof(line) && info->cmdline[i]; i++)
		line[i] = info->cmdline[i];
	line[i] = 0;
	for (i = 0; line[i] && argc < 63;) {
		while (line[i] == ' ')
			line[i++] = 0;
		if (!line[i])
			break;
		argv[argc++] = &line[i];
		while (line[i] && line[i] != ' ')
			i++;
	}
	argv[argc] = 0;
	halt(s5_main(argc, argv), 0);
}

/*
 * The entry: keep RSP and RDI as the tender left them, then C. RSP + 8 is
 * 16-aligned, as at a function's entry: jump, do not call.
 */
__asm__(".text\n.globl _start\n_start:\n"
	"\tmovq %rsp, start_rsp(%rip)\n"
	"\tmovq %rdi, start_rdi(%rip)\n"
	"\tjmp s5_start\n");

// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the Solo5 personality's input (personality/solo5/),
 * with no KVM. The first byte picks what the rest is:
 *   even: an image's notes (load_info.notes: the ABI note and manifest
 *         parsing of personality__image); an accepted manifest must be
 *         one solo5-hvt accepts (1-64 entries, the first RESERVED_FIRST)
 *   odd:  a sequence of 48-byte hypercall records on a fake VM whose
 *         image declared a disk (attached to a temporary file) and a
 *         network device (not attached, so refused by handle):
 *           u8 nr (1-8, or any), u8 pad[3], u32 gpa, 40 bytes written
 *           at a fixed argument address first, or at gpa when bit 0 of
 *           pad[0] is set (then gpa is anything: outside RAM, the page
 *           tables...)
 * POLL's timeout is cut to microseconds (no sleeping). After each call
 * with the struct at the fixed address, the guard word after it must be
 * intact (but after a read, whose buffer may lie there); ASan and UBSan
 * catch the rest.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "core/device.h"
#include "core/layout.h"
#include "core/load-info.h"
#include "core/stop.h"
#include "core/vm.h"
#include "monitor/layout.h"
#include "personality/personality.h"
#include "personality/solo5/solo5.h"
#include "tests/fuzz/fuzz-option.h"

#define RECORD 48
#define ARGS 0x200000ull	/* where argument structs go */
#define GUARD 0x5a5a5a5a5a5a5a5aull

static struct vm vm;
static struct options opts;
static uint8_t run_page[2 * 4096] __attribute__((aligned(4096)));
static struct load_info good;	/* the image's notes: a disk, a tap */

/* Notes: the ABI note, then a manifest of reserved, "disk", "net". */
static void make_notes(struct load_info *li)
{
	uint8_t *p = li->notes;
	uint32_t h[3] = { 6, 16, S5_NOTE_ABI1 }, abi[4] = { 1, 2, 0, 0 };
	uint32_t m[2] = { S5_MFT_VERSION, 3 };
	struct s5_mft_entry e[3] = { { .type = S5_MFT_RESERVED_FIRST },
				     { .name = "disk", .type = S5_MFT_BLOCK },
				     { .name = "net", .type = S5_MFT_NET } };

	memcpy(p, h, 12);
	memcpy(p + 12, "Solo5\0\0\0", 8);
	memcpy(p + 20, abi, 16);
	p += 36;
	h[1] = 4 + 8 + sizeof(e);
	h[2] = S5_NOTE_MFT1;
	memcpy(p, h, 12);
	memcpy(p + 12, "Solo5\0\0\0", 8);
	memset(p + 20, 0, 4);
	memcpy(p + 24, m, 8);
	memcpy(p + 32, e, sizeof(e));
	li->notes_len = 36 + 32 + sizeof(e);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char disk[] = "/tmp/unimon-fuzz-s5.XXXXXX", arg[64];
	int null = open("/dev/null", O_WRONLY), fd = mkstemp(disk);

	dup2(null, STDOUT_FILENO);
	if (fd < 0 || ftruncate(fd, 1 << 20))
		abort();
	close(fd);
	snprintf(arg, sizeof(arg), "disk=%s", disk);
	if (option("block:")(&opts, arg) ||
	    gmem__init(&vm.mem, 64ull << 20) || monitor__layout(64ull << 20) ||
	    layout__add_holes(&vm.mem))
		abort();
	make_notes(&good);
	vm.run = (struct kvm_run *)run_page;
	vm.opts = &opts;
	vm.kvm_fd = vm.vm_fd = vm.vcpu_fd = -1;
	if (stop__init(&vm))
		abort();
	return 0;
}

/* Notes from the input: parsed, refused or accepted, never more. */
static void notes(const uint8_t *data, size_t size)
{
	static struct load_info li;

	li.nseg = 0;
	li.notes_len = size < sizeof(li.notes) ? size & ~3ul : sizeof(li.notes);
	memcpy(li.notes, data, li.notes_len);
	/* The disk option names "disk": accepted only with such a device. */
	if (personality__image(&li, "fuzz") == 0 &&
	    (s5_mft->entries < 1 || s5_mft->entries > S5_MFT_MAX ||
	     s5_mft->e[0].type != S5_MFT_RESERVED_FIRST))
		abort();
}

static void hypercall(const uint8_t *rec)
{
	uint32_t gpa;
	uint64_t at, guard = GUARD;
	uint8_t nr = rec[0];

	memcpy(&gpa, rec + 4, 4);
	at = rec[1] & 1 ? gpa : ARGS;
	if (at + 40 <= vm.mem.size && at >= 0x10000) {
		memcpy(vm.mem.base + at, rec + 8, 40);
		if (nr == S5_HC_POLL) /* at most ~65 us */
			memset(vm.mem.base + at + 2, 0, 6);
	}
	memcpy(vm.mem.base + ARGS + 40, &guard, 8);
	for_each_device(d)
		for_each_hc(*d, h)
			if (h->nr == nr)
				h->call(&vm, h->ctx, (uint32_t)at);
	vm.stopped = 0; /* a halt, a bad pointer: go on */
	s5_halted = 0;
	/* Past its struct (reads may fill a guest buffer there: not those). */
	if (at == ARGS && nr != S5_HC_BLOCK_READ && nr != S5_HC_NET_READ &&
	    memcmp(vm.mem.base + ARGS + 40, &guard, 8))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int attached;
	size_t i;

	if (!size)
		return 0;
	if (!(data[0] & 1)) {
		notes(data + 1, size - 1);
		attached = 0;
		return 0;
	}
	/* The good image once more: its manifest, the disk attached. */
	if (!attached) {
		if (personality__image(&good, "fuzz") != 1) /* net: not attached */
			abort();
		for_each_device(d) /* the poll set */
			if ((*d)->exit)
				(*d)->exit(&vm);
		for_each_device(d)
			if ((*d)->init && (*d)->init(&vm))
				abort();
		attached = 1;
	}
	for (i = 1; i + RECORD <= size; i += RECORD)
		hypercall(data + i);
	return 0;
}

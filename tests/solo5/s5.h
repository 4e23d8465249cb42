/* SPDX-License-Identifier: MIT */
/*
 * A minimal Solo5 hvt guest start, written from the interface's facts
 * (../shared/SOLO5-HVT-ABI.md), no Solo5 code: the ABI note, a manifest
 * macro, the boot information, hypercalls and a few helpers. The guest
 * runs at CPL0 (built -mgeneral-regs-only: PVM cannot run SIMD there).
 */
#ifndef S5_GUEST_H
#define S5_GUEST_H

#include <stddef.h>
#include <stdint.h>

#ifndef S5_ABI_TARGET
#define S5_ABI_TARGET 1		/* hvt */
#endif
#ifndef S5_ABI_VERSION
#define S5_ABI_VERSION 2
#endif

struct boot_info {
	uint64_t mem_size, kernel_end, cpu_cycle_freq;
	const char *cmdline;
	const struct mft *mft;
	uint32_t host_features, guest_features;
	uint64_t net_ring;
};

struct mft_entry {
	char name[68];
	uint32_t type;		/* 1 block, 2 net, 1 << 30 reserved first */
	union {
		struct { uint64_t capacity; uint16_t block_size; } block;
		struct { uint8_t mac[6]; uint16_t mtu; } net;
	} u;
	uint64_t b;
	uint8_t attached;
};
struct mft {
	uint32_t version, entries;
	struct mft_entry e[];
};

#define MFT_BLOCK 1
#define MFT_NET 2
#define MFT_RESERVED_FIRST (1u << 30)

/*
 * The manifest note, in .note.solo5.manifest: name "Solo5", type MFT1,
 * the descriptor 4 bytes of padding then the manifest (8-aligned).
 * MANIFEST(n, entries...) after the reserved first entry.
 */
#define MANIFEST(n, ...)                                                      \
	__attribute__((section(".note.solo5.manifest"), aligned(8), used))   \
	const struct {                                                        \
		uint32_t namesz, descsz, type;                                \
		char name[8];                                                 \
		uint32_t pad;                                                 \
		uint32_t version, entries;                                    \
		struct mft_entry e[(n) + 1];                                  \
	} s5_manifest = {                                                     \
		6, 4 + 8 + ((n) + 1) * sizeof(struct mft_entry),              \
		0x3154464d, "Solo5", 0, 1, (n) + 1,                           \
		{ { .type = MFT_RESERVED_FIRST }, __VA_ARGS__ }               \
	}

/* Hypercalls. */
struct hc_walltime { uint64_t nsecs; };
struct hc_puts { const char *data; uint64_t len; };
struct hc_poll { uint64_t timeout_nsecs, ready_set; int32_t ret; };
struct hc_block { uint64_t handle, offset; void *data; uint64_t len;
		  int32_t ret; };
struct hc_net { uint64_t handle; void *data; uint64_t len; int32_t ret; };
struct hc_halt { void *cookie; int32_t exit_status; };

static inline void hypercall(unsigned int nr, volatile void *arg)
{
	__asm__ volatile("outl %0, %w1" : : "a"((uint32_t)(uintptr_t)arg),
			 "Nd"((uint16_t)(0x500 + nr)) : "memory");
}

extern const struct boot_info *bi;

void puts_n(const char *s, size_t len);
void say(const char *s);			/* a string */
void say_u(const char *s, uint64_t v);		/* s then v in decimal */
void say_x(const char *s, uint64_t v);		/* s then v in hex */
uint64_t walltime(void);
uint64_t poll_ns(uint64_t timeout_ns, int32_t *ret);
void __attribute__((noreturn)) halt(int status, void *cookie);
int streq(const char *a, const char *b);
uint64_t num(const char *s);

/* The program: argv[0] is the first word of the command line. */
int s5_main(int argc, char **argv);

#endif

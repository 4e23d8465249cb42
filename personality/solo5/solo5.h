/* SPDX-License-Identifier: MIT */
/*
 * The Solo5 hvt personality's own parts (personality/solo5/): the facts
 * of the interface (../shared/SOLO5-HVT-ABI.md: HVT ABI version 2), the
 * manifest the image declares, and what its files share.
 */
#ifndef UNIMON_SOLO5_H
#define UNIMON_SOLO5_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct vm;

/* Hypercalls: outl of the argument struct's address to 0x500 + nr. */
#define S5_PORT_BASE 0x500
enum {
	S5_HC_WALLTIME = 1,
	S5_HC_PUTS,
	S5_HC_POLL,
	S5_HC_BLOCK_WRITE,
	S5_HC_BLOCK_READ,
	S5_HC_NET_WRITE,
	S5_HC_NET_READ,
	S5_HC_HALT,
	S5_HC_END,		/* ports 0x500 .. 0x500 + S5_HC_END - 1 */
};

/* Results. */
#define S5_R_OK 0
#define S5_R_AGAIN 1
#define S5_R_EINVAL 2

#define S5_EXIT_ABORT 255	/* solo5_abort(); a failure of ours is 1 */

/* The argument structs (little-endian, natural alignment). */
struct s5_walltime { uint64_t nsecs; };
struct s5_puts { uint64_t data, len; };
struct s5_poll { uint64_t timeout_nsecs, ready_set; int32_t ret; };
struct s5_block { uint64_t handle, offset, data, len; int32_t ret; };
struct s5_net { uint64_t handle, data, len; int32_t ret; };
struct s5_halt { uint64_t cookie; int32_t exit_status; };
_Static_assert(sizeof(struct s5_poll) == 24, "poll");
_Static_assert(sizeof(struct s5_block) == 40, "block");
_Static_assert(sizeof(struct s5_net) == 32, "net");
_Static_assert(sizeof(struct s5_halt) == 16, "halt");

/* A halt's cookie: a trap frame, HALT_COOKIE_MAX bytes of guest memory. */
#define S5_COOKIE_MAX 512
struct s5_trap_regs { uint64_t cr2, ec, rip, cs, rflags, rsp, ss; };

/* The boot information at 0x10000 (RDI), then the manifest, the command line. */
#define S5_BOOT_INFO 0x10000
struct s5_boot_info {
	uint64_t mem_size, kernel_end, cpu_cycle_freq, cmdline, mft;
	uint32_t host_features, guest_features;
	uint64_t net_ring;
};
_Static_assert(sizeof(struct s5_boot_info) == 56, "boot info");
#define S5_CMDLINE_SIZE 8192
#define S5_GUEST_MIN 0x100000	/* images load at or above 1 MiB */

/* ELF notes: name "Solo5"; the ABI note and the manifest (MFT1). */
#define S5_NOTE_NAME "Solo5"
#define S5_NOTE_ABI1 0x31494241
#define S5_NOTE_MFT1 0x3154464d
#define S5_ABI_TARGET_HVT 1
#define S5_ABI_VERSION 2

/* The manifest: version 1, entries of 104 bytes, 1-64 of them. */
#define S5_MFT_VERSION 1
#define S5_MFT_MAX 64
#define S5_MFT_NAME_SIZE 68
#define S5_MFT_BLOCK 1
#define S5_MFT_NET 2
#define S5_MFT_RESERVED_FIRST (1u << 30)
struct s5_mft_entry {
	char name[S5_MFT_NAME_SIZE];
	uint32_t type;
	union {
		struct { uint64_t capacity; uint16_t block_size; } block;
		struct { uint8_t mac[6]; uint16_t mtu; } net;
	} u;
	uint64_t b;		/* the tender's host descriptor: 0 for the guest */
	uint8_t attached;
	uint8_t pad[7];
};
struct s5_mft {
	uint32_t version, entries;
	struct s5_mft_entry e[];
};
_Static_assert(sizeof(struct s5_mft_entry) == 104, "manifest entry");

/*
 * The image's manifest (personality/solo5/solo5.c), its size in bytes,
 * and each entry's host descriptor (-1: not attached).
 */
extern struct s5_mft *s5_mft;
extern uint32_t s5_mft_size;
extern int s5_fd[S5_MFT_MAX];

/*
 * --what:NAME=VALUE: the entry for NAME in table (n entries of size
 * bytes, each starting with its char name[S5_MFT_NAME_SIZE]), added if
 * new; *value gets VALUE. NULL after one line (no '=', a bad name, full).
 */
void *s5_opt_entry(const char *what, const char *arg, void *table,
		   size_t size, unsigned int *n, const char **value);

/*
 * The device options, kept until the manifest is known: --block:NAME=,
 * --block-sector-size:NAME=, --net:NAME=, --net-mac:NAME=. Each file
 * attaches its devices from the manifest: 0, or an exit code after one
 * line (personality__image).
 */
int s5_block_attach(void);
int s5_net_attach(void);

/*
 * A guest pointer of len bytes, checked: the host pointer, or NULL after
 * the guest was stopped as solo5-hvt stops it ("Invalid guest access",
 * exit status 1).
 */
void *s5_ptr(struct vm *vm, uint64_t gpa, uint64_t len);
/* The same for bytes the monitor writes: not in the read-only code. */
void *s5_wptr(struct vm *vm, uint64_t gpa, uint64_t len);

/*
 * A hypercall's argument struct at gpa, copied into *a (size bytes): its
 * host address (for the results, when out is set: any alignment, so
 * written with S5_SET), or NULL after the guest was stopped.
 */
void *s5_args(struct vm *vm, uint64_t gpa, void *a, size_t size, int out);
#define S5_SET(p, type, field, value)                                         \
	do {                                                                  \
		__typeof__(((type *)0)->field) v_ = (value);                  \
		memcpy((uint8_t *)(p) + offsetof(type, field), &v_, sizeof(v_)); \
	} while (0)

/* The guest's hypercall was malformed or failed the monitor: stop, 1. */
void s5_fail(struct vm *vm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The guest halted (its status is the exit status as given). */
extern int s5_halted;

#endif

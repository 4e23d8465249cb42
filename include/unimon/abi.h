/* SPDX-License-Identifier: MIT */
/*
 * unimon guest/monitor ABI. This one header is compiled into both the
 * monitor and every guest; it has no dependencies beyond fixed-width types.
 *
 * Hypercall convention (long mode): the guest writes the 32-bit guest
 * physical address of the argument struct with `outl` to port
 * UNIMON_HC_PORT_BASE + number. The monitor reads the struct, acts, and
 * writes the result into the struct's `ret` field before the guest resumes.
 * Hypercalls that take no arguments (NOOP) ignore the value written.
 * All fields are fixed-size, little-endian, naturally aligned.
 *
 * The full reference is docs/ABI.md.
 */
#ifndef UNIMON_ABI_H
#define UNIMON_ABI_H

#include <stdint.h>

#define UNIMON_ABI_VERSION 1

/* ELF note that carries the ABI version a guest was built for. */
#define UNIMON_NOTE_NAME "UNIMON"	/* n_namesz = 7 with the NUL */
#define UNIMON_NOTE_TYPE_ABI 0x554d0001 /* desc: uint32_t version */

/* Port I/O. */
#define UNIMON_HC_PORT_BASE 0x500
#define UNIMON_HC_MAX 32 /* ports BASE .. BASE + MAX - 1 */
/* Written only by the monitor's own ring-0 exception stubs. */
#define UNIMON_PORT_EXCEPTION 0xef /* 8-bit: the stubs use `out %al, $imm8` */

/* Hypercall numbers. */
enum unimon_hc {
	UNIMON_HC_NOOP = 0,
	UNIMON_HC_EXIT = 1,
	UNIMON_HC_CONSOLE_WRITE = 2,
	UNIMON_HC_CLOCK = 3,
	UNIMON_HC_BLOCK_READ = 4,
	UNIMON_HC_BLOCK_WRITE = 5,
	UNIMON_HC_BLOCK_FLUSH = 6,
	UNIMON_HC_NET_SEND = 7,
	UNIMON_HC_NET_RECV = 8,
	UNIMON_HC_RANDOM = 9,
	UNIMON_HC_WAIT = 10,
	/* Debug builds only (CONFIG_DEBUG_SANDBOX_TEST): a forbidden syscall. */
	UNIMON_HC_DEBUG_FORBIDDEN = 31,
};

/* Error codes returned in `ret` (negative; 0 or positive is success). */
#define UNIMON_EOK 0
#define UNIMON_EIO (-5)
#define UNIMON_EBADF (-9)   /* no device with that handle */
#define UNIMON_EAGAIN (-11) /* nothing to receive now */
#define UNIMON_EFAULT (-14) /* pointer/length outside guest RAM */
#define UNIMON_EINVAL (-22)
#define UNIMON_ENOSPC (-28) /* host file system full */
#define UNIMON_EROFS (-30)  /* write to a read-only device */
#define UNIMON_EMSGSIZE (-90) /* frame larger than the buffer or the MTU */
#define UNIMON_ENOSYS (-38) /* guests preset ret to this before calling */

/* UNIMON_HC_EXIT: status 0..255 becomes the monitor's exit status. */
struct unimon_hc_exit {
	uint64_t status;
};

/* UNIMON_HC_CONSOLE_WRITE: write len bytes at guest address buf. */
struct unimon_hc_console_write {
	uint64_t buf;
	uint64_t len;
	int64_t ret; /* bytes written or negative error */
};

/* UNIMON_HC_CLOCK */
#define UNIMON_CLOCK_MONOTONIC 0
#define UNIMON_CLOCK_REALTIME 1
struct unimon_hc_clock {
	uint64_t clock_id;
	uint64_t ns; /* out: nanoseconds */
	int64_t ret;
};

/*
 * Block devices: handle = index of the device (reg of its /block node).
 * Whole sectors: count sectors from sector, into or out of buf.
 */
struct unimon_hc_block_io {
	uint64_t handle;
	uint64_t sector;
	uint64_t buf;
	uint64_t count;
	int64_t ret; /* bytes transferred or negative error */
};

struct unimon_hc_block_flush {
	uint64_t handle;
	int64_t ret;
};

/*
 * Network frames: whole Ethernet frames (destination MAC, source MAC,
 * type, payload; no FCS) of UNIMON_NET_ETH_HLEN .. UNIMON_NET_FRAME_MAX(mtu)
 * bytes; interface names 1-UNIMON_NET_NAME_MAX of A-Z a-z 0-9 _ -.
 */
#define UNIMON_NET_NAME_MAX 31
#define UNIMON_NET_ETH_HLEN 14	 /* Ethernet header: the shortest frame */
#define UNIMON_NET_VLAN_HLEN 4	 /* an optional 802.1Q tag */
#define UNIMON_NET_FRAME_MAX(mtu) \
	((mtu) + UNIMON_NET_ETH_HLEN + UNIMON_NET_VLAN_HLEN)
/*
 * The longest frame the monitor delivers, whatever the MTU (a tap's MTU
 * is at most 65521): a receive buffer this big takes any frame.
 */
#define UNIMON_NET_RECV_MAX (65536 + 512)

/* Network: one whole Ethernet frame per call. */
struct unimon_hc_net_io {
	uint64_t handle;
	uint64_t buf;
	uint64_t len; /* send: frame length; recv: buffer size */
	int64_t ret;  /* bytes, UNIMON_EAGAIN (recv: nothing), or error */
};

/* UNIMON_HC_RANDOM: fill len bytes at buf from the host's getrandom(). */
struct unimon_hc_random {
	uint64_t buf;
	uint64_t len;
	int64_t ret;
};

/*
 * UNIMON_HC_WAIT: sleep until a device has input or timeout_ns passes
 * (UINT64_MAX: no timeout). ready gets one bit per ready device: the bit
 * is the device node's unimon,wait-bit. ret = number of ready bits.
 */
struct unimon_hc_wait {
	uint64_t timeout_ns;
	uint64_t ready;
	int64_t ret;
};

/*
 * Shared-memory queues (docs/ABI.md, "Queues"): a ring of descriptors in
 * guest RAM that the monitor serves from its I/O thread, so moving data
 * costs no exit. A device node describes each queue it has with one
 * property (unimon,queue; net: unimon,tx-queue and unimon,rx-queue) of
 * four cells: <address-high address-low entries doorbell-port>. The
 * memory is zero at boot and lies outside /chosen/unimon,heap.
 *
 * The guest fills ring[req_prod % entries], then advances req_prod; the
 * monitor handles requests in order, writes each one's ret and advances
 * resp_prod. Counters are free-running 32-bit; entries is a power of two.
 *
 * Notification suppression: after publishing, the guest rings the
 * doorbell (any write to the port) only if need_kick is set, i.e. the
 * monitor's I/O thread is idle. A guest about to sleep in the wait
 * hypercall sets guest_waiting (then re-checks resp_prod): only then does
 * the monitor signal it, through the queue's unimon,wait-bit. Both sides
 * need a full barrier (mfence) between their store and their load.
 */
#define UNIMON_QUEUE_PORT_BASE 0x600 /* doorbells: BASE .. BASE + 63 */
#define UNIMON_QUEUE_MAX 64
#define UNIMON_QUEUE_BROKEN 1 /* status: malformed ring, device stopped */

struct unimon_queue_desc {
	uint64_t addr; /* guest-physical address of the buffer */
	uint32_t len;  /* bytes */
	uint32_t op;   /* device's operation (block: UNIMON_BLOCK_OP_*) */
	uint64_t arg;  /* device's argument (block: first sector) */
	int64_t ret;   /* written by the monitor: bytes, or negative error */
};

struct unimon_queue_hdr {
	/* Written by the guest (the monitor only reads them). */
	uint32_t req_prod;	/* requests published */
	uint32_t resp_cons;	/* completions the guest has taken */
	uint32_t guest_waiting; /* 1: about to sleep in the wait hypercall */
	uint32_t guest_pad[13];
	/* Written by the monitor (the guest only reads them). */
	uint32_t resp_prod;	/* completions published */
	uint32_t need_kick;	/* 1: the monitor is idle, ring the doorbell */
	uint32_t status;	/* 0, or UNIMON_QUEUE_BROKEN */
	uint32_t monitor_pad[13];
	struct unimon_queue_desc ring[];
};

/* Block queue operations (desc.op); desc.arg is the first sector. */
#define UNIMON_BLOCK_OP_READ 0
#define UNIMON_BLOCK_OP_WRITE 1
#define UNIMON_BLOCK_OP_FLUSH 2

/* Exit codes of the monitor process (also in docs/ABI.md, README.md). */
#define UNIMON_EXIT_USAGE 64	    /* bad command line */
#define UNIMON_EXIT_IMAGE 65	    /* bad guest image */
#define UNIMON_EXIT_NOINPUT 66	    /* image file missing or unreadable */
#define UNIMON_EXIT_NOKVM 69	    /* no usable /dev/kvm on this host */
#define UNIMON_EXIT_MONITOR 70	    /* internal error, KVM ioctl failed */
#define UNIMON_EXIT_CONFIG 78	    /* bad build configuration (layout) */
#define UNIMON_EXIT_EXCEPTION 80    /* guest CPU exception */
#define UNIMON_EXIT_TRIPLE_FAULT 81 /* guest triple fault (shutdown) */
#define UNIMON_EXIT_EMULATION 82    /* KVM could not emulate guest code */
#define UNIMON_EXIT_BAD_HYPERCALL 83 /* hypercall argument struct unusable */
#define UNIMON_EXIT_BLOCK_OPEN 90   /* disk file missing, unreadable, not a file */
#define UNIMON_EXIT_BLOCK_SIZE 91   /* disk size not a multiple of the sector */
#define UNIMON_EXIT_BLOCK_READONLY 92 /* read-only disk file attached read-write */
#define UNIMON_EXIT_BLOCK_LOCKED 93 /* disk in use by another unimon */
#define UNIMON_EXIT_NET 94	    /* tap interface missing or not permitted */
#define UNIMON_EXIT_TIMEOUT 124	    /* --timeout expired */
/* 128 + N: monitor stopped by signal N. */

#endif

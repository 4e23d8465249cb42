/* SPDX-License-Identifier: MIT */
/*
 * What loading the guest image produced: its segments with their
 * permissions, its entry point and, for ELF, where its program headers
 * are. Written by the loaders (boot/), read by the vCPU set-up (arch/)
 * and the personalities' boot.
 */
#ifndef UNIMON_LOAD_INFO_H
#define UNIMON_LOAD_INFO_H

#include <stdint.h>

#define LOAD_MAX_SEGS 16
#define LOAD_NOTES_MAX 16384	/* bytes of ELF notes kept */
#define LOAD_R 4u
#define LOAD_W 2u
#define LOAD_X 1u /* the ELF p_flags values */

struct load_seg {
	uint64_t start;
	uint64_t size;
	unsigned int flags;
};

struct load_info {
	uint64_t entry;
	uint64_t end;		/* first byte after the highest segment */
	struct load_seg seg[LOAD_MAX_SEGS];
	unsigned int nseg;
	/* ELF: where it was placed (0 but for a static PIE), its headers. */
	uint64_t base;
	uint64_t phdr;		/* guest address of the program headers, or 0 */
	unsigned int phnum, phent;
	/*
	 * ELF: the contents of its PT_NOTE segments, one after the other
	 * (each a whole number of 4-byte aligned notes), for the
	 * personality's own notes (Solo5's ABI note and manifest).
	 */
	uint32_t notes_len;
	uint8_t notes[LOAD_NOTES_MAX];
};

#endif

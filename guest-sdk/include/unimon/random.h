/* SPDX-License-Identifier: MIT */
/*
 * Entropy for guests: the monitor's random hypercall (the host's
 * getrandom(), CONFIG_RNG) and the CPU's RDRAND / RDSEED instructions
 * where CPUID shows them.
 */
#ifndef UNIMON_RANDOM_H
#define UNIMON_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Fill len bytes at buf with random bytes from the host (cryptographic
 * quality: the host kernel's getrandom()). One exit per call, any length.
 * Returns len, or a negative UNIMON_E*: UNIMON_ENOSYS when the monitor
 * was built without the random hypercall, UNIMON_EFAULT when buf is not
 * guest RAM the guest may name, UNIMON_EIO when the host failed.
 */
int64_t unimon_random(void *buf, size_t len);

/* Does CPUID show RDRAND (leaf 1 ECX bit 30) / RDSEED (leaf 7 EBX bit 18)? */
int unimon_has_rdrand(void);
int unimon_has_rdseed(void);

/*
 * One 64-bit value from RDRAND (retried up to 10 times, as Intel's DRNG
 * guide advises) or RDSEED (retried up to 100 times with a pause between
 * tries: it fails more often under load). 0 on success; UNIMON_ENOSYS when
 * CPUID does not show the instruction, UNIMON_EIO when it kept failing or
 * returned the all-ones value known from faulty CPUs.
 */
int unimon_rdrand64(uint64_t *val);
int unimon_rdseed64(uint64_t *val);

#endif

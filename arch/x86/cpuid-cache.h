/* SPDX-License-Identifier: MIT */
/*
 * A small per-boot cache for answers the kernel is slow to give (the
 * supported-CPUID table: ~0.5 ms on PVM hosts, where every `cpuid` the host
 * kernel executes traps). One file per name in a private directory:
 *
 *   $UNIMON_CACHE_DIR if set (empty: no cache at all), else
 *   $XDG_RUNTIME_DIR/unimon, else /run/unimon for root, else none.
 *
 * An entry is used only if its key matches: the boot id (which stands
 * for the kernel too) and the caller's key (e.g. the identity of the
 * /dev/kvm node, which changes when the KVM module is reloaded); its
 * checksum matches; and the file is a regular file owned by this user
 * that no one else may write. Anything else is a miss. A cached answer is
 * a hint: the caller must check it against the kernel where it can and
 * ask the kernel again on a failure.
 */
#ifndef UNIMON_CPUID_CACHE_H
#define UNIMON_CPUID_CACHE_H

#include <stddef.h>

#define CACHE_KEY_MAX 64	/* bytes of the caller's key */

/*
 * Read entry name into buf (at most max bytes): its length, or -1 on a
 * miss (absent, stale, corrupt, unsafe, or the cache is off).
 */
long cpuid_cache__load(const char *name, const void *key, size_t klen, void *buf,
		 size_t max);

/* Replace entry name with len bytes of buf; failures are ignored. */
void cpuid_cache__store(const char *name, const void *key, size_t klen,
		  const void *buf, size_t len);

#endif

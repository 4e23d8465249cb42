/* SPDX-License-Identifier: MIT */
/*
 * Small definitions the monitor and the guest SDK's library both use
 * (never a guest program's header): array length, page rounding,
 * stringification, and the memory-order helpers of the shared-memory
 * queues (the guest and the monitor's I/O thread access them concurrently).
 */
#ifndef UNIMON_SHARED_UTIL_H
#define UNIMON_SHARED_UTIL_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Round up to the next multiple of 4 KiB. */
#define PAGE_UP(x) (((x) + 0xfffull) & ~0xfffull)

/* STR(CONFIG_X): the value of a macro as a string literal. */
#define STR_(x) #x
#define STR(x) STR_(x)

/* Acquire load, release store, full barrier. */
#define LOAD(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define FENCE() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#endif

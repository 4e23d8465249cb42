/* SPDX-License-Identifier: MIT */
/*
 * unimon guest libc: assert() prints "file:line: function: assertion
 * failed: expr" and exits with status 1, like UNIMON_ASSERT() but
 * compiled out under NDEBUG. Like the C standard's <assert.h>, this
 * header may be included again after changing NDEBUG.
 */
#include <unimon/unimon.h>

#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) UNIMON_ASSERT(expr)
#endif

#ifndef static_assert
#define static_assert _Static_assert
#endif

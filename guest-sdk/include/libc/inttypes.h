/* SPDX-License-Identifier: MIT */
/* unimon guest libc: printf formats for the <stdint.h> types. */
#ifndef UNIMON_LIBC_INTTYPES_H
#define UNIMON_LIBC_INTTYPES_H

#include <stdint.h>

#if __SIZEOF_LONG__ == 8
#define __PRI64 "l"
#else
#define __PRI64 "ll"
#endif

#define PRId32 "d"
#define PRIi32 "i"
#define PRIu32 "u"
#define PRIx32 "x"
#define PRIX32 "X"

#define PRId64 __PRI64 "d"
#define PRIi64 __PRI64 "i"
#define PRIu64 __PRI64 "u"
#define PRIx64 __PRI64 "x"
#define PRIX64 __PRI64 "X"

#define PRIdPTR "zd"
#define PRIuPTR "zu"
#define PRIxPTR "zx"

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Guest console output to stdout, shared by every console device so bytes
 * leave in the order the guest produced them. Single bytes are buffered
 * until a newline; block writes go straight out.
 */
#ifndef UNIMON_OUTPUT_H
#define UNIMON_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

void out__putc(char c);
/* Returns len, or -1 when stdout failed (the error is reported once). */
ssize_t out__write(const void *buf, size_t len);
void out__flush(void);

#endif

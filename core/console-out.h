/* SPDX-License-Identifier: MIT */
/*
 * Guest console output to stdout, shared by every console device so bytes
 * leave in the order the guest produced them. Single bytes are buffered
 * until a newline; block writes go straight out.
 */
#ifndef UNIMON_CONSOLE_OUT_H
#define UNIMON_CONSOLE_OUT_H

#include <stddef.h>
#include <sys/types.h>

void conout__putc(char c);
/* Returns len, or -1 when stdout failed (the error is reported once). */
ssize_t conout__write(const void *buf, size_t len);
void conout__flush(void);

#endif

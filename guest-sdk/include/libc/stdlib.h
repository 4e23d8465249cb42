/* SPDX-License-Identifier: MIT */
/*
 * unimon guest libc: heap, exit and number parsing. malloc() takes its
 * memory from the range the monitor lists in /chosen/unimon,heap; in
 * real mode (libunimon16.a) there is no heap.
 */
#ifndef UNIMON_LIBC_STDLIB_H
#define UNIMON_LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void free(void *ptr);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);

__attribute__((__noreturn__)) void exit(int status);
__attribute__((__noreturn__)) void abort(void);

int atoi(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);

#endif

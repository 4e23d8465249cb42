/* SPDX-License-Identifier: MIT */
/* Small string checks shared by the devices' option parsers. */
#ifndef UNIMON_STRUTIL_H
#define UNIMON_STRUTIL_H

#include <stddef.h>

/* A device instance name (--block NAME=, --net NAME=): its longest. */
#define DEV_NAME_MAX 31

/* 1 if s[0..len) is 1-DEV_NAME_MAX characters of [A-Za-z0-9_-]. */
int dev_name_ok(const char *s, size_t len);

/* The value of the hex digit c, or -1. */
int hex_digit(int c);

#endif

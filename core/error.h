/* SPDX-License-Identifier: MIT */
/*
 * Error messages from code that must not exit (loaders, parsers, checks:
 * they are also run by unit tests and fuzzers). The code that decides to
 * give up prints the message with the context it knows.
 */
#ifndef UNIMON_ERROR_H
#define UNIMON_ERROR_H

/* Record a message; always returns -1 so callers can `return err__set(...)`. */
int err__set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *err__msg(void);

/* Print "unimon: <fmt>" as one line on stderr. */
void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

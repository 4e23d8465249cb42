// SPDX-License-Identifier: MIT
/*
 * --trace-syscalls: each call on stderr, strace-style, with its arguments
 * (paths as strings) and its result (errors by name), so a user sees what
 * a failing program was missing. --stats: the calls counted by number.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "core/error.h"
#include "core/vm.h"
#include "personality/linux/linux.h"
#include "personality/linux/stack.h"
#include "personality/linux/trace.h"

static int tracing;
static uint64_t counts[LX_NR_MAX], other;

static int trace_parse(struct options *o, const char *arg)
{
	tracing = 1;
	return 0;
}

const struct dev_option lx_trace_opts[] = {
	{ "env", "NAME=VALUE",
	  "put NAME=VALUE in the program's environment (repeatable; nothing "
	  "else is passed)", lx_stack_env },
	{ "trace-syscalls", NULL,
	  "print each system call, its arguments and its result on stderr",
	  trace_parse },
	{ 0 },
};

static void arg(struct vm *vm, char c, uint64_t v, char *out, size_t size)
{
	char s[64];

	if (c == 's') {
		int64_t n = lx_string(vm, v, s, sizeof(s));

		if (n >= 0)
			snprintf(out, size, "\"%s\"", s);
		else if (n == -ENAMETOOLONG)
			snprintf(out, size, "\"%.*s\"...", (int)sizeof(s) - 1, s);
		else
			snprintf(out, size, "0x%llx", (unsigned long long)v);
	} else if (c == 'd') {
		snprintf(out, size, "%lld", (long long)v);
	} else {
		snprintf(out, size, "0x%llx", (unsigned long long)v);
	}
}

void lx_trace(struct vm *vm, uint64_t nr, const struct lx_syscall *s,
	      const uint64_t *a, int64_t ret)
{
	char line[512], v[80];
	size_t n;
	unsigned int i;

	if (nr < LX_NR_MAX)
		counts[nr]++;
	else
		other++;
	if (!tracing)
		return;
	if (s)
		n = snprintf(line, sizeof(line), "%s(", s->name);
	else
		n = snprintf(line, sizeof(line), "syscall_%llu(",
			     (unsigned long long)nr);
	for (i = 0; s && s->fmt[i] && s->fmt[i] != '-' && i < 6; i++) {
		arg(vm, s->fmt[i], a[i], v, sizeof(v));
		n += snprintf(line + n, sizeof(line) - n, "%s%s", i ? ", " : "",
			      v);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
	}
	if (ret < 0 && ret >= -4095)
		snprintf(line + n, sizeof(line) - n, ") = -1 %s (%s)",
			 strerrorname_np((int)-ret) ?: "?",
			 strerror((int)-ret));
	else
		snprintf(line + n, sizeof(line) - n, ") = %lld%s",
			 (long long)ret, s ? "" : " (not served)");
	pr_err("%s", line);
}

void lx_trace_exit(struct vm *vm)
{
	unsigned int i;
	uint64_t total = other;

	if (!vm->opts->stats)
		return;
	for (i = 0; i < LX_NR_MAX; i++)
		total += counts[i];
	fprintf(stderr, "unimon system calls: %llu\n", (unsigned long long)total);
	for (i = 0; i < LX_NR_MAX; i++)
		if (counts[i])
			fprintf(stderr, "    %-3u %-18s %llu\n", i,
				lx_syscall_name(i), (unsigned long long)counts[i]);
	if (other)
		fprintf(stderr, "    numbers >= %d   %llu\n", LX_NR_MAX,
			(unsigned long long)other);
}

// SPDX-License-Identifier: MIT
/*
 * The initial stack of the x86-64 Linux ABI, at the top of the stack
 * region: argc, argv (the image's path, then the arguments after --),
 * NULL, envp (only what --env gives: nothing of the monitor's own
 * environment), NULL, the auxiliary vector, then the strings it points
 * to. rsp is 16-byte aligned and points at argc.
 */
#include <cpuid.h>
#include <elf.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "core/error.h"
#include "core/load-info.h"
#include "core/vm.h"
#include "personality/linux/linux.h"
#include "personality/linux/stack.h"
#include "unimon/abi.h"

#define MAX_ENV 256
#define NAUXV 19

static const char *env[MAX_ENV];
static unsigned int nenv;

int lx_stack_env(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg) {
		pr_err("--env %s: want NAME=VALUE", arg);
		return UNIMON_EXIT_USAGE;
	}
	if (nenv == MAX_ENV) {
		pr_err("--env %s: more than %d variables", arg, MAX_ENV);
		return UNIMON_EXIT_USAGE;
	}
	env[nenv++] = arg;
	return 0;
}

/* Strings go down from *top; their guest address, or 0 (no room). */
static uint64_t put(struct vm *vm, uint64_t *top, uint64_t lo,
		    const void *data, size_t len)
{
	uint8_t *p;

	if (len > *top - lo)
		return 0;
	*top -= len;
	p = gmem__ptr(&vm->mem, *top, len);
	if (!p)
		return 0;
	memcpy(p, data, len);
	return *top;
}

static uint64_t hwcap(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid(1, &a, &b, &c, &d) ? d : 0;
}

int lx_stack_build(struct vm *vm, const struct load_info *li, uint64_t lo,
		   uint64_t hi, uint64_t *rsp)
{
	const struct options *o = vm->opts;
	const unsigned int argc = (unsigned int)o->guest_argc;
	uint64_t top = hi, rnd, plat, words, *w, sp, nw = 0, i;
	uint64_t argv[argc + 1], envp[MAX_ENV + 1];
	uint8_t random[16];

	if (getrandom(random, sizeof(random), 0) != sizeof(random))
		return err__set("getrandom for AT_RANDOM failed");
	rnd = put(vm, &top, lo, random, sizeof(random));
	plat = put(vm, &top, lo, "x86_64", 7);
	for (i = 0; i < argc && plat; i++)
		argv[i] = put(vm, &top, lo, o->guest_argv[i],
			      strlen(o->guest_argv[i]) + 1);
	for (i = 0; i < nenv && plat; i++)
		envp[i] = put(vm, &top, lo, env[i], strlen(env[i]) + 1);
	words = 1 + argc + 1 + nenv + 1 + 2 * NAUXV;
	if (!rnd || !plat || (argc && !argv[argc - 1]) ||
	    (nenv && !envp[nenv - 1]) || (top & ~15ull) - lo < words * 8 + 16)
		return err__set("the arguments and environment do not fit the "
				"stack (CONFIG_STACK_SIZE)");
	sp = ((top & ~15ull) - words * 8) & ~15ull;
	w = gmem__ptr(&vm->mem, sp, words * 8);
	if (!w)
		return err__set("the stack lies outside guest RAM");
	w[nw++] = argc;
	for (i = 0; i < argc; i++)
		w[nw++] = argv[i];
	w[nw++] = 0;
	for (i = 0; i < nenv; i++)
		w[nw++] = envp[i];
	w[nw++] = 0;
#define AUX(t, v) (w[nw++] = (t), w[nw++] = (v))
	AUX(AT_PHDR, li->phdr);
	AUX(AT_PHENT, li->phent);
	AUX(AT_PHNUM, li->phnum);
	AUX(AT_PAGESZ, LX_PAGE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, li->entry);
	AUX(AT_UID, getuid());
	AUX(AT_EUID, geteuid());
	AUX(AT_GID, getgid());
	AUX(AT_EGID, getegid());
	AUX(AT_PLATFORM, plat);
	AUX(AT_HWCAP, hwcap());
	AUX(AT_CLKTCK, 100);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, rnd);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, argc ? argv[0] : plat);
	AUX(AT_NULL, 0);
#undef AUX
	*rsp = sp;
	return 0;
}

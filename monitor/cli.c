// SPDX-License-Identifier: MIT
/*
 * unimon [options] IMAGE [-- guest args...]
 * An appliance (CONFIG_APPLIANCE) boots its embedded image instead:
 * unimon [options] [-- guest args...]
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch/arch.h"
#include "boot/embedded.h"
#include "boot/loader.h"
#include "core/device.h"
#include "core/error.h"
#include "core/layout.h"
#include "core/vm.h"
#include "monitor/cli.h"
#include "personality/personality.h"
#include "shared/util.h"
#include "unimon/abi.h"

#define UNIMON_VERSION "0.1.0"
#define MAX_OPTS 32
#define GO_ON (-1)	/* parse(): boot; else an exit status */

enum { OPT_TIMEOUT = 256, OPT_STATS, OPT_CHECK_LAYOUT, OPT_DEVICE };

static const struct option core_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "check-layout", no_argument, NULL, OPT_CHECK_LAYOUT },
};

/*
 * Options of devices a build may leave out: asked for in a build without
 * them, they get a message naming the option to enable, not "unknown".
 */
static const struct {
	const char *opt, *kconfig;
} optional_opts[] = {
	{ "block", "CONFIG_BLOCK" },
	{ "net", "CONFIG_NET" },
	{ "dumpcore", "CONFIG_DUMPCORE" },
	{ "gdb", "CONFIG_GDBSTUB" },
	{ "io-poll-us", "a device with queues, e.g. CONFIG_CONSOLE_QUEUE" },
	{ "dir", "CONFIG_LINUX_SYS_FILES" },
	{ "env", "CONFIG_PERSONALITY_LINUX" },
	{ "trace-syscalls", "CONFIG_PERSONALITY_LINUX" },
};

/* The device option behind each OPT_DEVICE + i. */
static const struct dev_option *dev_opts[MAX_OPTS];

static void print_embedded(FILE *f, const struct embedded_image *e)
{
	int i;

	fprintf(f, "  embedded image: %s (%zu bytes, CONFIG_APPLIANCE_IMAGE=%s)\n"
		"  default guest arguments:", e->name, e->size, e->path);
	for (i = 1; i < e->argc; i++)
		fprintf(f, " %s", e->argv[i]);
	fprintf(f, i > 1 ? "\n" : " none\n");
}

static void print_build(FILE *f)
{
	fprintf(f, "  entry mode: %s, RAM %d MiB\n  image formats:", arch__mode,
		CONFIG_RAM_SIZE_MB);
	for_each_loader(l)
		fprintf(f, " %s", (*l)->name);
	fprintf(f, "\n");
	if (embedded__image())
		print_embedded(f, embedded__image());
	fprintf(f, "  devices:\n");
	for_each_device(d)
		fprintf(f, "    %-10s %s\n", (*d)->name, (*d)->summary);
}

/* A name ending ':' (--block:NAME=PATH): a prefix, its argument joined. */
static int is_prefix(const struct dev_option *o)
{
	size_t n = strlen(o->name);

	return n && o->name[n - 1] == ':';
}

static void print_device_options(FILE *f)
{
	for_each_device(d)
		for_each_opt(*d, o)
			fprintf(f, "  --%s%s%s\n      %s\n", o->name,
				o->arg && !is_prefix(o) ? " " : "",
				o->arg ? o->arg : "", o->help);
}

/*
 * arg, an option getopt did not know: one of a device's prefix options
 * (the longest name that is a prefix of it)? Its parse's result, or
 * GO_ON when it is none.
 */
static int prefix_option(struct options *o, const char *arg)
{
	const struct dev_option *best = NULL;

	if (strncmp(arg, "--", 2))
		return GO_ON;
	for_each_device(d)
		for_each_opt(*d, p)
			if (is_prefix(p) &&
			    !strncmp(arg + 2, p->name, strlen(p->name)) &&
			    (!best || strlen(p->name) > strlen(best->name)))
				best = p;
	if (!best)
		return GO_ON;
	return best->parse(o, arg + 2 + strlen(best->name));
}

static void usage(FILE *f)
{
	const struct embedded_image *e = embedded__image();

	if (e)
		fprintf(f,
			"usage: unimon [options] [-- guest args...]\n"
			"Boot the guest program built into this monitor (%s) in a\n"
			"KVM virtual machine; guest args replace its default ones.\n\n",
			e->name);
	else if (personality__args_after_image)
		fprintf(f,
			"usage: unimon [options] [--] IMAGE [guest args...]\n"
			"Boot the guest program IMAGE in a KVM virtual machine.\n\n");
	else
		fprintf(f,
			"usage: unimon [options] IMAGE [-- guest args...]\n"
			"Boot the guest program IMAGE in a KVM virtual machine.\n\n");
	fprintf(f,
		"options:\n"
		"  --timeout SECS   stop the guest after SECS seconds (exit code %d)\n"
		"  --stats          print exits, time in guest and start-up phases\n"
		"                   to stderr at exit\n"
		"  --check-layout   check the compiled-in memory layout and exit\n"
		"  -V, --version    print the version and the build configuration\n"
		"  -h, --help       print this help\n",
		UNIMON_EXIT_TIMEOUT);
	print_device_options(f);
	if (personality__exit_help) {
		fprintf(f, "\n%s\nthis build:\n", personality__exit_help);
		print_build(f);
		return;
	}
	fprintf(f,
		"\nexit status: the guest's exit status (0-255), or\n"
		"  %d usage, %d bad image, %d image unreadable, %d no usable /dev/kvm,\n"
		"  %d monitor/KVM error, %d bad configuration, %d guest exception,\n"
		"  %d triple fault, %d emulation failure, %d bad hypercall, %d timeout,\n"
		"  128+N signal N\n"
		"  (devices: see docs/ABI.md)\n\n"
		"this build:\n",
		UNIMON_EXIT_USAGE, UNIMON_EXIT_IMAGE, UNIMON_EXIT_NOINPUT,
		UNIMON_EXIT_NOKVM, UNIMON_EXIT_MONITOR, UNIMON_EXIT_CONFIG,
		UNIMON_EXIT_EXCEPTION, UNIMON_EXIT_TRIPLE_FAULT, UNIMON_EXIT_EMULATION,
		UNIMON_EXIT_BAD_HYPERCALL, UNIMON_EXIT_TIMEOUT);
	print_build(f);
}

static int bad_usage(const char *msg, const char *arg)
{
	pr_err("%s%s (see 'unimon --help')", msg, arg ? arg : "");
	return UNIMON_EXIT_USAGE;
}

static int parse_timeout(const char *s, double *t)
{
	char *end;

	*t = strtod(s, &end);
	if (end == s || *end || !isfinite(*t) || *t <= 0 || *t > 1e7)
		return -1;
	return 0;
}

/* Core options, then every device's: the table getopt_long reads. */
static void build_options(struct option *opts)
{
	unsigned int n = ARRAY_SIZE(core_opts);

	memcpy(opts, core_opts, sizeof(core_opts));
	for_each_device(d)
		for_each_opt(*d, o) {
			if (is_prefix(o))
				continue; /* not getopt's: prefix_option() */
			if (n == MAX_OPTS - 1)
				break;
			dev_opts[n] = o;
			opts[n] = (struct option){ o->name,
						   o->arg ? required_argument :
							    no_argument,
						   NULL, OPT_DEVICE + n };
			n++;
		}
	opts[n] = (struct option){ NULL, 0, NULL, 0 };
}

static int unknown_option(const char *arg)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(optional_opts); i++) {
		size_t n = strlen(optional_opts[i].opt);

		if (!strncmp(arg, "--", 2) &&
		    !strncmp(arg + 2, optional_opts[i].opt, n) &&
		    (arg[2 + n] == 0 || arg[2 + n] == '=')) {
			pr_err("--%s: this monitor was built without it (enable "
			       "%s)", optional_opts[i].opt,
			       optional_opts[i].kconfig);
			return UNIMON_EXIT_USAGE;
		}
	}
	return bad_usage("unknown option ", arg);
}

/*
 * An appliance boots its embedded image: no IMAGE operand (refused: the
 * monitor is made for its one guest), guest args after "--" (dd: its
 * index, or -1) replace the default ones.
 */
static int embedded_args(int argc, char **argv, int dd, struct options *o,
			 const struct embedded_image *e)
{
	o->image = e->name;
	o->embedded = e;
	if (dd < 0 && optind < argc) {
		pr_err("this monitor boots its built-in guest %s and takes no "
		       "image; guest arguments go after --: %s (see 'unimon "
		       "--help')", e->name, argv[optind]);
		return UNIMON_EXIT_USAGE;
	}
	if (dd < 0) {
		o->guest_argc = e->argc;
		o->guest_argv = e->argv;
		return GO_ON;
	}
	argv[dd] = (char *)e->name; /* argv[0] for the guest */
	o->guest_argv = argv + dd;
	o->guest_argc = argc - dd;
	return GO_ON;
}

static int parse(int argc, char **argv, struct options *o)
{
	struct option opts[MAX_OPTS];
	const char *last_arg = NULL;
	int c, rc, dd;

	memset(o, 0, sizeof(*o));
	o->ram_size = RAM_SIZE_CONFIG;
	build_options(opts);
	opterr = 0;
	/* '+': stop at the image, everything after it is the guest's. */
	while ((c = getopt_long(argc, argv, "+:hV", opts, NULL)) != -1) {
		last_arg = optarg;
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("unimon %s (guest ABI version %d)\n", UNIMON_VERSION,
			       UNIMON_ABI_VERSION);
			print_build(stdout);
			return 0;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &o->timeout))
				return bad_usage("--timeout wants a positive "
						 "number of seconds, not: ", optarg);
			break;
		case OPT_STATS:
			o->stats = 1;
			break;
		case OPT_CHECK_LAYOUT:
			o->check_layout = 1;
			return GO_ON;
		case ':':
			return bad_usage("missing value for ", argv[optind - 1]);
		case '?':
			if (optopt) { /* a short option, maybe in a cluster */
				char s[3] = { '-', (char)optopt, 0 };

				return unknown_option(s);
			}
			rc = prefix_option(o, argv[optind - 1]);
			if (rc == GO_ON)
				return unknown_option(argv[optind - 1]);
			if (rc)
				return rc;
			break;
		default:
			rc = dev_opts[c - OPT_DEVICE]->parse(o, optarg);
			if (rc)
				return rc;
		}
	}
	/* Did getopt stop at a "--" of its own (not an option's value)? */
	dd = -1;
	if (optind >= 2 && optind <= argc && argv[optind - 1] != last_arg &&
	    !strcmp(argv[optind - 1], "--"))
		dd = optind - 1;
	if (embedded__image())
		return embedded_args(argc, argv, dd, o, embedded__image());
	if (optind >= argc)
		return bad_usage("no guest image given", NULL);
	o->image = argv[optind];
	o->guest_argv = argv + optind;
	o->guest_argc = 1;
	if (personality__args_after_image) {
		o->guest_argc = argc - optind;
		return GO_ON;
	}
	if (optind + 1 < argc) {
		if (strcmp(argv[optind + 1], "--"))
			return bad_usage("unexpected argument after the image "
					 "(guest arguments go after --): ",
					 argv[optind + 1]);
		/* argv[0] for the guest is the image path: drop the "--". */
		argv[optind + 1] = argv[optind];
		o->guest_argv = argv + optind + 1;
		o->guest_argc = argc - optind - 1;
	}
	return GO_ON;
}

enum cli_result cli__parse(int argc, char **argv, struct options *o,
			   int *status)
{
	*status = parse(argc, argv, o);
	return *status == GO_ON ? CLI_BOOT : CLI_EXIT;
}

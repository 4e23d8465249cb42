// SPDX-License-Identifier: MIT
/*
 * The Solo5 hvt personality: unmodified Solo5 hvt unikernels (HVT ABI
 * version 2; the facts are in ../shared/SOLO5-HVT-ABI.md, docs/SOLO5.md
 * has what is supported). The image carries an ABI note (target hvt,
 * version 2) and a manifest of its devices, each of which the command
 * line must attach by name; the guest starts at CPL0 on the machine
 * arch/x86/solo5.c builds, with the boot information at 0x10000 (its
 * manifest copy and command line after it), and asks for services by
 * hypercalls 1-8 on ports 0x500-0x508 (hypercalls.c, block.c, net.c).
 *
 * As solo5-hvt does, a failure ends the monitor with exit status 1 and
 * one line (a bad port or hypercall, a pointer outside guest memory, a
 * triple fault, a bad command line, a bad image); the guest's halt gives
 * its own status (255: solo5_abort()). --timeout keeps its 124.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/layout.h"
#include "core/load-info.h"
#include "core/vm.h"
#include "personality/personality.h"
#include "personality/solo5/solo5.h"
#include "shared/util.h"
#include "unimon/abi.h"

const int personality__ram_unmapped = 0;
const int personality__args_after_image = 1;
const int personality__config_regions = 0;
const char *const personality__exit_help =
	"exit status, as solo5-hvt's: the guest's own (its halt; 255 after\n"
	"  solo5_abort()), 1 on any failure (one line says which: a bad\n"
	"  command line or image, a device declared but not attached, a bad\n"
	"  port, hypercall or guest pointer, a crash, a signal), 124 when\n"
	"  --timeout expired\n";

struct s5_mft *s5_mft;
uint32_t s5_mft_size;
int s5_fd[S5_MFT_MAX] = { [0 ... S5_MFT_MAX - 1] = -1 };
int s5_halted;

void s5_fail(struct vm *vm, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vm__stop(vm, 1, "%s", msg);
}

static void *checked(struct vm *vm, void *p, uint64_t gpa, uint64_t len)
{
	if (!p)
		s5_fail(vm, "Invalid guest access: gpa=0x%llx, sz=%llu",
			(unsigned long long)gpa, (unsigned long long)len);
	return p;
}

void *s5_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	return checked(vm, gmem__ptr(&vm->mem, gpa, len), gpa, len);
}

void *s5_wptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	return checked(vm, gmem__wptr(&vm->mem, gpa, len), gpa, len);
}

void *s5_args(struct vm *vm, uint64_t gpa, void *a, size_t size, int out)
{
	void *p = out ? s5_wptr(vm, gpa, size) : s5_ptr(vm, gpa, size);

	if (p)
		memcpy(a, p, size); /* read once, whatever its alignment */
	return p;
}

void *s5_opt_entry(const char *what, const char *arg, void *table,
		   size_t size, unsigned int *n, const char **value)
{
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : 0;
	char *e = table;
	unsigned int i;

	if (!eq || !len || len >= S5_MFT_NAME_SIZE || !eq[1]) {
		pr_err("%s%s: want %sNAME=VALUE (see --help)", what, arg, what);
		return NULL;
	}
	*value = eq + 1;
	for (i = 0; i < *n; i++, e += size)
		if (strlen(e) == len && !memcmp(e, arg, len))
			return e;
	if (*n == S5_MFT_MAX) {
		pr_err("%s%s: more than %d devices", what, arg, S5_MFT_MAX);
		return NULL;
	}
	memset(e, 0, size);
	memcpy(e, arg, len);
	(*n)++;
	return e;
}

/*
 * Below 1 MiB is the tender's: the zero page, GDT and page tables (the
 * arch's region, no guest pointer there), then the boot information, its
 * manifest and command line (read-only to the guest), the rest reserved.
 */
unsigned int personality__regions(struct region *r, uint64_t ram_size)
{
	r[0] = (struct region){ "Solo5 hvt: the boot information and the rest "
				"below 1 MiB (0x10000-0x100000)", S5_BOOT_INFO,
				S5_GUEST_MIN - S5_BOOT_INFO, 0 };
	return 1;
}

/* --mem=MiB: the guest's RAM (solo5-hvt's default: 512). */
static int mem_parse(struct options *o, const char *arg)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (end == arg || *end || arg[0] == '-' || v < 2 ||
	    v > CONFIG_SOLO5_MEM_MAX_MB) {
		pr_err("Malformed argument to --mem: %s (MiB, 2 to %d)", arg,
		       CONFIG_SOLO5_MEM_MAX_MB);
		return 1;
	}
	if (v & 1)
		pr_err("adjusting memory to %lu MiB (a multiple of 2 MiB)",
		       v & ~1ul);
	o->ram_size = (uint64_t)(v & ~1ul) << 20;
	return 0;
}

/* The next note in p[0, size): its type, desc and descsz; 0 at the end. */
static int next_note(const uint8_t **p, uint64_t *size, uint32_t *type,
		     const uint8_t **desc, uint32_t *descsz, int *solo5)
{
	uint32_t h[3];
	uint64_t n, d;

	if (*size < sizeof(h))
		return 0;
	memcpy(h, *p, sizeof(h));
	n = ((uint64_t)h[0] + 3) & ~3ull;
	d = ((uint64_t)h[1] + 3) & ~3ull;
	if (n + d > *size - sizeof(h))
		return 0;
	*solo5 = h[0] == sizeof(S5_NOTE_NAME) &&
		 !memcmp(*p + sizeof(h), S5_NOTE_NAME, sizeof(S5_NOTE_NAME));
	*type = h[2];
	*desc = *p + sizeof(h) + n;
	*descsz = h[1];
	*p += sizeof(h) + n + d;
	*size -= sizeof(h) + n + d;
	return 1;
}

/* Solo5's note of type, or NULL; *len gets its descsz. */
static const uint8_t *find_note(const struct load_info *li, uint32_t want,
				uint32_t *len)
{
	const uint8_t *p = li->notes, *desc;
	uint64_t size = li->notes_len;
	uint32_t type;
	int solo5;

	while (next_note(&p, &size, &type, &desc, len, &solo5))
		if (solo5 && type == want)
			return desc;
	return NULL;
}

static int check_abi(const char *img, const struct load_info *li)
{
	uint32_t len, abi[2];
	const uint8_t *d = find_note(li, S5_NOTE_ABI1, &len);

	if (!d || len != 16) {
		pr_err("%s: No Solo5 ABI information found in executable", img);
		return 1;
	}
	memcpy(abi, d, sizeof(abi));
	if (abi[0] != S5_ABI_TARGET_HVT) {
		pr_err("%s: Executable is not for the solo5-hvt target", img);
		return 1;
	}
	if (abi[1] != S5_ABI_VERSION) {
		pr_err("%s: Executable requests unsupported ABI version %u", img,
		       abi[1]);
		return 1;
	}
	return 0;
}

/* The manifest: checked as solo5-hvt does, then kept (a copy). */
static int read_manifest(const char *img, const struct load_info *li)
{
	static uint8_t copy[8 + S5_MFT_MAX * sizeof(struct s5_mft_entry)];
	uint32_t len, i;
	const uint8_t *d = find_note(li, S5_NOTE_MFT1, &len);
	struct s5_mft *m = (struct s5_mft *)copy;

	if (!d) {
		pr_err("%s: No Solo5 manifest found in executable", img);
		return 1;
	}
	/* The desc: 4 bytes of padding (the manifest is 8-aligned), then it. */
	if (len < 4 + 8 || len - 4 > sizeof(copy))
		goto bad;
	memcpy(copy, d + 4, len - 4);
	if (m->version != S5_MFT_VERSION || m->entries < 1 ||
	    m->entries > S5_MFT_MAX ||
	    len - 4 != 8 + m->entries * sizeof(struct s5_mft_entry) ||
	    m->e[0].type != S5_MFT_RESERVED_FIRST || m->e[0].name[0])
		goto bad;
	for (i = 0; i < m->entries; i++)
		if (m->e[i].name[S5_MFT_NAME_SIZE - 1] || m->e[i].attached)
			goto bad;
	s5_mft = m;
	s5_mft_size = len - 4;
	return 0;
bad:
	pr_err("%s: Solo5 manifest is invalid", img);
	return 1;
}

static const char *type_name(uint32_t type)
{
	return type == S5_MFT_BLOCK ? "BLOCK_BASIC" :
	       type == S5_MFT_NET   ? "NET_BASIC" : "<undefined type>";
}

/* Every device the image declares must be attached. */
static int all_attached(void)
{
	uint32_t i;
	int missing = 0;

	for (i = 0; i < s5_mft->entries; i++)
		if (s5_mft->e[i].type < S5_MFT_RESERVED_FIRST &&
		    !s5_mft->e[i].attached) {
			pr_err("Device '%s' of type %s declared but not attached.",
			       s5_mft->e[i].name, type_name(s5_mft->e[i].type));
			missing = 1;
		}
	if (missing)
		pr_err("All declared devices must be attached. See --help for "
		       "syntax.");
	return missing;
}

int personality__image(const struct load_info *li, const char *img)
{
	unsigned int i;
	int rc;

	for (i = 0; i < S5_MFT_MAX; i++) { /* a second image (the fuzzer) */
		if (s5_fd[i] >= 0)
			close(s5_fd[i]);
		s5_fd[i] = -1;
	}
	rc = check_abi(img, li) ?: read_manifest(img, li);
	if (rc)
		return rc;
	for (i = 0; i < li->nseg; i++)
		if ((li->seg[i].flags & LOAD_W) && (li->seg[i].flags & LOAD_X)) {
			pr_err("%s: segment %u is writable and executable", img,
			       i);
			return 1;
		}
	return s5_block_attach() ?: s5_net_attach() ?: all_attached();
}

/* The guest's command line: its arguments joined by spaces. */
static int write_cmdline(char *out, const struct options *o)
{
	size_t used = 0;
	int i, n;

	out[0] = 0;
	for (i = 1; i < o->guest_argc; i++) {
		n = snprintf(out + used, S5_CMDLINE_SIZE - used, "%s%s",
			     o->guest_argv[i], i + 1 < o->guest_argc ? " " : "");
		if (n < 0 || (size_t)n >= S5_CMDLINE_SIZE - used) {
			pr_err("Guest command line too long (max=%d characters)",
			       S5_CMDLINE_SIZE - 1);
			return -1;
		}
		used += n;
	}
	return 0;
}

/* 1 when a writable segment has a byte in the page at gpa. */
static int page_writable(const struct load_info *li, uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < li->nseg; i++)
		if ((li->seg[i].flags & LOAD_W) &&
		    range__overlaps(gpa, 4096, li->seg[i].start,
				    li->seg[i].size))
			return 1;
	return 0;
}

/*
 * The executable segments read-only on the host, as solo5-hvt maps them:
 * a guest that writes its own code (its page tables allow it) ends with
 * KVM_RUN's EFAULT, "host/guest translation fault", exit 1. Each
 * segment's pages, but for a first or last one that it shares with a
 * writable segment (then that page stays writable).
 */
static int protect_code(struct vm *vm, const struct load_info *li)
{
	unsigned int i;

	for (i = 0; i < li->nseg; i++) {
		const struct load_seg *s = &li->seg[i];
		uint64_t start = s->start & ~0xfffull;
		uint64_t end = PAGE_UP(s->start + s->size);

		if (!(s->flags & LOAD_X) || !s->size)
			continue;
		if (page_writable(li, start))
			start += 4096;
		if (end > start && page_writable(li, end - 4096))
			end -= 4096;
		if (end > start &&
		    gmem__protect(&vm->mem, start, end - start)) {
			pr_err("cannot map segment %u read-only: %s", i,
			       strerror(errno));
			return -1;
		}
	}
	return 0;
}

int personality__boot(struct vm *vm, const struct load_info *li)
{
	struct s5_boot_info bi = {
		.mem_size = vm->mem.size,
		.kernel_end = PAGE_UP(li->end),
		.cpu_cycle_freq = (uint64_t)vm->tsc_khz * 1000,
		.mft = S5_BOOT_INFO + sizeof(bi),
		.cmdline = S5_BOOT_INFO + sizeof(bi) + s5_mft_size,
	};
	uint8_t *base = vm->mem.base;
	uint32_t i;

	if (!vm->tsc_khz) {
		pr_err("KVM: host does not support KVM_CAP_GET_TSC_KHZ");
		return 1;
	}
	if (protect_code(vm, li))
		return 1;
	memcpy(base + S5_BOOT_INFO, &bi, sizeof(bi));
	memcpy(base + bi.mft, s5_mft, s5_mft_size);
	/* The guest's copy: nothing of the monitor's own descriptors. */
	for (i = 0; i < s5_mft->entries; i++)
		((struct s5_mft *)(base + bi.mft))->e[i].b = 0;
	/* RDI: S5_BOOT_INFO (arch/x86/solo5.c, the interface's address). */
	return write_cmdline((char *)base + bi.cmdline, vm->opts) ? 1 : 0;
}

/* No IDT: an exception is a triple fault; no stub reports one. */
void personality__exception(struct vm *vm)
{
	vm__stop(vm, 1, NULL);
}

void personality__unclaimed_port(struct vm *vm, uint16_t port, int is_write,
				 uint8_t *data, unsigned int size)
{
	unsigned int nr = port - S5_PORT_BASE;

	vm->stats.exits[EXIT_UNCLAIMED]++;
	if (is_write && size == 4 && port >= S5_PORT_BASE && nr < S5_HC_END)
		s5_fail(vm, "Invalid guest hypercall: num=%u", nr);
	else
		s5_fail(vm, "Invalid guest port access: port=0x%x", port);
}

/*
 * solo5-hvt's exit statuses: the guest's own from its halt; 1 for every
 * failure (ours are 64-127 and 128 + a signal); --timeout's 124 stays.
 */
int personality__exit_status(int code)
{
	if (s5_halted || code == 0 || code == UNIMON_EXIT_TIMEOUT)
		return code;
	return 1;
}

static const struct dev_option solo5_opts[] = {
	{ "mem", "MiB", "guest memory in MiB (default " STR(CONFIG_RAM_SIZE_MB)
	  ", at most " STR(CONFIG_SOLO5_MEM_MAX_MB) "; solo5-hvt: --mem=512)",
	  mem_parse },
	{ 0 },
};

static const struct device solo5_dev = {
	.name = "solo5",
	.summary = "Solo5 hvt: the image's manifest, --mem",
	.opts = solo5_opts,
};
DEVICE_REGISTER(solo5_dev);

// SPDX-License-Identifier: MIT
/*
 * --dumpcore DIR: when the guest crashes (exit codes 80-83), write its
 * registers and RAM as an ELF core file DIR/core.unimon.PID for gdb:
 *
 *   gdb IMAGE DIR/core.unimon.PID
 *
 * The file is created before the sandbox, as an anonymous O_TMPFILE in DIR
 * (or, where the file system has no O_TMPFILE, as DIR/.unimon-core.PID,
 * removed at a normal exit). At the crash it is filled with pwrite and
 * only then given its name with linkat: a normal exit leaves nothing in
 * DIR, and the sandbox needs no open().
 *
 * The core: ELF64 ET_CORE for the guest's machine, one PT_NOTE (NT_PRSTATUS
 * with the guest's registers as the arch lays them out (x86-64: struct
 * user_regs_struct), NT_PRPSINFO with the image's name and arguments,
 * NT_SIGINFO with the signal the arch makes of the exception and its
 * fault address) and one PT_LOAD covering guest
 * RAM above the unmapped null page at its guest address (identity-mapped:
 * virtual = physical). All-zero pages are left as holes, so the file is as
 * sparse as the guest's use of its RAM.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/procfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "arch/arch.h"
#include "core/device.h"
#include "core/error.h"
#include "core/vm.h"
#include "unimon/abi.h"

#define PAGE 4096ULL
#define RAM_START PAGE		/* the null page is never mapped */
#define CORE_NAME_FMT "core.unimon.%d"
#define TMP_NAME_FMT ".unimon-core.%d"

static const char *dir_arg;	/* DIR as given */
static int dir_fd = -1;		/* O_PATH descriptor of DIR */
static int core_fd = -1;	/* the core file, not yet named */
static char tmp_name[32];	/* its visible name (no O_TMPFILE), or "" */
static pid_t pid;
static uid_t uid;
static gid_t gid;

/*
 * Kept by the sandbox, filled in by start: nothing unless --dumpcore was
 * given. After the sandbox the crash writes the open file (pwrite64, its
 * size with ftruncate), names it (linkat, into DIR only) and, for a
 * visible temporary name only, removes that (unlinkat, in DIR only).
 * Messages use the core's write.
 */
static int dumpcore_syscalls[3] = { -1 };
static struct sys_rule dumpcore_rules[3] = { { .nr = -1 } };

static int dumpcore_parse(struct options *o, const char *arg)
{
	if (dir_arg) {
		pr_err("--dumpcore given twice (see 'unimon --help')");
		return UNIMON_EXIT_USAGE;
	}
	if (!*arg) {
		pr_err("--dumpcore wants a directory (see 'unimon --help')");
		return UNIMON_EXIT_USAGE;
	}
	dir_arg = arg;
	return 0;
}

/* DIR without trailing slashes, for messages. */
static int dir_len(void)
{
	int n = (int)strlen(dir_arg);

	while (n > 1 && dir_arg[n - 1] == '/')
		n--;
	return n;
}

static int bad_dir(const char *why)
{
	pr_err("--dumpcore %s: %s", dir_arg, why);
	return UNIMON_EXIT_USAGE;
}

/* The core file, anonymous if the file system allows; 0 or an exit code. */
static int open_core(void)
{
	core_fd = openat(dir_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (core_fd >= 0)
		return 0;
	/* Kernels or file systems without O_TMPFILE: EOPNOTSUPP or EISDIR. */
	if (errno == EOPNOTSUPP || errno == EISDIR) {
		snprintf(tmp_name, sizeof(tmp_name), TMP_NAME_FMT, (int)pid);
		core_fd = openat(dir_fd, tmp_name,
				 O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
		if (core_fd >= 0)
			return 0;
		tmp_name[0] = 0;
	}
	pr_err("--dumpcore %s: %s: %s", dir_arg,
	       errno == EACCES || errno == EPERM || errno == EROFS ?
		       "not writable" : "cannot create a file in it",
	       strerror(errno));
	return UNIMON_EXIT_USAGE;
}

static int dumpcore_start(struct vm *vm)
{
	unsigned int n = 0;
	int rc;

	if (!dir_arg)
		return 0;
	dir_fd = open(dir_arg, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0)
		return bad_dir(errno == ENOTDIR ? "not a directory" :
					 strerror(errno));
	pid = getpid();
	uid = getuid();
	gid = getgid();
	rc = open_core();
	if (rc)
		return rc;
	dumpcore_syscalls[n++] = SYS_pwrite64;
	dumpcore_syscalls[n++] = SYS_ftruncate;
	dumpcore_syscalls[n] = -1;
	n = 0;
	/* linkat(..., newdirfd = DIR, ...); unlinkat(dirfd = DIR, ...). */
	dumpcore_rules[n++] = (struct sys_rule){
		.nr = SYS_linkat, .nconds = 1,
		.cond = { { .arg = 2, .value = (uint64_t)dir_fd } } };
	if (tmp_name[0])
		dumpcore_rules[n++] = (struct sys_rule){
			.nr = SYS_unlinkat, .nconds = 1,
			.cond = { { .arg = 0, .value = (uint64_t)dir_fd } } };
	dumpcore_rules[n].nr = -1;
	return 0;
}

/* "IMAGE arg1 arg2 ..." cut to fit, as the kernel's pr_psargs. */
static void fill_psargs(const struct options *o, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < o->guest_argc && len + 1 < size; i++) {
		int n = snprintf(buf + len, size - len, "%s%s", i ? " " : "",
				 o->guest_argv[i]);

		if (n < 0)
			break;
		len += (size_t)n < size - len ? (size_t)n : size - len - 1;
	}
}

static void fill_psinfo(const struct vm *vm, struct elf_prpsinfo *ps)
{
	const char *img = vm->opts->image ? vm->opts->image : "";
	const char *base = strrchr(img, '/');

	memset(ps, 0, sizeof(*ps));
	ps->pr_sname = 'R';
	ps->pr_uid = uid;
	ps->pr_gid = gid;
	ps->pr_pid = pid;
	/* pr_fname: NUL-terminated within 16 bytes, as the kernel's comm. */
	snprintf(ps->pr_fname, sizeof(ps->pr_fname), "%s", base ? base + 1 : img);
	fill_psargs(vm->opts, ps->pr_psargs, sizeof(ps->pr_psargs));
}

/* One note: header, "CORE" padded to 8, the descriptor padded to 4. */
static size_t put_note(uint8_t *p, uint32_t type, const void *desc,
		       uint32_t size)
{
	Elf64_Nhdr h = { .n_namesz = 5, .n_descsz = size, .n_type = type };

	memcpy(p, &h, sizeof(h));
	memcpy(p + sizeof(h), "CORE\0\0\0", 8);
	memcpy(p + sizeof(h) + 8, desc, size);
	return sizeof(h) + 8 + ((size + 3) & ~3u);
}

#define NOTE_SIZE(desc) (sizeof(Elf64_Nhdr) + 8 + ((sizeof(desc) + 3) & ~3u))
#define NOTES_SIZE                                                            \
	(NOTE_SIZE(struct elf_prstatus) + NOTE_SIZE(struct elf_prpsinfo) +   \
	 NOTE_SIZE(siginfo_t))

/* Sizes gdb and BFD expect for 64-bit Linux cores. */
_Static_assert(sizeof(struct elf_prstatus) == 336, "elf_prstatus");
_Static_assert(sizeof(struct elf_prpsinfo) == 136, "elf_prpsinfo");
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t");

static size_t build_notes(const struct vm *vm, uint8_t *p)
{
	struct elf_prstatus st;
	struct elf_prpsinfo ps;
	siginfo_t si;
	uint64_t addr;
	size_t n = 0;
	int signo, code;

	arch__crash_signal(vm, &signo, &code, &addr);
	memset(&st, 0, sizeof(st));
	st.pr_info.si_signo = signo;
	st.pr_cursig = (short)signo;
	st.pr_pid = pid;
	fill_psinfo(vm, &ps);
	memset(&si, 0, sizeof(si));
	si.si_signo = signo;
	si.si_code = code;
	si.si_addr = (void *)(uintptr_t)addr;
	/* Lost registers are left out, not shown as zeros or a reset. */
	if (!arch__core_regs(vm, &st.pr_reg, sizeof(st.pr_reg)))
		n += put_note(p + n, NT_PRSTATUS, &st, sizeof(st));
	n += put_note(p + n, NT_PRPSINFO, &ps, sizeof(ps));
	n += put_note(p + n, NT_SIGINFO, &si, sizeof(si));
	return n;
}

static int pwrite_all(const void *buf, uint64_t len, uint64_t off)
{
	const uint8_t *p = buf;

	while (len) {
		size_t chunk = len > 1ULL << 30 ? 1ULL << 30 : (size_t)len;
		ssize_t r = pwrite(core_fd, p, chunk, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return err__set("cannot write the core file: %s",
					r < 0 ? strerror(errno) : "short write");
		p += r;
		off += (uint64_t)r;
		len -= (uint64_t)r;
	}
	return 0;
}

static int page_is_zero(const uint8_t *p)
{
	const uint64_t *w = (const uint64_t *)p;
	unsigned int i;

	for (i = 0; i < PAGE / 8; i += 4)
		if (w[i] | w[i + 1] | w[i + 2] | w[i + 3])
			return 0;
	return 1;
}

/* Guest RAM from RAM_START at file offset off: runs of non-zero pages. */
static int write_ram(const struct gmem *m, uint64_t off)
{
	uint64_t a = RAM_START, run = 0;

	if (ftruncate(core_fd, (off_t)(off + m->size - RAM_START)))
		return err__set("cannot size the core file: %s", strerror(errno));
	for (; a <= m->size; a += PAGE) {
		int zero = a == m->size || page_is_zero(m->base + a);

		if (!zero && !run)
			run = a;
		if (zero && run) {
			if (pwrite_all(m->base + run, a - run,
				       off + run - RAM_START))
				return -1;
			run = 0;
		}
	}
	return 0;
}

static int write_core(const struct vm *vm)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph[2];
		uint8_t notes[NOTES_SIZE];
	} h;
	const uint64_t notes_off = offsetof(__typeof__(h), notes);
	const uint64_t data_off = (sizeof(h) + PAGE - 1) & ~(PAGE - 1);
	size_t notes_size;

	memset(&h, 0, sizeof(h));
	notes_size = build_notes(vm, h.notes);
	memcpy(h.eh.e_ident, ELFMAG, SELFMAG);
	h.eh.e_ident[EI_CLASS] = ELFCLASS64;
	h.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	h.eh.e_ident[EI_VERSION] = EV_CURRENT;
	h.eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
	h.eh.e_type = ET_CORE;
	h.eh.e_machine = arch__elf_machine;
	h.eh.e_version = EV_CURRENT;
	h.eh.e_phoff = offsetof(__typeof__(h), ph);
	h.eh.e_ehsize = sizeof(h.eh);
	h.eh.e_phentsize = sizeof(h.ph[0]);
	h.eh.e_phnum = 2;
	h.ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = notes_off,
				.p_filesz = notes_size, .p_align = 4 };
	h.ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD,
				.p_flags = PF_R | PF_W | PF_X,
				.p_offset = data_off,
				.p_vaddr = RAM_START, .p_paddr = RAM_START,
				.p_filesz = vm->mem.size - RAM_START,
				.p_memsz = vm->mem.size - RAM_START,
				.p_align = PAGE };
	if (write_ram(&vm->mem, data_off))
		return -1;
	/* The headers last: a core cut short by an error is never named. */
	return pwrite_all(&h, sizeof(h), 0);
}

/* Give the core its name in DIR; never replaces a file. 0 or -1. */
static int name_core(const char *name)
{
	char proc[64];
	int err;

	if (tmp_name[0]) {
		if (linkat(dir_fd, tmp_name, dir_fd, name, 0))
			return err__set("%s", strerror(errno));
		unlinkat(dir_fd, tmp_name, 0);
		tmp_name[0] = 0;
		return 0;
	}
	/* An O_TMPFILE file: linkat through /proc needs no capability. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", core_fd);
	if (!linkat(AT_FDCWD, proc, dir_fd, name, AT_SYMLINK_FOLLOW))
		return 0;
	err = errno;
	/* No /proc: by descriptor, which needs CAP_DAC_READ_SEARCH. */
	if (err == ENOENT && !linkat(core_fd, "", dir_fd, name, AT_EMPTY_PATH))
		return 0;
	return err__set("%s", strerror(err == ENOENT ? errno : err));
}

static void dumpcore_crash(struct vm *vm)
{
	char name[32];
	int dn;

	if (core_fd < 0)
		return;
	dn = dir_len();
	if (arch__keep_crash_regs(vm))
		pr_err("--dumpcore: cannot read the guest's registers: %s",
		       strerror(errno));
	if (write_core(vm)) {
		pr_err("--dumpcore: no core dumped: %s", err__msg());
		return;
	}
	snprintf(name, sizeof(name), CORE_NAME_FMT, (int)pid);
	if (name_core(name)) {
		pr_err("--dumpcore: no core dumped: cannot create %.*s/%s: %s",
		       dn, dir_arg, name, err__msg());
		return;
	}
	pr_err("core dumped to %.*s/%s%s", dn, dir_arg, name,
	       vm->crash.lost ? " (memory only: the registers were lost)" : "");
}

/* A normal exit, or after the crash: nothing left behind but the core. */
static void dumpcore_exit(struct vm *vm)
{
	if (tmp_name[0])
		unlinkat(dir_fd, tmp_name, 0);
	tmp_name[0] = 0;
	if (core_fd >= 0)
		close(core_fd);
	if (dir_fd >= 0)
		close(dir_fd);
	core_fd = dir_fd = -1;
}

static const struct dev_option dumpcore_opts[] = {
	{ "dumpcore", "DIR",
	  "when the guest crashes, write an ELF core file (registers and RAM,"
	  " for gdb) to DIR/core.unimon.PID", dumpcore_parse },
	{ 0 },
};

static const struct device dumpcore_dev = {
	.name = "dumpcore",
	.summary = "ELF core file of a crashed guest (--dumpcore)",
	.opts = dumpcore_opts,
	.start = dumpcore_start,
	.crash = dumpcore_crash,
	.exit = dumpcore_exit,
	.syscalls = dumpcore_syscalls,
	.syscall_rules = dumpcore_rules,
};
DEVICE_REGISTER(dumpcore_dev);

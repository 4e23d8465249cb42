// SPDX-License-Identifier: MIT
/*
 * The per-boot cache (arch/x86/cpuid-cache.h). File layout, little-endian:
 *
 *   0  magic "unimonC2" (8 bytes)
 *   8  payload length (u32)
 *  12  0 (u32, reserved)
 *  16  key: FNV-1a 64 of the boot id, then the caller's key (u64)
 *  24  FNV-1a 64 of the payload (u64)
 *  32  payload
 *
 * The boot id changes with every boot (a new kernel, microcode loaded at
 * boot, another CPU after a migration that reboots), so it stands for the
 * kernel too. The file is private to its user, so the hashes guard
 * against staleness and corruption, not against forgery.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "arch/x86/cpuid-cache.h"

#define CACHE_MAGIC "unimonC2"
#define CACHE_MAX (64 * 1024)	/* no entry is larger */
#define FNV_SEED 0xcbf29ce484222325ull

struct cache_hdr {
	char magic[8];
	uint32_t len;
	uint32_t zero;
	uint64_t key;
	uint64_t sum;
};

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

/*
 * The entry's path, or -1 when the cache is off. No fallback to /tmp for
 * other users: a directory others can create first is not worth its
 * checks; without XDG_RUNTIME_DIR they go without the cache.
 */
static int entry_path(char *path, size_t n, const char *name)
{
	const char *d = getenv("UNIMON_CACHE_DIR"), *x;
	int len = -1;

	x = getenv("XDG_RUNTIME_DIR");
	if (d)
		len = *d ? snprintf(path, n, "%s/%s", d, name) : -1;
	else if (x && *x == '/')
		len = snprintf(path, n, "%s/unimon/%s", x, name);
	else if (!geteuid())
		len = snprintf(path, n, "/run/unimon/%s", name);
	return len < 0 || len >= (int)n ? -1 : 0;
}

static int make_key(uint64_t *k, const void *key, size_t klen)
{
	char id[40];
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, id, sizeof(id));

	if (fd >= 0)
		close(fd);
	if (n < 32)
		return -1;
	*k = fnv1a(fnv1a(FNV_SEED, id, n), key, klen);
	return 0;
}

/* Ours alone: owned by this user, writable by no one else. */
static int private(const struct stat *st)
{
	return st->st_uid == geteuid() && !(st->st_mode & 022);
}

long cpuid_cache__load(const char *name, const void *key, size_t klen, void *buf,
		 size_t max)
{
	char path[4096];
	struct cache_hdr h;
	struct stat st;
	uint64_t want;
	long ret = -1;
	int fd;

	if (max > CACHE_MAX || entry_path(path, sizeof(path), name) ||
	    make_key(&want, key, klen))
		return -1;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* No malloc: the heap stays as it was (see hw/net-hc.c on brk). */
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && private(&st) &&
	    st.st_size >= (off_t)sizeof(h) &&
	    read(fd, &h, sizeof(h)) == sizeof(h) &&
	    !memcmp(h.magic, CACHE_MAGIC, 8) && h.key == want &&
	    h.len <= max && st.st_size == (off_t)(sizeof(h) + h.len) &&
	    read(fd, buf, h.len) == (ssize_t)h.len &&
	    h.sum == fnv1a(FNV_SEED, buf, h.len))
		ret = h.len;
	close(fd);
	return ret;
}

/* The entry's directory exists and is private, or is made so. */
static int ensure_dir(char *path)
{
	char *slash = strrchr(path, '/');
	struct stat st;
	int bad;

	if (!slash || slash == path)
		return -1;
	*slash = 0;
	bad = (mkdir(path, 0700) && errno != EEXIST) || lstat(path, &st) ||
	      !S_ISDIR(st.st_mode) || !private(&st);
	*slash = '/';
	return bad ? -1 : 0;
}

void cpuid_cache__store(const char *name, const void *key, size_t klen,
		  const void *buf, size_t len)
{
	char path[4096], tmp[4120];
	struct cache_hdr h = { CACHE_MAGIC, len, 0, 0,
			       fnv1a(FNV_SEED, buf, len) };
	int fd, bad;

	if (len > CACHE_MAX || entry_path(path, sizeof(path), name) ||
	    make_key(&h.key, key, klen) || ensure_dir(path))
		return;
	/* A private temporary name, then rename: readers see all or none. */
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0)
		return;
	/* Short writes of a few KiB to a local file mean failure here. */
	bad = write(fd, &h, sizeof(h)) != sizeof(h) ||
	      write(fd, buf, len) != (ssize_t)len;
	bad |= close(fd);
	if (bad || rename(tmp, path))
		unlink(tmp);
}

// SPDX-License-Identifier: MIT
/*
 * malloc() and friends: first fit over one address-ordered free list,
 * with neighbours merged on free(). The heap is the range the monitor
 * lists in /chosen/unimon,heap. Every block starts with a 16-byte header
 * and is a multiple of 16 bytes long, so payloads are 16-byte aligned.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define HEAP_ALIGN 16
/* Stored in the next field of a block in use, to catch bad free()s. */
#define BLOCK_IN_USE ((struct block *)0xa110c8ed)

struct block {
	size_t size;	    /* bytes, header included */
	struct block *next; /* free: next free block up; in use: BLOCK_IN_USE */
} __attribute__((aligned(HEAP_ALIGN)));

#define HDR sizeof(struct block)
#define MIN_BLOCK (HDR + HEAP_ALIGN)

static struct block *free_list;

static uintptr_t align_up(uintptr_t x)
{
	return (x + HEAP_ALIGN - 1) & ~(uintptr_t)(HEAP_ALIGN - 1);
}

void unimon_heap__init(uintptr_t start, uintptr_t end)
{
	uintptr_t first = align_up(start);

	end &= ~(uintptr_t)(HEAP_ALIGN - 1);
	if (!start || first < start || end <= first || end - first < MIN_BLOCK)
		return;
	free_list = (struct block *)first;
	free_list->size = end - first;
	free_list->next = NULL;
}

static void *payload(struct block *b)
{
	return (char *)b + HDR;
}

/* The header of a block handed out by malloc(); aborts if it is not one. */
static struct block *header(void *ptr)
{
	struct block *b = (struct block *)((char *)ptr - HDR);

	if ((uintptr_t)ptr % HEAP_ALIGN || b->next != BLOCK_IN_USE) {
		printf("free/realloc: bad pointer %p\n", ptr);
		abort();
	}
	return b;
}

void *malloc(size_t size)
{
	struct block **link, *b, *rest;
	size_t need;

	if (size > SIZE_MAX - MIN_BLOCK)
		return NULL;
	need = align_up(size ? size : 1) + HDR;

	for (link = &free_list; (b = *link); link = &b->next) {
		if (b->size < need)
			continue;
		if (b->size - need >= MIN_BLOCK) {
			rest = (struct block *)((char *)b + need);
			rest->size = b->size - need;
			rest->next = b->next;
			b->size = need;
			*link = rest;
		} else {
			*link = b->next;
		}
		b->next = BLOCK_IN_USE;
		return payload(b);
	}
	return NULL;
}

static char *block_end(struct block *b)
{
	return (char *)b + b->size;
}

void free(void *ptr)
{
	struct block *b, *prev = NULL, *next = free_list;

	if (!ptr)
		return;
	b = header(ptr);
	while (next && next < b) {
		prev = next;
		next = next->next;
	}

	/* Merge with the free block after b, then with the one before. */
	if (next && block_end(b) == (char *)next) {
		b->size += next->size;
		next = next->next;
	}
	b->next = next;
	if (prev && block_end(prev) == (char *)b) {
		prev->size += b->size;
		prev->next = next;
	} else if (prev) {
		prev->next = b;
	} else {
		free_list = b;
	}
}

void *calloc(size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		return NULL;
	p = malloc(nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}

void *realloc(void *ptr, size_t size)
{
	struct block *b;
	void *p;

	if (!ptr)
		return malloc(size);
	if (!size) {
		free(ptr);
		return NULL;
	}
	b = header(ptr);
	if (b->size - HDR >= size)
		return ptr;
	p = malloc(size);
	if (p) {
		memcpy(p, ptr, b->size - HDR);
		free(ptr);
	}
	return p;
}

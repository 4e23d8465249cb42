// SPDX-License-Identifier: MIT
/* The memory layout of this run (monitor/layout.h). */
#include "arch/arch.h"
#include "core/layout.h"
#include "monitor/layout.h"
#include "personality/personality.h"

/*
 * The layout of this run: the RAM size decided here (the options: the
 * configuration's, or what an option asked), the regions of the
 * configuration, the arch and the personality. 0, or -1 with err__set().
 */
int monitor__layout(uint64_t ram_size)
{
	struct region r[LAYOUT_MAX_REGIONS];
	unsigned int n = personality__config_regions ?
				 layout__config_regions(r) : 0;

	n += arch__regions(r + n);
	n += personality__regions(r + n, ram_size);
	layout__set(ram_size, r, n);
	return layout__check() || arch__check_layout(ram_size) ? -1 : 0;
}

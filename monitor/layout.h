/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_MONITOR_LAYOUT_H
#define UNIMON_MONITOR_LAYOUT_H

#include <stdint.h>

/*
 * The layout of this run (core/layout.h): guest RAM of ram_size bytes,
 * decided by the command line, and the regions of the configuration,
 * the arch and the personality, checked. 0, or -1 with err__set().
 */
int monitor__layout(uint64_t ram_size);

#endif

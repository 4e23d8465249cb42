/* SPDX-License-Identifier: MIT */
/* For the fuzz targets: a device option's parser, found by its name. */
#ifndef UNIMON_FUZZ_OPTION_H
#define UNIMON_FUZZ_OPTION_H

#include <string.h>
#include "core/device.h"

static int (*option(const char *name))(struct options *, const char *)
{
	for_each_device(d)
		for_each_opt(*d, o)
			if (!strcmp(o->name, name))
				return o->parse;
	return NULL;
}

#endif

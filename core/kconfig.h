/* SPDX-License-Identifier: MIT */
/*
 * IS_ENABLED(CONFIG_X): 1 if a bool option is set, else 0, as an
 * expression (the Linux kernel's trick), so code reads an option's value
 * without #ifdef.
 */
#ifndef UNIMON_KCONFIG_H
#define UNIMON_KCONFIG_H

#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option) __is_defined(option)

#endif

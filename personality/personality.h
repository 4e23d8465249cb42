/* SPDX-License-Identifier: MIT */
/*
 * What the guest program expects of the machine: how it starts and how a
 * crash of it is reported. Exactly one personality is built in, chosen
 * by Kconfig (personality/Kconfig): the unimon ABI of the guest SDK
 * (personality/unimon.c) or Linux static executables (personality/linux/).
 * The monitor (monitor/) calls these; the personality's services are
 * devices (core/device.h) like any other.
 */
#ifndef UNIMON_PERSONALITY_H
#define UNIMON_PERSONALITY_H

struct vm;
struct region;
struct load_info;

/*
 * 1: guest RAM starts unmapped but for the image (the program maps the
 * rest); 0: all of it is the guest's from the start.
 */
extern const int personality__ram_unmapped;

/* The regions it reserves in guest RAM (layout.h); how many written. */
unsigned int personality__regions(struct region *r);

/*
 * After the arch's vCPU set-up: the boot information, initial stack and
 * registers the program expects. 0, or an exit code after one line.
 */
int personality__boot(struct vm *vm, const struct load_info *li);

/* A guest exception, decoded into vm->crash: report it, stop the VM. */
void personality__exception(struct vm *vm);

#endif

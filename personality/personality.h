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

#include <stdint.h>

struct vm;
struct region;
struct load_info;

/*
 * 1: guest RAM starts unmapped but for the image (the program maps the
 * rest); 0: all of it is the guest's from the start.
 */
extern const int personality__ram_unmapped;

/*
 * 1: every argument after the image is the guest's (solo5-hvt's command
 * line); 0: the guest's arguments come after a "--" that follows it.
 */
extern const int personality__args_after_image;

/*
 * 1: it uses the configured boot-information and stack regions
 * (layout__config_regions()); 0: it places its own.
 */
extern const int personality__config_regions;

/*
 * The regions it reserves in guest RAM (layout.h), at most 4, for RAM of
 * ram_size bytes; how many written.
 */
unsigned int personality__regions(struct region *r, uint64_t ram_size);

/*
 * The loaded image (named image) is one for this personality (its notes,
 * its segments), before KVM: 0, or an exit code after one line.
 */
int personality__image(const struct load_info *li, const char *image);

/*
 * After the arch's vCPU set-up: the boot information, initial stack and
 * registers the program expects. 0, or an exit code after one line.
 */
int personality__boot(struct vm *vm, const struct load_info *li);

/* A guest exception, decoded into vm->crash: report it, stop the VM. */
void personality__exception(struct vm *vm);

/*
 * A port access nobody claims (data: size bytes, to fill for a read): the
 * unimon and Linux personalities count it and read all ones; Solo5's
 * stops the guest as its tender does.
 */
void personality__unclaimed_port(struct vm *vm, uint16_t port, int is_write,
				 uint8_t *data, unsigned int size);

/* The process's exit status for the monitor's code (Solo5: 1 on a failure). */
int personality__exit_status(int code);
/* --help's account of the exit statuses, when not the monitor's own. */
extern const char *const personality__exit_help;

#endif

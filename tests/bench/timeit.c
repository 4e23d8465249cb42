// SPDX-License-Identifier: MIT
/*
 * timeit: whole-process wall time and peak RSS of one or more commands,
 * run N times each, interleaved (A B A B ...) so that the noise of a
 * shared machine hits every command alike.
 *
 *   timeit [-n N] [-w W] [-o FILE] CMD1 [ARGS...] [:: CMD2 [ARGS...]] ...
 *
 * W warm-up rounds (default 2) are run and not reported. Then, for each
 * of N rounds (default 20), every command runs once, in order, with stdin
 * and stdout on /dev/null (stderr is kept); with -o, stdout goes to FILE,
 * created or truncated before each run. One line per run on stdout:
 *
 *   run <cmd-index> <round> <wall-us> <maxrss-kB>
 *
 * wall-us is from just before fork() to the return of wait4(): process
 * creation, exec, dynamic linking, the program, its exit and teardown
 * (for a KVM user, the VM's destruction when its fds close). maxrss-kB
 * is the child's ru_maxrss. A command that cannot be started, or exits
 * with a status other than 0, or dies by a signal, ends timeit with
 * status 1 after a message on stderr: a benchmark that did not run is
 * not measured.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 16

static char **cmds[MAX_CMDS];
static int ncmds;
static const char *out_file; /* -o: the commands' stdout */

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void usage(void)
{
	fprintf(stderr, "usage: timeit [-n N] [-w W] [-o FILE] CMD [ARGS...] "
			"[:: CMD [ARGS...]]...\n");
	exit(2);
}

/* Run cmds[i] once; its wall time in us and its ru_maxrss in kB. */
static int run_one(int i, double *us, long *maxrss)
{
	struct rusage ru;
	int status;
	double t0 = now_us(), t1;
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "timeit: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		int out = out_file ? open(out_file, O_WRONLY | O_CREAT | O_TRUNC,
					  0644) : fd;

		if (fd < 0 || out < 0 || dup2(fd, 0) < 0 || dup2(out, 1) < 0)
			_exit(126);
		if (fd > 2)
			close(fd);
		if (out > 2 && out != fd)
			close(out);
		execv(cmds[i][0], cmds[i]);
		fprintf(stderr, "timeit: cannot run %s: %s\n", cmds[i][0],
			strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "timeit: wait4: %s\n", strerror(errno));
			return -1;
		}
	}
	t1 = now_us();
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "timeit: %s died of signal %d\n", cmds[i][0],
			WTERMSIG(status));
		return -1;
	}
	if (WEXITSTATUS(status)) {
		fprintf(stderr, "timeit: %s exited with status %d\n",
			cmds[i][0], WEXITSTATUS(status));
		return -1;
	}
	*us = t1 - t0;
	*maxrss = ru.ru_maxrss;
	return 0;
}

static int count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 1000000)
		usage();
	return (int)v;
}

int main(int argc, char **argv)
{
	int n = 20, warm = 2, opt, r, i;

	while ((opt = getopt(argc, argv, "+n:w:o:")) != -1) {
		if (opt == 'n')
			n = count(optarg);
		else if (opt == 'w')
			warm = count(optarg);
		else if (opt == 'o')
			out_file = optarg;
		else
			usage();
	}
	if (optind >= argc)
		usage();
	/* Split the rest at "::" into commands (argv is NULL-terminated). */
	cmds[ncmds++] = &argv[optind];
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "::"))
			continue;
		argv[i] = NULL;
		if (i + 1 >= argc || ncmds == MAX_CMDS)
			usage();
		cmds[ncmds++] = &argv[i + 1];
	}
	for (i = 0; i < ncmds; i++)
		if (!cmds[i][0])
			usage();

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (r = -warm; r < n; r++) {
		for (i = 0; i < ncmds; i++) {
			double us;
			long rss;

			if (run_one(i, &us, &rss))
				return 1;
			if (r >= 0)
				printf("run %d %d %.1f %ld\n", i, r, us, rss);
		}
	}
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lol-launch profiles: parsing and checking, with no file system access
 * (so the parser can be fuzzed), then resolution of paths against the file
 * system, the run directory, and the lol-vmm command line.
 */
#ifndef LOL_LAUNCH_PROFILE_H
#define LOL_LAUNCH_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Limits of the monitor (vmm/mon/config.h): VMM_MAX_CPUS, VMM_MAX_DISKS, VMM_MAX_FWD. */
#define PROFILE_MAX_CPUS 16
#define PROFILE_MAX_DISKS 16
#define PROFILE_MAX_FWD 8
/* lol-vmm takes 64 MiB to 64 GiB */
#define PROFILE_MIN_MEM (64ULL << 20)
#define PROFILE_MAX_MEM (64ULL << 30)
#define PROFILE_DEFAULT_MEM (256ULL << 20)

enum profile_net { PROFILE_NET_USER, PROFILE_NET_TAP, PROFILE_NET_NONE };
enum profile_console {
	PROFILE_CONSOLE_STDIO, PROFILE_CONSOLE_PTY, PROFILE_CONSOLE_UNIX, PROFILE_CONSOLE_NONE
};
enum profile_backend { PROFILE_BACKEND_DEFAULT, PROFILE_BACKEND_INTERP, PROFILE_BACKEND_PTRACE };

/* A value and where it came from (line 0: the command line's --set). */
struct pval {
	char *text;
	unsigned line;
};

struct profile {
	const char *file;       /* name used in messages */
	uint64_t mem_bytes;
	unsigned cpus;
	struct pval kernel, initrd, root, init, description;
	struct pval disk[PROFILE_MAX_DISKS];
	unsigned ndisks;
	char **words;           /* extra kernel command line words (cmdline =) */
	unsigned nwords;
	enum profile_net net;
	char *tap_if;
	struct pval hostfwd[PROFILE_MAX_FWD];
	unsigned nhostfwd;
	unsigned hostfwd_line;  /* first hostfwd line, for "needs network = user" */
	enum profile_console console;
	struct pval console_path; /* unix:PATH */
	enum profile_backend backend;
	unsigned seen[16];      /* line where each single-valued key was set */
};

void profile_init(struct profile *p, const char *file);
void profile_free(struct profile *p);

/*
 * Parse profile text (any bytes; len need not be NUL-terminated).  On error
 * returns -1 with "FILE:LINE: problem" in err.
 */
int profile_parse(struct profile *p, const char *buf, size_t len, char *err, size_t errlen);

/*
 * Apply one "key = value" setting; line is for messages (0: from --set, and
 * a later --set replaces a profile's value instead of being a duplicate).
 */
int profile_set(struct profile *p, const char *key, const char *value, unsigned line,
		char *err, size_t errlen);

/* Whole-profile checks (a kernel is required, hostfwd needs user network). */
int profile_check(const struct profile *p, char *err, size_t errlen);

/* "256M" style size: bytes, with K, M, G, T (powers of 1024); bare numbers are MiB. */
int parse_size(const char *s, uint64_t *bytes);

/* Format a message "FILE:LINE: ..." (or "FILE: ..." for line 0). */
void profile_error(const struct profile *p, unsigned line, char *err, size_t errlen,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---- resolution against the file system (resolve.c) ---- */

struct launch_env {
	const char *profile_dir;  /* directory holding the profile (relative paths) */
	const char *home;         /* for ~/ */
	const char *cache;        /* $LOL_CACHE or ~/.cache/lol */
	const char *srcdir;       /* the source tree lol-launch was built in, or NULL */
	const char *guest_kernel; /* $LOL_GUEST_KERNEL, or NULL */
	const char *installed_kernel; /* $(libdir)/lol/guest/vmlinux */
};

/*
 * Replace @guest-kernel and @default-disk, make relative paths absolute and
 * check that kernel, initrd and disks exist (errors name profile line).
 */
int profile_resolve(struct profile *p, const struct launch_env *env, char *err, size_t errlen);

/* ---- the run directory (rundir.c) ---- */

/*
 * Make the private run directory for profile NAME (mode 0700): under
 * $XDG_RUNTIME_DIR/lol, else $TMPDIR/lol-UID.  Returns a malloc'ed path.
 */
char *rundir_make(const char *name, char *err, size_t errlen);

/* Take the run directory's lock (kept across exec); -1 with errno EWOULDBLOCK if held. */
int rundir_lock(const char *dir, char *err, size_t errlen);

/* Point DIR/sda, sdb, ... at the disks (absolute paths) and remove stale links. */
int rundir_link_disks(const char *dir, const struct profile *p, char *err, size_t errlen);

/* ---- the lol-vmm command line (argv.c) ---- */

struct launch_opts {
	bool keep, trace, stats;
	char **extra_words;   /* kernel words from lol-launch's own command line */
	int nextra;
};

/* NULL-terminated argv for vmm; disks are RUNDIR/sd (rundir may be NULL without disks). */
char **launch_argv(const struct profile *p, const char *vmm, const char *rundir,
		   const struct launch_opts *o);
void launch_argv_free(char **argv);

/* Write argv as one shell-quoted line. */
void print_argv(char **argv, FILE *f);

#endif

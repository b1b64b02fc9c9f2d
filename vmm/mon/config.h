/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lol-vmm's one configuration struct (kvmtool style): filled from the
 * command line (and by lol-launch from a profile), read by the monitor core,
 * the firmware and every device.
 */
#ifndef LOL_VMM_CONFIG_H
#define LOL_VMM_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum vmm_console { VMM_CONSOLE_STDIO, VMM_CONSOLE_PTY, VMM_CONSOLE_UNIX, VMM_CONSOLE_NONE };
enum vmm_net { VMM_NET_NONE, VMM_NET_USER, VMM_NET_TAP };
enum vmm_backend { VMM_BACKEND_INTERP, VMM_BACKEND_PTRACE };

#define VMM_MAX_CPUS 16
#define VMM_MAX_DISKS 16
#define VMM_MAX_FWD 8

struct vmm_config {
	const char *kernel;     /* vmlinux path */
	const char *initrd;     /* NULL: none */
	char *cmdline;          /* the guest kernel command line (all non-option words) */
	uint64_t mem_bytes;     /* guest-physical memory (-m, mem=; default 256 MiB) */
	unsigned ncpus;         /* maxcpus= (default 1) */
	enum vmm_backend backend;

	/* disks: simscsi=PREFIX gives PREFIXa, PREFIXb, ...; only these may be opened */
	const char *simscsi_prefix; /* NULL: no disks */

	/* network: simeth=IF (a host tap interface) or the user-mode network */
	enum vmm_net net;
	const char *simeth_if;             /* tap name for VMM_NET_TAP */
	const char *hostfwd[VMM_MAX_FWD];  /* "tcp:HOSTPORT:GUESTPORT" for VMM_NET_USER */
	unsigned nhostfwd;

	enum vmm_console console;
	const char *console_path; /* VMM_CONSOLE_UNIX: socket path */

	bool keep;        /* -k: keep what was created, trace to stderr */
	bool trace;       /* --trace: log every exit */
	bool stats;       /* -v / --stats: per-kind exit counts at the end */
	bool site_exits;  /* --site-exits: every afterburned site exits (no engine-native ones) */
	int verbose;
};

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * lol-vmm: run a pre-virtualised (afterburned) or plain ia64 Linux kernel as
 * a guest.  The command line keeps the 2005 original's shape:
 *
 *     lol-vmm [options] vmlinux [kernel command line words...]
 *
 * Words such as simscsi=, simeth=, maxcpus= and mem= configure the monitor
 * and go to the guest as well, as Ski's boot loader passed its arguments on.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dev.h"
#include "vm.h"

#ifndef LOL_VERSION
#define LOL_VERSION "0"
#endif

int fw_set_initrd(struct vm *vm, uint64_t start, uint64_t size);
uint64_t cpu_itc(struct cpu *cpu);

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lol-vmm [options] VMLINUX [KERNEL ARGS...]\n"
		"Boot an ia64 Linux guest kernel on this host (IA-64 interpreter back end).\n"
		"\n"
		"  -m SIZE               guest memory (e.g. 256M, 1G; also the mem= word); default 256M\n"
		"  -k                    keep what was created; on a guest stop, print its kernel log\n"
		"  -v, --stats           print exit counts per kind when the guest stops\n"
		"      --trace           log every exit (page faults, privileged ops, interrupts)\n"
		"      --initrd FILE     an initial ramdisk for the guest\n"
		"      --console MODE    stdio (default), pty, unix:PATH or none\n"
		"      --net MODE        user (default with simeth=), tap:IF, or none\n"
		"      --hostfwd RULE    tcp:HOSTPORT:GUESTPORT (user network), repeatable\n"
		"      --site-exits      every afterburned site exits to the monitor (by default the\n"
		"                        interpreter runs the ones it can itself: psr, fc, ar.k, ...)\n"
		"  -h, --help            this text\n"
		"  -V, --version         the version\n"
		"\n"
		"Kernel words the monitor reads too: simscsi=PREFIX (disks PREFIXa, PREFIXb, ...),\n"
		"simeth=IF (network interface; a tap device named IF with --net tap:IF),\n"
		"maxcpus=N, mem=SIZE.\n"
		"Example: lol-vmm vmlinux simscsi=/var/lib/lol/sd root=/dev/sda init=/sbin/init\n");
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	case '\0': if (v < (1ull << 16)) v <<= 20; break; /* a bare small number means MiB */
	default: return -1;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static void append(char **buf, size_t *len, const char *word)
{
	size_t n = strlen(word);
	char *b = realloc(*buf, *len + n + 2);
	if (!b) {
		fprintf(stderr, "lol-vmm: out of memory\n");
		exit(2);
	}
	if (*len)
		b[(*len)++] = ' ';
	memcpy(b + *len, word, n + 1);
	*len += n;
	*buf = b;
}

static void print_stats(struct vm *vm)
{
	static const char *const names[VS_COUNT] = {
	    "afterburned sites", "privileged-op exits", "hypercalls", "SSC (device) calls",
	    "firmware calls", "guest syscalls (break)", "other breaks", "TLB refills/faults",
	    "other faults", "external interrupts", "timer ticks", "time slices", "idle"};
	for (unsigned c = 0; c < vm->ncpus; c++) {
		struct vcpu *v = vm->vcpu[c];
		bool nat;
		fprintf(stderr,
			"lol-vmm: cpu%u: %llu instructions, now at ip 0x%llx psr 0x%llx b0 0x%llx "
			"r32 0x%llx\n",
			c, (unsigned long long)v->cpu.insns, (unsigned long long)v->cpu.ip,
			(unsigned long long)v->cpu.psr, (unsigned long long)v->cpu.br[0],
			(unsigned long long)(v->cpu.cfm.sof ? cpu_get_gr(&v->cpu, 32, &nat) : 0));
		for (unsigned i = 0; i < VS_COUNT; i++)
			if (v->stats[i])
				fprintf(stderr, "lol-vmm: cpu%u:   %-24s %llu\n", c, names[i],
					(unsigned long long)v->stats[i]);
		uint64_t h = v->cpu.dcache_hits, m = v->cpu.dcache_misses;
		fprintf(stderr,
			"lol-vmm: cpu%u:   decoded-bundle cache    %llu hits, %llu misses (%.2f%%)\n", c,
			(unsigned long long)h, (unsigned long long)m, h + m ? 100.0 * (double)m / (double)(h + m) : 0.0);
		/* a lol kernel leaves regions 5-7 (the host's) alone: tests check */
		fprintf(stderr, "lol-vmm: cpu%u:   vTLB lookups by region  ", c);
		for (unsigned r = 0; r < 8; r++)
			fprintf(stderr, " %u:%llu", r, (unsigned long long)v->region_lookups[r]);
		fputc('\n', stderr);
		for (unsigned op = 0; op < IA64_OP_COUNT; op++)
			if (v->privop_stats[op])
				fprintf(stderr, "lol-vmm: cpu%u:     emulated %-16s %llu\n", c,
					ia64_op_name(op), (unsigned long long)v->privop_stats[op]);
	}
}

static void *host_gpa(void *ctx, uint64_t gpa, uint64_t len)
{
	return gpa_ptr(ctx, gpa, len);
}

static void host_irq(void *ctx, unsigned vector)
{
	struct vm *vm = ctx;
	vcpu_pend(vm->vcpu[0], vector);
}

/* Device traces: with -k or --trace only (warnings reach stderr anyway). */
static void host_log(void *ctx, const char *fmt, ...)
{
	struct vm *vm = ctx;
	if (!vm->cfg->keep && !vm->cfg->trace)
		return;
	va_list ap;
	va_start(ap, fmt);
	vm_vlog(fmt, ap);
	va_end(ap);
}

static int load_initrd(struct vm *vm)
{
	if (!vm->cfg->initrd)
		return 0;
	FILE *f = fopen(vm->cfg->initrd, "rb");
	if (!f) {
		fprintf(stderr, "lol-vmm: %s: %s\n", vm->cfg->initrd, strerror(errno));
		return -1;
	}
	uint64_t start = (vm->kernel_end + 0xffffull) & ~0xffffull;
	struct stat st;
	if (fstat(fileno(f), &st) || start + (uint64_t)st.st_size > vm->fw_base) {
		fprintf(stderr, "lol-vmm: %s: does not fit in guest memory after the kernel\n",
			vm->cfg->initrd);
		fclose(f);
		return -1;
	}
	size_t n = fread(vm->ram + start, 1, (size_t)st.st_size, f);
	fclose(f);
	if (n != (size_t)st.st_size) {
		fprintf(stderr, "lol-vmm: %s: short read\n", vm->cfg->initrd);
		return -1;
	}
	return fw_set_initrd(vm, start, n);
}

static struct vcpu *vcpu_create(struct vm *vm, unsigned id)
{
	struct vcpu *v = calloc(1, sizeof(*v));
	/* page-aligned: the guest maps it at LOL_VCPU_PAGE_ADDR */
	struct lol_vcpu_page *page = aligned_alloc(LOL_VCPU_PAGE_SIZE, LOL_VCPU_PAGE_SIZE);
	if (!v || !page) {
		free(v);
		free(page);
		return NULL;
	}
	memset(page, 0, LOL_VCPU_PAGE_SIZE);
	v->vm = vm;
	v->id = id;
	v->page = page;
	/* the engine itself is set up by vcpu_reset, at every power-on; its psr
	 * ops keep psr.i and psr.ic in the page's bytes, as the wedge does */
	v->cpu.config = (struct cpu_config){.stacked_regs = 96, .exit_on_sensitive = true,
					    .exit_on_priv = true, .virtual_pl = true,
					    .psr_mirror = &page->vpsr, .psr_i_byte = &page->psr_i,
					    .psr_ic_byte = &page->psr_ic};
	return v;
}

/* Power-on state (include/lol-abi.h section 5). */
static void vcpu_reset(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct cpu *c = &v->cpu;
	struct lol_vcpu_page *p = v->page;
	/* a fresh engine: registers, RSE, ALAT, caches as after power-on */
	struct cpu_config cc = c->config;
	if (c->dcache)
		cpu_destroy(c);
	memset(c, 0, sizeof(*c));
	if (cpu_init(c, &cc, &vcpu_mem_ops, v)) {
		fprintf(stderr, "lol-vmm: out of memory\n");
		exit(2);
	}
	memset(p, 0, sizeof(*p));
	memset(&v->tlb, 0, sizeof(v->tlb));
	memset(v->isr_service, 0, sizeof(v->isr_service));
	p->magic = LOL_VCPU_MAGIC;
	p->lid = (uint64_t)v->id << 24;
	p->itv = 1ull << 16; /* masked */
	p->pmv = p->cmcv = 1ull << 16;
	p->lrr0 = p->lrr1 = 1ull << 16;
	p->tpr = 1ull << 16;
	/* cpuid: vendor, serial, version (family 0x1f, Itanium 2), features */
	memcpy(p->cpuid, "lol-vmm ia64 cpu", 16);
	p->cpuid[3] = 4 | 0ull << 8 | 2ull << 16 | 0x1full << 24 | 0ull << 32;
	v->itm_armed = false;
	v->halted = v->in_sal = v->id != 0;
	/* one ITC for all: the engines' clocks started at different times */
	if (v->id)
		c->ar[44] += cpu_itc(&vm->vcpu[0]->cpu) - cpu_itc(c);
	c->psr = 0;
	vcpu_set_psr(v, PSR_BN);
	for (unsigned i = 0; i < 32; i++)
		c->gr[i] = 0;
	c->gr_nat = 0;
	c->ip = vm->entry;
	c->slot = 0;
	c->gr[28] = vm->boot_param;
	c->ar[0] = LOL_IO_PORT_BASE;
	p->kr[0] = LOL_IO_PORT_BASE;
	vcpu_flush_soft_tlb(v);
}

int main(int argc, char **argv)
{
	static struct vmm_config cfg = {.mem_bytes = 256ull << 20, .ncpus = 1};
	static const struct option longopts[] = {
	    {"stats", no_argument, NULL, 'v'},   {"trace", no_argument, NULL, 't'},
	    {"initrd", required_argument, NULL, 'i'}, {"console", required_argument, NULL, 'c'},
	    {"net", required_argument, NULL, 'n'},  {"hostfwd", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},     {"version", no_argument, NULL, 'V'},
	    {"site-exits", no_argument, NULL, 's'},
	    {NULL, 0, NULL, 0}};
	int opt;
	bool mem_given = false, net_given = false;
	while ((opt = getopt_long(argc, argv, "+m:kvhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			if (parse_size(optarg, &cfg.mem_bytes)) {
				fprintf(stderr, "lol-vmm: -m: bad size '%s'\n", optarg);
				return 2;
			}
			mem_given = true;
			break;
		case 'k': cfg.keep = true; break;
		case 'v': cfg.stats = true; cfg.verbose++; break;
		case 't': cfg.trace = true; break;
		case 's': cfg.site_exits = true; break;
		case 'i': cfg.initrd = optarg; break;
		case 'c':
			if (!strcmp(optarg, "stdio")) cfg.console = VMM_CONSOLE_STDIO;
			else if (!strcmp(optarg, "pty")) cfg.console = VMM_CONSOLE_PTY;
			else if (!strcmp(optarg, "none")) cfg.console = VMM_CONSOLE_NONE;
			else if (!strncmp(optarg, "unix:", 5) && optarg[5]) {
				cfg.console = VMM_CONSOLE_UNIX;
				cfg.console_path = optarg + 5;
			} else {
				fprintf(stderr, "lol-vmm: --console: unknown mode '%s'\n", optarg);
				return 2;
			}
			break;
		case 'n':
			net_given = true;
			if (!strcmp(optarg, "user")) cfg.net = VMM_NET_USER;
			else if (!strcmp(optarg, "none")) cfg.net = VMM_NET_NONE;
			else if (!strncmp(optarg, "tap:", 4) && optarg[4]) {
				cfg.net = VMM_NET_TAP;
				cfg.simeth_if = optarg + 4;
			} else {
				fprintf(stderr, "lol-vmm: --net: unknown mode '%s'\n", optarg);
				return 2;
			}
			break;
		case 'f':
			if (cfg.nhostfwd >= VMM_MAX_FWD) {
				fprintf(stderr, "lol-vmm: --hostfwd: at most %d rules\n", VMM_MAX_FWD);
				return 2;
			}
			cfg.hostfwd[cfg.nhostfwd++] = optarg;
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("lol-vmm %s\n", LOL_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "lol-vmm: no kernel given (usage: lol-vmm [options] VMLINUX [ARGS...])\n");
		return 2;
	}
	cfg.kernel = argv[optind++];
	char *cmdline = NULL;
	size_t len = 0;
	bool has_nomca = false;
	for (int i = optind; i < argc; i++) {
		const char *w = argv[i];
		if (!strncmp(w, "simscsi=", 8)) {
			cfg.simscsi_prefix = w + 8;
		} else if (!strncmp(w, "simeth=", 7)) {
			if (!net_given)
				cfg.net = VMM_NET_USER;
			if (cfg.net == VMM_NET_USER || !cfg.simeth_if)
				cfg.simeth_if = w + 7;
		} else if (!strncmp(w, "maxcpus=", 8)) {
			char *end;
			unsigned long n = strtoul(w + 8, &end, 10);
			if (*end || n < 1 || n > VMM_MAX_CPUS) {
				fprintf(stderr, "lol-vmm: maxcpus=: '%s' is not 1..%d\n", w + 8,
					VMM_MAX_CPUS);
				return 2;
			}
			cfg.ncpus = (unsigned)n;
		} else if (!strncmp(w, "mem=", 4) && !mem_given) {
			if (parse_size(w + 4, &cfg.mem_bytes)) {
				fprintf(stderr, "lol-vmm: mem=: bad size '%s'\n", w + 4);
				return 2;
			}
		} else if (!strcmp(w, "nomca")) {
			has_nomca = true;
		}
		append(&cmdline, &len, w);
	}
	/* machine-check handling needs SAL error records lol does not keep */
	if (!has_nomca)
		append(&cmdline, &len, "nomca");
	cfg.cmdline = cmdline;
	if (cfg.mem_bytes < (64ull << 20) || cfg.mem_bytes > (64ull << 30)) {
		fprintf(stderr, "lol-vmm: memory: %llu MiB; give 64 MiB to 64 GiB\n",
			(unsigned long long)(cfg.mem_bytes >> 20));
		return 2;
	}
	if (devices_check_disks(&cfg))
		return 2;

	ia64_init();
	static struct vm vm;
	vm.cfg = &cfg;
	vm.ncpus = cfg.ncpus;
	if (vm_ram_init(&vm) || vm_load_kernel(&vm) || fw_build(&vm) || load_initrd(&vm))
		return 2;
	size_t native = cfg.site_exits ? 0 : vm_restore_native_sites(&vm);
	for (unsigned i = 0; i < vm.ncpus; i++)
		if (!(vm.vcpu[i] = vcpu_create(&vm, i))) {
			fprintf(stderr, "lol-vmm: out of memory\n");
			return 2;
		}
	struct dev_host host = {.ctx = &vm, .gpa_ptr = host_gpa, .raise_irq = host_irq,
				.log = host_log};
	vm.dev = devices_create(&cfg, &host);
	if (!vm.dev)
		return 2;
	if (cfg.keep)
		fprintf(stderr,
			"lol-vmm: %s: %zu afterburned sites (%zu run by the interpreter itself); "
			"%llu MiB; command line: %s\n",
			cfg.kernel, vm.nsites, native, (unsigned long long)(cfg.mem_bytes >> 20),
			cfg.cmdline);
	for (;;) {
		for (unsigned i = 0; i < vm.ncpus; i++)
			vcpu_reset(vm.vcpu[i]);
		vm_run(&vm);
		if (!vm.reboot_requested)
			break;
		if (cfg.keep)
			fprintf(stderr, "lol-vmm: guest reboot\n");
		vm.reboot_requested = false;
		devices_reset(vm.dev);
		memset(vm.ram, 0, vm.ram_size);
		if (vm_load_kernel(&vm) || fw_build(&vm) || load_initrd(&vm))
			return 2;
		if (!cfg.site_exits)
			vm_restore_native_sites(&vm);
	}
	if (cfg.stats)
		print_stats(&vm);
	if (cfg.keep)
		vm_dump_guest_log(&vm);
	devices_destroy(vm.dev);
	return vm.exit_status;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware a Linux ia64 kernel expects, built by the monitor in guest
 * memory (include/lol-abi.h section 5): boot parameters, an EFI system table
 * with runtime services, an EFI memory map, a SAL system table, and PAL, SAL
 * and EFI entry points that are one break bundle each.  The calls are
 * answered here, on the vCPU's registers, and returned from as the calling
 * convention says.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "dev.h"
#include "vm.h"

/* The firmware area: the top 2 MiB of guest memory, above all the memory the
 * kernel may use (Linux 6.1's flat memory model treats everything below the
 * end of usable memory as RAM, holes included).  Offsets from vm->fw_base. */
#define FW_SIZE 0x200000
#define FW_BOOT_PARAM 0x10000
#define FW_CMDLINE 0x11000
#define FW_CMDLINE_MAX 2048 /* Linux's COMMAND_LINE_SIZE on ia64 */
#define FW_SYSTAB 0x12000
#define FW_VENDOR 0x12200
#define FW_RUNTIME 0x12400
#define FW_FDESC 0x12600   /* EFI runtime function descriptors */
#define FW_CONFIG 0x12800
#define FW_SALTAB 0x12a00
#define FW_MEMMAP 0x13000
#define FW_ACPI 0x14000 /* RSDP, XSDT, FADT, DSDT, MADT (more than one vCPU) */
#define FW_RNG_SEED 0x15000 /* Linux's EFI random seed table: u32 size, bytes */
#define FW_RNG_SEED_SIZE 32
#define FW_DATA_END 0x100000
#define FW_PAL 0x100000 /* EFI_PAL_CODE: the stubs */
#define FW_PAL_END 0x200000

#define EFI_RUNTIME_SERVICES_DATA 6
#define EFI_CONVENTIONAL_MEMORY 7
#define EFI_PAL_CODE 13
#define EFI_MEMORY_WB 0x8ull
#define EFI_MEMORY_RUNTIME (1ull << 63)
#define EFI_SUCCESS 0
#define EFI_UNSUPPORTED (0x8000000000000000ull | 3)
#define EFI_INVALID_PARAMETER (0x8000000000000000ull | 2)
#define MEMDESC_SIZE 48

#define PAL_UNIMPLEMENTED ((uint64_t)-1)
#define SAL_UNIMPLEMENTED ((uint64_t)-1)
#define ITC_FREQ 1000000000ull     /* the engine's ar.itc counts nanoseconds */
#define PLATFORM_FREQ 100000000ull /* ITC ratio 10/1 */


static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

/* "{ .mii; break.m IMM; nop.i 0; nop.i 0 }" */
static void put_break_bundle(uint8_t *p, uint32_t imm)
{
	uint64_t s0 = (uint64_t)(imm & 0xfffff) << 6 | (uint64_t)((imm >> 20) & 1) << 36;
	uint64_t nop_i = 1ull << 27;
	uint64_t lo = 0 /* template MII */ | s0 << 5 | nop_i << 46;
	uint64_t hi = nop_i >> 18 | nop_i << 23;
	put64(p, lo);
	put64(p + 8, hi);
}

static uint64_t stub_addr(const struct vm *vm, unsigned n)
{
	return vm->fw_base + FW_PAL + 16ull * n;
}

static void memdesc(uint8_t *d, uint32_t type, uint64_t start, uint64_t end, uint64_t attr)
{
	memset(d, 0, MEMDESC_SIZE);
	put32(d, type);
	put64(d + 8, start);
	put64(d + 24, (end - start) >> 12);
	put64(d + 32, attr);
}

static void efi_guid(uint8_t *p, uint32_t a, uint16_t b, uint16_t c, const uint8_t d[8])
{
	put32(p, a);
	put16(p + 4, b);
	put16(p + 6, c);
	memcpy(p + 8, d, 8);
}

static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s += *p++;
	return s;
}

/* ---- ACPI, only to describe several processors (MADT local SAPICs); the
 * FADT says "hardware-reduced", so no ACPI hardware or AML is needed. */

static void acpi_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, "LOL   ", 6);
	memcpy(t + 16, "LOLVMM  ", 8);
	put32(t + 24, 1);
	memcpy(t + 28, "LOL ", 4);
	put32(t + 32, 1);
}

static void acpi_sum(uint8_t *t, size_t len, size_t at)
{
	t[at] = 0;
	t[at] = (uint8_t)-checksum(t, len);
}

static void build_acpi(struct vm *vm)
{
	uint8_t *m = vm->ram;
	const uint64_t acpi = vm->fw_base + FW_ACPI, rsdp = acpi, xsdt = acpi + 0x40,
		       fadt = acpi + 0x100, dsdt = acpi + 0x300, madt = acpi + 0x400;
	uint8_t *r = m + rsdp;
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "LOL   ", 6);
	r[15] = 2;
	put32(r + 20, 36);
	put64(r + 24, xsdt);
	acpi_sum(r, 20, 8);
	acpi_sum(r, 36, 32);

	uint8_t *x = m + xsdt;
	acpi_header(x, "XSDT", 36 + 16, 1);
	put64(x + 36, fadt);
	put64(x + 44, madt);
	acpi_sum(x, 36 + 16, 9);

	uint8_t *d = m + dsdt;
	acpi_header(d, "DSDT", 36, 2);
	acpi_sum(d, 36, 9);

	uint8_t *f = m + fadt;
	acpi_header(f, "FACP", 268, 5);
	put32(f + 40, (uint32_t)dsdt);
	put32(f + 112, 1u << 20); /* HW_REDUCED_ACPI */
	f[131] = 1;              /* FADT minor version */
	put64(f + 140, dsdt);
	acpi_sum(f, 268, 9);

	uint8_t *a = m + madt;
	uint32_t len = 44;
	for (unsigned i = 0; i < vm->ncpus; i++) {
		uint8_t *e = a + len;
		e[0] = 7;  /* local SAPIC */
		e[1] = 17;
		e[2] = (uint8_t)i; /* ACPI processor id */
		e[3] = (uint8_t)i; /* id: lid bits 24..31 */
		e[4] = 0;          /* eid */
		put32(e + 8, 1);   /* enabled */
		put32(e + 12, i);
		e[16] = 0;
		len += 17;
	}
	acpi_header(a, "APIC", len, 3);
	put32(a + 36, FW_PIB_BASE);
	put32(a + 40, 0);
	acpi_sum(a, len, 9);
}

int fw_build(struct vm *vm)
{
	if (vm->ram_size < FW_SIZE || vm->kernel_end > vm->ram_size - FW_SIZE) {
		fprintf(stderr, "lol-vmm: memory: %llu MiB is too small for this kernel\n",
			(unsigned long long)(vm->ram_size >> 20));
		return -1;
	}
	const uint64_t base = vm->ram_size - FW_SIZE;
	uint8_t *m = vm->ram + base; /* offsets FW_* from here; guest addresses base + FW_* */
	vm->fw_base = base;
	vm->itc_freq = ITC_FREQ;
	memset(m, 0, FW_SIZE);

	/* entry stubs */
	for (unsigned n = 1; n < LOL_FW_COUNT; n++)
		put_break_bundle(vm->ram + stub_addr(vm, n), LOL_BREAK_FW(n));

	/* command line */
	size_t len = strlen(vm->cfg->cmdline);
	if (len >= FW_CMDLINE_MAX) {
		fprintf(stderr, "lol-vmm: command line: %zu bytes, the guest takes at most %d\n", len,
			FW_CMDLINE_MAX - 1);
		return -1;
	}
	memcpy(m + FW_CMDLINE, vm->cfg->cmdline, len + 1);

	/* EFI runtime services: function descriptors to the stubs */
	uint8_t *rt = m + FW_RUNTIME;
	put64(rt, 0x56524553544e5552ull); /* "RUNTSERV" */
	put32(rt + 8, 0x0001000a);
	put32(rt + 12, 24 + 14 * 8);
	for (unsigned i = 0; i < 11; i++) {
		uint64_t fd = FW_FDESC + 16ull * i;
		put64(m + fd, stub_addr(vm, LOL_FW_EFI_GET_TIME + i));
		put64(m + fd + 8, 0);
		put64(rt + 24 + 8 * i, base + fd);
	}

	/* vendor string (UCS-2) */
	const char *vendor = "lol";
	for (unsigned i = 0; vendor[i]; i++)
		put16(m + FW_VENDOR + 2 * i, (uint16_t)vendor[i]);

	/* SAL system table with one entry point descriptor */
	uint8_t *sst = m + FW_SALTAB;
	bool smp = vm->ncpus > 1;
	unsigned sst_size = 96 + 48 + (smp ? 16 : 0);
	memcpy(sst, "SST_", 4);
	put32(sst + 4, sst_size);
	sst[8] = 0x20; /* SAL 3.2 */
	sst[9] = 0x03;
	put16(sst + 10, smp ? 2 : 1);
	memcpy(sst + 24, "lol", 3); /* oem id */
	memcpy(sst + 56, "lol-vmm virtual ia64", 20); /* product id */
	uint8_t *ep = sst + 96;
	ep[0] = 0; /* entry point descriptor */
	put64(ep + 8, stub_addr(vm, LOL_FW_PAL));
	put64(ep + 16, stub_addr(vm, LOL_FW_SAL));
	put64(ep + 24, 0);
	if (smp) { /* AP wakeup descriptor: an external interrupt */
		uint8_t *ap = ep + 48;
		ap[0] = 5;
		ap[1] = 0;
		put64(ap + 8, FW_AP_WAKEUP_VECTOR);
	}
	sst[12] = (uint8_t)-checksum(sst, sst_size);

	/* EFI configuration table: the SAL system table */
	static const uint8_t sal_guid_tail[8] = {0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d};
	efi_guid(m + FW_CONFIG, 0xeb9d2d32, 0x2d88, 0x11d3, sal_guid_tail);
	put64(m + FW_CONFIG + 16, base + FW_SALTAB);
	unsigned ntables = 1;
	/* A random seed from the host, so the guest's RNG is ready at boot
	 * (Linux reads LINUX_EFI_RANDOM_SEED_TABLE; without it, about 70 s). */
	uint8_t seed[FW_RNG_SEED_SIZE];
	if (getrandom(seed, sizeof(seed), 0) == (ssize_t)sizeof(seed)) {
		static const uint8_t rng_tail[8] = {0x81, 0xe5, 0x8a, 0xad, 0xf1, 0x80, 0xf5, 0x7b};
		put32(m + FW_RNG_SEED, FW_RNG_SEED_SIZE);
		memcpy(m + FW_RNG_SEED + 4, seed, sizeof(seed));
		efi_guid(m + FW_CONFIG + 24 * ntables, 0x1ce1e5bc, 0x7ceb, 0x42f2, rng_tail);
		put64(m + FW_CONFIG + 24 * ntables + 16, base + FW_RNG_SEED);
		ntables++;
	}
	if (smp) {
		static const uint8_t acpi20_tail[8] = {0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81};
		efi_guid(m + FW_CONFIG + 24 * ntables, 0x8868e871, 0xe4f1, 0x11d3, acpi20_tail);
		put64(m + FW_CONFIG + 24 * ntables + 16, base + FW_ACPI);
		build_acpi(vm);
		ntables++;
	}

	/* EFI system table */
	uint8_t *st = m + FW_SYSTAB;
	put64(st, 0x5453595320494249ull); /* "IBI SYST" */
	put32(st + 8, 0x0001000a);         /* EFI 1.10 */
	put32(st + 12, 120);
	put64(st + 24, base + FW_VENDOR);
	put32(st + 32, 1);
	put64(st + 88, base + FW_RUNTIME);
	put64(st + 104, ntables);
	put64(st + 112, base + FW_CONFIG);

	/* memory map */
	uint8_t *mm = m + FW_MEMMAP;
	unsigned n = 0;
	memdesc(mm + MEMDESC_SIZE * n++, EFI_CONVENTIONAL_MEMORY, 0, base, EFI_MEMORY_WB);
	memdesc(mm + MEMDESC_SIZE * n++, EFI_RUNTIME_SERVICES_DATA, base, base + FW_DATA_END,
		EFI_MEMORY_WB | EFI_MEMORY_RUNTIME);
	memdesc(mm + MEMDESC_SIZE * n++, EFI_PAL_CODE, base + FW_PAL, base + FW_PAL_END,
		EFI_MEMORY_WB | EFI_MEMORY_RUNTIME);

	/* boot parameters (arch/ia64/include/uapi/asm/setup.h) */
	uint8_t *bp = m + FW_BOOT_PARAM;
	put64(bp + 0, base + FW_CMDLINE);
	put64(bp + 8, base + FW_SYSTAB);
	put64(bp + 16, base + FW_MEMMAP);
	put64(bp + 24, (uint64_t)n * MEMDESC_SIZE);
	put64(bp + 32, MEMDESC_SIZE);
	put32(bp + 40, 1);
	put16(bp + 44, 80);
	put16(bp + 46, 25);
	put64(bp + 56, 0); /* no FPSWA */
	put64(bp + 64, 0);
	put64(bp + 72, 0);
	vm->boot_param = base + FW_BOOT_PARAM;
	return 0;
}

/* Place the initrd after the kernel (page aligned) and tell the guest. */
int fw_set_initrd(struct vm *vm, uint64_t start, uint64_t size)
{
	uint8_t *bp = vm->ram + vm->fw_base + FW_BOOT_PARAM;
	put64(bp + 64, start);
	put64(bp + 72, size);
	return 0;
}

/* ---- calls -------------------------------------------------------------------------------- */

static uint64_t r(struct vcpu *v, unsigned n)
{
	bool nat;
	return cpu_get_gr(&v->cpu, n, &nat);
}

static void set_r(struct vcpu *v, unsigned n, uint64_t val)
{
	cpu_set_gr(&v->cpu, n, val, false);
}

/* Guest pointer (physical in physical mode, else the kernel's identity map
 * or the vTLB) to host. */
static void *guest_ptr(struct vcpu *v, uint64_t va, uint64_t len)
{
	uint64_t pa;
	if (!(v->cpu.psr & PSR_DT))
		pa = va & ~(1ull << 63);
	else if (kernel_idmap_pa(va, &pa))
		;
	else if (vtlb_translate(v, va, CPU_ACC_WRITE, &pa, NULL) != TR_OK)
		return NULL;
	return gpa_ptr(v->vm, pa, len);
}

/* A firmware call's results (r8..r11), then its return: br.ret through b0,
 * or (static PAL calls, entered by a plain branch) a branch to b0. */
static void fw_return(struct vcpu *v, const char *what, const uint64_t res[4], bool by_br_ret)
{
	for (unsigned i = 0; i < 4; i++)
		set_r(v, 8 + i, res[i]);
	if (!by_br_ret) {
		v->cpu.ip = v->cpu.br[0] & ~0xfull;
		v->cpu.slot = 0;
		return;
	}
	uint64_t fa;
	if (cpu_sys_br_ret(&v->cpu, 0, &fa) != CPU_FAULT_NONE)
		vm_die(v->vm, "%s return: backing store fault at 0x%llx", what, (unsigned long long)fa);
}

static void pal_call(struct vcpu *v)
{
	uint64_t idx = r(v, 28), r8 = 0, r9 = 0, r10 = 0, r11 = 0;
	bool stacked = idx >= 256 && idx < 512;
	uint64_t a1 = stacked ? r(v, 33) : r(v, 29);
	uint64_t a2 = stacked ? r(v, 34) : r(v, 30);
	(void)a2;
	switch (idx) {
	case 1: /* PAL_CACHE_FLUSH */
		break;
	case 2: /* PAL_CACHE_INFO: level a1, type a2: 64 KiB, 4-way, 128-byte lines */
		r9 = 4ull << 8 | 7ull << 16 | 7ull << 24 | 1ull << 32 | 1ull << 40;
		r10 = 64 * 1024 | 12ull << 32;
		break;
	case 4: /* PAL_CACHE_SUMMARY: one level, separate I and D */
		r9 = 1;
		r10 = 2;
		break;
	case 5: /* PAL_MEM_ATTRIB: WB, UC, UCE, WC, NaTPage */
		r9 = 0xf1;
		break;
	case 6: /* PAL_PTCE_INFO: one ptc.e purges everything */
		r9 = 0;
		r10 = 1ull << 32 | 1;
		r11 = 0;
		break;
	case 8: /* PAL_VM_SUMMARY */
		r9 = 50ull << 1 | 18ull << 8 | 15ull << 16 | (uint64_t)(VTLB_TR - 1) << 32 |
		     (uint64_t)(VTLB_TR - 1) << 40 | 2ull << 48 | 1ull << 56;
		r10 = 50 | 18ull << 8;
		break;
	case 11: /* PAL_DEBUG_INFO */
		r9 = 4;
		r10 = 4;
		break;
	case 13: /* PAL_FREQ_BASE */
		r9 = PLATFORM_FREQ;
		break;
	case 14: /* PAL_FREQ_RATIOS: num << 32 | den */
		r9 = 10ull << 32 | 1;
		r10 = 1ull << 32 | 1;
		r11 = 10ull << 32 | 1;
		break;
	case 17: /* PAL_PROC_GET_FEATURES: none */
	case 18: /* PAL_PROC_SET_FEATURES */
	case 22: /* PAL_MC_DRAIN */
		break;
	case 19: /* PAL_RSE_INFO */
		r9 = v->cpu.config.stacked_regs;
		r10 = 0;
		break;
	case 20: /* PAL_VERSION */
		r9 = 0x0100;
		r10 = 0x0100;
		break;
	case 28: /* PAL_HALT: the machine stops (halt(8)): lol-vmm ends, status 0 */
		v->vm->exit_status = 0;
		v->vm->exit_requested = true;
		break;
	case 257: { /* PAL_HALT_INFO: one power state (halt), implemented */
		uint8_t *buf = guest_ptr(v, a1, 64);
		if (!buf) {
			r8 = (uint64_t)-2; /* invalid argument */
			break;
		}
		memset(buf, 0, 64);
		put64(buf, 1ull << 60); /* im */
		break;
	}
	case 29: /* PAL_HALT_LIGHT */
		v->halted = true;
		v->stats[VS_IDLE]++;
		break;
	case 34: /* PAL_VM_PAGE_SIZE: 4K 8K 16K 64K 256K 1M 4M 16M 64M 256M 4G */
		r9 = 1ull << 12 | 1ull << 13 | 1ull << 14 | 1ull << 16 | 1ull << 18 | 1ull << 20 |
		     1ull << 22 | 1ull << 24 | 1ull << 26 | 1ull << 28 | 1ull << 32;
		r10 = r9;
		break;
	default:
		r8 = PAL_UNIMPLEMENTED;
		break;
	}
	(void)a1;
	if (v->vm->cfg->trace)
		vm_log(v->vm, "PAL %llu -> %lld", (unsigned long long)idx, (long long)r8);
	fw_return(v, "PAL", (const uint64_t[4]){r8, r9, r10, r11}, stacked);
}

static void sal_call(struct vcpu *v)
{
	uint64_t idx = r(v, 32), r8 = 0, r9 = 0, r10 = 0, r11 = 0;
	switch (idx) {
	case 0x01000000: /* SAL_SET_VECTORS */
		if (r(v, 33) == 2) { /* SAL_VECTOR_OS_BOOT_RENDEZ: where woken APs start */
			v->vm->ap_entry = r(v, 34);
			v->vm->ap_gp = r(v, 35);
		}
		break;
	case 0x01000008: /* SAL_CACHE_FLUSH */
	case 0x01000009: /* SAL_CACHE_INIT */
	case 0x01000013: /* SAL_PHYSICAL_ID_INFO */
	case 0x01000005: /* SAL_MC_SET_PARAMS */
		break;
	case 0x01000012: /* SAL_FREQ_BASE */
		r9 = r(v, 33) == 0 ? PLATFORM_FREQ : 0;
		if (r(v, 33) != 0)
			r8 = SAL_UNIMPLEMENTED;
		break;
	case 0x01000010: /* SAL_PCI_CONFIG_READ: no PCI */
		r8 = SAL_UNIMPLEMENTED;
		r9 = ~0ull;
		break;
	default:
		r8 = SAL_UNIMPLEMENTED;
		break;
	}
	if (v->vm->cfg->trace)
		vm_log(v->vm, "SAL 0x%llx -> %lld", (unsigned long long)idx, (long long)r8);
	fw_return(v, "SAL", (const uint64_t[4]){r8, r9, r10, r11}, true);
}

static uint64_t efi_get_time(struct vcpu *v)
{
	uint8_t *tm = guest_ptr(v, r(v, 32), 16);
	if (!tm)
		return EFI_INVALID_PARAMETER;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm t;
	gmtime_r(&ts.tv_sec, &t);
	memset(tm, 0, 16);
	put16(tm, (uint16_t)(t.tm_year + 1900));
	tm[2] = (uint8_t)(t.tm_mon + 1);
	tm[3] = (uint8_t)t.tm_mday;
	tm[4] = (uint8_t)t.tm_hour;
	tm[5] = (uint8_t)t.tm_min;
	tm[6] = (uint8_t)t.tm_sec;
	put32(tm + 8, (uint32_t)ts.tv_nsec);
	put16(tm + 12, 0x07ff); /* EFI_UNSPECIFIED_TIMEZONE */
	uint64_t cap = r(v, 33);
	if (cap) {
		uint8_t *c = guest_ptr(v, cap, 12);
		if (c) {
			put32(c, 1);
			put32(c + 4, 1000000000);
			put32(c + 8, 0);
		}
	}
	return EFI_SUCCESS;
}

/* SetVirtualAddressMap(size, descriptor size, version, map): afterwards the
 * kernel calls through the descriptors at the virtual addresses it chose
 * for the runtime ranges (region 7 for a classic kernel, region 4 for a lol
 * one), so each descriptor's entry point and gp become those. */
static uint64_t efi_set_virtual_map(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint64_t size = r(v, 32), dsize = r(v, 33);
	if (dsize < MEMDESC_SIZE || dsize > 4096 || size / dsize > 256)
		return EFI_INVALID_PARAMETER;
	const uint8_t *map = guest_ptr(v, r(v, 35), size);
	if (!map)
		return EFI_INVALID_PARAMETER;
	uint64_t pal = vm->fw_base + FW_PAL, off = 0;
	bool found = false;
	for (uint64_t i = 0; i + dsize <= size; i += dsize) {
		uint64_t phys, virt, pages, attr;
		memcpy(&phys, map + i + 8, 8);
		memcpy(&virt, map + i + 16, 8);
		memcpy(&pages, map + i + 24, 8);
		memcpy(&attr, map + i + 32, 8);
		if ((attr & EFI_MEMORY_RUNTIME) && pal - phys < pages * 4096) {
			off = virt - phys;
			found = true;
		}
	}
	if (!found)
		return EFI_INVALID_PARAMETER;
	for (unsigned i = 0; i < 11; i++) {
		uint8_t *fd = vm->ram + vm->fw_base + FW_FDESC + 16 * i;
		uint64_t ip;
		memcpy(&ip, fd, 8);
		put64(fd, ip + off);
		put64(fd + 8, off);
	}
	return EFI_SUCCESS;
}

int fw_call(struct vcpu *v, unsigned nr)
{
	struct vm *vm = v->vm;
	v->stats[VS_FW]++;
	if (nr == LOL_FW_PAL) {
		pal_call(v);
		return 0;
	}
	if (nr == LOL_FW_SAL) {
		sal_call(v);
		return 0;
	}
	uint64_t status = EFI_UNSUPPORTED;
	switch (nr) {
	case LOL_FW_EFI_GET_TIME:
		status = efi_get_time(v);
		break;
	case LOL_FW_EFI_SET_VIRTUAL_ADDRESS_MAP:
		status = efi_set_virtual_map(v);
		break;
	case LOL_FW_EFI_RESET_SYSTEM: {
		uint64_t type = r(v, 32);
		if (type == 2) { /* EfiResetShutdown */
			vm->exit_status = (int)r(v, 33);
			vm->exit_requested = true;
		} else {
			vm->reboot_requested = true;
		}
		return 0;
	}
	default:
		break;
	}
	if (vm->cfg->trace)
		vm_log(vm, "EFI call %u -> 0x%llx", nr, (unsigned long long)status);
	fw_return(v, "EFI", (const uint64_t[4]){status, r(v, 9), r(v, 10), r(v, 11)}, true);
	return 0;
}

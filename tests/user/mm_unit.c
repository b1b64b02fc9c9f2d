// SPDX-License-Identifier: GPL-2.0
/*
 * lol-user's guest address space (vmm/user/mm.c) and RSE helpers (rse.c) against what
 * ia64 Linux does: bottom-up first-fit placement from TASK_UNMAPPED_BASE, 1 MiB alignment
 * of shared mappings, MAP_FIXED / MAP_FIXED_NOREPLACE, mprotect, mremap, brk, SIGBUS past
 * the end of a mapped file, stack growth; and the backing store layout of SDM vol 2 6.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tap.h"
#include "user.h"

#define PG G_PAGE_SIZE
#define BASE 0x2000000000000000ull

const char *progname = "mm_unit";
void warnx_(const char *fmt, ...)
{
	(void)fmt;
}

static enum cpu_fault refill(struct mm *mm, uint64_t va, unsigned acc, struct cpu_tlb_fill *f)
{
	return mm_cpu_ops.refill(mm, va, acc, f);
}

static void test_placement(void)
{
	struct mm *mm = mm_new();
	int64_t a = mm_mmap(mm, 0, 3 * PG, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tap_ok(a == (int64_t)BASE, "first mapping at TASK_UNMAPPED_BASE (%#lx)", (long)a);
	int64_t b = mm_mmap(mm, 0, 100, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tap_ok(b == (int64_t)(BASE + 3 * PG), "next one right after it, length rounded to 16K");
	tap_ok(mm_munmap(mm, BASE + PG, PG) == 0, "munmap of the middle page");
	int64_t c = mm_mmap(mm, 0, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tap_ok(c == (int64_t)(BASE + PG), "first fit takes the hole (%#lx)", (long)c);
	int64_t d = mm_mmap(mm, 0, PG, 3, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	tap_ok(d > 0 && (d & ((1 << 20) - 1)) == 0, "shared mapping 1 MiB aligned (%#lx)", (long)d);
	uint64_t hint = 0x6000000100000000ull;
	int64_t e = mm_mmap(mm, hint, 2 * PG, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tap_ok(e == (int64_t)hint, "a free hint is taken as it is");
	int64_t f = mm_mmap(mm, hint, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tap_ok(f == (int64_t)(hint + 2 * PG), "a taken hint: the next free range above it");
	uint8_t *h = mm_host(mm, hint, 2 * PG, G_PROT_W, NULL);
	tap_ok(h != NULL, "host memory for the mapping");
	if (h)
		memset(h, 0x5a, 2 * PG);
	int64_t g = mm_mmap(mm, hint, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	h = mm_host(mm, hint, 2 * PG, G_PROT_R, NULL);
	tap_ok(g == (int64_t)hint && h && h[0] == 0 && h[PG] == 0x5a,
	       "MAP_FIXED replaces one page with zeros, keeps the next");
	tap_ok(mm_mmap(mm, hint, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) ==
		   -EEXIST,
	       "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
	tap_ok(mm_mmap(mm, hint + 8, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		   -EINVAL,
	       "unaligned MAP_FIXED: EINVAL");
	tap_ok(mm_mmap(mm, 0, 0, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == -EINVAL,
	       "length 0: EINVAL");
	tap_ok(mm_mmap(mm, 0xa000000000100000ull, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0) == -EINVAL,
	       "MAP_FIXED in region 5: EINVAL");
	tap_ok(mm_mmap(mm, 0x4000000000000000ull - PG, 2 * PG, 3,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == -EINVAL,
	       "MAP_FIXED across a region boundary: EINVAL");
	tap_ok(mm_mmap(mm, 0x2000100000000000ull, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0) == -EINVAL,
	       "MAP_FIXED beyond the region's mappable 2^44 bytes: EINVAL");
	tap_ok(mm_mmap(mm, 0, PG, 3, 0, -1, 0) == -EINVAL, "neither shared nor private: EINVAL");
	mm_free(mm);
}

static void test_protect(void)
{
	struct mm *mm = mm_new();
	int64_t a = mm_mmap(mm, 0, 4 * PG, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct cpu_tlb_fill f;
	tap_ok(refill(mm, a + PG + 8, CPU_ACC_WRITE, &f) == CPU_FAULT_NONE && f.page_shift == 14 &&
		   (f.access & CPU_ACC_WRITE),
	       "refill: a 16K page, writable");
	tap_ok(mm_mprotect(mm, a + PG, PG, G_PROT_R) == 0, "mprotect one page read-only");
	int sig, code;
	tap_ok(refill(mm, a + PG, CPU_ACC_WRITE, &f) == CPU_FAULT_ACCESS_RIGHTS,
	       "write to it: access rights fault");
	mm_last_fault(&sig, &code);
	tap_ok(sig == SIGSEGV && code == SEGV_ACCERR, "reported as SIGSEGV/SEGV_ACCERR");
	tap_ok(refill(mm, a + PG, CPU_ACC_READ, &f) == CPU_FAULT_NONE, "read from it: fine");
	tap_ok(refill(mm, a + PG, CPU_ACC_EXEC, &f) == CPU_FAULT_ACCESS_RIGHTS,
	       "execute from it: access rights fault");
	tap_ok(mm_host(mm, a, 2 * PG, G_PROT_W, NULL) == NULL &&
		   mm_host(mm, a, 2 * PG, G_PROT_R, NULL),
	       "a system call may read but not write across it");
	tap_ok(refill(mm, a + 4 * PG, CPU_ACC_READ, &f) == CPU_FAULT_TLB_MISS,
	       "unmapped: TLB miss");
	mm_last_fault(&sig, &code);
	tap_ok(sig == SIGSEGV && code == SEGV_MAPERR, "reported as SIGSEGV/SEGV_MAPERR");
	tap_ok(mm_mprotect(mm, a + 2 * PG, 4 * PG, G_PROT_R) == -ENOMEM,
	       "mprotect over a hole: ENOMEM");
	tap_ok(mm_mprotect(mm, a + 1, PG, G_PROT_R) == -EINVAL, "mprotect unaligned: EINVAL");
	tap_ok(mm_mprotect(mm, a, 4 * PG, 0) == 0 && refill(mm, a, CPU_ACC_READ, &f) != 0,
	       "PROT_NONE: no access at all");
	mm_free(mm);
}

static void test_remap(void)
{
	struct mm *mm = mm_new();
	int64_t a = mm_mmap(mm, 0, 2 * PG, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *h = mm_host(mm, a, 2 * PG, G_PROT_W, NULL);
	for (unsigned i = 0; i < 2 * PG; i++)
		h[i] = (uint8_t)(i * 7);
	int64_t r = mm_mremap(mm, a, 2 * PG, 4 * PG, 0, 0);
	h = mm_host(mm, a, 4 * PG, G_PROT_R, NULL);
	tap_ok(r == a && h && h[PG + 3] == (uint8_t)((PG + 3) * 7) && h[3 * PG] == 0,
	       "mremap grows in place when the space is free, data kept, growth zeroed");
	int64_t block =
	    mm_mmap(mm, a + 4 * PG, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	tap_ok(block == a + 4 * (int64_t)PG && mm_mremap(mm, a, 4 * PG, 8 * PG, 0, 0) == -ENOMEM,
	       "blocked and without MREMAP_MAYMOVE: ENOMEM");
	r = mm_mremap(mm, a, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
	h = r > 0 ? mm_host(mm, (uint64_t)r, 8 * PG, G_PROT_R, NULL) : NULL;
	tap_ok(r > 0 && r != a && h && h[PG + 5] == (uint8_t)((PG + 5) * 7) && h[7 * PG] == 0,
	       "MREMAP_MAYMOVE moves it with its data (%#lx)", (long)r);
	struct cpu_tlb_fill f;
	tap_ok(refill(mm, a, CPU_ACC_READ, &f) == CPU_FAULT_TLB_MISS, "the old place is unmapped");
	tap_ok(mm_mremap(mm, r, 8 * PG, PG, 0, 0) == r && refill(mm, r + PG, CPU_ACC_READ, &f) != 0,
	       "shrinking keeps the address and unmaps the tail");
	tap_ok(mm_mremap(mm, r + 8, PG, 2 * PG, 0, 0) == -EINVAL, "unaligned: EINVAL");
	tap_ok(mm_mremap(mm, 0x2000000200000000ull, PG, 2 * PG, 0, 0) == -EFAULT,
	       "nothing mapped there: EFAULT");
	mm_free(mm);
}

static void test_brk(void)
{
	struct mm *mm = mm_new();
	uint64_t start = 0x6000000000010000ull;
	mm_set_brk(mm, start);
	tap_ok(mm_brk(mm, 0) == start, "brk(0) reports the start");
	tap_ok(mm_brk(mm, start + 100000) == start + 100000, "brk grows");
	uint8_t *h = mm_host(mm, start, 100000, G_PROT_W, NULL);
	tap_ok(h != NULL, "the heap is writable");
	if (h)
		h[99999] = 1;
	tap_ok(mm_brk(mm, start + 10) == start + 10, "brk shrinks");
	struct cpu_tlb_fill f;
	tap_ok(refill(mm, start + 5 * PG, CPU_ACC_READ, &f) == CPU_FAULT_TLB_MISS,
	       "pages above the new break are gone");
	tap_ok(mm_brk(mm, start - PG) == start + 10, "below the start: unchanged (ia64_brk)");
	mm_mmap(mm, start + 4 * PG, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	tap_ok(mm_brk(mm, start + 8 * PG) == start + 10, "into a mapping: unchanged");
	mm_free(mm);
}

static void test_file(void)
{
	struct mm *mm = mm_new();
	char path[] = "/tmp/mm_unit.XXXXXX";
	int fd = mkstemp(path);
	unlink(path);
	uint8_t buf[20000];
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i % 251 + 1);
	tap_ok(write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf), "a 20000-byte file");
	int64_t a = mm_mmap(mm, 0, 3 * PG, G_PROT_R, MAP_PRIVATE, fd, 0);
	uint8_t *h = a > 0 ? mm_host(mm, a, 2 * PG, G_PROT_R, NULL) : NULL;
	tap_ok(h && memcmp(h, buf, sizeof(buf)) == 0, "mapped with its contents");
	bool zero = h != NULL;
	for (unsigned i = sizeof(buf); h && i < 2 * PG; i++)
		zero &= h[i] == 0;
	tap_ok(zero, "the rest of the last page reads as zeros");
	struct cpu_tlb_fill f;
	int sig = 0, code = 0;
	enum cpu_fault ft = refill(mm, a + 2 * PG, CPU_ACC_READ, &f);
	mm_last_fault(&sig, &code);
	tap_ok(ft != CPU_FAULT_NONE && sig == SIGBUS, "a page wholly past the end: SIGBUS");
	tap_ok(mm_mmap(mm, 0, PG, G_PROT_R, MAP_PRIVATE, fd, 100) == -EINVAL,
	       "file offset not page aligned: EINVAL");
	tap_ok(mm_mmap(mm, 0, PG, G_PROT_R, MAP_PRIVATE, 1000, 0) == -EBADF,
	       "bad descriptor: EBADF");
	int ro = open("/proc/self/exe", O_RDONLY);
	tap_ok(mm_mmap(mm, 0, PG, G_PROT_R | G_PROT_W, MAP_SHARED, ro, 0) == -EACCES,
	       "writable shared mapping of a read-only descriptor: EACCES");
	close(ro);
	close(fd);
	mm_free(mm);
}

static void test_stack(void)
{
	struct mm *mm = mm_new();
	uint64_t top = G_STACK_TOP;
	int64_t s = mm_map_anon(mm, top - 4 * PG, 4 * PG, 3, true, MM_GROWS_DOWN);
	struct cpu_tlb_fill f;
	tap_ok(s == (int64_t)(top - 4 * PG), "a stack below STACK_TOP");
	tap_ok(refill(mm, top - 100 * PG, CPU_ACC_WRITE, &f) == CPU_FAULT_NONE,
	       "touching 100 pages down grows it");
	tap_ok(refill(mm, top - (1ull << 40), CPU_ACC_WRITE, &f) == CPU_FAULT_TLB_MISS,
	       "1 TiB down is beyond the limit");
	uint64_t rbs = 0x6000080000000000ull;
	mm_map_anon(mm, rbs, PG, 3, true, MM_GROWS_UP);
	tap_ok(refill(mm, rbs + 50 * PG, CPU_ACC_WRITE, &f) == CPU_FAULT_NONE,
	       "a backing store grows up");
	tap_ok(mm_host(mm, top - 200 * PG, 8, G_PROT_W, NULL) != NULL,
	       "a system call's buffer below the stack grows it too");
	mm_free(mm);
}

/* The backing store: slot 63 of every 64 doublewords collects NaT bits. */
static void test_rse(void)
{
	uint64_t b = 0x6000080000000000ull;
	tap_ok(rse_skip(b, 62) == b + 62 * 8 && rse_skip(b, 63) == b + 64 * 8,
	       "register 63 from a group start skips the collection slot");
	tap_ok(rse_skip(b + 64 * 8, -1) == b + 62 * 8, "and back");
	tap_ok(rse_count(b, b + 64 * 8) == 63 && rse_count(b + 8, b + 130 * 8) == 127,
	       "counting registers between addresses");
	tap_ok(rse_skip(b + 10 * 8, 200) == b + (10 + 200 + 3) * 8, "200 registers cross 3 slots");

	/* A fake cpu: 20 dirty registers and a frame of 10, flushed with cover. */
	struct mm *mm = mm_new();
	mm_map_anon(mm, b, PG, 3, true, MM_GROWS_UP);
	struct cpu c;
	memset(&c, 0, sizeof(c));
	c.config.stacked_regs = 96;
	uint64_t stacked[96];
	uint8_t nat[96];
	c.stacked = stacked;
	c.stacked_nat = nat;
	c.mem_ctx = mm;
	uint64_t start = b + 50 * 8; /* 13 registers before the first collection slot */
	c.bof = 5;		     /* the ring wraps: dirty ones at 81..95, 0..4 */
	c.ndirty = 20;
	c.cfm.sof = 10;
	c.cfm.sol = 4;
	c.ar[G_AR_BSPSTORE] = start;
	c.ar[G_AR_BSP] = rse_skip(start, 20);
	for (unsigned k = 0; k < 30; k++) {
		unsigned p = (5 + 96 - 20 + k) % 96;
		stacked[p] = 0x1000 + k;
		nat[p] = k % 3 == 0;
	}
	tap_ok(rse_flush(&c, true) == 0, "flush with cover");
	uint64_t *h = mm_host(mm, b, PG, G_PROT_R, NULL);
	bool ok = true;
	for (unsigned k = 0; k < 30; k++) {
		unsigned slot = 50 + k + (50 + k >= 63 ? 1 : 0);
		ok &= h[slot] == 0x1000 + k;
		if (50 + k < 63)
			ok &= ((h[63] >> slot) & 1) == (k % 3 == 0);
	}
	tap_ok(ok, "30 registers in order around the collection slot, NaT bits collected");
	tap_ok(c.ar[G_AR_BSP] == b + 81 * 8 && c.ar[G_AR_BSPSTORE] == c.ar[G_AR_BSP] &&
		   c.ndirty == 0 && c.cfm.sof == 0 && c.bof == 15,
	       "after cover: bsp past the frame, nothing dirty, an empty frame");
	/* Scribble over the physical file, then bring the frame back. */
	for (unsigned k = 0; k < 96; k++)
		stacked[k] = 0xdead, nat[k] = 0;
	struct cpu_cfm cf = {.sof = 10, .sol = 4};
	tap_ok(rse_uncover(&c, cfm_pack(&cf)) == 0, "uncover");
	ok = c.cfm.sof == 10 && c.bof == 5 && c.ar[G_AR_BSP] == b + 71 * 8;
	for (unsigned k = 0; k < 10; k++)
		ok &= stacked[(5 + k) % 96] == 0x1000 + 20 + k &&
		      nat[(5 + k) % 96] == ((20 + k) % 3 == 0);
	tap_ok(ok, "the frame's registers and NaT bits come back from memory");
	mm_free(mm);
}

int main(void)
{
	test_placement();
	test_protect();
	test_remap();
	test_brk();
	test_file();
	test_stack();
	test_rse();
	return tap_done();
}

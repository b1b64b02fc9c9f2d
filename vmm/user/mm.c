// SPDX-License-Identifier: GPL-2.0
/*
 * The guest address space.  Guest virtual memory is sparse over five 2^61-byte regions;
 * it is cut into 16 GiB "chunks", and each chunk the guest touches gets one host
 * reservation (PROT_NONE, MAP_NORESERVE) of the same size, so that a guest address
 * always maps to the same host address: host = chunk base + (va mod 16 GiB).  Guest
 * memory that is contiguous inside a chunk is contiguous on the host, which lets system
 * calls take guest buffers as they are, and a stale translation in another thread's soft
 * TLB can at worst name the right memory with the wrong permissions, never other memory.
 *
 * The guest's mappings are kept as a sorted array of areas (vma) that never cross a chunk
 * boundary; the interpreter's TLB refill looks an address up there under a read lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "user.h"

#define CHUNK_SHIFT 34
#define CHUNK_SIZE (1ull << CHUNK_SHIFT)
#define CHUNK_MASK (CHUNK_SIZE - 1)
#define HOST_PAGE 4096ull

enum {
	K_FILE = 1,	 /* file backed (not merged with neighbours) */
	K_SHARED = 2,	 /* MAP_SHARED */
	K_GROWSDOWN = 4, /* a stack */
	K_GROWSUP = 8,	 /* the register backing store */
	K_BUS = 16,	 /* file pages wholly beyond end of file: SIGBUS */
	K_NORESERVE = 32,
	K_HEAP = 64, /* brk */
	K_SHM = 128, /* a SysV shared memory attachment */
};

struct vma {
	uint64_t start, end; /* guest, page aligned */
	uint8_t *host;	     /* host address of start */
	uint64_t off;	     /* file offset of start */
	uint8_t prot;	     /* G_PROT_* */
	uint8_t kind;	     /* K_* */
};

struct chunk {
	uint64_t idx; /* va >> CHUNK_SHIFT */
	uint8_t *host;
};

struct mm {
	pthread_rwlock_t lock;
	struct vma *v;
	size_t nv, vcap;
	struct chunk *c;
	size_t nc, ccap;
	uint64_t brk_start, brk;
	uint64_t stack_limit;
	atomic_uint gen;
};

static __thread int fault_sig = SIGSEGV, fault_code = SEGV_MAPERR;

void mm_last_fault(int *sig, int *code)
{
	*sig = fault_sig;
	*code = fault_code;
}

unsigned mm_generation(struct mm *mm)
{
	return atomic_load_explicit(&mm->gen, memory_order_acquire);
}

static void bump(struct mm *mm)
{
	atomic_fetch_add_explicit(&mm->gen, 1, memory_order_release);
}

struct mm *mm_new(void)
{
	struct mm *mm = calloc(1, sizeof(*mm));
	if (!mm)
		return NULL;
	pthread_rwlock_init(&mm->lock, NULL);
	struct rlimit rl;
	uint64_t lim = 8ull << 20;
	if (getrlimit(RLIMIT_STACK, &rl) == 0)
		lim = rl.rlim_cur == RLIM_INFINITY ? G_MAX_STACK : rl.rlim_cur;
	mm->stack_limit = lim > G_MAX_STACK ? G_MAX_STACK : lim;
	return mm;
}

void mm_free(struct mm *mm)
{
	for (size_t i = 0; i < mm->nc; i++)
		munmap(mm->c[i].host, CHUNK_SIZE);
	free(mm->c);
	free(mm->v);
	pthread_rwlock_destroy(&mm->lock);
	free(mm);
}

void mm_lock_for_fork(struct mm *mm)
{
	pthread_rwlock_wrlock(&mm->lock);
}

void mm_unlock_after_fork(struct mm *mm, bool child)
{
	/* glibc's rwlock records its writer's tid, which the child does not have. */
	if (child)
		pthread_rwlock_init(&mm->lock, NULL);
	else
		pthread_rwlock_unlock(&mm->lock);
}

/* ---- chunks --------------------------------------------------------------------------------- */

static struct chunk *chunk_find(struct mm *mm, uint64_t idx)
{
	size_t lo = 0, hi = mm->nc;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (mm->c[m].idx < idx)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < mm->nc && mm->c[lo].idx == idx ? &mm->c[lo] : NULL;
}

/* Host address of va, reserving its chunk if needed (write lock held).  NULL: no memory. */
static uint8_t *host_of(struct mm *mm, uint64_t va)
{
	uint64_t idx = va >> CHUNK_SHIFT;
	struct chunk *c = chunk_find(mm, idx);
	if (!c) {
		void *h = mmap(NULL, CHUNK_SIZE, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (h == MAP_FAILED)
			return NULL;
		if (mm->nc == mm->ccap) {
			size_t n = mm->ccap ? mm->ccap * 2 : 16;
			struct chunk *nc = realloc(mm->c, n * sizeof(*nc));
			if (!nc) {
				munmap(h, CHUNK_SIZE);
				return NULL;
			}
			mm->c = nc, mm->ccap = n;
		}
		size_t i = 0;
		while (i < mm->nc && mm->c[i].idx < idx)
			i++;
		memmove(&mm->c[i + 1], &mm->c[i], (mm->nc - i) * sizeof(*mm->c));
		mm->c[i] = (struct chunk){idx, h};
		mm->nc++;
		c = &mm->c[i];
	}
	return c->host + (va & CHUNK_MASK);
}

/* Give host memory back to the chunk reservation. */
static void host_release(uint8_t *h, uint64_t len)
{
	mmap(h, len, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
}

/* ---- areas ---------------------------------------------------------------------------------- */

/* Index of the first area with end > va. */
static size_t vfind(const struct mm *mm, uint64_t va)
{
	size_t lo = 0, hi = mm->nv;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (mm->v[m].end <= va)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

static int vreserve(struct mm *mm, size_t extra)
{
	if (mm->nv + extra <= mm->vcap)
		return 0;
	size_t n = mm->vcap ? mm->vcap * 2 : 64;
	while (n < mm->nv + extra)
		n *= 2;
	struct vma *nv = realloc(mm->v, n * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	mm->v = nv, mm->vcap = n;
	return 0;
}

/* Split the area at index i so that one ends at a (start < a < end). */
static int vsplit(struct mm *mm, size_t i, uint64_t a)
{
	if (vreserve(mm, 1))
		return -ENOMEM;
	memmove(&mm->v[i + 1], &mm->v[i], (mm->nv - i) * sizeof(*mm->v));
	mm->nv++;
	struct vma *lo = &mm->v[i], *hi = &mm->v[i + 1];
	uint64_t d = a - lo->start;
	lo->end = a;
	hi->start = a;
	hi->host += d;
	hi->off += d;
	return 0;
}

/* Make area boundaries at s and e (so that [s, e) is a union of whole areas). */
static int vcut(struct mm *mm, uint64_t s, uint64_t e)
{
	size_t i = vfind(mm, s);
	if (i < mm->nv && mm->v[i].start < s && vsplit(mm, i, s))
		return -ENOMEM;
	i = vfind(mm, e);
	if (i < mm->nv && mm->v[i].start < e && vsplit(mm, i, e))
		return -ENOMEM;
	return 0;
}

/* Remove the bookkeeping of [s, e) (areas must already be cut there). */
static void vremove(struct mm *mm, uint64_t s, uint64_t e)
{
	size_t i = vfind(mm, s), j = i;
	while (j < mm->nv && mm->v[j].start < e)
		j++;
	if (j == i)
		return;
	memmove(&mm->v[i], &mm->v[j], (mm->nv - j) * sizeof(*mm->v));
	mm->nv -= j - i;
}

static bool mergeable(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->host + (a->end - a->start) == b->host &&
	       a->prot == b->prot && a->kind == b->kind && !(a->kind & (K_FILE | K_BUS));
}

static void vmerge_at(struct mm *mm, size_t i)
{
	if (i + 1 < mm->nv && mergeable(&mm->v[i], &mm->v[i + 1])) {
		mm->v[i].end = mm->v[i + 1].end;
		memmove(&mm->v[i + 1], &mm->v[i + 2], (mm->nv - i - 2) * sizeof(*mm->v));
		mm->nv--;
	}
	if (i > 0 && i < mm->nv && mergeable(&mm->v[i - 1], &mm->v[i])) {
		mm->v[i - 1].end = mm->v[i].end;
		memmove(&mm->v[i], &mm->v[i + 1], (mm->nv - i - 1) * sizeof(*mm->v));
		mm->nv--;
	}
}

/* Insert an area into a hole (one chunk at most). */
static int vinsert(struct mm *mm, const struct vma *a)
{
	if (vreserve(mm, 1))
		return -ENOMEM;
	size_t i = vfind(mm, a->start);
	memmove(&mm->v[i + 1], &mm->v[i], (mm->nv - i) * sizeof(*mm->v));
	mm->v[i] = *a;
	mm->nv++;
	vmerge_at(mm, i);
	return 0;
}

/* Merge what can be merged around [s, e]. */
static void merge_span(struct mm *mm, uint64_t s, uint64_t e)
{
	size_t i = vfind(mm, s);
	if (i > 0)
		i--;
	while (i + 1 < mm->nv && mm->v[i].start <= e) {
		if (mergeable(&mm->v[i], &mm->v[i + 1])) {
			mm->v[i].end = mm->v[i + 1].end;
			memmove(&mm->v[i + 1], &mm->v[i + 2], (mm->nv - i - 2) * sizeof(*mm->v));
			mm->nv--;
		} else {
			i++;
		}
	}
}

static bool overlaps(const struct mm *mm, uint64_t s, uint64_t e)
{
	size_t i = vfind(mm, s);
	return i < mm->nv && mm->v[i].start < e;
}

/* A range a mapping may use: user regions only, inside one region's mappable part
 * (arch/ia64 ia64_mmap_check). */
static bool range_ok(uint64_t a, uint64_t len)
{
	if (len == 0 || len > G_RGN_MAP_LIMIT || a >= G_TASK_SIZE)
		return false;
	return G_RGN_OFF(a) <= G_RGN_MAP_LIMIT - len;
}

/* First free range of len bytes at or above hint, aligned to align (bottom-up, as
 * arch_get_unmapped_area with vm_unmapped_area does). */
static uint64_t find_free(const struct mm *mm, uint64_t hint, uint64_t len, uint64_t align)
{
	uint64_t a = hint ? G_PAGE_UP(hint) : G_MAP_BASE;
	if (a < G_PAGE_SIZE * 4)
		a = G_PAGE_SIZE * 4;
	for (;;) {
		a = (a + align - 1) & ~(align - 1);
		if (a >= G_TASK_SIZE || a < hint)
			return 0;
		if (!range_ok(a, len)) {
			a = G_RGN_BASE(G_RGN(a) + 1);
			continue;
		}
		size_t i = vfind(mm, a);
		if (i >= mm->nv || mm->v[i].start >= a + len)
			return a;
		a = mm->v[i].end;
	}
}

/* ---- host mappings for a guest range -------------------------------------------------------- */

static int host_prot(int gprot, unsigned kind)
{
	if (!gprot)
		return PROT_NONE;
	if ((kind & (K_FILE | K_SHARED)) == (K_FILE | K_SHARED))
		return (gprot & (G_PROT_R | G_PROT_X) ? PROT_READ : 0) |
		       (gprot & G_PROT_W ? PROT_WRITE : 0);
	return PROT_READ | PROT_WRITE;
}

/* Map [s, e) on the host and record it, replacing what was there.  fd < 0: anonymous.
 * On failure the range is left unmapped. */
static int map_range(struct mm *mm, uint64_t s, uint64_t e, int prot, unsigned kind, int fd,
		     uint64_t off, uint64_t file_size)
{
	int hp = host_prot(prot, kind);
	int hf = MAP_FIXED | (kind & K_SHARED ? MAP_SHARED : MAP_PRIVATE) |
		 (fd < 0 ? MAP_ANONYMOUS : 0) | (kind & K_NORESERVE ? MAP_NORESERVE : 0);
	int err = 0;
	if (vcut(mm, s, e))
		return -ENOMEM;
	vremove(mm, s, e);
	uint64_t fend = G_PAGE_UP(file_size); /* file offset where SIGBUS pages start */
	for (uint64_t a = s; a < e;) {
		uint64_t n = ((a | CHUNK_MASK) + 1) - a;
		if (n > e - a)
			n = e - a;
		uint8_t *h = host_of(mm, a);
		if (!h) {
			err = -ENOMEM;
			goto fail;
		}
		uint64_t fo = off + (a - s);
		/* Whole guest pages past the end of file raise SIGBUS on access. */
		uint64_t keep = n;
		if (fd >= 0 && fo + n > fend)
			keep = fo >= fend ? 0 : fend - fo;
		if (keep && mmap(h, keep, hp, hf, fd, (off_t)fo) == MAP_FAILED) {
			err = -errno;
			goto fail;
		}
		if (keep) {
			struct vma v = {a, a + keep, h, fo, (uint8_t)prot, (uint8_t)kind};
			if (vinsert(mm, &v)) {
				err = -ENOMEM;
				goto fail;
			}
		}
		if (keep < n) {
			host_release(h + keep, n - keep);
			struct vma b = {a + keep,  a + n,	  h + keep,
					fo + keep, (uint8_t)prot, (uint8_t)(kind | K_BUS)};
			if (vinsert(mm, &b)) {
				err = -ENOMEM;
				goto fail;
			}
		}
		/* Host pages inside the guest page holding end of file but past it would
		 * raise SIGBUS on the host: give them zero-filled memory, as ia64 Linux
		 * gives the rest of the page. */
		if (fd >= 0 && file_size > fo && file_size < fo + keep &&
		    (file_size & (G_PAGE_SIZE - 1))) {
			uint64_t z = (file_size + HOST_PAGE - 1) & ~(HOST_PAGE - 1);
			if (fend > z)
				mmap(h + (z - fo), fend - z, hp,
				     MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		}
		a += n;
	}
	bump(mm);
	return 0;
fail:
	for (uint64_t a = s; a < e;) {
		uint64_t n = ((a | CHUNK_MASK) + 1) - a;
		if (n > e - a)
			n = e - a;
		struct chunk *c = chunk_find(mm, a >> CHUNK_SHIFT);
		if (c)
			host_release(c->host + (a & CHUNK_MASK), n);
		a += n;
	}
	if (vcut(mm, s, e) == 0)
		vremove(mm, s, e);
	bump(mm);
	return err;
}

static void unmap_range(struct mm *mm, uint64_t s, uint64_t e)
{
	if (vcut(mm, s, e))
		return;
	size_t i = vfind(mm, s);
	for (; i < mm->nv && mm->v[i].start < e; i++)
		host_release(mm->v[i].host, mm->v[i].end - mm->v[i].start);
	vremove(mm, s, e);
	bump(mm);
}

/* ---- system calls --------------------------------------------------------------------------- */

int64_t mm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, int fd,
		uint64_t off)
{
	if (len == 0)
		return -EINVAL;
	uint64_t glen = G_PAGE_UP(len);
	if (glen < len)
		return -ENOMEM;
	int type = flags & MAP_TYPE;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (prot & ~(G_PROT_R | G_PROT_W | G_PROT_X | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	prot &= 7;
	bool anon = flags & MAP_ANONYMOUS;
	unsigned kind =
	    (type != MAP_PRIVATE ? K_SHARED : 0) | (flags & MAP_NORESERVE ? K_NORESERVE : 0) |
	    (flags & MAP_GROWSDOWN ? K_GROWSDOWN : 0) | (flags & G_MAP_GROWSUP ? K_GROWSUP : 0);
	uint64_t fsize = 0;
	if (!anon) {
		if (off & (G_PAGE_SIZE - 1))
			return -EINVAL;
		if (off + glen < off)
			return -EOVERFLOW;
		struct stat st;
		if (fstat(fd, &st) != 0)
			return -EBADF;
		if (S_ISDIR(st.st_mode))
			return -ENODEV;
		if (S_ISREG(st.st_mode))
			fsize = (uint64_t)st.st_size;
		else
			fsize = UINT64_MAX / 2; /* devices: no end of file */
		/* Let the host judge access and support before anything is replaced. */
		void *t = mmap(NULL, HOST_PAGE, host_prot(prot, kind | K_FILE),
			       type == MAP_PRIVATE ? MAP_PRIVATE : MAP_SHARED, fd, (off_t)off);
		if (t == MAP_FAILED)
			return -errno;
		munmap(t, HOST_PAGE);
		kind |= K_FILE;
		if (fsize >= UINT64_MAX / 4)
			fsize = off + glen;
	} else {
		fd = -1;
		off = 0;
	}
	pthread_rwlock_wrlock(&mm->lock);
	uint64_t a;
	int64_t r;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		a = addr;
		if ((a & ~G_PAGE_MASK) || !range_ok(a, glen)) {
			r = -EINVAL;
			goto out;
		}
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
		    overlaps(mm, a, a + glen)) {
			r = -EEXIST;
			goto out;
		}
	} else {
		uint64_t align = (kind & K_SHARED) ? G_SHMLBA : G_PAGE_SIZE;
		a = find_free(mm, addr && addr < G_TASK_SIZE ? addr : 0, glen, align);
		if (!a && addr)
			a = find_free(mm, 0, glen, align);
		if (!a) {
			r = -ENOMEM;
			goto out;
		}
	}
	r = map_range(mm, a, a + glen, prot, kind, fd, off, fsize);
	if (r == 0)
		r = (int64_t)a;
out:
	pthread_rwlock_unlock(&mm->lock);
	return r;
}

int64_t mm_map_anon(struct mm *mm, uint64_t addr, uint64_t len, int prot, bool fixed, unsigned grow)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | (fixed ? MAP_FIXED : 0) |
		    (grow & MM_GROWS_DOWN ? MAP_GROWSDOWN : 0) |
		    (grow & MM_GROWS_UP ? G_MAP_GROWSUP : 0);
	return mm_mmap(mm, addr, len, prot, flags, -1, 0);
}

int mm_munmap(struct mm *mm, uint64_t addr, uint64_t len)
{
	if ((addr & ~G_PAGE_MASK) || len == 0)
		return -EINVAL;
	uint64_t glen = G_PAGE_UP(len);
	if (glen < len || addr + glen < addr || addr + glen > G_TASK_SIZE)
		return -EINVAL;
	pthread_rwlock_wrlock(&mm->lock);
	unmap_range(mm, addr, addr + glen);
	pthread_rwlock_unlock(&mm->lock);
	return 0;
}

int mm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, int prot)
{
	if (addr & ~G_PAGE_MASK)
		return -EINVAL;
	if (prot & ~(G_PROT_R | G_PROT_W | G_PROT_X | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	prot &= 7;
	uint64_t glen = G_PAGE_UP(len);
	if (glen < len || addr + glen < addr)
		return -ENOMEM;
	if (glen == 0)
		return 0;
	uint64_t e = addr + glen;
	if (e > G_TASK_SIZE)
		return -ENOMEM;
	int r = 0;
	pthread_rwlock_wrlock(&mm->lock);
	/* The whole range must be mapped. */
	uint64_t a = addr;
	for (size_t i = vfind(mm, a); a < e; i++) {
		if (i >= mm->nv || mm->v[i].start > a) {
			r = -ENOMEM;
			goto out;
		}
		a = mm->v[i].end;
	}
	if (vcut(mm, addr, e)) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = vfind(mm, addr); i < mm->nv && mm->v[i].start < e; i++) {
		struct vma *v = &mm->v[i];
		int oh = host_prot(v->prot, v->kind), nh = host_prot(prot, v->kind);
		if (oh != nh && mprotect(v->host, v->end - v->start, nh) != 0) {
			r = -errno;
			break;
		}
		v->prot = (uint8_t)prot;
	}
	merge_span(mm, addr, e);
	bump(mm);
out:
	pthread_rwlock_unlock(&mm->lock);
	return r;
}

/* Move [s, s+n) to [d, d+n) on the host and in the areas (d's range is free). */
static int move_range(struct mm *mm, uint64_t s, uint64_t d, uint64_t n)
{
	if (vcut(mm, s, s + n))
		return -ENOMEM;
	/* Copy the area records first: their attributes travel with the pages. */
	size_t i0 = vfind(mm, s), i1 = i0;
	while (i1 < mm->nv && mm->v[i1].start < s + n)
		i1++;
	size_t cnt = i1 - i0;
	struct vma *old = malloc((cnt ? cnt : 1) * sizeof(*old));
	if (!old)
		return -ENOMEM;
	memcpy(old, &mm->v[i0], cnt * sizeof(*old));
	for (size_t k = 0; k < cnt; k++) {
		struct vma *o = &old[k];
		for (uint64_t a = o->start; a < o->end;) {
			uint64_t da = d + (a - s);
			/* Pieces end at chunk boundaries of source and destination. */
			uint64_t m = o->end - a;
			uint64_t sm = ((a | CHUNK_MASK) + 1) - a, dm = ((da | CHUNK_MASK) + 1) - da;
			if (m > sm)
				m = sm;
			if (m > dm)
				m = dm;
			uint8_t *hs = o->host + (a - o->start), *hd = host_of(mm, da);
			if (!hd) {
				free(old);
				return -ENOMEM;
			}
			if (mremap(hs, m, m, MREMAP_MAYMOVE | MREMAP_FIXED, hd) == MAP_FAILED) {
				/* Several host mappings under one piece: copy private memory. */
				if (o->kind & K_SHARED) {
					free(old);
					return -ENOMEM;
				}
				if (mmap(hd, m, host_prot(o->prot, o->kind),
					 MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1,
					 0) == MAP_FAILED) {
					free(old);
					return -ENOMEM;
				}
				if (o->prot)
					memcpy(hd, hs, m);
			}
			host_release(hs, m);
			struct vma nv = *o;
			nv.start = da, nv.end = da + m, nv.host = hd,
			nv.off = o->off + (a - o->start);
			vremove(mm, nv.start, nv.end);
			if (vinsert(mm, &nv)) {
				free(old);
				return -ENOMEM;
			}
			a += m;
		}
	}
	free(old);
	vremove(mm, s, s + n);
	bump(mm);
	return 0;
}

int64_t mm_mremap(struct mm *mm, uint64_t old, uint64_t oldlen, uint64_t newlen, int flags,
		  uint64_t newaddr)
{
	if (old & ~G_PAGE_MASK)
		return -EINVAL;
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	uint64_t ol = G_PAGE_UP(oldlen), nl = G_PAGE_UP(newlen);
	if (nl == 0 || nl < newlen || ol < oldlen || ol == 0)
		return -EINVAL;
	int64_t r;
	pthread_rwlock_wrlock(&mm->lock);
	/* The old range must lie in mappings of one kind, without holes. */
	size_t i = vfind(mm, old);
	if (i >= mm->nv || mm->v[i].start > old) {
		r = -EFAULT;
		goto out;
	}
	struct vma first = mm->v[i];
	for (uint64_t a = old; a < old + ol; i++) {
		if (i >= mm->nv || mm->v[i].start > a || mm->v[i].kind != first.kind ||
		    mm->v[i].prot != first.prot) {
			r = -EFAULT;
			goto out;
		}
		a = mm->v[i].end;
	}
	bool can_grow = !(first.kind & K_FILE);
	uint64_t dest = old;
	if (flags & MREMAP_FIXED) {
		if ((newaddr & ~G_PAGE_MASK) || !range_ok(newaddr, nl) ||
		    (newaddr < old + ol && old < newaddr + nl)) {
			r = -EINVAL;
			goto out;
		}
		unmap_range(mm, newaddr, newaddr + nl);
		dest = newaddr;
	} else if (nl <= ol) {
		unmap_range(mm, old + nl, old + ol);
		r = (int64_t)old;
		goto out;
	} else if (range_ok(old, nl) && !overlaps(mm, old + ol, old + nl) && can_grow) {
		dest = old; /* grow in place */
	} else if (flags & MREMAP_MAYMOVE) {
		dest = find_free(mm, old, nl, (first.kind & K_SHARED) ? G_SHMLBA : G_PAGE_SIZE);
		if (!dest)
			dest = find_free(mm, 0, nl, G_PAGE_SIZE);
		if (!dest) {
			r = -ENOMEM;
			goto out;
		}
	} else {
		r = -ENOMEM;
		goto out;
	}
	uint64_t keep = nl < ol ? nl : ol;
	if (nl > ol && !can_grow) {
		r = -ENOMEM; /* growing file mappings is not supported */
		goto out;
	}
	if (nl < ol)
		unmap_range(mm, old + nl, old + ol);
	if (dest != old) {
		r = move_range(mm, old, dest, keep);
		if (r)
			goto out;
	}
	if (nl > keep) {
		r = map_range(mm, dest + keep, dest + nl, first.prot, first.kind & ~K_BUS, -1, 0,
			      0);
		if (r)
			goto out;
	}
	r = (int64_t)dest;
out:
	pthread_rwlock_unlock(&mm->lock);
	return r;
}

int64_t mm_shmat(struct mm *mm, int id, uint64_t addr, int flags)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) != 0)
		return -errno;
	uint64_t len = G_PAGE_UP((uint64_t)ds.shm_segsz);
	if (!len)
		return -EINVAL;
	int64_t r;
	pthread_rwlock_wrlock(&mm->lock);
	uint64_t a = addr;
	if (a) {
		if (flags & SHM_RND)
			a &= ~(G_SHMLBA - 1);
		if ((a & (G_SHMLBA - 1)) || !range_ok(a, len) ||
		    (overlaps(mm, a, a + len) && !(flags & SHM_REMAP))) {
			r = -EINVAL;
			goto out;
		}
	} else {
		/* One host attachment: the range must not cross a chunk. */
		for (a = find_free(mm, 0, len, G_SHMLBA); a;
		     a = find_free(mm, a + G_SHMLBA, len, G_SHMLBA))
			if ((a >> CHUNK_SHIFT) == ((a + len - 1) >> CHUNK_SHIFT))
				break;
		if (!a) {
			r = -ENOMEM;
			goto out;
		}
	}
	if ((a >> CHUNK_SHIFT) != ((a + len - 1) >> CHUNK_SHIFT)) {
		r = -EINVAL;
		goto out;
	}
	unmap_range(mm, a, a + len);
	uint8_t *h = host_of(mm, a);
	if (!h) {
		r = -ENOMEM;
		goto out;
	}
	if (shmat(id, h, (flags & (SHM_RDONLY | SHM_EXEC)) | SHM_REMAP) == (void *)-1) {
		r = -errno;
		host_release(h, len);
		goto out;
	}
	/* The host pages of the last guest page past the segment: zero-filled memory. */
	uint64_t hlen = ((uint64_t)ds.shm_segsz + HOST_PAGE - 1) & ~(HOST_PAGE - 1);
	if (hlen < len)
		mmap(h + hlen, len - hlen, PROT_READ | PROT_WRITE,
		     MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int prot =
	    G_PROT_R | (flags & SHM_RDONLY ? 0 : G_PROT_W) | (flags & SHM_EXEC ? G_PROT_X : 0);
	struct vma v = {a, a + len, h, 0, (uint8_t)prot, K_SHARED | K_FILE | K_SHM};
	r = vinsert(mm, &v) ? -ENOMEM : (int64_t)a;
	bump(mm);
out:
	pthread_rwlock_unlock(&mm->lock);
	return r;
}

int mm_shmdt(struct mm *mm, uint64_t addr)
{
	pthread_rwlock_wrlock(&mm->lock);
	size_t i = vfind(mm, addr);
	int r = -EINVAL;
	if (i < mm->nv && mm->v[i].start == addr && (mm->v[i].kind & K_SHM)) {
		struct vma v = mm->v[i];
		r = shmdt(v.host) == 0 ? 0 : -errno;
		if (r == 0)
			unmap_range(mm, v.start, v.end);
	}
	pthread_rwlock_unlock(&mm->lock);
	return r;
}

int mm_map_gate(struct mm *mm, uint64_t addr, const void *code, size_t len)
{
	pthread_rwlock_wrlock(&mm->lock);
	int r = map_range(mm, addr, addr + G_PAGE_SIZE, G_PROT_R | G_PROT_X, 0, -1, 0, 0);
	if (r == 0) {
		size_t i = vfind(mm, addr);
		memcpy(mm->v[i].host, code, len < G_PAGE_SIZE ? len : G_PAGE_SIZE);
	}
	pthread_rwlock_unlock(&mm->lock);
	return r;
}

void mm_set_brk(struct mm *mm, uint64_t start)
{
	mm->brk_start = mm->brk = start;
}

uint64_t mm_brk(struct mm *mm, uint64_t want)
{
	pthread_rwlock_wrlock(&mm->lock);
	uint64_t cur = mm->brk;
	if (want < mm->brk_start)
		goto out;
	uint64_t ne = G_PAGE_UP(want), oe = G_PAGE_UP(cur);
	if (ne < want)
		goto out;
	if (ne > oe) {
		if (!range_ok(mm->brk_start, ne - mm->brk_start + G_PAGE_SIZE) ||
		    overlaps(mm, oe, ne) || G_RGN(oe) != G_RGN(ne - 1))
			goto out;
		if (map_range(mm, oe, ne, G_PROT_R | G_PROT_W, K_HEAP, -1, 0, 0))
			goto out;
	} else if (ne < oe) {
		unmap_range(mm, ne, oe);
	}
	mm->brk = want;
out:
	cur = mm->brk;
	pthread_rwlock_unlock(&mm->lock);
	return cur;
}

/* ---- translation ---------------------------------------------------------------------------- */

/* Grow a stack or backing store area to cover va (write lock held).  Returns the area's
 * index, or -1. */
static long grow(struct mm *mm, uint64_t va)
{
	size_t i = vfind(mm, va);
	uint64_t pg = va & G_PAGE_MASK;
	if (i < mm->nv && mm->v[i].start > va && (mm->v[i].kind & K_GROWSDOWN)) {
		struct vma *v = &mm->v[i];
		/* The whole stack (through its top area) within the limit, and a gap of
		 * 256 pages (stack_guard_gap) above whatever lies below. */
		uint64_t top = v->end;
		for (size_t j = i + 1;
		     j < mm->nv && mm->v[j].start == top && (mm->v[j].kind & K_GROWSDOWN); j++)
			top = mm->v[j].end;
		if (top - pg <= mm->stack_limit && G_RGN(pg) == G_RGN(v->start) &&
		    !(i > 0 && mm->v[i - 1].end + 256 * G_PAGE_SIZE > pg)) {
			if (map_range(mm, pg, v->start, v->prot, v->kind, -1, 0, 0))
				return -1;
			return (long)vfind(mm, va);
		}
	}
	if (i > 0 && va >= mm->v[i - 1].end && (mm->v[i - 1].kind & K_GROWSUP)) {
		struct vma *v = &mm->v[i - 1];
		uint64_t bottom = v->start;
		for (size_t j = i - 1;
		     j > 0 && mm->v[j - 1].end == bottom && (mm->v[j - 1].kind & K_GROWSUP); j--)
			bottom = mm->v[j - 1].start;
		uint64_t ne = pg + G_PAGE_SIZE;
		if (ne - bottom > mm->stack_limit || G_RGN(pg) != G_RGN(v->start))
			return -1;
		if (i < mm->nv && mm->v[i].start < ne + 256 * G_PAGE_SIZE)
			return -1;
		if (map_range(mm, v->end, ne, v->prot, v->kind, -1, 0, 0))
			return -1;
		return (long)vfind(mm, va);
	}
	return -1;
}

/* Find the area holding va, growing a stack if that is what va asks for.  Returns with
 * the read lock held. */
static const struct vma *lookup(struct mm *mm, uint64_t va)
{
	pthread_rwlock_rdlock(&mm->lock);
	size_t i = vfind(mm, va);
	if (i < mm->nv && mm->v[i].start <= va)
		return &mm->v[i];
	pthread_rwlock_unlock(&mm->lock);
	pthread_rwlock_wrlock(&mm->lock);
	long g = grow(mm, va);
	pthread_rwlock_unlock(&mm->lock);
	pthread_rwlock_rdlock(&mm->lock);
	if (g < 0)
		return NULL;
	i = vfind(mm, va);
	return i < mm->nv && mm->v[i].start <= va ? &mm->v[i] : NULL;
}

static enum cpu_fault refill(void *ctx, uint64_t va, unsigned access, struct cpu_tlb_fill *out)
{
	struct mm *mm = ctx;
	const struct vma *v = lookup(mm, va);
	enum cpu_fault f = CPU_FAULT_NONE;
	if (!v) {
		fault_sig = SIGSEGV, fault_code = SEGV_MAPERR;
		f = va >= G_TASK_SIZE ? CPU_FAULT_ACCESS_RIGHTS : CPU_FAULT_TLB_MISS;
	} else if (v->kind & K_BUS) {
		fault_sig = SIGBUS, fault_code = BUS_ADRERR;
		f = CPU_FAULT_ACCESS_RIGHTS;
	} else {
		/* Write implies read; execute implies read (PAGE_EXECONLY aside). */
		unsigned acc = v->prot;
		if (acc & (G_PROT_W | G_PROT_X))
			acc |= G_PROT_R;
		if (!(acc & access)) {
			fault_sig = SIGSEGV, fault_code = SEGV_ACCERR;
			f = CPU_FAULT_ACCESS_RIGHTS;
		} else {
			uint64_t pg = va & G_PAGE_MASK;
			out->host = v->host + (pg - v->start);
			out->page_shift = G_PAGE_SHIFT;
			out->access = acc & (CPU_ACC_READ | CPU_ACC_WRITE | CPU_ACC_EXEC);
		}
	}
	pthread_rwlock_unlock(&mm->lock);
	return f;
}

const struct cpu_mem_ops mm_cpu_ops = {.refill = refill};

static char dummy_buf[16];

void *mm_host(struct mm *mm, uint64_t va, uint64_t len, unsigned acc, bool *split)
{
	if (split)
		*split = false;
	if (len == 0) {
		if (!va)
			return NULL;
		void *h = mm_host(mm, va, 1, 0, NULL);
		return h ? h : dummy_buf;
	}
	if (va + len < va)
		return NULL;
	const struct vma *v = lookup(mm, va);
	if (!v) {
		pthread_rwlock_unlock(&mm->lock);
		return NULL;
	}
	uint8_t *h = v->host + (va - v->start);
	uint8_t *expect = h;
	uint64_t a = va, e = va + len;
	bool contiguous = true;
	size_t i = (size_t)(v - mm->v);
	for (;;) {
		unsigned p = v->prot;
		if (p & G_PROT_W)
			p |= G_PROT_R;
		if ((v->kind & K_BUS) || (acc & ~p & 7)) {
			h = NULL;
			break;
		}
		if (v->host + (a - v->start) != expect)
			contiguous = false;
		expect = v->host + (v->end - v->start);
		if (v->end >= e)
			break;
		a = v->end;
		if (++i >= mm->nv || mm->v[i].start != a) {
			/* Maybe the stack needs to grow under a syscall's buffer. */
			pthread_rwlock_unlock(&mm->lock);
			v = lookup(mm, a);
			if (!v) {
				h = NULL;
				break;
			}
			i = (size_t)(v - mm->v);
			continue;
		}
		v = &mm->v[i];
	}
	pthread_rwlock_unlock(&mm->lock);
	if (h && !contiguous) {
		if (split)
			*split = true;
		return NULL;
	}
	return h;
}

static int copy(struct mm *mm, uint64_t va, void *buf, uint64_t len, bool write)
{
	uint8_t *b = buf;
	while (len) {
		uint64_t n = G_PAGE_SIZE - (va & (G_PAGE_SIZE - 1));
		if (n > len)
			n = len;
		uint8_t *h = mm_host(mm, va, n, write ? G_PROT_W : G_PROT_R, NULL);
		if (!h)
			return -EFAULT;
		if (write)
			memcpy(h, b, n);
		else
			memcpy(b, h, n);
		va += n, b += n, len -= n;
	}
	return 0;
}

int mm_read(struct mm *mm, uint64_t va, void *buf, uint64_t len)
{
	return copy(mm, va, buf, len, false);
}

int mm_write(struct mm *mm, uint64_t va, const void *buf, uint64_t len)
{
	return copy(mm, va, (void *)buf, len, true);
}

void mm_dump(struct mm *mm, int fd)
{
	pthread_rwlock_rdlock(&mm->lock);
	for (size_t i = 0; i < mm->nv; i++) {
		const struct vma *v = &mm->v[i];
		/* Areas split only by chunk boundaries show as one line. */
		uint64_t end = v->end;
		while (i + 1 < mm->nv && mm->v[i + 1].start == end &&
		       mm->v[i + 1].prot == v->prot && mm->v[i + 1].kind == v->kind &&
		       !(v->kind & K_FILE))
			end = mm->v[++i].end;
		const char *name = v->kind & K_GROWSDOWN ? "[stack]"
				   : v->kind & K_HEAP	 ? "[heap]"
				   : v->kind & K_GROWSUP ? "[rbs]"
							 : "";
		dprintf(fd, "%016" PRIx64 "-%016" PRIx64 " %c%c%c%c %08" PRIx64 " 00:00 0%s%s\n",
			v->start, end, v->prot & G_PROT_R ? 'r' : '-',
			v->prot & G_PROT_W ? 'w' : '-', v->prot & G_PROT_X ? 'x' : '-',
			v->kind & K_SHARED ? 's' : 'p', (v->kind & K_FILE) ? v->off : 0,
			*name ? "                          " : "", name);
	}
	pthread_rwlock_unlock(&mm->lock);
}

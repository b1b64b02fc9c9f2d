// SPDX-License-Identifier: GPL-2.0
/*
 * Loading an ia64 Linux program as the Linux 6.1 ELF loader does (fs/binfmt_elf.c and
 * arch/ia64, read for facts): segments at their addresses (ET_DYN programs at
 * ELF_ET_DYN_BASE, interpreters bottom-up from TASK_UNMAPPED_BASE), the memory stack
 * ending at STACK_TOP in region 3, the register backing store growing up from rbs_bot =
 * start_stack - RLIMIT_STACK(max), and the process entry state of start_thread(): r12 =
 * sp - 16 (a 16-byte scratch area), ar.bsp = ar.bspstore = rbs_bot, ar.rsc = 0xf, ar.fpsr
 * default, an empty frame, r8 = 0 (the execve result).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf64.h"
#include "user.h"

#ifndef EM_IA_64
#define EM_IA_64 50
#endif
#ifndef PT_GNU_STACK
#define PT_GNU_STACK 0x6474e551
#endif
#define EF_IA_64_LINUX_EXECUTABLE_STACK 1

/* Exit statuses a shell gives: found but not runnable, not found. */
#define EXIT_NOEXEC 126
#define EXIT_NOTFOUND 127

struct image {
	struct elf64 e;
	void *map;
	size_t size;
	const Elf64_Phdr *ph;
	unsigned phnum;
	const char *interp; /* PT_INTERP string, or NULL */
	bool exec_stack;
	uint64_t bias;	 /* load address - link address */
	uint64_t lo, hi; /* span of the PT_LOAD segments (link addresses) */
};

static int fail(int status, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(int status, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warnx_("%s: %s", path, msg);
	return status;
}

const char *sysroot_path(const char *sysroot, const char *path, char *buf, size_t len)
{
	if (!sysroot || !*sysroot || path[0] != '/')
		return path;
	int n = snprintf(buf, len, "%s%s", sysroot, path);
	if (n < 0 || (size_t)n >= len)
		return path;
	struct stat st;
	return lstat(buf, &st) == 0 ? buf : path;
}

static void image_close(struct image *im)
{
	free(im->e.syms);
	if (im->map)
		munmap(im->map, im->size);
	memset(im, 0, sizeof(*im));
}

/* Open and check an ia64 ELF executable or shared object.  Returns 0 or an exit status
 * after printing the problem. */
static int image_open(struct image *im, const char *path, int fd, bool is_interp,
		      const char *named_by, const char *sysroot)
{
	memset(im, 0, sizeof(*im));
	char err[600];
	bool own = fd < 0;
	if (own) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			if (is_interp)
				return fail(e == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC, named_by,
					    "interpreter %s: %s%s%s%s", path, strerror(e),
					    sysroot ? " (also not under " : "",
					    sysroot ? sysroot : "", sysroot ? ")" : "");
			return fail(e == ENOENT || e == ENOTDIR ? EXIT_NOTFOUND : EXIT_NOEXEC, path,
				    "%s", strerror(e));
		}
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (own)
			close(fd);
		return fail(EXIT_NOEXEC, path, "not a regular file");
	}
	im->size = (size_t)st.st_size;
	if (im->size) {
		im->map = mmap(NULL, im->size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (im->map == MAP_FAILED) {
			im->map = NULL;
			int e = errno;
			if (own)
				close(fd);
			return fail(EXIT_NOEXEC, path, "cannot read: %s", strerror(e));
		}
	}
	if (own)
		close(fd);
	if (elf64_parse(&im->e, path, im->map ? im->map : (void *)"", im->size, err, sizeof(err)) !=
	    0) {
		image_close(im);
		warnx_("%s", err);
		return EXIT_NOEXEC;
	}
	const Elf64_Ehdr *eh = im->e.eh;
	/* The message is formatted before the image goes away. */
#define BAD(...)                                                                                   \
	do {                                                                                       \
		int st_ = fail(EXIT_NOEXEC, path, __VA_ARGS__);                                    \
		image_close(im);                                                                   \
		return st_;                                                                        \
	} while (0)
	if (eh->e_machine != EM_IA_64)
		BAD("not an IA-64 program (ELF machine %u)", eh->e_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		BAD("not an executable or shared object (ELF type %u)", eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > 4096)
		BAD("bad program header table (%u entries of %u bytes)", eh->e_phnum,
		    eh->e_phentsize);
	uint64_t phsz = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (eh->e_phoff > im->size || phsz > im->size - eh->e_phoff || eh->e_phoff % 8)
		BAD("program headers (e_phoff %#lx) beyond end of file",
		    (unsigned long)eh->e_phoff);
	im->ph = (const Elf64_Phdr *)((const uint8_t *)im->map + eh->e_phoff);
	im->phnum = eh->e_phnum;
	im->exec_stack = eh->e_flags & EF_IA_64_LINUX_EXECUTABLE_STACK;
	im->lo = UINT64_MAX;
	unsigned nload = 0;
	for (unsigned i = 0; i < im->phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];
		if (p->p_type == PT_LOAD) {
			if (p->p_filesz > p->p_memsz)
				BAD("segment %u: file size %#lx exceeds memory size %#lx", i,
				    (unsigned long)p->p_filesz, (unsigned long)p->p_memsz);
			if (p->p_offset > im->size || p->p_filesz > im->size - p->p_offset)
				BAD("segment %u: offset %#lx size %#lx beyond end of file", i,
				    (unsigned long)p->p_offset, (unsigned long)p->p_filesz);
			if (p->p_memsz == 0)
				continue;
			if (p->p_vaddr + p->p_memsz < p->p_vaddr ||
			    p->p_vaddr + p->p_memsz > G_TASK_SIZE)
				BAD("segment %u: address %#lx size %#lx outside user space", i,
				    (unsigned long)p->p_vaddr, (unsigned long)p->p_memsz);
			if (nload && p->p_vaddr < im->hi)
				BAD("segment %u: not in address order", i);
			if (p->p_vaddr < im->lo)
				im->lo = p->p_vaddr;
			im->hi = p->p_vaddr + p->p_memsz;
			nload++;
		} else if (p->p_type == PT_INTERP && !is_interp) {
			if (p->p_offset > im->size || p->p_filesz > im->size - p->p_offset ||
			    p->p_filesz < 2 || p->p_filesz > PATH_MAX)
				BAD("bad interpreter path (offset %#lx size %#lx)",
				    (unsigned long)p->p_offset, (unsigned long)p->p_filesz);
			const char *s = (const char *)im->map + p->p_offset;
			if (s[p->p_filesz - 1] != 0 || strlen(s) != p->p_filesz - 1)
				BAD("interpreter path is not a string");
			im->interp = s;
		} else if (p->p_type == PT_GNU_STACK) {
			im->exec_stack = p->p_flags & PF_X;
		}
	}
	if (!nload)
		BAD("no loadable segments");
	if (eh->e_entry < im->lo || eh->e_entry >= im->hi)
		BAD("entry point %#lx outside the loaded segments", (unsigned long)eh->e_entry);
#undef BAD
	return 0;
}

static int seg_prot(const Elf64_Phdr *p)
{
	return (p->p_flags & PF_R ? G_PROT_R : 0) | (p->p_flags & PF_W ? G_PROT_W : 0) |
	       (p->p_flags & PF_X ? G_PROT_X : 0);
}

/* Map the PT_LOAD segments at im->bias: anonymous memory filled from the file (so no
 * alignment between file offset and address is needed), then the final protections.
 * Segments sharing a page share it (with the union of their permissions). */
static int image_map(struct mm *mm, struct image *im, const char *path)
{
	uint64_t mapped_end = 0; /* pages below this one are mapped already (segments ascend) */
	for (unsigned i = 0; i < im->phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		uint64_t va = p->p_vaddr + im->bias;
		uint64_t s = va & G_PAGE_MASK, e = G_PAGE_UP(va + p->p_memsz);
		if (s < mapped_end)
			s = mapped_end;
		if (s < e) {
			int64_t r = mm_map_anon(mm, s, e - s, G_PROT_R | G_PROT_W, true, 0);
			if (r < 0)
				return fail(EXIT_NOEXEC, path, "cannot map segment %u at %#lx: %s",
					    i, (unsigned long)va, strerror((int)-r));
			mapped_end = e;
		}
		if (p->p_filesz &&
		    mm_write(mm, va, (const uint8_t *)im->map + p->p_offset, p->p_filesz))
			return fail(EXIT_NOEXEC, path, "cannot fill segment %u", i);
	}
	for (unsigned i = 0; i < im->phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		uint64_t va = p->p_vaddr + im->bias;
		uint64_t s = va & G_PAGE_MASK, e = G_PAGE_UP(va + p->p_memsz);
		int prot = seg_prot(p);
		/* A page shared with a neighbouring segment keeps both permissions. */
		for (unsigned j = 0; j < im->phnum; j++) {
			const Elf64_Phdr *q = &im->ph[j];
			if (j == i || q->p_type != PT_LOAD || !q->p_memsz)
				continue;
			uint64_t qs = (q->p_vaddr + im->bias) & G_PAGE_MASK;
			uint64_t qe = G_PAGE_UP(q->p_vaddr + im->bias + q->p_memsz);
			if (qs < e && s < qe)
				prot |= seg_prot(q);
		}
		mm_mprotect(mm, s, e - s, prot);
	}
	return 0;
}

/* Place an ET_DYN image: at want if given, else wherever its span fits. */
static int image_place(struct mm *mm, struct image *im, uint64_t want, const char *path)
{
	uint64_t lo = im->lo & G_PAGE_MASK, span = G_PAGE_UP(im->hi) - lo;
	int64_t r = mm_mmap(mm, want, span, 0, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r < 0)
		return fail(EXIT_NOEXEC, path, "no room for %#lx bytes: %s", (unsigned long)span,
			    strerror((int)-r));
	im->bias = (uint64_t)r - lo;
	mm_munmap(mm, (uint64_t)r, span);
	return 0;
}

/* Address of the program headers in guest memory (binfmt_elf: the segment holding them). */
static uint64_t phdr_addr(const struct image *im)
{
	for (unsigned i = 0; i < im->phnum; i++)
		if (im->ph[i].p_type == PT_PHDR)
			return im->ph[i].p_vaddr + im->bias;
	uint64_t off = im->e.eh->e_phoff;
	for (unsigned i = 0; i < im->phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];
		if (p->p_type == PT_LOAD && off >= p->p_offset && off < p->p_offset + p->p_filesz)
			return p->p_vaddr + im->bias + (off - p->p_offset);
	}
	return 0;
}

static size_t count(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

int load_program(struct thread *t, const struct load_args *a)
{
	struct proc *p = t->proc;
	struct mm *mm = p->mm;
	struct image main_im, interp_im;
	memset(&interp_im, 0, sizeof(interp_im));
	int st = image_open(&main_im, a->path, a->fd, false, NULL, NULL);
	if (st)
		return st;
	char ibuf[PATH_MAX + 256];
	const char *ipath = NULL;
	if (main_im.interp) {
		ipath = sysroot_path(a->sysroot, main_im.interp, ibuf, sizeof(ibuf));
		st = image_open(&interp_im, ipath, -1, true, a->path, a->sysroot);
		if (st) {
			image_close(&main_im);
			return st;
		}
	}
	/* The main program. */
	if (main_im.e.eh->e_type == ET_DYN) {
		st = image_place(mm, &main_im, main_im.interp ? G_ET_DYN_BASE : 0, a->path);
		if (st)
			goto out;
	}
	st = image_map(mm, &main_im, a->path);
	if (st)
		goto out;
	mm_set_brk(mm, G_PAGE_UP(main_im.hi + main_im.bias));
	uint64_t entry = main_im.e.eh->e_entry + main_im.bias, base = 0;
	if (main_im.interp) {
		st = image_place(mm, &interp_im, 0, ipath);
		if (!st)
			st = image_map(mm, &interp_im, ipath);
		if (st)
			goto out;
		base = interp_im.bias + (interp_im.lo & G_PAGE_MASK);
		if (interp_im.e.eh->e_type == ET_DYN)
			base = interp_im.bias;
	}
	uint64_t start = main_im.interp ? interp_im.e.eh->e_entry + interp_im.bias : entry;

	/* The stack: strings at the top, then AT_RANDOM, then argc/argv/envp/auxv. */
	size_t argc = count(a->argv), envc = count(a->envp);
	size_t strsz = strlen(a->path) + 1 + 8;
	for (size_t i = 0; i < argc; i++)
		strsz += strlen(a->argv[i]) + 1;
	for (size_t i = 0; i < envc; i++)
		strsz += strlen(a->envp[i]) + 1;
	if (strsz > (2u << 20) + 65536 || argc + envc > 1u << 20) {
		st = fail(EXIT_NOEXEC, a->path, "%s", strerror(E2BIG));
		goto out;
	}
	uint64_t auxv[2 * 24];
	size_t na = 0;
	size_t tabsz = (argc + envc + 3 + 48) * 8 + 64;
	uint64_t need = G_PAGE_UP(strsz + tabsz + 16) + (128u << 10);
	int sprot = G_PROT_R | G_PROT_W | (main_im.exec_stack ? G_PROT_X : 0);
	int64_t r = mm_map_anon(mm, G_STACK_TOP - need, need, sprot, true, MM_GROWS_DOWN);
	if (r < 0) {
		st = fail(EXIT_NOEXEC, a->path, "cannot map the stack: %s", strerror((int)-r));
		goto out;
	}
	uint64_t sp = G_STACK_TOP - 8; /* a null pointer ends the stack */
	uint64_t zero = 0;
	mm_write(mm, sp, &zero, 8);
#define PUSH_STR(s)                                                                                \
	({                                                                                         \
		size_t l_ = strlen(s) + 1;                                                         \
		sp -= l_;                                                                          \
		mm_write(mm, sp, (s), l_);                                                         \
		sp;                                                                                \
	})
	uint64_t execfn = PUSH_STR(a->path);
	uint64_t *envp = calloc(envc + 1, 8), *argvp = calloc(argc + 1, 8);
	if (!envp || !argvp) {
		free(envp), free(argvp);
		st = fail(EXIT_NOEXEC, a->path, "%s", strerror(ENOMEM));
		goto out;
	}
	for (size_t i = envc; i-- > 0;)
		envp[i] = PUSH_STR(a->envp[i]);
	for (size_t i = argc; i-- > 0;)
		argvp[i] = PUSH_STR(a->argv[i]);
#undef PUSH_STR
	sp &= ~15ull;
	uint8_t rnd[16];
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		for (unsigned i = 0; i < sizeof(rnd); i++)
			rnd[i] = (uint8_t)(rand() ^ (i * 37));
	sp -= 16;
	mm_write(mm, sp, rnd, 16);
	uint64_t at_random = sp;

#define AUX(k, v) (auxv[na++] = (k), auxv[na++] = (v))
	AUX(AT_HWCAP, 0);
	AUX(AT_PAGESZ, G_PAGE_SIZE);
	AUX(AT_CLKTCK, (uint64_t)sysconf(_SC_CLK_TCK));
	AUX(AT_PHDR, phdr_addr(&main_im));
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, main_im.phnum);
	AUX(AT_BASE, base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, entry);
	AUX(AT_UID, getuid());
	AUX(AT_EUID, geteuid());
	AUX(AT_GID, getgid());
	AUX(AT_EGID, getegid());
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, at_random);
	AUX(AT_EXECFN, execfn);
	AUX(AT_NULL, 0);
#undef AUX
	size_t items = 1 + (argc + 1) + (envc + 1) + na;
	sp = (sp - items * 8) & ~15ull;
	uint64_t w = sp;
	uint64_t v = argc;
	mm_write(mm, w, &v, 8), w += 8;
	mm_write(mm, w, argvp, (argc + 1) * 8), w += (argc + 1) * 8;
	mm_write(mm, w, envp, (envc + 1) * 8), w += (envc + 1) * 8;
	p->auxv_addr = w, p->auxv_len = na * 8;
	mm_write(mm, w, auxv, na * 8);
	free(envp), free(argvp);

	/* The register backing store: one page at rbs_bot, growing up. */
	struct rlimit rl;
	uint64_t ssz = G_MAX_STACK;
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_max != RLIM_INFINITY &&
	    rl.rlim_max < G_MAX_STACK)
		ssz = rl.rlim_max;
	ssz &= ~15ull;
	uint64_t rbs = G_PAGE_UP(sp - ssz);
	r = mm_map_anon(mm, rbs, G_PAGE_SIZE, G_PROT_R | G_PROT_W, true, MM_GROWS_UP);
	if (r < 0) {
		st = fail(EXIT_NOEXEC, a->path, "cannot map the register stack: %s",
			  strerror((int)-r));
		goto out;
	}

	struct cpu *c = &t->cpu;
	c->ip = start & ~15ull;
	c->slot = 0;
	c->gr[12] = sp - 16;
	c->gr[8] = 0;
	c->ar[G_AR_BSP] = c->ar[G_AR_BSPSTORE] = rbs;
	c->ar[G_AR_RNAT] = 0;
	c->ar[G_AR_RSC] = 0xf;
	c->ar[G_AR_FPSR] = FPSR_DEFAULT;
	c->cfm = (struct cpu_cfm){0};
	c->ndirty = c->nclean = 0;
	/* /proc/self/cmdline and the host's name for this process show the guest program. */
	size_t cl = 0;
	for (size_t i = 0; i < argc; i++)
		cl += strlen(a->argv[i]) + 1;
	free(p->cmdline);
	p->cmdline = malloc(cl ? cl : 1);
	p->cmdline_len = 0;
	for (size_t i = 0; p->cmdline && i < argc; i++) {
		size_t l = strlen(a->argv[i]) + 1;
		memcpy(p->cmdline + p->cmdline_len, a->argv[i], l);
		p->cmdline_len += l;
	}
	const char *leaf = strrchr(a->path, '/');
	prctl(PR_SET_NAME, leaf ? leaf + 1 : a->path, 0, 0, 0);
	char rp[PATH_MAX];
	free(p->exe);
	p->exe = strdup(realpath(a->path, rp) ? rp : a->path);
	st = 0;
out:
	image_close(&main_im);
	image_close(&interp_im);
	return st;
}

int loader_probe(const char *path, char *interp, size_t len, char *arg, size_t arglen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	unsigned char b[256];
	ssize_t n = read(fd, b, sizeof(b) - 1);
	close(fd);
	if (n < 0)
		return -EIO;
	b[n] = 0;
	if (n >= 20 && memcmp(b, ELFMAG, SELFMAG) == 0 && b[EI_CLASS] == ELFCLASS64 &&
	    b[EI_DATA] == ELFDATA2LSB && b[18] == EM_IA_64 && b[19] == 0)
		return 1;
	if (n >= 2 && b[0] == '#' && b[1] == '!') {
		char *s = (char *)b + 2, *nl = strchr(s, '\n');
		if (!nl)
			return -ENOEXEC;
		*nl = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		char *e = s;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		char *rest = e;
		if (*rest) {
			*rest++ = 0;
			while (*rest == ' ' || *rest == '\t')
				rest++;
			char *end = rest + strlen(rest);
			while (end > rest && (end[-1] == ' ' || end[-1] == '\t'))
				*--end = 0;
		}
		if (!*s)
			return -ENOEXEC;
		snprintf(interp, len, "%s", s);
		snprintf(arg, arglen, "%s", rest);
		return 2;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lol-mkimage's file system writer: an ext2/3/4 file system made with
 * libext2fs directly in a sparse image file, filled one entry at a time with
 * the owners, modes, times, device numbers, links and extended attributes the
 * sources give.  Everything time- or chance-dependent (UUID, directory hash
 * seed, creation and write times) comes from the caller, so the same inputs
 * give the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ext2fs/ext2_fs.h>
#include <ext2fs/ext2fs.h>
#include <et/com_err.h>

#include "mkimage.h"

#define STAGE (1u << 20) /* bytes of file data staged before zero-block detection */
#define BLOOM_BITS (1u << 24)
#define MAX_SYMLINK_DEPTH 40

struct dcent {
	char *key;
	ext2_ino_t ino;
};

struct dtail {
	ext2_ino_t ino;
	blk64_t lblk, pblk;
};

struct fsw {
	ext2_filsys fs;
	struct dtail *dt;
	size_t dt_cap, dt_n;
	char *dirbuf;
	const char *display;
	int64_t epoch;
	unsigned isize, bs;
	struct ext2_inode_large *ib; /* isize bytes */
	uint8_t *bloom;
	struct dcent *dc;
	size_t dc_cap, dc_n;
	char *zero, *stage;
	uint64_t files;
	const char *src, *path; /* for messages */
};

/* ---- errors ---- */
static bool is_nospace(errcode_t err)
{
	return err == EXT2_ET_BLOCK_ALLOC_FAIL || err == EXT2_ET_INODE_ALLOC_FAIL ||
	       err == EXT2_ET_DIR_NO_SPACE || err == EXT2_ET_RES_GDT_BLOCKS ||
	       err == EXT2_ET_TOOSMALL || err == EXT2_ET_JOURNAL_TOO_SMALL ||
	       err == EXT2_ET_EA_NO_SPACE;
}

static _Noreturn void fail(struct fsw *w, errcode_t err, const char *what)
{
	const char *src = w->src ? w->src : w->display;
	if (err == EXT2_ET_INODE_ALLOC_FAIL)
		die(EXIT_FAIL,
		    "%s: %s: no free inodes left in %s (too many files for --size/--inodes)", src,
		    printable(w->path ? w->path : ""), w->display);
	if (is_nospace(err) && err != EXT2_ET_EA_NO_SPACE)
		die(EXIT_FAIL, "%s: %s: no space left in %s (--size too small)", src,
		    printable(w->path ? w->path : ""), w->display);
	if (err == EXT2_ET_SHORT_WRITE || err == ENOSPC || err == EIO)
		die(EXIT_FAIL, "%s: write error: %s", w->display, error_message(err));
	die(EXIT_FAIL, "%s: %s: %s: %s", src, printable(w->path ? w->path : ""), what,
	    error_message(err));
}

#define CHECK(w, expr, what)                                                                       \
	do {                                                                                       \
		errcode_t err_ = (expr);                                                           \
		if (err_)                                                                          \
			fail((w), err_, (what));                                                   \
	} while (0)

/* ---- inode helpers ---- */
static void enc_time(int64_t sec, uint32_t nsec, __u32 *lo, __u32 *extra)
{
	if (sec < INT32_MIN)
		sec = INT32_MIN, nsec = 0;
	*lo = (__u32)sec;
	int64_t epoch_bits = (sec - (int64_t)(int32_t)(uint32_t)sec) >> 32;
	if (extra)
		*extra = (__u32)(epoch_bits & 3) | (nsec << 2);
}

static struct ts clamp(const struct fsw *w, struct ts t)
{
	if (t.sec > w->epoch) {
		t.sec = w->epoch;
		t.nsec = 0;
	}
	return t;
}

static void set_times(struct fsw *w, struct ext2_inode_large *in, struct ts m, struct ts a,
		      struct ts c)
{
	m = clamp(w, m), a = clamp(w, a), c = clamp(w, c);
	bool large = w->isize > EXT2_GOOD_OLD_INODE_SIZE;
	enc_time(m.sec, m.nsec, &in->i_mtime, large ? &in->i_mtime_extra : NULL);
	enc_time(a.sec, a.nsec, &in->i_atime, large ? &in->i_atime_extra : NULL);
	enc_time(c.sec, c.nsec, &in->i_ctime, large ? &in->i_ctime_extra : NULL);
	if (large)
		enc_time(w->epoch, 0, &in->i_crtime, &in->i_crtime_extra);
}

static void set_owner(struct ext2_inode_large *in, uint32_t uid, uint32_t gid)
{
	in->i_uid = (__u16)uid;
	ext2fs_set_i_uid_high(*in, uid >> 16);
	in->i_gid = (__u16)gid;
	ext2fs_set_i_gid_high(*in, gid >> 16);
}

static void init_inode(struct fsw *w, struct ext2_inode_large *in, unsigned fmt,
		       const struct entry *e)
{
	memset(in, 0, w->isize);
	in->i_mode = (__u16)(fmt | (e->mode & 07777));
	set_owner(in, e->uid, e->gid);
	set_times(w, in, e->mtime, e->atime, e->ctime);
	in->i_links_count = 1;
	if (w->isize > EXT2_GOOD_OLD_INODE_SIZE)
		in->i_extra_isize =
		    (__u16)(sizeof(struct ext2_inode_large) - EXT2_GOOD_OLD_INODE_SIZE);
}

static void init_extents(struct fsw *w, struct ext2_inode_large *in)
{
	if (!ext2fs_has_feature_extents(w->fs->super))
		return;
	struct ext3_extent_header *eh = (struct ext3_extent_header *)in->i_block;
	in->i_flags |= EXT4_EXTENTS_FL;
	eh->eh_magic = ext2fs_cpu_to_le16(EXT3_EXT_MAGIC);
	eh->eh_depth = 0;
	eh->eh_entries = 0;
	eh->eh_max =
	    ext2fs_cpu_to_le16((sizeof(in->i_block) - sizeof(*eh)) / sizeof(struct ext3_extent));
}

static void read_full(struct fsw *w, ext2_ino_t ino, struct ext2_inode_large *in)
{
	CHECK(w, ext2fs_read_inode_full(w->fs, ino, (struct ext2_inode *)in, w->isize),
	      "reading an inode");
}

static void write_full(struct fsw *w, ext2_ino_t ino, struct ext2_inode_large *in)
{
	CHECK(w, ext2fs_write_inode_full(w->fs, ino, (struct ext2_inode *)in, w->isize),
	      "writing an inode");
}

static ext2_ino_t new_inode(struct fsw *w, ext2_ino_t dir, unsigned fmt)
{
	ext2_ino_t ino;
	CHECK(w, ext2fs_new_inode(w->fs, dir, (int)fmt, 0, &ino), "allocating an inode");
	ext2fs_inode_alloc_stats2(w->fs, ino, +1, fmt == LINUX_S_IFDIR);
	return ino;
}

static int ftype_of(unsigned mode)
{
	switch (mode & LINUX_S_IFMT) {
	case LINUX_S_IFREG:
		return EXT2_FT_REG_FILE;
	case LINUX_S_IFDIR:
		return EXT2_FT_DIR;
	case LINUX_S_IFLNK:
		return EXT2_FT_SYMLINK;
	case LINUX_S_IFCHR:
		return EXT2_FT_CHRDEV;
	case LINUX_S_IFBLK:
		return EXT2_FT_BLKDEV;
	case LINUX_S_IFIFO:
		return EXT2_FT_FIFO;
	case LINUX_S_IFSOCK:
		return EXT2_FT_SOCK;
	}
	return EXT2_FT_UNKNOWN;
}

/* ---- which (directory, name) pairs may exist: saves most lookups ---- */
static uint64_t name_hash(ext2_ino_t dir, const char *name, uint64_t seed)
{
	uint64_t h = 1469598103934665603ULL ^ seed;
	h = (h ^ dir) * 1099511628211ULL;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h;
}

static void bloom_add(struct fsw *w, ext2_ino_t dir, const char *name)
{
	uint64_t h1 = name_hash(dir, name, 0), h2 = name_hash(dir, name, 0x9e3779b97f4a7c15ULL);
	for (int i = 0; i < 3; i++) {
		uint64_t b = (h1 + (uint64_t)i * h2) % BLOOM_BITS;
		w->bloom[b >> 3] |= (uint8_t)(1u << (b & 7));
	}
}

static bool bloom_maybe(struct fsw *w, ext2_ino_t dir, const char *name)
{
	uint64_t h1 = name_hash(dir, name, 0), h2 = name_hash(dir, name, 0x9e3779b97f4a7c15ULL);
	for (int i = 0; i < 3; i++) {
		uint64_t b = (h1 + (uint64_t)i * h2) % BLOOM_BITS;
		if (!(w->bloom[b >> 3] & (1u << (b & 7))))
			return false;
	}
	return true;
}

/* ---- resolved parent directories, by path ---- */
static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h ^ (h >> 31);
}

static ext2_ino_t dc_get(struct fsw *w, const char *key)
{
	if (!w->dc_cap)
		return 0;
	for (size_t i = str_hash(key) & (w->dc_cap - 1);; i = (i + 1) & (w->dc_cap - 1)) {
		if (!w->dc[i].key)
			return 0;
		if (!strcmp(w->dc[i].key, key))
			return w->dc[i].ino;
	}
}

static void dc_put(struct fsw *w, const char *key, ext2_ino_t ino)
{
	if ((w->dc_n + 1) * 10 > w->dc_cap * 7) {
		size_t ncap = w->dc_cap ? 2 * w->dc_cap : 1024;
		struct dcent *n = xcalloc(ncap, sizeof(*n));
		for (size_t i = 0; i < w->dc_cap; i++)
			if (w->dc[i].key) {
				size_t j = str_hash(w->dc[i].key) & (ncap - 1);
				while (n[j].key)
					j = (j + 1) & (ncap - 1);
				n[j] = w->dc[i];
			}
		free(w->dc);
		w->dc = n;
		w->dc_cap = ncap;
	}
	size_t i = str_hash(key) & (w->dc_cap - 1);
	while (w->dc[i].key)
		i = (i + 1) & (w->dc_cap - 1);
	w->dc[i].key = xstrdup(key);
	w->dc[i].ino = ino;
	w->dc_n++;
}

static void dc_clear(struct fsw *w)
{
	if (!w->dc)
		return;
	for (size_t i = 0; i < w->dc_cap; i++)
		free(w->dc[i].key);
	memset(w->dc, 0, w->dc_cap * sizeof(*w->dc));
	w->dc_n = 0;
}

/* ---- directories and links ---- */

/* The last block of each directory, where new names go: ext2fs_link scans a
 * directory from its start, which makes large directories quadratic. */
static struct dtail *dt_get(struct fsw *w, ext2_ino_t dir)
{
	if ((w->dt_n + 1) * 10 > w->dt_cap * 7) {
		size_t ncap = w->dt_cap ? 2 * w->dt_cap : 1024;
		struct dtail *n = xcalloc(ncap, sizeof(*n));
		for (size_t i = 0; i < w->dt_cap; i++)
			if (w->dt[i].ino) {
				size_t j = (w->dt[i].ino * 2654435761u) & (ncap - 1);
				while (n[j].ino)
					j = (j + 1) & (ncap - 1);
				n[j] = w->dt[i];
			}
		free(w->dt);
		w->dt = n;
		w->dt_cap = ncap;
	}
	size_t i = (dir * 2654435761u) & (w->dt_cap - 1);
	while (w->dt[i].ino && w->dt[i].ino != dir)
		i = (i + 1) & (w->dt_cap - 1);
	if (!w->dt[i].ino) {
		w->dt[i].ino = dir;
		w->dt[i].lblk = ~(blk64_t)0;
		w->dt_n++;
	}
	return &w->dt[i];
}

enum { TAIL_DONE, TAIL_FULL, TAIL_FALLBACK };

static int tail_insert(struct fsw *w, ext2_ino_t dir, const char *name, ext2_ino_t ino, int ft)
{
	ext2_filsys fs = w->fs;
	struct ext2_inode in;
	CHECK(w, ext2fs_read_inode(fs, dir, &in), "reading a directory");
	uint64_t size = EXT2_I_SIZE(&in);
	if ((in.i_flags & (EXT2_INDEX_FL | EXT4_INLINE_DATA_FL)) || !size || size % w->bs)
		return TAIL_FALLBACK;
	blk64_t lblk = size / w->bs - 1;
	struct dtail *t = dt_get(w, dir);
	if (t->lblk != lblk) {
		blk64_t pblk = 0;
		CHECK(w, ext2fs_bmap2(fs, dir, &in, NULL, 0, lblk, NULL, &pblk),
		      "mapping a directory");
		if (!pblk)
			return TAIL_FALLBACK;
		t->lblk = lblk;
		t->pblk = pblk;
	}
	char *buf = w->dirbuf;
	CHECK(w, ext2fs_read_dir_block4(fs, t->pblk, buf, 0, dir), "reading a directory block");
	unsigned limit =
	    w->bs -
	    (ext2fs_has_feature_metadata_csum(fs->super) ? sizeof(struct ext2_dir_entry_tail) : 0);
	unsigned off = 0, last_off = 0, last_rl = 0;
	struct ext2_dir_entry *last = NULL;
	while (off < limit) {
		struct ext2_dir_entry *d = (struct ext2_dir_entry *)(buf + off);
		unsigned rl;
		if (ext2fs_get_rec_len(fs, d, &rl) || rl < 8 || off + rl > limit)
			return TAIL_FALLBACK;
		last = d, last_off = off, last_rl = rl;
		off += rl;
	}
	if (!last || off != limit)
		return TAIL_FALLBACK;
	size_t len = strlen(name);
	unsigned need = EXT2_DIR_REC_LEN(len);
	struct ext2_dir_entry *nd;
	if (!last->inode) {
		if (last_rl < need)
			return TAIL_FULL;
		nd = last;
	} else {
		unsigned used = EXT2_DIR_REC_LEN(ext2fs_dirent_name_len(last));
		if (last_rl < used + need)
			return TAIL_FULL;
		CHECK(w, ext2fs_set_rec_len(fs, used, last), "linking");
		nd = (struct ext2_dir_entry *)(buf + last_off + used);
		CHECK(w, ext2fs_set_rec_len(fs, last_rl - used, nd), "linking");
	}
	nd->inode = ino;
	ext2fs_dirent_set_name_len(nd, (int)len);
	ext2fs_dirent_set_file_type(nd, ext2fs_has_feature_filetype(fs->super) ? ft : 0);
	memcpy(nd->name, name, len);
	CHECK(w, ext2fs_write_dir_block4(fs, t->pblk, buf, 0, dir), "writing a directory block");
	return TAIL_DONE;
}

static void link_in(struct fsw *w, ext2_ino_t dir, const char *name, ext2_ino_t ino, int ft)
{
	for (int tries = 0;; tries++) {
		int r = tail_insert(w, dir, name, ino, ft);
		if (r == TAIL_DONE)
			break;
		if (r == TAIL_FULL && tries == 0) {
			CHECK(w, ext2fs_expand_dir(w->fs, dir), "expanding a directory");
			continue;
		}
		errcode_t e = ext2fs_link(w->fs, dir, name, ino, ft);
		if (e == EXT2_ET_DIR_NO_SPACE) {
			CHECK(w, ext2fs_expand_dir(w->fs, dir), "expanding a directory");
			e = ext2fs_link(w->fs, dir, name, ino, ft);
		}
		CHECK(w, e, "linking");
		break;
	}
	bloom_add(w, dir, name);
}

static ext2_ino_t lookup(struct fsw *w, ext2_ino_t dir, const char *name)
{
	ext2_ino_t ino;
	if (!bloom_maybe(w, dir, name))
		return 0;
	errcode_t r = ext2fs_lookup(w->fs, dir, name, (int)strlen(name), NULL, &ino);
	if (r == EXT2_ET_FILE_NOT_FOUND)
		return 0;
	CHECK(w, r, "looking up");
	return ino;
}

static ext2_ino_t make_dir(struct fsw *w, ext2_ino_t parent, const char *name,
			   const struct entry *e)
{
	ext2_filsys fs = w->fs;
	struct ext2_inode_large *in = w->ib;
	ext2_ino_t ino = new_inode(w, parent, LINUX_S_IFDIR);
	blk64_t blk;
	char *block;

	init_inode(w, in, LINUX_S_IFDIR, e);
	in->i_links_count = 2;
	CHECK(w,
	      ext2fs_new_block2(fs, ext2fs_find_inode_goal(fs, ino, (struct ext2_inode *)in, 0),
				NULL, &blk),
	      "allocating a directory block");
	ext2fs_block_alloc_stats2(fs, blk, +1);
	CHECK(w, ext2fs_inode_size_set(fs, (struct ext2_inode *)in, w->bs), "sizing a directory");
	CHECK(w, ext2fs_iblk_set(fs, (struct ext2_inode *)in, 1), "sizing a directory");
	if (ext2fs_has_feature_extents(fs->super))
		init_extents(w, in);
	else
		in->i_block[0] = (__u32)blk;
	write_full(w, ino, in);
	CHECK(w, ext2fs_new_dir_block(fs, ino, parent, &block), "making a directory block");
	CHECK(w, ext2fs_write_dir_block4(fs, blk, block, 0, ino), "writing a directory block");
	ext2fs_free_mem(&block);
	if (ext2fs_has_feature_extents(fs->super)) {
		ext2_extent_handle_t h;
		CHECK(w, ext2fs_extent_open2(fs, ino, (struct ext2_inode *)in, &h), "extents");
		errcode_t r = ext2fs_extent_set_bmap(h, 0, blk, 0);
		ext2fs_extent_free(h);
		CHECK(w, r, "mapping a directory block");
	}
	link_in(w, parent, name, ino, EXT2_FT_DIR);
	bloom_add(w, ino, ".");
	bloom_add(w, ino, "..");
	/* The parent gains a ".." link. */
	read_full(w, parent, in);
	if (in->i_links_count >= EXT2_LINK_MAX - 1 || in->i_links_count == 1) {
		if (!ext2fs_has_feature_dir_nlink(fs->super))
			fail(w, EXT2_ET_DIR_NO_SPACE, "too many subdirectories");
		in->i_links_count = 1;
	} else
		in->i_links_count++;
	write_full(w, parent, in);
	return ino;
}

static void set_xattrs(struct fsw *w, ext2_ino_t ino, const struct entry *e)
{
	struct ext2_xattr_handle *h;
	if (!e->nxattr)
		return;
	CHECK(w, ext2fs_xattrs_open(w->fs, ino, &h), "opening extended attributes");
	CHECK(w, ext2fs_xattrs_read(h), "reading extended attributes");
	for (size_t i = 0; i < e->nxattr; i++) {
		errcode_t r =
		    ext2fs_xattr_set(h, e->xattrs[i].name, e->xattrs[i].value, e->xattrs[i].size);
		if (r == EXT2_ET_EA_NO_SPACE || r == EXT2_ET_EA_KEY_NOT_FOUND ||
		    r == EXT2_ET_EA_BAD_NAME_LEN || r == EXT2_ET_EA_BAD_VALUE_SIZE)
			die(EXIT_BADINPUT, "%s: %s: extended attribute %s (%zu bytes) does not fit",
			    w->src, printable(w->path), printable(e->xattrs[i].name),
			    e->xattrs[i].size);
		CHECK(w, r, "setting an extended attribute");
	}
	CHECK(w, ext2fs_xattrs_close(&h), "writing extended attributes");
}

static void update_meta(struct fsw *w, ext2_ino_t ino, const struct entry *e)
{
	struct ext2_inode_large *in = w->ib;
	read_full(w, ino, in);
	in->i_mode = (__u16)((in->i_mode & LINUX_S_IFMT) | (e->mode & 07777));
	set_owner(in, e->uid, e->gid);
	set_times(w, in, e->mtime, e->atime, e->ctime);
	write_full(w, ino, in);
	set_xattrs(w, ino, e);
}

static char *read_symlink(struct fsw *w, ext2_ino_t ino)
{
	struct ext2_inode_large in;
	CHECK(w, ext2fs_read_inode_full(w->fs, ino, (struct ext2_inode *)&in, sizeof(in)),
	      "reading a symbolic link");
	uint64_t size = EXT2_I_SIZE(&in);
	if (size >= w->bs)
		fail(w, EXT2_ET_INVALID_ARGUMENT, "symbolic link too long");
	char *t = xcalloc(1, size + 1);
	if (ext2fs_is_fast_symlink((struct ext2_inode *)&in)) {
		memcpy(t, in.i_block, size);
	} else {
		ext2_file_t f;
		unsigned got;
		CHECK(w, ext2fs_file_open(w->fs, ino, 0, &f), "reading a symbolic link");
		CHECK(w, ext2fs_file_read(f, t, (unsigned)size, &got), "reading a symbolic link");
		ext2fs_file_close(f);
	}
	return t;
}

/*
 * Walk PATH (absolute, or relative to BASE) through the image, following
 * symbolic links as the kernel does for the parts of a path; missing
 * directories are made when CREATE.  Returns the directory, or 0.
 */
static ext2_ino_t walk_path(struct fsw *w, ext2_ino_t base, const char *path, int depth,
			    bool create)
{
	static const struct entry dflt = {.mode = 0755};
	struct entry d = dflt;
	d.mtime = d.atime = d.ctime = (struct ts){w->epoch, 0};
	ext2_ino_t cur = path[0] == '/' ? EXT2_ROOT_INO : base;
	char *copy = xstrdup(path), *save, *c;
	struct ext2_inode in;

	for (c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		ext2_ino_t ino;
		if (!strcmp(c, "..")) {
			CHECK(w, ext2fs_lookup(w->fs, cur, "..", 2, NULL, &ino), "looking up ..");
			cur = ino;
			continue;
		}
		if (strlen(c) > EXT2_NAME_LEN)
			die(EXIT_BADINPUT, "%s: %s: name too long", w->src, printable(w->path));
		ino = lookup(w, cur, c);
		if (!ino) {
			if (!create) {
				free(copy);
				return 0;
			}
			cur = make_dir(w, cur, c, &d);
			continue;
		}
		CHECK(w, ext2fs_read_inode(w->fs, ino, &in), "reading an inode");
		if (LINUX_S_ISDIR(in.i_mode)) {
			cur = ino;
		} else if (LINUX_S_ISLNK(in.i_mode)) {
			if (depth >= MAX_SYMLINK_DEPTH)
				die(EXIT_BADINPUT, "%s: %s: too many levels of symbolic links",
				    w->src, printable(w->path));
			char *t = read_symlink(w, ino);
			cur = walk_path(w, cur, t, depth + 1, create);
			free(t);
			if (!cur) {
				free(copy);
				return 0;
			}
		} else {
			if (!create) {
				free(copy);
				return 0;
			}
			die(EXIT_BADINPUT,
			    "%s: %s: a parent directory is not a directory in the image", w->src,
			    printable(w->path));
		}
	}
	free(copy);
	return cur;
}

static ext2_ino_t parent_dir(struct fsw *w, const char *dirpath, bool create)
{
	if (!dirpath[0])
		return EXT2_ROOT_INO;
	ext2_ino_t ino = dc_get(w, dirpath);
	if (ino)
		return ino;
	ino = walk_path(w, EXT2_ROOT_INO, dirpath, 0, create);
	if (ino)
		dc_put(w, dirpath, ino);
	return ino;
}

static void free_inode(struct fsw *w, ext2_ino_t ino, struct ext2_inode_large *in)
{
	if (ext2fs_inode_has_valid_blocks2(w->fs, (struct ext2_inode *)in))
		CHECK(w, ext2fs_punch(w->fs, ino, (struct ext2_inode *)in, NULL, 0, ~0ULL),
		      "freeing blocks");
	read_full(w, ino, in);
	if (ext2fs_file_acl_block(w->fs, (struct ext2_inode *)in))
		CHECK(w, ext2fs_free_ext_attr(w->fs, ino, in), "freeing extended attributes");
	ext2fs_inode_alloc_stats2(w->fs, ino, -1, 0);
	memset(in, 0, w->isize);
	in->i_dtime = (__u32)w->epoch;
	write_full(w, ino, in);
}

static void remove_name(struct fsw *w, ext2_ino_t dir, const char *name, ext2_ino_t ino)
{
	struct ext2_inode_large *in = w->ib;
	read_full(w, ino, in);
	if (LINUX_S_ISDIR(in->i_mode))
		die(EXIT_BADINPUT, "%s: %s: cannot replace a directory with a non-directory",
		    w->src, printable(w->path));
	if (LINUX_S_ISLNK(in->i_mode))
		dc_clear(w);
	CHECK(w, ext2fs_unlink(w->fs, dir, name, ino, 0), "unlinking");
	if (in->i_links_count > 1) {
		in->i_links_count--;
		write_full(w, ino, in);
	} else
		free_inode(w, ino, in);
}

/* ---- file data, with all-zero blocks left as holes ---- */
struct stager {
	struct fsw *w;
	ext2_file_t f;
	uint64_t off; /* file offset of stage[0], block aligned */
	size_t len;
};

static void stage_flush(struct stager *s)
{
	struct fsw *w = s->w;
	size_t bs = w->bs;
	for (size_t i = 0; i < s->len;) {
		size_t n = s->len - i < bs ? s->len - i : bs;
		if (!memcmp(w->stage + i, w->zero, n)) {
			i += n;
			continue;
		}
		size_t j = i + n;
		while (j < s->len) {
			size_t m = s->len - j < bs ? s->len - j : bs;
			if (!memcmp(w->stage + j, w->zero, m))
				break;
			j += m;
		}
		CHECK(w, ext2fs_file_llseek(s->f, s->off + i, EXT2_SEEK_SET, NULL), "seeking");
		for (size_t k = i; k < j;) {
			unsigned got;
			CHECK(w, ext2fs_file_write(s->f, w->stage + k, (unsigned)(j - k), &got),
			      "writing file data");
			if (!got)
				fail(w, EXT2_ET_SHORT_WRITE, "writing file data");
			k += got;
		}
		i = j;
	}
	s->off += s->len;
	s->len = 0;
}

static void write_data(struct fsw *w, ext2_file_t f, struct entry *e)
{
	struct stager s = {w, f, 0, 0};
	const void *buf;
	size_t len;
	int64_t off;
	bool started = false;

	while (e->read(e->rctx, &buf, &len, &off) > 0) {
		if (off < 0 || (uint64_t)off + len > e->size)
			die(EXIT_BADINPUT, "%s: %s: data beyond the file's size", w->src,
			    printable(w->path));
		progress_add(len, 0);
		if (!len)
			continue;
		uint64_t o = (uint64_t)off;
		uint64_t end = s.off + s.len;
		if (!started || o != end) {
			if (started && o < end)
				die(EXIT_BADINPUT, "%s: %s: overlapping file data", w->src,
				    printable(w->path));
			if (started && o / w->bs == (end - 1) / w->bs &&
			    s.len + (o - end) <= STAGE) {
				memset(w->stage + s.len, 0, o - end); /* a gap inside one block */
				s.len += o - end;
			} else {
				if (started)
					stage_flush(&s);
				s.off = o - o % w->bs;
				s.len = o - s.off;
				memset(w->stage, 0, s.len);
			}
			started = true;
		}
		const char *p = buf;
		while (len) {
			size_t n = STAGE - s.len < len ? STAGE - s.len : len;
			memcpy(w->stage + s.len, p, n);
			s.len += n;
			p += n;
			len -= n;
			if (s.len == STAGE)
				stage_flush(&s);
		}
	}
	if (started)
		stage_flush(&s);
}

/* ---- creating entries ---- */
static ext2_ino_t make_reg(struct fsw *w, ext2_ino_t dir, const char *name, struct entry *e)
{
	struct ext2_inode_large *in = w->ib;
	ext2_ino_t ino = new_inode(w, dir, LINUX_S_IFREG);
	init_inode(w, in, LINUX_S_IFREG, e);
	CHECK(w, ext2fs_inode_size_set(w->fs, (struct ext2_inode *)in, e->size), "sizing a file");
	init_extents(w, in);
	write_full(w, ino, in);
	link_in(w, dir, name, ino, EXT2_FT_REG_FILE);
	if (e->size && e->read) {
		ext2_file_t f;
		CHECK(w,
		      ext2fs_file_open2(w->fs, ino, (struct ext2_inode *)in, EXT2_FILE_WRITE, &f),
		      "opening a file");
		write_data(w, f, e);
		CHECK(w, ext2fs_file_close(f), "writing file data");
	}
	return ino;
}

static ext2_ino_t make_symlink(struct fsw *w, ext2_ino_t dir, const char *name,
			       const struct entry *e)
{
	ext2_filsys fs = w->fs;
	struct ext2_inode_large *in = w->ib;
	size_t len = strlen(e->link);
	if (len >= w->bs)
		die(EXIT_BADINPUT, "%s: %s: symbolic link target too long (%zu bytes)", w->src,
		    printable(w->path), len);
	ext2_ino_t ino = new_inode(w, dir, LINUX_S_IFLNK);
	init_inode(w, in, LINUX_S_IFLNK, e);
	if (!(e->mode & 07777))
		in->i_mode |= 0777;
	in->i_size = (__u32)len;
	if (len < sizeof(in->i_block)) {
		memcpy(in->i_block, e->link, len);
		write_full(w, ino, in);
	} else {
		blk64_t blk;
		CHECK(w,
		      ext2fs_new_block2(fs,
					ext2fs_find_inode_goal(fs, ino, (struct ext2_inode *)in, 0),
					NULL, &blk),
		      "allocating a block");
		ext2fs_block_alloc_stats2(fs, blk, +1);
		memset(w->stage, 0, w->bs);
		memcpy(w->stage, e->link, len);
		CHECK(w, io_channel_write_blk64(fs->io, blk, 1, w->stage),
		      "writing a symbolic link");
		CHECK(w, ext2fs_iblk_set(fs, (struct ext2_inode *)in, 1), "sizing a symbolic link");
		if (ext2fs_has_feature_extents(fs->super)) {
			init_extents(w, in);
			write_full(w, ino, in);
			ext2_extent_handle_t h;
			CHECK(w, ext2fs_extent_open2(fs, ino, (struct ext2_inode *)in, &h),
			      "extents");
			errcode_t r = ext2fs_extent_set_bmap(h, 0, blk, 0);
			ext2fs_extent_free(h);
			CHECK(w, r, "mapping a symbolic link");
		} else {
			in->i_block[0] = (__u32)blk;
			write_full(w, ino, in);
		}
	}
	link_in(w, dir, name, ino, EXT2_FT_SYMLINK);
	return ino;
}

static ext2_ino_t make_special(struct fsw *w, ext2_ino_t dir, const char *name,
			       const struct entry *e)
{
	struct ext2_inode_large *in = w->ib;
	unsigned fmt = e->type == E_CHR	   ? LINUX_S_IFCHR
		       : e->type == E_BLK  ? LINUX_S_IFBLK
		       : e->type == E_FIFO ? LINUX_S_IFIFO
					   : LINUX_S_IFSOCK;
	ext2_ino_t ino = new_inode(w, dir, fmt);
	init_inode(w, in, fmt, e);
	if (e->type == E_CHR || e->type == E_BLK) {
		uint32_t ma = e->rmajor, mi = e->rminor;
		if (ma < 256 && mi < 256)
			in->i_block[0] = ma * 256 + mi;
		else
			in->i_block[1] = (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
	}
	write_full(w, ino, in);
	link_in(w, dir, name, ino, ftype_of(fmt));
	return ino;
}

/* Find PATH (relative, normalised) without following its last part. */
static ext2_ino_t find_path(struct fsw *w, const char *path, ext2_ino_t *dirp, const char **namep,
			    char **dirpath)
{
	const char *slash = strrchr(path, '/');
	char *dp = slash ? strndup(path, (size_t)(slash - path)) : xstrdup("");
	if (!dp)
		die(EXIT_FAIL, "out of memory");
	const char *name = slash ? slash + 1 : path;
	ext2_ino_t dir = parent_dir(w, dp, false);
	ext2_ino_t ino = dir ? lookup(w, dir, name) : 0;
	if (dirp)
		*dirp = dir;
	if (namep)
		*namep = name;
	if (dirpath)
		*dirpath = dp;
	else
		free(dp);
	return ino;
}

void fsw_put(struct fsw *w, const char *src, struct entry *e)
{
	w->src = src;
	w->path = e->path;
	if (!e->path[0]) {
		update_meta(w, EXT2_ROOT_INO, e);
		return;
	}
	const char *slash = strrchr(e->path, '/');
	const char *name = slash ? slash + 1 : e->path;
	if (strlen(name) > EXT2_NAME_LEN)
		die(EXIT_BADINPUT, "%s: %s: name longer than %d bytes", src, printable(e->path),
		    EXT2_NAME_LEN);
	char *dp = slash ? strndup(e->path, (size_t)(slash - e->path)) : xstrdup("");
	if (!dp)
		die(EXIT_FAIL, "out of memory");
	ext2_ino_t dir = parent_dir(w, dp, true);
	free(dp);

	ext2_ino_t old = lookup(w, dir, name);
	if (old) {
		struct ext2_inode in;
		CHECK(w, ext2fs_read_inode(w->fs, old, &in), "reading an inode");
		if (e->type == E_DIR && LINUX_S_ISDIR(in.i_mode)) {
			update_meta(w, old, e);
			progress_add(0, 1);
			return;
		}
		if (e->type == E_DIR && LINUX_S_ISLNK(in.i_mode)) {
			/* A directory over a symlink to a directory (merged /usr): keep the link.
			 */
			char *t = read_symlink(w, old);
			ext2_ino_t target = walk_path(w, dir, t, 1, false);
			free(t);
			if (target) {
				progress_add(0, 1);
				return;
			}
		}
		if (e->type == E_HARDLINK) {
			ext2_ino_t t = find_path(w, e->link, NULL, NULL, NULL);
			if (t == old)
				return;
		}
		remove_name(w, dir, name, old);
	}

	ext2_ino_t ino = 0;
	switch (e->type) {
	case E_DIR:
		ino = make_dir(w, dir, name, e);
		set_xattrs(w, ino, e);
		break;
	case E_REG:
		ino = make_reg(w, dir, name, e);
		set_xattrs(w, ino, e);
		break;
	case E_SYMLINK:
		ino = make_symlink(w, dir, name, e);
		set_xattrs(w, ino, e);
		break;
	case E_CHR:
	case E_BLK:
	case E_FIFO:
	case E_SOCK:
		ino = make_special(w, dir, name, e);
		set_xattrs(w, ino, e);
		break;
	case E_HARDLINK: {
		ext2_ino_t t = find_path(w, e->link, NULL, NULL, NULL);
		if (!t)
			die(EXIT_BADINPUT, "%s: %s: hard link to %s, which is not in the image",
			    src, printable(e->path), printable(e->link));
		struct ext2_inode_large *in = w->ib;
		read_full(w, t, in);
		if (LINUX_S_ISDIR(in->i_mode))
			die(EXIT_BADINPUT, "%s: %s: hard link to a directory", src,
			    printable(e->path));
		if (in->i_links_count >= EXT2_LINK_MAX)
			die(EXIT_BADINPUT, "%s: %s: too many hard links to %s", src,
			    printable(e->path), printable(e->link));
		in->i_links_count++;
		write_full(w, t, in);
		link_in(w, dir, name, t, ftype_of(in->i_mode));
		break;
	}
	}
	w->files++;
	progress_add(0, 1);
}

/* ---- making the file system ---- */
struct fsw *fsw_create(const char *image, const char *display, const struct fs_params *p)
{
	struct fsw *w = xcalloc(1, sizeof(*w));
	struct ext2_super_block param;
	ext2_filsys fs;
	errcode_t r;

	w->display = display;
	w->epoch = p->epoch;
	w->src = display;
	w->path = "";
	memset(&param, 0, sizeof(param));
	w->bs = 4096;
	uint64_t blocks = p->size / w->bs;
	ext2fs_blocks_count_set(&param, blocks);
	param.s_log_block_size = 2; /* 1024 << 2 */
	param.s_rev_level = EXT2_DYNAMIC_REV;
	param.s_inode_size = 256;
	uint64_t inodes = p->inodes ? p->inodes : blocks * w->bs / 16384;
	if (inodes > 0xffffffffULL - 1)
		inodes = 0xffffffffULL - 1;
	if (inodes < 64)
		inodes = 64;
	param.s_inodes_count = (__u32)inodes;
	ext2fs_r_blocks_count_set(&param, blocks * 5 / 100);
	ext2fs_set_feature_xattr(&param);
	ext2fs_set_feature_resize_inode(&param);
	ext2fs_set_feature_dir_index(&param);
	ext2fs_set_feature_filetype(&param);
	ext2fs_set_feature_sparse_super(&param);
	ext2fs_set_feature_large_file(&param);
	if (p->type != FS_EXT2)
		ext2fs_set_feature_journal(&param);
	if (p->type == FS_EXT4) {
		ext2fs_set_feature_extents(&param);
		ext2fs_set_feature_64bit(&param);
		ext2fs_set_feature_flex_bg(&param);
		ext2fs_set_feature_huge_file(&param);
		ext2fs_set_feature_dir_nlink(&param);
		ext2fs_set_feature_extra_isize(&param);
		ext2fs_set_feature_metadata_csum(&param);
		param.s_log_groups_per_flex = 4;
		param.s_desc_size = EXT2_MIN_DESC_SIZE_64BIT;
	}
	param.s_default_mount_opts = EXT2_DEFM_XATTR_USER | EXT2_DEFM_ACL;

	r = ext2fs_initialize(image, p->type == FS_EXT4 ? EXT2_FLAG_64BITS : 0, &param,
			      unix_io_manager, &fs);
	if (r == EXT2_ET_TOOSMALL || r == EXT2_ET_RES_GDT_BLOCKS)
		die(EXIT_FAIL, "%s: --size %llu bytes is too small for a file system", display,
		    (unsigned long long)p->size);
	if (r)
		die(EXIT_FAIL, "%s: cannot make a file system: %s", display, error_message(r));
	w->fs = fs;
	fs->now = (time_t)p->epoch;
	fs->super->s_mkfs_time = fs->super->s_lastcheck = (__u32)p->epoch;
	memcpy(fs->super->s_uuid, p->uuid, 16);
	ext2fs_init_csum_seed(fs);
	memcpy(fs->super->s_hash_seed, p->hash_seed, 16);
	fs->super->s_def_hash_version = EXT2_HASH_HALF_MD4;
	/* The same on every host, whatever the signedness of its char. */
	fs->super->s_flags &= ~(__u32)EXT2_FLAGS_UNSIGNED_HASH;
	fs->super->s_flags |= EXT2_FLAGS_SIGNED_HASH;
	fs->super->s_max_mnt_count = (__s16)-1;
	fs->super->s_kbytes_written = 0;
	if (p->label)
		strncpy((char *)fs->super->s_volume_name, p->label,
			sizeof(fs->super->s_volume_name));
	if (ext2fs_has_feature_metadata_csum(fs->super))
		fs->super->s_checksum_type = EXT2_CRC32C_CHKSUM;
	w->isize = EXT2_INODE_SIZE(fs->super);
	w->ib =
	    xcalloc(1, w->isize < sizeof(struct ext2_inode_large) ? sizeof(struct ext2_inode_large)
								  : w->isize);
	w->bloom = xcalloc(BLOOM_BITS / 8, 1);
	w->zero = xcalloc(1, w->bs);
	w->stage = xmalloc(STAGE);
	w->dirbuf = xmalloc(w->bs);

	CHECK(w, ext2fs_allocate_tables(fs), "allocating group tables");
	/* The image file is new and sparse: inode tables read as zeros already. */
	for (dgrp_t g = 0; g < fs->group_desc_count; g++) {
		ext2fs_bg_flags_set(fs, g, EXT2_BG_INODE_ZEROED);
		ext2fs_group_desc_csum_set(fs, g);
	}
	if (ext2fs_has_feature_metadata_csum(fs->super)) {
		memset(w->ib, 0, w->isize);
		for (ext2_ino_t i = 1; i < EXT2_FIRST_INODE(fs->super); i++)
			write_full(w, i, w->ib);
	}
	/* Root and lost+found as mke2fs makes them. */
	CHECK(w, ext2fs_mkdir(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, 0), "making the root directory");
	bloom_add(w, EXT2_ROOT_INO, ".");
	bloom_add(w, EXT2_ROOT_INO, "..");
	fs->umask = 077;
	CHECK(w, ext2fs_mkdir(fs, EXT2_ROOT_INO, 0, "lost+found"), "making lost+found");
	fs->umask = 022;
	bloom_add(w, EXT2_ROOT_INO, "lost+found");
	ext2_ino_t lpf;
	CHECK(w, ext2fs_lookup(fs, EXT2_ROOT_INO, "lost+found", 10, NULL, &lpf), "lost+found");
	for (unsigned size = w->bs; size < 16384; size += w->bs)
		CHECK(w, ext2fs_expand_dir(fs, lpf), "expanding lost+found");
	for (ext2_ino_t i = EXT2_ROOT_INO + 1; i < EXT2_FIRST_INODE(fs->super); i++)
		ext2fs_inode_alloc_stats2(fs, i, +1, 0);
	ext2fs_mark_ib_dirty(fs);
	ext2fs_mark_inode_bitmap2(fs->inode_map, EXT2_BAD_INO);
	ext2fs_inode_alloc_stats2(fs, EXT2_BAD_INO, +1, 0);
	CHECK(w, ext2fs_update_bb_inode(fs, NULL), "making the bad blocks inode");
	if (ext2fs_has_feature_resize_inode(fs->super))
		CHECK(w, ext2fs_create_resize_inode(fs), "reserving blocks for online resize");
	if (ext2fs_has_feature_journal(fs->super)) {
		struct ext2fs_journal_params jp;
		CHECK(w, ext2fs_get_journal_params(&jp, fs), "sizing the journal");
		if (!jp.num_journal_blocks) {
			info("note: %s is too small for a journal; making it without one", display);
			ext2fs_clear_feature_journal(fs->super);
		} else
			CHECK(w,
			      ext2fs_add_journal_inode3(fs, &jp, ~0ULL,
							EXT2_MKJOURNAL_LAZYINIT |
							    EXT2_MKJOURNAL_NO_MNT_CHECK),
			      "making the journal");
	}
	w->src = NULL;
	w->path = NULL;
	return w;
}

void fsw_close(struct fsw *w)
{
	w->src = NULL;
	w->path = "";
	errcode_t r = ext2fs_close_free(&w->fs);
	if (r)
		fail(w, r, "writing the file system");
	dc_clear(w);
	free(w->dc);
	free(w->bloom);
	free(w->zero);
	free(w->stage);
	free(w->dirbuf);
	free(w->dt);
	free(w->ib);
	free(w);
}

uint64_t fsw_free_bytes(struct fsw *w)
{
	return ext2fs_free_blocks_count(w->fs->super) * w->bs;
}

uint64_t fsw_used_bytes(struct fsw *w)
{
	return (ext2fs_blocks_count(w->fs->super) - ext2fs_free_blocks_count(w->fs->super)) * w->bs;
}

uint64_t fsw_files(struct fsw *w)
{
	return w->files;
}

/* ---- small edits for the settings ---- */
static const char *rel(const char *path)
{
	while (*path == '/')
		path++;
	return path;
}

enum lookup fsw_lookup(struct fsw *w, const char *path, bool follow)
{
	char *real = follow ? fsw_realpath(w, path) : xstrdup(rel(path));
	w->src = w->display;
	w->path = real;
	ext2_ino_t ino = real[0] ? find_path(w, real, NULL, NULL, NULL) : EXT2_ROOT_INO;
	enum lookup res = L_NONE;
	if (ino) {
		struct ext2_inode in;
		CHECK(w, ext2fs_read_inode(w->fs, ino, &in), "reading an inode");
		res = LINUX_S_ISREG(in.i_mode)	 ? L_REG
		      : LINUX_S_ISDIR(in.i_mode) ? L_DIR
		      : LINUX_S_ISLNK(in.i_mode) ? L_SYMLINK
						 : L_OTHER;
	}
	free(real);
	w->path = NULL;
	return res;
}

char *fsw_readlink(struct fsw *w, const char *path)
{
	const char *r = rel(path);
	w->src = w->display;
	w->path = r;
	ext2_ino_t ino = find_path(w, r, NULL, NULL, NULL);
	if (!ino)
		return NULL;
	struct ext2_inode in;
	CHECK(w, ext2fs_read_inode(w->fs, ino, &in), "reading an inode");
	if (!LINUX_S_ISLNK(in.i_mode))
		return NULL;
	return read_symlink(w, ino);
}

/* Textual resolution of the last part's symlinks (the parents are followed anyway). */
char *fsw_realpath(struct fsw *w, const char *path)
{
	char *cur = xstrdup(rel(path));
	for (int depth = 0; depth < MAX_SYMLINK_DEPTH; depth++) {
		char *t = cur[0] ? fsw_readlink(w, cur) : NULL;
		if (!t)
			return cur;
		char *next;
		if (t[0] == '/')
			next = xstrdup(rel(t));
		else {
			char *slash = strrchr(cur, '/');
			if (slash)
				*slash = 0;
			next = slash ? xasprintf("%s/%s", cur, t) : xstrdup(t);
		}
		free(t);
		free(cur);
		/* Fold "x/.." textually. */
		char *parts[256];
		int n = 0;
		char *save, *c;
		for (c = strtok_r(next, "/", &save); c && n < 256; c = strtok_r(NULL, "/", &save)) {
			if (!strcmp(c, "."))
				continue;
			if (!strcmp(c, "..")) {
				if (n)
					n--;
				continue;
			}
			parts[n++] = c;
		}
		size_t len = 1;
		for (int i = 0; i < n; i++)
			len += strlen(parts[i]) + 1;
		cur = xcalloc(1, len);
		for (int i = 0; i < n; i++) {
			if (i)
				strcat(cur, "/");
			strcat(cur, parts[i]);
		}
		free(next);
	}
	return cur;
}

bool fsw_read_small(struct fsw *w, const char *path, char **buf, size_t *len, size_t max)
{
	char *real = fsw_realpath(w, path);
	w->src = w->display;
	w->path = real;
	ext2_ino_t ino = real[0] ? find_path(w, real, NULL, NULL, NULL) : 0;
	struct ext2_inode in;
	if (!ino) {
		free(real);
		return false;
	}
	CHECK(w, ext2fs_read_inode(w->fs, ino, &in), "reading an inode");
	uint64_t size = EXT2_I_SIZE(&in);
	if (!LINUX_S_ISREG(in.i_mode) || size > max) {
		free(real);
		return false;
	}
	char *b = xmalloc(size + 1);
	ext2_file_t f;
	unsigned got = 0;
	CHECK(w, ext2fs_file_open(w->fs, ino, 0, &f), "opening a file");
	if (size)
		CHECK(w, ext2fs_file_read(f, b, (unsigned)size, &got), "reading a file");
	ext2fs_file_close(f);
	b[got] = 0;
	*buf = b;
	*len = got;
	free(real);
	return true;
}

struct membuf {
	const void *buf;
	size_t len;
	bool done;
};

static int mem_data(void *c, const void **buf, size_t *len, int64_t *off)
{
	struct membuf *m = c;
	if (m->done || !m->len)
		return 0;
	m->done = true;
	*buf = m->buf;
	*len = m->len;
	*off = 0;
	return 1;
}

static void synth(struct fsw *w, struct entry *e, char *path, enum etype type, unsigned mode,
		  uint32_t uid, uint32_t gid)
{
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->type = type;
	e->mode = mode;
	e->uid = uid;
	e->gid = gid;
	e->mtime = e->atime = e->ctime = (struct ts){w->epoch, 0};
}

void fsw_write_small(struct fsw *w, const char *path, const void *buf, size_t len, unsigned mode,
		     uint32_t uid, uint32_t gid)
{
	char *real = fsw_realpath(w, path);
	w->src = w->display;
	w->path = real;
	ext2_ino_t ino = real[0] ? find_path(w, real, NULL, NULL, NULL) : 0;
	if (ino) {
		struct ext2_inode in;
		CHECK(w, ext2fs_read_inode(w->fs, ino, &in), "reading an inode");
		if (LINUX_S_ISREG(in.i_mode)) {
			mode = in.i_mode & 07777;
			uid = inode_uid(in);
			gid = inode_gid(in);
		}
	}
	struct entry e;
	struct membuf m = {buf, len, false};
	synth(w, &e, real, E_REG, mode, uid, gid);
	e.size = len;
	e.read = mem_data;
	e.rctx = &m;
	fsw_put(w, w->display, &e);
	w->files--;
	free(real);
}

void fsw_mkdir(struct fsw *w, const char *path, unsigned mode, uint32_t uid, uint32_t gid)
{
	struct entry e;
	char *p = xstrdup(rel(path));
	synth(w, &e, p, E_DIR, mode, uid, gid);
	w->src = w->display;
	fsw_put(w, w->display, &e);
	w->files--;
	free(p);
}

void fsw_symlink(struct fsw *w, const char *path, const char *target)
{
	struct entry e;
	char *p = xstrdup(rel(path));
	synth(w, &e, p, E_SYMLINK, 0777, 0, 0);
	e.link = (char *)target;
	fsw_put(w, w->display, &e);
	w->files--;
	free(p);
}

void fsw_remove(struct fsw *w, const char *path)
{
	const char *r = rel(path);
	ext2_ino_t dir;
	const char *name;
	w->src = w->display;
	w->path = r;
	ext2_ino_t ino = find_path(w, r, &dir, &name, NULL);
	if (ino)
		remove_name(w, dir, name, ino);
}

void fsw_rename(struct fsw *w, const char *from, const char *to)
{
	ext2_ino_t odir, ndir;
	const char *oname, *nname;
	char *r = xstrdup(rel(from)), *t = xstrdup(rel(to));
	w->src = w->display;
	w->path = r;
	ext2_ino_t ino = find_path(w, r, &odir, &oname, NULL);
	if (!ino) {
		free(r);
		free(t);
		return;
	}
	w->path = t;
	if (find_path(w, t, NULL, NULL, NULL))
		fsw_remove(w, to);
	char *slash = strrchr(t, '/');
	char *dp = slash ? strndup(t, (size_t)(slash - t)) : xstrdup("");
	nname = slash ? slash + 1 : t;
	ndir = parent_dir(w, dp, true);
	free(dp);
	struct ext2_inode in;
	CHECK(w, ext2fs_read_inode(w->fs, ino, &in), "reading an inode");
	if (LINUX_S_ISDIR(in.i_mode))
		die(EXIT_FAIL, "%s: %s: cannot rename a directory", w->display, printable(r));
	link_in(w, ndir, nname, ino, ftype_of(in.i_mode));
	CHECK(w, ext2fs_unlink(w->fs, odir, oname, ino, 0), "unlinking");
	if (LINUX_S_ISLNK(in.i_mode))
		dc_clear(w);
	free(r);
	free(t);
}

/* Give up on an image being made (a retry with a larger size follows). */
void fsw_abort(struct fsw *w)
{
	ext2fs_free(w->fs);
	dc_clear(w);
	free(w->dc);
	free(w->bloom);
	free(w->zero);
	free(w->stage);
	free(w->dirbuf);
	free(w->dt);
	free(w->ib);
	free(w);
}

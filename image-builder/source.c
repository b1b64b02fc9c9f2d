// SPDX-License-Identifier: GPL-2.0
/*
 * lol-mkimage sources: tarballs and .deb packages (streamed through
 * libarchive), directories (walked in sorted order) and debootstrap's first
 * stage (run under fakeroot, its tree read back through fakeroot's saved
 * state).  Each source hands normalised entries to a sink, one at a time, so
 * memory stays bounded whatever the size of the input.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mkimage.h"

#define READ_BLOCK (1 << 20)

/* Normalise an archive path in place: strip "./", "/" and empty parts. */
int normalise_path(char *path)
{
	char *out = path, *p = path;
	while (*p) {
		char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			return -1;
		} else {
			if (out != path)
				*out++ = '/';
			memmove(out, p, n);
			out += n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	*out = 0;
	return 0;
}

/* ---- archive entries to our entries ---- */
struct arctx {
	struct archive *a;
	const char *src;
	const char *path;
};

static int archive_data(void *c, const void **buf, size_t *len, int64_t *off)
{
	struct arctx *x = c;
	la_int64_t o;
	int r = archive_read_data_block(x->a, buf, len, &o);
	if (r == ARCHIVE_EOF)
		return 0;
	if (r < ARCHIVE_WARN)
		die(EXIT_BADINPUT, "%s: %s: %s", x->src, printable(x->path),
		    archive_error_string(x->a) ? archive_error_string(x->a) : "read error");
	*off = o;
	return 1;
}

void drain_data(struct entry *e)
{
	const void *b;
	size_t n;
	int64_t o;
	if (e->type == E_REG && e->read)
		while (e->read(e->rctx, &b, &n, &o) > 0)
			;
}

/* POSIX.1e ACLs from the archive as the Linux system.posix_acl_* value. */
static int acl_tag(int t)
{
	switch (t) {
	case ARCHIVE_ENTRY_ACL_USER_OBJ:
		return 0x01;
	case ARCHIVE_ENTRY_ACL_USER:
		return 0x02;
	case ARCHIVE_ENTRY_ACL_GROUP_OBJ:
		return 0x04;
	case ARCHIVE_ENTRY_ACL_GROUP:
		return 0x08;
	case ARCHIVE_ENTRY_ACL_MASK:
		return 0x10;
	case ARCHIVE_ENTRY_ACL_OTHER:
		return 0x20;
	}
	return 0;
}

struct aclent {
	uint16_t tag, perm;
	uint32_t id;
};

static int aclent_cmp(const void *a, const void *b)
{
	const struct aclent *x = a, *y = b;
	if (x->tag != y->tag)
		return x->tag < y->tag ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void add_acl_xattr(struct entry *e, struct archive_entry *ae, int type, const char *name)
{
	int n = archive_entry_acl_reset(ae, type);
	if (n <= 0)
		return;
	struct aclent *v = xcalloc((size_t)n + 4, sizeof(*v));
	int k = 0, extended = 0, t, perm, tag, qual;
	const char *nm;
	while (k < n &&
	       archive_entry_acl_next(ae, type, &t, &perm, &tag, &qual, &nm) == ARCHIVE_OK) {
		int lt = acl_tag(tag);
		if (!lt)
			continue;
		v[k].tag = (uint16_t)lt;
		v[k].perm = (uint16_t)(perm & 7);
		v[k].id = (lt == 0x02 || lt == 0x08) ? (uint32_t)qual : 0xffffffffu;
		if (lt == 0x02 || lt == 0x08 || lt == 0x10)
			extended = 1;
		k++;
	}
	if (!k || (type == ARCHIVE_ENTRY_ACL_TYPE_ACCESS && !extended)) {
		free(v);
		return;
	}
	qsort(v, (size_t)k, sizeof(*v), aclent_cmp);
	size_t size = 4 + 8 * (size_t)k;
	uint8_t *val = xmalloc(size), *p = val;
	p[0] = 2, p[1] = p[2] = p[3] = 0; /* version 2, little-endian */
	p += 4;
	for (int i = 0; i < k; i++, p += 8) {
		p[0] = (uint8_t)v[i].tag, p[1] = (uint8_t)(v[i].tag >> 8);
		p[2] = (uint8_t)v[i].perm, p[3] = (uint8_t)(v[i].perm >> 8);
		for (int j = 0; j < 4; j++)
			p[4 + j] = (uint8_t)(v[i].id >> (8 * j));
	}
	free(v);
	for (size_t i = 0; i < e->nxattr; i++)
		if (!strcmp(e->xattrs[i].name, name)) {
			free(val);
			return; /* already there as an xattr */
		}
	e->xattrs = xrealloc(e->xattrs, (e->nxattr + 1) * sizeof(*e->xattrs));
	e->xattrs[e->nxattr++] = (struct xattr){xstrdup(name), val, size};
}

static void set_ts(struct ts *t, int isset, time_t s, long ns, const struct ts *dflt)
{
	if (isset) {
		t->sec = s;
		t->nsec = (ns >= 0 && ns < 1000000000L) ? (uint32_t)ns : 0;
	} else
		*t = *dflt;
}

static void entry_free(struct entry *e)
{
	free(e->path);
	free(e->link);
	for (size_t i = 0; i < e->nxattr; i++) {
		free(e->xattrs[i].name);
		free(e->xattrs[i].value);
	}
	free(e->xattrs);
	memset(e, 0, sizeof(*e));
}

/* Returns false for entry types that have no place in a file system. */
static bool entry_from_archive(struct entry *e, struct archive_entry *ae, const char *src)
{
	memset(e, 0, sizeof(*e));
	const char *p = archive_entry_pathname(ae);
	if (!p)
		die(EXIT_BADINPUT, "%s: an entry has no usable name", src);
	e->path = xstrdup(p);
	if (normalise_path(e->path) < 0)
		die(EXIT_BADINPUT, "%s: %s: path leaves the tree (\"..\")", src, printable(p));
	const char *hl = archive_entry_hardlink(ae);
	mode_t ft = archive_entry_filetype(ae);
	if (hl) {
		e->type = E_HARDLINK;
		e->link = xstrdup(hl);
		if (normalise_path(e->link) < 0 || !e->link[0])
			die(EXIT_BADINPUT, "%s: %s: bad hard link target %s", src, printable(p),
			    printable(hl));
	} else if (ft == AE_IFREG)
		e->type = E_REG;
	else if (ft == AE_IFDIR)
		e->type = E_DIR;
	else if (ft == AE_IFLNK) {
		e->type = E_SYMLINK;
		const char *t = archive_entry_symlink(ae);
		if (!t || !*t)
			die(EXIT_BADINPUT, "%s: %s: symbolic link without a target", src,
			    printable(p));
		e->link = xstrdup(t);
	} else if (ft == AE_IFCHR)
		e->type = E_CHR;
	else if (ft == AE_IFBLK)
		e->type = E_BLK;
	else if (ft == AE_IFIFO)
		e->type = E_FIFO;
	else if (ft == AE_IFSOCK)
		e->type = E_SOCK;
	else {
		free(e->path);
		free(e->link);
		memset(e, 0, sizeof(*e));
		return false;
	}
	if (!e->path[0] && e->type != E_DIR)
		die(EXIT_BADINPUT, "%s: the root of the tree is not a directory", src);
	e->mode = archive_entry_perm(ae) & 07777;
	la_int64_t uid = archive_entry_uid(ae), gid = archive_entry_gid(ae);
	if (uid < 0 || uid > 0xffffffffLL || gid < 0 || gid > 0xffffffffLL)
		die(EXIT_BADINPUT, "%s: %s: owner out of range", src, printable(p));
	e->uid = (uint32_t)uid;
	e->gid = (uint32_t)gid;
	struct ts zero = {0, 0};
	set_ts(&e->mtime, archive_entry_mtime_is_set(ae), archive_entry_mtime(ae),
	       archive_entry_mtime_nsec(ae), &zero);
	set_ts(&e->atime, archive_entry_atime_is_set(ae), archive_entry_atime(ae),
	       archive_entry_atime_nsec(ae), &e->mtime);
	set_ts(&e->ctime, archive_entry_ctime_is_set(ae), archive_entry_ctime(ae),
	       archive_entry_ctime_nsec(ae), &e->mtime);
	if (e->type == E_REG) {
		la_int64_t s = archive_entry_size(ae);
		e->size = s > 0 ? (uint64_t)s : 0;
	}
	if (e->type == E_CHR || e->type == E_BLK) {
		e->rmajor = (uint32_t)archive_entry_rdevmajor(ae);
		e->rminor = (uint32_t)archive_entry_rdevminor(ae);
	}
	if (e->type != E_HARDLINK) {
		const char *name;
		const void *val;
		size_t size;
		int n = archive_entry_xattr_reset(ae);
		if (n > 0)
			e->xattrs = xcalloc((size_t)n, sizeof(*e->xattrs));
		while (archive_entry_xattr_next(ae, &name, &val, &size) == ARCHIVE_OK &&
		       e->nxattr < (size_t)n) {
			if (!name || !*name)
				continue;
			struct xattr *x = &e->xattrs[e->nxattr++];
			x->name = xstrdup(name);
			x->value = xmalloc(size);
			memcpy(x->value, val, size);
			x->size = size;
		}
		if (e->type != E_SYMLINK) {
			add_acl_xattr(e, ae, ARCHIVE_ENTRY_ACL_TYPE_ACCESS,
				      "system.posix_acl_access");
			if (e->type == E_DIR)
				add_acl_xattr(e, ae, ARCHIVE_ENTRY_ACL_TYPE_DEFAULT,
					      "system.posix_acl_default");
		}
	}
	return true;
}

/* Skip debootstrap's host leaks and logs. */
static bool host_leak(const char *path)
{
	static const char *const leaks[] = {
	    "etc/resolv.conf",
	    "etc/hostname",
	    "etc/machine-id",
	    "var/lib/dbus/machine-id",
	    "debootstrap/debootstrap.log",
	    "var/cache/ldconfig/aux-cache",
	};
	for (size_t i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++)
		if (!strcmp(path, leaks[i]))
			return true;
	return !strncmp(path, "var/log/", 8) && strchr(path + 8, '/') == NULL;
}

/* Read every entry of an open archive into the sink. */
static void pump_archive(struct archive *a, const char *src, const struct source *s,
			 struct sink *sink, bool leaks_filter, int *count)
{
	struct archive_entry *ae;
	for (;;) {
		int r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			const char *msg = archive_error_string(a);
			die(EXIT_BADINPUT, "%s: %s", src, msg ? msg : "not a readable archive");
		}
		struct entry e;
		if (!entry_from_archive(&e, ae, src))
			continue;
		if (count)
			(*count)++;
		if (leaks_filter && host_leak(e.path)) {
			entry_free(&e);
			continue;
		}
		struct arctx x = {a, src, e.path};
		if (e.type == E_REG) {
			e.read = archive_data;
			e.rctx = &x;
		}
		sink->put(sink, s, &e);
		entry_free(&e);
	}
}

/* ---- tarballs ---- */
static void run_tarball(struct source *s, struct sink *sink)
{
	struct archive *a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_cpio(a);
	if (archive_read_open_filename(a, s->path, READ_BLOCK) != ARCHIVE_OK) {
		const char *msg = archive_error_string(a);
		die(EXIT_BADINPUT, "%s: %s", s->name, msg ? msg : "cannot open");
	}
	int count = 0;
	pump_archive(a, s->name, s, sink, false, &count);
	if (archive_read_close(a) != ARCHIVE_OK)
		die(EXIT_BADINPUT, "%s: %s", s->name, archive_error_string(a));
	archive_read_free(a);
}

/* ---- .deb: ar { debian-binary, control.tar.*, data.tar.* } ---- */
struct debctx {
	struct archive *outer;
	char buf[65536];
	const char *src, *member;
};

static la_ssize_t deb_member_read(struct archive *inner, void *c, const void **buf)
{
	(void)inner;
	struct debctx *d = c;
	la_ssize_t n = archive_read_data(d->outer, d->buf, sizeof(d->buf));
	if (n < 0)
		die(EXIT_BADINPUT, "%s: %s: %s", d->src, d->member, archive_error_string(d->outer));
	*buf = d->buf;
	return n;
}

static void run_one_deb(struct source *s, const char *path, struct sink *sink)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	archive_read_support_format_ar(a);
	if (archive_read_open_filename(a, path, READ_BLOCK) != ARCHIVE_OK)
		die(EXIT_BADINPUT, "%s: not a Debian package (%s)", path,
		    archive_error_string(a) ? archive_error_string(a) : "cannot open");
	int member = 0;
	bool data = false;
	for (;;) {
		int r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN)
			die(EXIT_BADINPUT, "%s: not a Debian package (%s)", path,
			    archive_error_string(a) ? archive_error_string(a) : "bad ar archive");
		const char *name = archive_entry_pathname(ae);
		if (!name)
			name = "";
		member++;
		if (member == 1) {
			char v[16] = {0};
			la_ssize_t n = archive_read_data(a, v, sizeof(v) - 1);
			if (strcmp(name, "debian-binary") || n < 4 || strncmp(v, "2.", 2))
				die(EXIT_BADINPUT,
				    "%s: not a Debian binary package (no debian-binary 2.x member)",
				    path);
			continue;
		}
		if (!strncmp(name, "data.tar", 8)) {
			if (data)
				die(EXIT_BADINPUT, "%s: two data.tar members", path);
			data = true;
			struct debctx *d = xmalloc(sizeof(*d));
			d->outer = a;
			d->src = path;
			d->member = name;
			struct archive *in = archive_read_new();
			archive_read_support_filter_all(in);
			archive_read_support_format_tar(in);
			if (archive_read_open(in, d, NULL, deb_member_read, NULL) != ARCHIVE_OK)
				die(EXIT_BADINPUT, "%s: %s: %s", path, name,
				    archive_error_string(in) ? archive_error_string(in)
							     : "cannot read");
			char *label = xasprintf("%s: %s", path, name);
			pump_archive(in, label, s, sink, false, NULL);
			free(label);
			archive_read_free(in);
			free(d);
		}
		/* control.tar.* and members starting with '_' are not unpacked. */
	}
	if (member == 0)
		die(EXIT_BADINPUT, "%s: not a Debian package (empty ar archive)", path);
	if (!data)
		die(EXIT_BADINPUT, "%s: not a Debian binary package (no data.tar member)", path);
	archive_read_free(a);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_deb(struct source *s, struct sink *sink)
{
	struct stat st;
	if (stat(s->path, &st) < 0)
		die(EXIT_BADINPUT, "%s: %s", s->path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		run_one_deb(s, s->path, sink);
		return;
	}
	DIR *d = opendir(s->path);
	if (!d)
		die(EXIT_BADINPUT, "%s: %s", s->path, strerror(errno));
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 4 && !strcmp(de->d_name + l - 4, ".deb")) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (!n)
		die(EXIT_BADINPUT, "%s: no .deb files in this directory", s->path);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", s->path, names[i]);
		run_one_deb(s, p, sink);
		free(p);
		free(names[i]);
	}
	free(names);
}

/* ---- directories, walked in sorted (strcmp) order ---- */
struct walker {
	struct archive *disk;
	char *buf;
	const char *top;
	/* hard links: (dev, ino) -> first path */
	struct hl {
		dev_t dev;
		ino_t ino;
		char *path;
	} * hls;
	size_t nhl, cap;
	void (*emit)(struct walker *w, struct archive_entry *ae, const char *full, int fd);
	void *ctx;
};

struct filectx {
	int fd;
	uint64_t size, pos, data_end;
	char *buf;
	const char *path;
};

static int file_data(void *c, const void **buf, size_t *len, int64_t *off)
{
	struct filectx *f = c;
	if (f->pos >= f->size)
		return 0;
	if (f->pos >= f->data_end) {
		off_t d = lseek(f->fd, (off_t)f->pos, SEEK_DATA);
		if (d < 0 && errno == ENXIO)
			return 0;
		if (d < 0) {
			f->data_end = f->size; /* no SEEK_DATA: read everything */
		} else {
			off_t h = lseek(f->fd, d, SEEK_HOLE);
			f->pos = (uint64_t)d;
			f->data_end = h < 0 ? f->size : (uint64_t)h;
			if (f->data_end > f->size)
				f->data_end = f->size;
		}
		if (f->pos >= f->size)
			return 0;
	}
	size_t want = READ_BLOCK;
	if (want > f->data_end - f->pos)
		want = (size_t)(f->data_end - f->pos);
	ssize_t n = pread(f->fd, f->buf, want, (off_t)f->pos);
	if (n < 0)
		die(EXIT_BADINPUT, "%s: %s", printable(f->path), strerror(errno));
	if (n == 0) /* the file shrank while being read */
		die(EXIT_BADINPUT, "%s: file changed size while being read", printable(f->path));
	*buf = f->buf;
	*len = (size_t)n;
	*off = (int64_t)f->pos;
	f->pos += (uint64_t)n;
	return 1;
}

/* Files with several links, by (device, inode): the first path seen. */
static size_t hl_slot(const struct hl *t, size_t cap, dev_t dev, ino_t ino)
{
	size_t i = (size_t)(((uint64_t)ino * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)dev) & (cap - 1);
	while (t[i].path && !(t[i].dev == dev && t[i].ino == ino))
		i = (i + 1) & (cap - 1);
	return i;
}

static const char *hl_find(struct walker *w, const struct stat *st, const char *rel)
{
	if ((w->nhl + 1) * 10 > w->cap * 7) {
		size_t ncap = w->cap ? 2 * w->cap : 256;
		struct hl *n = xcalloc(ncap, sizeof(*n));
		for (size_t i = 0; i < w->cap; i++)
			if (w->hls[i].path)
				n[hl_slot(n, ncap, w->hls[i].dev, w->hls[i].ino)] = w->hls[i];
		free(w->hls);
		w->hls = n;
		w->cap = ncap;
	}
	size_t i = hl_slot(w->hls, w->cap, st->st_dev, st->st_ino);
	if (w->hls[i].path)
		return w->hls[i].path;
	w->hls[i] = (struct hl){st->st_dev, st->st_ino, xstrdup(rel)};
	w->nhl++;
	return NULL;
}

static void walk(struct walker *w, const char *full, const char *rel, const struct stat *st)
{
	struct archive_entry *ae = archive_entry_new();
	archive_entry_copy_pathname(ae, rel[0] ? rel : ".");
	archive_entry_copy_sourcepath(ae, full);
	int fd = -1;
	if (S_ISREG(st->st_mode)) {
		fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			die(EXIT_BADINPUT, "%s: %s", printable(full), strerror(errno));
	}
	if (archive_read_disk_entry_from_file(w->disk, ae, fd, st) < ARCHIVE_WARN)
		die(EXIT_BADINPUT, "%s: %s", printable(full), archive_error_string(w->disk));
	/* Host access and change times are not part of the input. */
	archive_entry_unset_atime(ae);
	archive_entry_unset_ctime(ae);
	archive_entry_unset_birthtime(ae);
	if (!S_ISDIR(st->st_mode) && st->st_nlink > 1) {
		const char *first = hl_find(w, st, rel);
		if (first) {
			archive_entry_set_hardlink(ae, first);
			archive_entry_set_size(ae, 0);
		}
	}
	w->emit(w, ae, full, archive_entry_hardlink(ae) ? -1 : fd);
	if (fd >= 0)
		close(fd);
	archive_entry_free(ae);
	if (!S_ISDIR(st->st_mode))
		return;

	DIR *d = opendir(full);
	if (!d)
		die(EXIT_BADINPUT, "%s: %s", printable(full), strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *cf = xasprintf("%s/%s", full, names[i]);
		char *cr = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		struct stat cst;
		if (lstat(cf, &cst) < 0)
			die(EXIT_BADINPUT, "%s: %s", printable(cf), strerror(errno));
		walk(w, cf, cr, &cst);
		free(cf);
		free(cr);
		free(names[i]);
	}
	free(names);
}

static void walker_run(struct walker *w, const char *top)
{
	struct stat st;
	if (stat(top, &st) < 0)
		die(EXIT_BADINPUT, "%s: %s", top, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		die(EXIT_BADINPUT, "%s: not a directory", top);
	w->disk = archive_read_disk_new();
	archive_read_disk_set_behavior(w->disk,
				       ARCHIVE_READDISK_NO_SPARSE | ARCHIVE_READDISK_NO_FFLAGS);
	w->buf = xmalloc(READ_BLOCK);
	w->top = top;
	walk(w, top, "", &st);
	archive_read_free(w->disk);
	free(w->buf);
	for (size_t i = 0; i < w->cap; i++)
		free(w->hls[i].path);
	free(w->hls);
}

/* Overlay directories: entries straight into the sink. */
struct overlay_ctx {
	struct source *src;
	struct sink *sink;
	bool map_root;
};

static void overlay_emit(struct walker *w, struct archive_entry *ae, const char *full, int fd)
{
	struct overlay_ctx *o = w->ctx;
	struct entry e;
	if (!strcmp(archive_entry_pathname(ae), "."))
		return; /* the directory itself: the image root keeps its own metadata */
	if (!entry_from_archive(&e, ae, o->src->name))
		return;
	if (o->map_root)
		e.uid = e.gid = 0;
	struct filectx f = {fd, e.size, 0, 0, w->buf, full};
	if (e.type == E_REG && fd >= 0) {
		e.read = file_data;
		e.rctx = &f;
	}
	o->sink->put(o->sink, o->src, &e);
	entry_free(&e);
}

static void run_overlay(struct source *s, struct sink *sink)
{
	struct overlay_ctx o = {s, sink, geteuid() != 0};
	struct walker w = {0};
	w.emit = overlay_emit;
	w.ctx = &o;
	walker_run(&w, s->path);
}

/* ---- --internal-tar-tree DIR: a sorted pax tarball of DIR on stdout ---- */
static void tar_emit(struct walker *w, struct archive_entry *ae, const char *full, int fd)
{
	struct archive *out = w->ctx;
	if (archive_write_header(out, ae) < ARCHIVE_WARN)
		die(EXIT_FAIL, "%s: %s", printable(full), archive_error_string(out));
	if (fd < 0 || archive_entry_filetype(ae) != AE_IFREG || archive_entry_hardlink(ae))
		return;
	uint64_t size = (uint64_t)archive_entry_size(ae), pos = 0;
	while (pos < size) {
		size_t want = READ_BLOCK;
		if (want > size - pos)
			want = (size_t)(size - pos);
		ssize_t n = pread(fd, w->buf, want, (off_t)pos);
		if (n < 0)
			die(EXIT_FAIL, "%s: %s", printable(full), strerror(errno));
		if (n == 0) {
			memset(w->buf, 0, want); /* shrank: pad as tar does */
			n = (ssize_t)want;
		}
		if (archive_write_data(out, w->buf, (size_t)n) < 0)
			die(EXIT_FAIL, "writing the tree: %s", archive_error_string(out));
		pos += (uint64_t)n;
	}
}

int tar_tree_main(const char *dir)
{
	struct archive *out = archive_write_new();
	archive_write_set_format_pax_restricted(out);
	archive_write_set_bytes_per_block(out, 65536);
	if (archive_write_open_fd(out, 1) != ARCHIVE_OK)
		die(EXIT_FAIL, "stdout: %s", archive_error_string(out));
	struct walker w = {0};
	w.emit = tar_emit;
	w.ctx = out;
	walker_run(&w, dir);
	if (archive_write_close(out) != ARCHIVE_OK)
		die(EXIT_FAIL, "stdout: %s", archive_error_string(out));
	archive_write_free(out);
	return 0;
}

/* ---- debootstrap --foreign, under fakeroot ---- */
static char *last_log_line(const char *target)
{
	char *log = xasprintf("%s/debootstrap/debootstrap.log", target);
	FILE *f = fopen(log, "r");
	free(log);
	if (!f)
		return NULL;
	char *line = NULL, *last = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
			line[--n] = 0;
		if (n > 0) {
			free(last);
			last = xstrdup(line);
		}
	}
	free(line);
	fclose(f);
	return last;
}

void source_debootstrap_stage1(struct source *s)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/lol-mkimage.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die(EXIT_FAIL, "%s: cannot create a staging directory: %s", dir, strerror(errno));
	cleanup_dir(dir);
	s->tmpdir = dir;
	s->path = xasprintf("%s/root", dir);
	s->state = xasprintf("%s/fakeroot.state", dir);
	char *fakeroot = find_program("fakeroot");
	s->fakeroot = fakeroot != NULL;
	if (!fakeroot && geteuid() != 0)
		die(EXIT_FAIL, "debootstrap needs root or fakeroot; install fakeroot");
	char *dbs = find_program("debootstrap");
	if (!dbs)
		die(EXIT_FAIL, "debootstrap not found; install debootstrap");

	char **argv = xcalloc(32 + s->ndbs_opts, sizeof(char *));
	size_t n = 0;
	if (fakeroot) {
		argv[n++] = fakeroot;
		argv[n++] = "-s";
		argv[n++] = s->state;
		argv[n++] = "--";
	}
	argv[n++] = dbs;
	argv[n++] = "--foreign";
	argv[n++] = "--arch=ia64";
	char *kr = NULL;
	if (s->keyring)
		argv[n++] = kr = xasprintf("--keyring=%s", s->keyring);
	if (s->no_check_gpg)
		argv[n++] = "--no-check-gpg";
	for (size_t i = 0; i < s->ndbs_opts; i++)
		argv[n++] = s->dbs_opts[i];
	argv[n++] = s->suite;
	argv[n++] = s->path;
	argv[n++] = s->mirror;
	if (s->script)
		argv[n++] = s->script;
	argv[n] = NULL;

	int pfd[2];
	if (pipe(pfd) < 0)
		die(EXIT_FAIL, "pipe: %s", strerror(errno));
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die(EXIT_FAIL, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[1]);
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		execv(argv[0], argv);
		_exit(127);
	}
	cleanup_pid(pid);
	close(pfd[1]);
	FILE *f = fdopen(pfd[0], "r");
	char *line = NULL, *last_err = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if (!strncmp(line, "E: ", 3)) {
			free(last_err);
			last_err = xstrdup(line + 3);
		}
		if (!strncmp(line, "I: ", 3) || !strncmp(line, "W: ", 3))
			info("  debootstrap: %s", line);
	}
	fclose(f);
	free(line);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die(EXIT_FAIL, "waitpid: %s", strerror(errno));
	cleanup_pid_done(pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (!last_err) /* the reason is in its log, as the last line */
			last_err = last_log_line(s->path);
		die(EXIT_FAIL, "debootstrap %s %s: %s", s->suite, s->mirror,
		    last_err ? printable(last_err)
			     : (WIFEXITED(st) && WEXITSTATUS(st) == 127 ? "cannot run debootstrap"
									: "failed"));
	}
	free(last_err);
	free(kr);
	free(argv);
	free(fakeroot);
	free(dbs);
}

static void run_debootstrap(struct source *s, struct sink *sink)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		die(EXIT_FAIL, "pipe: %s", strerror(errno));
	char *fakeroot = s->fakeroot ? find_program("fakeroot") : NULL;
	char *argv[10];
	size_t n = 0;
	if (fakeroot) {
		argv[n++] = fakeroot;
		argv[n++] = "-i";
		argv[n++] = s->state;
		argv[n++] = "--";
	}
	argv[n++] = (char *)self_exe();
	argv[n++] = "--internal-tar-tree";
	argv[n++] = s->path;
	argv[n] = NULL;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die(EXIT_FAIL, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], 1);
		close(pfd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	cleanup_pid(pid);
	close(pfd[1]);
	struct archive *a = archive_read_new();
	archive_read_support_format_tar(a);
	if (archive_read_open_fd(a, pfd[0], 65536) != ARCHIVE_OK)
		die(EXIT_FAIL, "%s: reading the staged tree: %s", s->name, archive_error_string(a));
	pump_archive(a, s->name, s, sink, true, NULL);
	archive_read_free(a);
	close(pfd[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die(EXIT_FAIL, "waitpid: %s", strerror(errno));
	cleanup_pid_done(pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		die(EXIT_FAIL, "%s: reading the staged tree failed", s->name);
	free(fakeroot);
}

void source_run(struct source *s, struct sink *sink)
{
	switch (s->kind) {
	case SRC_TARBALL:
		run_tarball(s, sink);
		break;
	case SRC_DEB:
		run_deb(s, sink);
		break;
	case SRC_OVERLAY:
		run_overlay(s, sink);
		break;
	case SRC_DEBOOTSTRAP:
		run_debootstrap(s, sink);
		break;
	}
}

void source_cleanup(struct source *s)
{
	if (s->tmpdir) {
		remove_tree(s->tmpdir);
		free(s->tmpdir);
		s->tmpdir = NULL;
	}
}

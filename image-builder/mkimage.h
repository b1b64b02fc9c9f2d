/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lol-mkimage: build an ia64 root disk image (ext2/3/4) straight from
 * debootstrap trees, .deb packages, tarballs and directories, without root,
 * loop devices or mounts.  Shared declarations.
 */
#ifndef LOL_MKIMAGE_H
#define LOL_MKIMAGE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define EXIT_FAIL 1	/* the build failed: disk full, output unwritable, a tool failed */
#define EXIT_BADINPUT 2 /* bad input or usage */

/* ---- the input digest (digest.c): SHA-256 from libcrypto ---- */
#define DIGEST_SIZE 32
struct digest {
	void *ctx; /* EVP_MD_CTX */
};
void digest_init(struct digest *s);
void digest_update(struct digest *s, const void *data, size_t len);
void digest_final(struct digest *s, uint8_t out[DIGEST_SIZE]);
void digest_u64(struct digest *s, uint64_t v);
void digest_str(struct digest *s, const char *str);

/* ---- messages, clean-up, helpers (util.c) ---- */
extern const char *progname;
extern int quiet;
_Noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A name safe to print on one line: control characters escaped. */
const char *printable(const char *s);
void cleanup_file(const char *path); /* unlink at failure exit */
void cleanup_file_done(const char *path);
void cleanup_dir(const char *path); /* remove recursively at any exit */
void cleanup_pid(pid_t pid);	    /* kill at failure exit */
void cleanup_pid_done(pid_t pid);
void cleanup_run(void);
void remove_tree(const char *path);
const char *self_exe(void);
/* Run argv (argv[0] looked up in PATH) and wait; output to out_fd (or inherit if -1). */
int run_wait(char *const argv[], int out_fd);
char *find_program(const char *name);

/* ---- progress (util.c) ---- */
void progress_phase(const char *what, uint64_t total);
void progress_add(uint64_t bytes, uint64_t entries);
void progress_end(void);
extern int progress_step, progress_steps;

/* ---- entries ---- */
enum etype { E_REG, E_DIR, E_SYMLINK, E_HARDLINK, E_CHR, E_BLK, E_FIFO, E_SOCK };

struct ts {
	int64_t sec;
	uint32_t nsec;
};

struct xattr {
	char *name;
	void *value;
	size_t size;
};

/* Data of a regular file, as (offset, bytes) chunks; a jump in offsets is a hole.
 * Returns 1 with a chunk, 0 at the end; dies on read errors. */
typedef int (*data_fn)(void *ctx, const void **buf, size_t *len, int64_t *off);

struct entry {
	char *path; /* normalised: relative, no "." or ".." parts, "" = the root */
	enum etype type;
	unsigned mode; /* permission bits, 07777 */
	uint32_t uid, gid;
	struct ts mtime, atime, ctime;
	uint64_t size;
	uint32_t rmajor, rminor;
	char *link; /* symlink target, or the (normalised) path a hard link points to */
	size_t nxattr;
	struct xattr *xattrs;
	data_fn read;
	void *rctx;
};

/* ---- sources (source.c) ---- */
enum srckind { SRC_TARBALL, SRC_DEB, SRC_OVERLAY, SRC_DEBOOTSTRAP };

struct source {
	enum srckind kind;
	char *path; /* tarball, .deb or directory; for debootstrap the staged tree */
	char *name; /* for messages */
	/* debootstrap */
	char *suite, *mirror, *script, *keyring;
	bool no_check_gpg;
	char **dbs_opts;
	size_t ndbs_opts;
	char *tmpdir, *state; /* staging directory, fakeroot state file */
	bool fakeroot;
};

struct sink {
	void (*put)(struct sink *sink, const struct source *src, struct entry *e);
};

void source_run(struct source *src, struct sink *sink);
void source_debootstrap_stage1(struct source *src);
void source_cleanup(struct source *src);
int tar_tree_main(const char *dir); /* --internal-tar-tree: a sorted pax tarball of DIR on stdout */
int normalise_path(char *path);	    /* 0, or -1 for a path leaving the tree */
void drain_data(struct entry *e);

/* ---- the file system writer (fs.c) ---- */
enum fstype { FS_EXT2, FS_EXT3, FS_EXT4 };

struct fs_params {
	enum fstype type;
	uint64_t size;	 /* bytes */
	uint64_t inodes; /* 0: from the inode ratio */
	const char *label;
	uint8_t uuid[16], hash_seed[16];
	int64_t epoch; /* SOURCE_DATE_EPOCH: time of everything, clamp of entry times */
};

struct fsw;
struct fsw *fsw_create(const char *image, const char *display, const struct fs_params *p);
void fsw_put(struct fsw *w, const char *srcname, struct entry *e);
void fsw_close(struct fsw *w);
uint64_t fsw_free_bytes(struct fsw *w);
uint64_t fsw_used_bytes(struct fsw *w);
uint64_t fsw_files(struct fsw *w);

/* Lookups and small files for the settings (paths absolute inside the image). */
enum lookup { L_NONE, L_REG, L_DIR, L_SYMLINK, L_OTHER };
enum lookup fsw_lookup(struct fsw *w, const char *path, bool follow);
bool fsw_read_small(struct fsw *w, const char *path, char **buf, size_t *len, size_t max);
char *fsw_readlink(struct fsw *w, const char *path);
/* Create or replace a regular file; an existing file keeps its owner and mode. */
void fsw_write_small(struct fsw *w, const char *path, const void *buf, size_t len, unsigned mode,
		     uint32_t uid, uint32_t gid);
void fsw_mkdir(struct fsw *w, const char *path, unsigned mode, uint32_t uid, uint32_t gid);
void fsw_symlink(struct fsw *w, const char *path, const char *target);
void fsw_remove(struct fsw *w, const char *path);
void fsw_rename(struct fsw *w, const char *from, const char *to);
void fsw_abort(struct fsw *w);
/* Resolve a path's final symlinks inside the image (for editing the real file). */
char *fsw_realpath(struct fsw *w, const char *path);

/* ---- settings (settings.c) ---- */
struct settings {
	const char *hostname;
	const char *root_password, *root_password_hash, *password_method;
	const char **ssh_keys;
	size_t nssh_keys;
	char *ssh_text; /* the keys, checked and read by load_ssh_keys */
	size_t ssh_len;
	const char *console;
	const char *root_device;
	const char *netif;
	bool no_config, no_fstab, no_network, no_getty;
	uint8_t salt_seed[32];
	int64_t epoch;
	const char *fs_name;
};
/* Returns true when the first-boot hook for debootstrap's second stage was installed. */
bool apply_settings(struct fsw *w, const struct settings *s);
char *hash_password(const struct settings *s);
char *load_ssh_keys(const struct settings *s, size_t *len);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * lol-mkimage: make a bootable ia64 root disk image for lol, rootless, from
 * debootstrap's first stage, .deb packages, tarballs and directories.
 *
 *   lol-mkimage [SOURCES...] [SETTINGS...] -o IMAGE
 *
 * Two passes over the sources: a scan (checks every input, sizes the image
 * and hashes the inputs into its UUID and seeds), then the write.  The image
 * is made under a temporary name in the output's directory, checked with
 * e2fsck -fn, and renamed into place only when all went well.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mkimage.h"

#ifndef LOL_VERSION
#define LOL_VERSION "0"
#endif

/* Bump when the same inputs would give different bytes. */
#define FORMAT_TAG "lol-mkimage image format 1"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "Usage: lol-mkimage [SOURCES...] [SETTINGS...] -o IMAGE\n"
	    "Make an ia64 root disk image (ext2/3/4, sparse raw file) for lol, without root.\n"
	    "\n"
	    "Sources (combinable; used in the order given, overlays last):\n"
	    "  --debootstrap SUITE MIRROR  debootstrap's first stage (--foreign --arch=ia64,\n"
	    "                              under fakeroot); the second stage runs at first boot\n"
	    "  --debootstrap-script FILE   suite script passed to debootstrap\n"
	    "  --debootstrap-opt OPT       extra debootstrap option (repeatable),\n"
	    "                              e.g. --debootstrap-opt=--variant=minbase\n"
	    "  --keyring FILE              keyring for debootstrap to check the archive with\n"
	    "  --no-check-gpg              let debootstrap skip the signature check\n"
	    "  --tarball FILE              a tar (or cpio) archive, any compression\n"
	    "  --deb FILE|DIR              a .deb package, or every *.deb of DIR (data only,\n"
	    "                              no maintainer scripts)\n"
	    "  --overlay DIR               files copied in last (owned by root unless run as\n"
	    "                              root or under fakeroot)\n"
	    "\n"
	    "Settings:\n"
	    "  -o, --output IMAGE          the image to write\n"
	    "  --size SIZE                 image size, e.g. 2G, 512M (default: contents plus\n"
	    "                              headroom)\n"
	    "  --inodes N                  number of inodes (default: one per 16 KiB)\n"
	    "  --fs ext2|ext3|ext4         file system type (default ext4)\n"
	    "  --label LABEL               file system label (up to 16 bytes)\n"
	    "  --uuid UUID                 file system UUID (default: derived from the inputs)\n"
	    "  --hostname NAME             /etc/hostname and /etc/hosts (default lol, if unset)\n"
	    "  --root-password PASSWORD    root's password, hashed into /etc/shadow\n"
	    "  --root-password-hash HASH   root's password, already hashed (crypt(3) format)\n"
	    "  --password-hash sha512|yescrypt  hash method (default sha512, which busybox\n"
	    "                              understands too)\n"
	    "  --ssh-key FILE              root's authorized_keys (repeatable)\n"
	    "  --console DEVICE|none       getty device (default console: whatever the kernel's\n"
	    "                              console= is; the lol console is ttyS0)\n"
	    "  --root-device DEV           root device in /etc/fstab (default /dev/sda)\n"
	    "  --netif NAME                NIC configured by DHCP (default eth0)\n"
	    "  --no-getty, --no-fstab, --no-network\n"
	    "                              leave that part of the configuration alone\n"
	    "  --no-config                 write the sources only (explicit settings still apply)\n"
	    "  -q, --quiet                 no progress output\n"
	    "  -h, --help                  this help\n"
	    "  -V, --version               version\n"
	    "\n"
	    "SOURCE_DATE_EPOCH sets every time in the image (newer entry times are clamped);\n"
	    "unset, the newest time in the inputs is used.  The same inputs and\n"
	    "SOURCE_DATE_EPOCH give a byte-identical image.  See lol-mkimage(1).\n");
}

enum {
	OPT_DEBOOTSTRAP = 256,
	OPT_DBS_SCRIPT,
	OPT_DBS_OPT,
	OPT_KEYRING,
	OPT_NO_CHECK_GPG,
	OPT_TARBALL,
	OPT_DEB,
	OPT_OVERLAY,
	OPT_SIZE,
	OPT_INODES,
	OPT_FS,
	OPT_LABEL,
	OPT_UUID,
	OPT_HOSTNAME,
	OPT_ROOTPW,
	OPT_ROOTPW_HASH,
	OPT_PW_METHOD,
	OPT_SSH_KEY,
	OPT_CONSOLE,
	OPT_ROOT_DEVICE,
	OPT_NETIF,
	OPT_NO_GETTY,
	OPT_NO_FSTAB,
	OPT_NO_NETWORK,
	OPT_NO_CONFIG,
	OPT_TAR_TREE,
};

static const struct option longopts[] = {
    {"debootstrap", required_argument, 0, OPT_DEBOOTSTRAP},
    {"debootstrap-script", required_argument, 0, OPT_DBS_SCRIPT},
    {"debootstrap-opt", required_argument, 0, OPT_DBS_OPT},
    {"keyring", required_argument, 0, OPT_KEYRING},
    {"no-check-gpg", no_argument, 0, OPT_NO_CHECK_GPG},
    {"tarball", required_argument, 0, OPT_TARBALL},
    {"deb", required_argument, 0, OPT_DEB},
    {"overlay", required_argument, 0, OPT_OVERLAY},
    {"output", required_argument, 0, 'o'},
    {"size", required_argument, 0, OPT_SIZE},
    {"inodes", required_argument, 0, OPT_INODES},
    {"fs", required_argument, 0, OPT_FS},
    {"label", required_argument, 0, OPT_LABEL},
    {"uuid", required_argument, 0, OPT_UUID},
    {"hostname", required_argument, 0, OPT_HOSTNAME},
    {"root-password", required_argument, 0, OPT_ROOTPW},
    {"root-password-hash", required_argument, 0, OPT_ROOTPW_HASH},
    {"password-hash", required_argument, 0, OPT_PW_METHOD},
    {"ssh-key", required_argument, 0, OPT_SSH_KEY},
    {"console", required_argument, 0, OPT_CONSOLE},
    {"root-device", required_argument, 0, OPT_ROOT_DEVICE},
    {"netif", required_argument, 0, OPT_NETIF},
    {"no-getty", no_argument, 0, OPT_NO_GETTY},
    {"no-fstab", no_argument, 0, OPT_NO_FSTAB},
    {"no-network", no_argument, 0, OPT_NO_NETWORK},
    {"no-config", no_argument, 0, OPT_NO_CONFIG},
    {"quiet", no_argument, 0, 'q'},
    {"help", no_argument, 0, 'h'},
    {"version", no_argument, 0, 'V'},
    {"internal-tar-tree", required_argument, 0, OPT_TAR_TREE},
    {0, 0, 0, 0},
};

static _Noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void usage_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try --help)\n");
	cleanup_run();
	exit(EXIT_BADINPUT);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || v < 0)
		usage_error("--size %s: not a size", s);
	uint64_t mult = 1;
	if (*end) {
		switch (*end) {
		case 'k':
		case 'K':
			mult = 1ULL << 10;
			break;
		case 'm':
		case 'M':
			mult = 1ULL << 20;
			break;
		case 'g':
		case 'G':
			mult = 1ULL << 30;
			break;
		case 't':
		case 'T':
			mult = 1ULL << 40;
			break;
		default:
			usage_error("--size %s: unknown unit (use K, M, G or T)", s);
		}
		end++;
		if (!strcmp(end, "iB") || !strcmp(end, "B") || !strcmp(end, "ib"))
			end += strlen(end);
		if (*end)
			usage_error("--size %s: unknown unit (use K, M, G or T)", s);
	}
	if (v * (double)mult > 1.0e18)
		usage_error("--size %s: too large", s);
	return (uint64_t)(v * (double)mult);
}

static bool parse_uuid(const char *s, uint8_t out[16])
{
	int n = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '-')
			continue;
		int hi;
		if (*p >= '0' && *p <= '9')
			hi = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			hi = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			hi = *p - 'A' + 10;
		else
			return false;
		if (n >= 32)
			return false;
		if (n % 2 == 0)
			out[n / 2] = (uint8_t)(hi << 4);
		else
			out[n / 2] |= (uint8_t)hi;
		n++;
	}
	return n == 32;
}

static void fmt_uuid(const uint8_t u[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		 u[13], u[14], u[15]);
}

/* ---- the scan: check every input, hash it, measure it ---- */
struct scan {
	struct sink sink;
	struct digest h;
	unsigned bs;
	uint64_t blocks, bytes, entries, dirs, dirbytes, symblocks, xattrblocks, debbytes;
	int64_t newest, epoch;
	bool pending;
};

static void scan_put(struct sink *sk, const struct source *src, struct entry *e)
{
	struct scan *s = (struct scan *)sk;
	struct digest *h = &s->h;
	(void)src;
	digest_u64(h, (uint64_t)e->type);
	digest_str(h, e->path);
	digest_u64(h, e->mode);
	digest_u64(h, e->uid);
	digest_u64(h, e->gid);
	/* Times as the image will hold them: clamped to SOURCE_DATE_EPOCH. */
	const struct ts *times[3] = {&e->mtime, &e->atime, &e->ctime};
	for (int i = 0; i < 3; i++) {
		struct ts t = *times[i];
		if (s->epoch >= 0 && t.sec > s->epoch)
			t = (struct ts){s->epoch, 0};
		digest_u64(h, (uint64_t)t.sec);
		digest_u64(h, t.nsec);
	}
	digest_u64(h, e->size);
	digest_u64(h, e->rmajor);
	digest_u64(h, e->rminor);
	digest_str(h, e->link);
	digest_u64(h, e->nxattr);
	size_t xbytes = 0;
	for (size_t i = 0; i < e->nxattr; i++) {
		digest_str(h, e->xattrs[i].name);
		digest_u64(h, e->xattrs[i].size);
		digest_update(h, e->xattrs[i].value, e->xattrs[i].size);
		xbytes += strlen(e->xattrs[i].name) + e->xattrs[i].size + 20;
	}
	if (xbytes > 80) /* beyond what fits in a 256-byte inode */
		s->xattrblocks += 1 + xbytes / s->bs;
	if (e->mtime.sec > s->newest)
		s->newest = e->mtime.sec;
	s->entries++;
	const char *name = strrchr(e->path, '/');
	name = name ? name + 1 : e->path;
	s->dirbytes += 8 + ((strlen(name) + 3) & ~(size_t)3);
	if (e->type == E_DIR)
		s->dirs++;
	if (e->type == E_SYMLINK && strlen(e->link) >= 60)
		s->symblocks++;
	size_t plen = strlen(e->path);
	if (!strncmp(e->path, "var/cache/apt/archives/", 23) && plen > 4 &&
	    !strcmp(e->path + plen - 4, ".deb"))
		s->debbytes += e->size;
	if (!strcmp(e->path, "debootstrap/debootstrap"))
		s->pending = true;
	if (e->type == E_REG && e->read) {
		const void *buf;
		size_t len;
		int64_t off;
		uint64_t prev_last = UINT64_MAX, expect = 0;
		while (e->read(e->rctx, &buf, &len, &off) > 0) {
			if (off < 0 || (uint64_t)off + len > e->size)
				die(EXIT_BADINPUT, "%s: %s: data beyond the file's size", src->name,
				    printable(e->path));
			/* Holes, not the reader's chunk sizes, shape the hash. */
			if ((uint64_t)off != expect) {
				digest_u64(h, UINT64_MAX);
				digest_u64(h, (uint64_t)off);
			}
			expect = (uint64_t)off + len;
			digest_update(h, buf, len);
			s->bytes += len;
			if (len) {
				uint64_t first = (uint64_t)off / s->bs,
					 last = ((uint64_t)off + len - 1) / s->bs;
				s->blocks += last - first + 1 - (first == prev_last);
				prev_last = last;
			}
			progress_add(len, 0);
		}
	}
	progress_add(0, 1);
}

/* ---- the write ---- */
struct writer {
	struct sink sink;
	struct fsw *w;
};

static void write_put(struct sink *sk, const struct source *src, struct entry *e)
{
	struct writer *wr = (struct writer *)sk;
	const char *name = src->name;
	fsw_put(wr->w, name, e);
}

static const char *kind_name(enum srckind k)
{
	switch (k) {
	case SRC_TARBALL:
		return "tarball";
	case SRC_DEB:
		return "deb";
	case SRC_OVERLAY:
		return "overlay";
	case SRC_DEBOOTSTRAP:
		return "debootstrap";
	}
	return "?";
}

static void run_e2fsck(const char *image, const char *display)
{
	char *prog = find_program("e2fsck");
	if (!prog)
		die(EXIT_FAIL, "e2fsck not found; install e2fsprogs");
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
		setenv("LC_ALL", "C", 1);
		execl(prog, "e2fsck", "-fn", image, (char *)NULL);
		_exit(127);
	}
	cleanup_pid(pid);
	close(pfd[1]);
	char out[65536];
	size_t n = 0;
	ssize_t r;
	char sink[4096];
	while ((r = read(pfd[0], n < sizeof(out) - 1 ? out + n : sink,
			 n < sizeof(out) - 1 ? sizeof(out) - 1 - n : sizeof(sink))) > 0)
		if (n < sizeof(out) - 1)
			n += (size_t)r;
	out[n] = 0;
	close(pfd[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die(EXIT_FAIL, "waitpid: %s", strerror(errno));
	cleanup_pid_done(pid);
	free(prog);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		/* The first line that is not one of e2fsck's pass banners. */
		char *line = out, *pick = NULL;
		while (line && *line) {
			char *eol = strchr(line, '\n');
			if (eol)
				*eol = 0;
			if (strncmp(line, "Pass ", 5) && strncmp(line, "e2fsck ", 7) &&
			    strncmp(line, "Warning!", 8) && *line) {
				pick = line;
				break;
			}
			line = eol ? eol + 1 : NULL;
		}
		die(EXIT_FAIL, "%s: e2fsck -fn found problems (exit %d): %s", display,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1, pick ? printable(pick) : "no details");
	}
}

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

int main(int argc, char **argv)
{
	struct source *srcs = NULL;
	size_t nsrcs = 0;
	struct settings set = {0};
	const char *output = NULL, *label = NULL, *uuid_arg = NULL, *fsname = "ext4";
	uint64_t size = 0, inodes = 0;
	long dbs_i = -1; /* index of the debootstrap source */
	char *dbs_script = NULL, *keyring = NULL;
	char **dbs_opts = NULL;
	size_t ndbs_opts = 0;
	bool no_check_gpg = false;
	int c;

	setlocale(LC_CTYPE, "C.UTF-8");
	set.password_method = "sha512";
	set.console = "console";
	set.root_device = "/dev/sda";
	set.netif = "eth0";

	while ((c = getopt_long(argc, argv, "+o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TAR_TREE:
			return tar_tree_main(optarg);
		case OPT_DEBOOTSTRAP: {
			if (dbs_i >= 0)
				usage_error("--debootstrap given twice");
			if (optind >= argc || argv[optind][0] == '-')
				usage_error("--debootstrap needs SUITE and MIRROR");
			srcs = xrealloc(srcs, (nsrcs + 1) * sizeof(*srcs));
			struct source *d = &srcs[nsrcs];
			memset(d, 0, sizeof(*d));
			d->kind = SRC_DEBOOTSTRAP;
			d->suite = optarg;
			d->mirror = argv[optind++];
			d->name = xasprintf("debootstrap %s %s", d->suite, d->mirror);
			dbs_i = (long)nsrcs++;
			break;
		}
		case OPT_DBS_SCRIPT:
			dbs_script = optarg;
			break;
		case OPT_DBS_OPT:
			dbs_opts = xrealloc(dbs_opts, (ndbs_opts + 1) * sizeof(*dbs_opts));
			dbs_opts[ndbs_opts++] = optarg;
			break;
		case OPT_KEYRING:
			keyring = optarg;
			break;
		case OPT_NO_CHECK_GPG:
			no_check_gpg = true;
			break;
		case OPT_TARBALL:
		case OPT_DEB:
		case OPT_OVERLAY:
			srcs = xrealloc(srcs, (nsrcs + 1) * sizeof(*srcs));
			memset(&srcs[nsrcs], 0, sizeof(*srcs));
			srcs[nsrcs].kind = c == OPT_TARBALL ? SRC_TARBALL
					   : c == OPT_DEB   ? SRC_DEB
							    : SRC_OVERLAY;
			srcs[nsrcs].path = optarg;
			srcs[nsrcs].name = optarg;
			nsrcs++;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_SIZE:
			size = parse_size(optarg);
			break;
		case OPT_INODES: {
			char *end;
			inodes = strtoull(optarg, &end, 10);
			if (*end || !inodes)
				usage_error("--inodes %s: not a number", optarg);
			break;
		}
		case OPT_FS:
			if (strcmp(optarg, "ext2") && strcmp(optarg, "ext3") &&
			    strcmp(optarg, "ext4"))
				usage_error("--fs %s: use ext2, ext3 or ext4", optarg);
			fsname = optarg;
			break;
		case OPT_LABEL:
			if (strlen(optarg) > 16)
				usage_error("--label %s: longer than 16 bytes", optarg);
			label = optarg;
			break;
		case OPT_UUID:
			uuid_arg = optarg;
			break;
		case OPT_HOSTNAME:
			if (!*optarg || strlen(optarg) > 64 || strpbrk(optarg, " \t\n/"))
				usage_error("--hostname %s: not a host name", optarg);
			set.hostname = optarg;
			break;
		case OPT_ROOTPW:
			set.root_password = optarg;
			break;
		case OPT_ROOTPW_HASH:
			if (optarg[0] != '$' || strpbrk(optarg, ":\n'"))
				usage_error("--root-password-hash: not a crypt(3) hash");
			set.root_password_hash = optarg;
			break;
		case OPT_PW_METHOD:
			if (strcmp(optarg, "sha512") && strcmp(optarg, "yescrypt"))
				usage_error("--password-hash %s: use sha512 or yescrypt", optarg);
			set.password_method = optarg;
			break;
		case OPT_SSH_KEY:
			set.ssh_keys = xrealloc(set.ssh_keys, (set.nssh_keys + 1) * sizeof(char *));
			set.ssh_keys[set.nssh_keys++] = optarg;
			break;
		case OPT_CONSOLE:
			if (!*optarg || strpbrk(optarg, " \t\n/:'\""))
				usage_error("--console %s: not a device name", optarg);
			set.console = optarg;
			break;
		case OPT_ROOT_DEVICE:
			if (!*optarg || strpbrk(optarg, " \t\n"))
				usage_error("--root-device %s: not a device", optarg);
			set.root_device = optarg;
			break;
		case OPT_NETIF:
			if (!*optarg || strpbrk(optarg, " \t\n/:"))
				usage_error("--netif %s: not an interface name", optarg);
			set.netif = optarg;
			break;
		case OPT_NO_GETTY:
			set.no_getty = true;
			break;
		case OPT_NO_FSTAB:
			set.no_fstab = true;
			break;
		case OPT_NO_NETWORK:
			set.no_network = true;
			break;
		case OPT_NO_CONFIG:
			set.no_config = true;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("lol-mkimage %s\n", LOL_VERSION);
			return 0;
		default:
			usage_error("bad option");
		}
	}
	if (optind < argc)
		usage_error("unexpected argument %s", argv[optind]);
	if (!output)
		usage_error("no output image (-o IMAGE)");
	if (!nsrcs)
		usage_error("no sources (--debootstrap, --tarball, --deb or --overlay)");
	if (set.root_password && set.root_password_hash)
		usage_error("--root-password and --root-password-hash both given");
	if ((dbs_script || keyring || no_check_gpg || ndbs_opts) && dbs_i < 0)
		usage_error("debootstrap options without --debootstrap");
	if (dbs_i >= 0) {
		struct source *dbs = &srcs[dbs_i];
		dbs->script = dbs_script;
		dbs->keyring = keyring;
		dbs->no_check_gpg = no_check_gpg;
		dbs->dbs_opts = dbs_opts;
		dbs->ndbs_opts = ndbs_opts;
	}
	uint8_t uuid[16];
	if (uuid_arg && !parse_uuid(uuid_arg, uuid))
		usage_error("--uuid %s: not a UUID", uuid_arg);
	enum fstype fstype = !strcmp(fsname, "ext2")   ? FS_EXT2
			     : !strcmp(fsname, "ext3") ? FS_EXT3
						       : FS_EXT4;
	set.fs_name = fsname;
	/* Inputs must exist and be readable before anything long starts. */
	for (size_t i = 0; i < nsrcs; i++) {
		if (srcs[i].kind == SRC_DEBOOTSTRAP)
			continue;
		struct stat st;
		if (stat(srcs[i].path, &st) < 0 || access(srcs[i].path, R_OK) < 0)
			die(EXIT_BADINPUT, "%s: %s", srcs[i].path, strerror(errno));
		bool dir = S_ISDIR(st.st_mode);
		if (srcs[i].kind == SRC_OVERLAY && !dir)
			die(EXIT_BADINPUT, "%s: not a directory (--overlay)", srcs[i].path);
		if (srcs[i].kind == SRC_TARBALL && dir)
			die(EXIT_BADINPUT, "%s: a directory, not a tarball (use --overlay)",
			    srcs[i].path);
	}
	if (set.nssh_keys)
		set.ssh_text = load_ssh_keys(&set, &set.ssh_len);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t epoch = -1;
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0 || v > 0xffffffffLL)
			die(EXIT_BADINPUT, "SOURCE_DATE_EPOCH=%s: not a time from 1970 to 2106",
			    sde);
		epoch = v;
	}
	/* Overlays go last, the rest in command-line order. */
	struct source *ordered = xcalloc(nsrcs, sizeof(*ordered));
	size_t k = 0;
	for (size_t i = 0; i < nsrcs; i++)
		if (srcs[i].kind != SRC_OVERLAY)
			ordered[k++] = srcs[i];
	for (size_t i = 0; i < nsrcs; i++)
		if (srcs[i].kind == SRC_OVERLAY)
			ordered[k++] = srcs[i];
	free(srcs);
	srcs = ordered;

	/* The image is written under a temporary name next to the output. */
	struct stat ost;
	if (stat(output, &ost) == 0 && S_ISDIR(ost.st_mode))
		die(EXIT_FAIL, "%s: is a directory", output);
	char *slash = strrchr(output, '/');
	char *odir = slash ? strndup(output, (size_t)(slash - output + 1)) : xstrdup("");
	char *tmpimg = xasprintf("%s.%s.XXXXXX", odir, slash ? slash + 1 : output);
	free(odir);
	int fd = mkstemp(tmpimg);
	if (fd < 0)
		die(EXIT_FAIL, "%s: cannot create the image: %s", output, strerror(errno));
	cleanup_file(tmpimg);
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);

	progress_steps = 5;
	for (size_t i = 0; i < nsrcs; i++)
		if (srcs[i].kind == SRC_DEBOOTSTRAP)
			progress_steps++;
	for (size_t i = 0; i < nsrcs; i++)
		if (srcs[i].kind == SRC_DEBOOTSTRAP) {
			progress_phase("debootstrap, first stage", 0);
			source_debootstrap_stage1(&srcs[i]);
			progress_end();
		}

	/* Pass 1: scan. */
	struct scan scan = {.sink = {scan_put}, .bs = 4096, .epoch = epoch};
	digest_init(&scan.h);
	digest_str(&scan.h, FORMAT_TAG);
	progress_phase("scanning the inputs", 0);
	for (size_t i = 0; i < nsrcs; i++) {
		digest_str(&scan.h, kind_name(srcs[i].kind));
		if (srcs[i].kind == SRC_DEBOOTSTRAP) {
			digest_str(&scan.h, srcs[i].suite);
			digest_str(&scan.h, srcs[i].mirror);
		}
		source_run(&srcs[i], &scan.sink);
	}
	progress_end();

	if (epoch < 0) {
		epoch = scan.newest > 0 ? scan.newest : (int64_t)time(NULL);
		if (epoch > (int64_t)time(NULL))
			epoch = (int64_t)time(NULL);
		info(
		    "note: SOURCE_DATE_EPOCH is not set: using %lld, the newest time in the inputs",
		    (long long)epoch);
	}
	/* Settings are inputs too. */
	struct digest *h = &scan.h;
	digest_str(h, fsname);
	digest_u64(h, size);
	digest_u64(h, inodes);
	digest_str(h, label);
	digest_str(h, set.hostname);
	digest_str(h, set.root_password);
	digest_str(h, set.root_password_hash);
	digest_str(h, set.password_method);
	digest_u64(h, set.ssh_len);
	digest_update(h, set.ssh_text ? set.ssh_text : "", set.ssh_len);
	digest_str(h, set.console);
	digest_str(h, set.root_device);
	digest_str(h, set.netif);
	digest_u64(h, (uint64_t)set.no_config | (uint64_t)set.no_fstab << 1 |
			   (uint64_t)set.no_network << 2 | (uint64_t)set.no_getty << 3);
	digest_u64(h, (uint64_t)epoch);
	uint8_t digest[32];
	digest_final(h, digest);
	struct fs_params fp = {.type = fstype, .label = label, .epoch = epoch};
	if (uuid_arg)
		memcpy(fp.uuid, uuid, 16);
	else {
		memcpy(fp.uuid, digest, 16);
		fp.uuid[6] = (uint8_t)((fp.uuid[6] & 0x0f) | 0x80); /* RFC 9562 version 8 */
		fp.uuid[8] = (uint8_t)((fp.uuid[8] & 0x3f) | 0x80);
	}
	memcpy(fp.hash_seed, digest + 16, 16);
	struct digest hs;
	digest_init(&hs);
	digest_str(&hs, "lol-mkimage salt");
	digest_update(&hs, digest, sizeof(digest));
	digest_final(&hs, set.salt_seed);
	set.epoch = epoch;

	/* Size. */
	uint64_t bs = scan.bs;
	uint64_t need = scan.blocks + scan.blocks / 512 + scan.dirs + scan.dirbytes / bs +
			scan.symblocks + scan.xattrblocks + 64;
	uint64_t extra = need / 4 > 4096 ? need / 4 : 4096; /* at least 16 MiB */
	uint64_t want_inodes = scan.entries * 2 + 1024;
	if (scan.pending) { /* the second stage unpacks the cached packages */
		extra += scan.debbytes * 3 / bs + 16384;
		want_inodes += 32768;
	}
	bool auto_size = size == 0;
	if (auto_size) {
		uint64_t data = (need + extra) * bs;
		size = data + data / 16 + want_inodes * 256 + (data >> 6) + (8ULL << 20);
		size = round_up(size, 4ULL << 20);
	}
	size = size / bs * bs;
	if (!inodes) {
		uint64_t by_ratio = size / 16384;
		inodes = by_ratio;
		if (inodes < scan.entries + 64)
			inodes = scan.entries + 64;
		if (auto_size && inodes < want_inodes)
			inodes = want_inodes;
	}
	fp.size = size;
	fp.inodes = inodes;

	char uuidstr[37];
	fmt_uuid(fp.uuid, uuidstr);
	struct fsw *w = NULL;
	for (int attempt = 0;; attempt++) {
		if (ftruncate(fd, 0) < 0 || ftruncate(fd, (off_t)fp.size) < 0)
			die(EXIT_FAIL, "%s: cannot size the image to %llu bytes: %s", output,
			    (unsigned long long)fp.size, strerror(errno));
		progress_phase("making the file system", 0);
		w = fsw_create(tmpimg, output, &fp);
		progress_end();
		uint64_t free_b = fsw_free_bytes(w);
		if (!auto_size || free_b >= (need + extra) * bs || attempt >= 6)
			break;
		/* Metadata took more than estimated: grow and start again. */
		fsw_abort(w);
		fp.size =
		    round_up(fp.size + ((need + extra) * bs - free_b) + fp.size / 16, 4ULL << 20);
		if (fp.inodes < fp.size / 16384)
			fp.inodes = fp.size / 16384;
		progress_step--;
	}
	char sizestr[32];
	if (fp.size >= (1ULL << 30))
		snprintf(sizestr, sizeof(sizestr), "%.2f GiB", fp.size / 1073741824.0);
	else
		snprintf(sizestr, sizeof(sizestr), "%llu MiB", (unsigned long long)(fp.size >> 20));
	info("  %s %s, %llu inodes%s, UUID %s", fsname, sizestr, (unsigned long long)fp.inodes,
	     auto_size ? " (automatic size)" : "", uuidstr);

	/* Pass 2: write. */
	struct writer wr = {.sink = {write_put}, .w = w};
	progress_phase("writing files", scan.bytes);
	for (size_t i = 0; i < nsrcs; i++)
		source_run(&srcs[i], &wr.sink);
	progress_end();
	for (size_t i = 0; i < nsrcs; i++)
		source_cleanup(&srcs[i]);

	progress_phase("configuring", 0);
	apply_settings(w, &set);
	progress_end();
	uint64_t files = fsw_files(w), used = fsw_used_bytes(w);
	fsw_close(w);
	if (fsync(fd) < 0)
		die(EXIT_FAIL, "%s: %s", output, strerror(errno));

	progress_phase("checking (e2fsck -fn)", 0);
	run_e2fsck(tmpimg, output);
	progress_end();

	struct stat ist;
	fstat(fd, &ist);
	close(fd);
	if (rename(tmpimg, output) < 0)
		die(EXIT_FAIL, "%s: cannot rename the image into place: %s", output,
		    strerror(errno));
	cleanup_file_done(tmpimg);
	cleanup_run();
	info("%s: %s %s, %llu entries, %llu MiB used (%llu MiB allocated on disk), UUID %s%s%s, "
	     "e2fsck clean",
	     output, sizestr, fsname, (unsigned long long)files, (unsigned long long)(used >> 20),
	     (unsigned long long)(ist.st_blocks * 512ULL >> 20), uuidstr, label ? ", label " : "",
	     label ? label : "");
	for (size_t i = 0; i < nsrcs; i++) {
		if (srcs[i].kind == SRC_DEBOOTSTRAP) {
			free(srcs[i].name);
			free(srcs[i].path);
			free(srcs[i].state);
		}
	}
	free(srcs);
	free(dbs_opts);
	free(set.ssh_keys);
	free(set.ssh_text);
	free(tmpimg);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The devices' SSCs against a pretend monitor: disks (which paths open,
 * scatter transfers against the real file, bad ranges, completions, size,
 * flush, read-only images, reset), the clock and boot inputs, exit/halt,
 * interrupt routing and unknown numbers.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fakehost.h"
#include "tap.h"

#define DISK_SIZE 65536

static char dir[64], prefix[128];

/* guest-physical places the tests use */
#define G_PATH 0x1000ull
#define G_DESC 0x2000ull
#define G_STAT 0x2800ull
#define G_BUF 0x10000ull
#define G_BUF2 (FH_BANK2 + 0x4000)

static uint8_t file_byte(uint64_t off)
{
	return (uint8_t)(off * 7 + (off >> 8) * 13 + 1);
}

static void make_file(const char *path, size_t size, mode_t mode)
{
	uint8_t *buf = malloc(size);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	for (size_t i = 0; i < size; i++)
		buf[i] = file_byte(i);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size)
		abort();
	close(fd);
	chmod(path, mode);
	free(buf);
}

static int64_t guest_open(struct devices *d, struct fakehost *h, const char *path, uint64_t access)
{
	strcpy(fh_mem(h, G_PATH), path);
	return (int64_t)fh_ssc(d, SSC_OPEN, G_PATH, access, 0, 0, NULL);
}

static void put_desc(struct fakehost *h, unsigned i, uint64_t addr, uint32_t len)
{
	struct lol_ssc_disk_desc e = { .addr = addr, .len = len, .pad = 0xa5a5a5a5 };

	memcpy((uint8_t *)fh_mem(h, G_DESC) + i * sizeof(e), &e, sizeof(e));
}

/* SSC_WAIT_COMPLETION for fd: the count, or -1 if none */
static int64_t wait_done(struct devices *d, struct fakehost *h, int64_t fd)
{
	struct lol_ssc_stat st = { .fd = (uint32_t)fd, .count = 0x5555 };

	memcpy(fh_mem(h, G_STAT), &st, sizeof(st));
	if ((int64_t)fh_ssc(d, SSC_WAIT_COMPLETION, G_STAT, 0, 0, 0, NULL) != 0)
		return -1;
	memcpy(&st, fh_mem(h, G_STAT), sizeof(st));
	return st.count;
}

static void test_open(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct fh_capture cap;
	struct devices *d;
	char path[512], *longpath;
	const char *err;
	int64_t fd;

	fh_init(&h, &dh);
	cfg.simscsi_prefix = prefix;
	d = devices_create(&cfg, &dh);
	tap_ok(d != NULL, "devices_create with a disk prefix");

	snprintf(path, sizeof(path), "%sa", prefix);
	fd = guest_open(d, &h, path, SSC_OPEN_RW);
	tap_ok(fd >= 0, "PREFIXa opens (handle %lld)", (long long)fd);
	snprintf(path, sizeof(path), "%sc", prefix);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "PREFIXc (allowed, missing) gives -1");

	fh_capture_begin(&cap);
	snprintf(path, sizeof(path), "%saa", prefix);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "PREFIXaa refused (the file exists)");
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "PREFIXaa refused again");
	snprintf(path, sizeof(path), "%sA", prefix);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "PREFIXA (capital) refused");
	snprintf(path, sizeof(path), "%s1", prefix);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "PREFIX1 refused");
	tap_ok(guest_open(d, &h, prefix, SSC_OPEN_RW) == -1, "PREFIX alone refused");
	snprintf(path, sizeof(path), "%s/../%s/sda", dir, strrchr(dir, '/') + 1);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "DIR/../DIR/sda (same file) refused");
	snprintf(path, sizeof(path), "%sa/../sda", prefix);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "PREFIXa/../sda refused");
	snprintf(path, sizeof(path), "%s/./sda", dir);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "DIR/./sda refused");
	tap_ok(guest_open(d, &h, "/etc/passwd", SSC_OPEN_READ) == -1, "/etc/passwd refused");
	tap_ok(guest_open(d, &h, "", SSC_OPEN_READ) == -1, "empty path refused");
	snprintf(path, sizeof(path), "%sa\nx", prefix);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_READ) == -1, "PREFIXa + newline refused");
	err = fh_capture_end(&cap);
	snprintf(path, sizeof(path), "refused guest open of %saa (not a disk it was given)", prefix);
	tap_ok(fh_count(err, path) == 1, "refusal reported once per path");
	tap_ok(fh_count(err, "refused guest open of /etc/passwd (not a disk it was given)") == 1,
	       "refusal names the path");
	tap_ok(strstr(err, "a\\x0ax") != NULL && !strstr(err, "a\nx"),
	       "unprintable bytes in a refused path are escaped");

	/* strings that do not end inside guest RAM */
	longpath = malloc(5000);
	memset(longpath, 'a', 4999);
	longpath[4999] = 0;
	memcpy(fh_mem(&h, 0x20000), longpath, 5000);
	tap_ok((int64_t)fh_ssc(d, SSC_OPEN, 0x20000, 3, 0, 0, NULL) == -1, "a 5000-byte path is refused");
	memset(fh_mem(&h, FH_BANK - 16), 'b', 16);
	tap_ok((int64_t)fh_ssc(d, SSC_OPEN, FH_BANK - 16, 3, 0, 0, NULL) == -1,
	       "a path running into the RAM hole is refused");
	tap_ok((int64_t)fh_ssc(d, SSC_OPEN, FH_BANK + 5, 3, 0, 0, NULL) == -1,
	       "a path in the hole is refused");
	tap_ok((int64_t)fh_ssc(d, SSC_OPEN, ~0ull - 2, 3, 0, 0, NULL) == -1,
	       "a path at the top of the address space is refused");
	free(longpath);

	snprintf(path, sizeof(path), "%sa", prefix);
	tap_ok(guest_open(d, &h, path, 0) == -1 && guest_open(d, &h, path, 4) == -1,
	       "access modes other than 1..3 are refused");
	fd = guest_open(d, &h, path, SSC_OPEN_READ);
	tap_ok(fd >= 0, "PREFIXa opens read-only too");
	devices_destroy(d);

	/* no prefix: nothing opens */
	cfg.simscsi_prefix = NULL;
	d = devices_create(&cfg, &dh);
	fh_capture_begin(&cap);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1, "without simscsi= even PREFIXa is refused");
	err = fh_capture_end(&cap);
	tap_ok(strstr(err, "refused guest open") != NULL, "and the refusal is reported");
	devices_destroy(d);
	fh_free(&h);
}

static bool file_matches(const char *path, uint64_t off, const uint8_t *want, size_t len)
{
	uint8_t *buf = malloc(len);
	int fd = open(path, O_RDONLY);
	bool ok = fd >= 0 && pread(fd, buf, len, (off_t)off) == (ssize_t)len && !memcmp(buf, want, len);

	if (fd >= 0)
		close(fd);
	free(buf);
	return ok;
}

static void test_rw(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct devices *d;
	char path[512];
	uint8_t *g1, *g2, want[4096], before[4096];
	int64_t fd, r;
	bool ok;

	fh_init(&h, &dh);
	cfg.simscsi_prefix = prefix;
	d = devices_create(&cfg, &dh);
	snprintf(path, sizeof(path), "%sa", prefix);
	fd = guest_open(d, &h, path, SSC_OPEN_RW);
	g1 = fh_mem(&h, G_BUF);
	g2 = fh_mem(&h, G_BUF2);

	/* read 3 pieces at offset 4096: 512 to bank 2, 1000 to bank 1, 584 to bank 2 */
	put_desc(&h, 0, G_BUF2, 512);
	put_desc(&h, 1, G_BUF, 1000);
	put_desc(&h, 2, G_BUF2 + 1024, 584);
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 3, G_DESC, 4096, NULL);
	ok = r == 0;
	for (unsigned i = 0; i < 512; i++)
		ok &= g2[i] == file_byte(4096 + i);
	for (unsigned i = 0; i < 1000; i++)
		ok &= g1[i] == file_byte(4096 + 512 + i);
	for (unsigned i = 0; i < 584; i++)
		ok &= g2[1024 + i] == file_byte(4096 + 1512 + i);
	tap_ok(ok, "scatter read of 3 pieces lands the file's bytes in guest RAM");
	tap_ok(wait_done(d, &h, fd) == 2096, "its completion counts 2096 bytes");
	tap_ok(wait_done(d, &h, fd) == -1, "and is gone once collected");

	/* write 2 pieces at offset 8192 */
	for (unsigned i = 0; i < 4096; i++)
		want[i] = (uint8_t)(0xc3 ^ i ^ (i >> 5));
	memcpy(g1 + 0x800, want, 3000);
	memcpy(g2 + 0x2000, want + 3000, 1096);
	put_desc(&h, 0, G_BUF + 0x800, 3000);
	put_desc(&h, 1, G_BUF2 + 0x2000, 1096);
	r = (int64_t)fh_ssc(d, SSC_WRITE, (uint64_t)fd, 2, G_DESC, 8192, NULL);
	tap_ok(r == 0 && wait_done(d, &h, fd) == 4096, "scatter write of 2 pieces completes 4096 bytes");
	tap_ok(file_matches(path, 8192, want, 4096), "the file holds the written bytes, in order");

	/* read back through a list that overlaps its own buffer */
	put_desc(&h, 0, G_DESC, 64);
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, 8192, NULL);
	tap_ok(r == 0 && !memcmp(fh_mem(&h, G_DESC), want, 64) && wait_done(d, &h, fd) == 64,
	       "a read may overwrite its own descriptor list");

	/* bad ranges: nothing moves */
	for (unsigned i = 0; i < 4096; i++)
		before[i] = file_byte(16384 + i);
	memset(g1, 0xee, 4096);
	put_desc(&h, 0, G_BUF, 512);
	put_desc(&h, 1, FH_BANK + 0x100, 512); /* in the hole */
	r = (int64_t)fh_ssc(d, SSC_WRITE, (uint64_t)fd, 2, G_DESC, 16384, NULL);
	tap_ok(r == -1, "a write with one descriptor in the RAM hole fails");
	tap_ok(file_matches(path, 16384, before, 4096), "and writes nothing, not even the good piece");
	tap_ok(wait_done(d, &h, fd) == 0, "its completion counts 0 bytes");
	put_desc(&h, 1, FH_BANK - 100, 512); /* runs off the end of bank 1 */
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 2, G_DESC, 16384, NULL);
	ok = g1[0] == 0xee && g1[511] == 0xee;
	tap_ok(r == -1 && ok && wait_done(d, &h, fd) == 0, "a read with a piece past RAM's end fails, untouched");
	put_desc(&h, 1, ~0ull - 100, 512);
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 2, G_DESC, 0, NULL);
	tap_ok(r == -1 && wait_done(d, &h, fd) == 0, "a piece wrapping the address space fails");
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 1, FH_BANK + 8, 0, NULL);
	tap_ok(r == -1 && wait_done(d, &h, fd) == 0, "a descriptor list in the hole fails");
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 5000, G_DESC, 0, NULL);
	tap_ok(r == -1 && wait_done(d, &h, fd) == 0, "5000 descriptors are too many");
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 1ull << 60, G_DESC, 0, NULL);
	tap_ok(r == -1 && wait_done(d, &h, fd) == 0, "2^60 descriptors do not overflow the check");
	put_desc(&h, 0, G_BUF, 512);
	r = (int64_t)fh_ssc(d, SSC_WRITE, (uint64_t)fd, 1, G_DESC, 1ull << 63, NULL);
	tap_ok(r == -1 && wait_done(d, &h, fd) == 0, "a negative file offset fails");
	r = (int64_t)fh_ssc(d, SSC_READ, 99, 1, G_DESC, 0, NULL);
	tap_ok(r == -1 && wait_done(d, &h, 99) == -1, "an unknown handle fails, no completion");
	tap_ok((int64_t)fh_ssc(d, SSC_READ, 0, 1, G_DESC, 0, NULL) == -1 &&
	       (int64_t)fh_ssc(d, SSC_READ, 1, 1, G_DESC, 0, NULL) == -1 &&
	       (int64_t)fh_ssc(d, SSC_WRITE, 2, 1, G_DESC, 0, NULL) == -1,
	       "host fds 0..2 are not guest handles");
	tap_ok((int64_t)fh_ssc(d, SSC_WAIT_COMPLETION, FH_BANK + 4, 0, 0, 0, NULL) == -1,
	       "WAIT_COMPLETION on an unmapped stat fails");

	/* short reads at the end of the file (the guest's size probe) */
	put_desc(&h, 0, G_BUF, 512);
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, DISK_SIZE - 100, NULL);
	tap_ok(r == 0 && wait_done(d, &h, fd) == 100, "a read across the end counts what was there");
	r = (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, 1ull << 40, NULL);
	tap_ok(r == 0 && wait_done(d, &h, fd) == 0, "a read past the end counts 0");
	{
		/* simscsi's bisection, as the guest runs it */
		uint64_t sectors = 0;

		for (uint64_t bit = (128ull << 30) / 512; bit; bit >>= 1) {
			fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, ((sectors | bit) - 1) * 512, NULL);
			if (wait_done(d, &h, fd) == 512)
				sectors |= bit;
		}
		tap_ok(sectors - 1 == DISK_SIZE / 512 - 1, "simscsi's size probe finds %llu sectors",
		       (unsigned long long)sectors);
	}
	tap_ok((int64_t)fh_ssc(d, SSC_LOL_DISK_SIZE, (uint64_t)fd, 0, 0, 0, NULL) == DISK_SIZE,
	       "SSC_LOL_DISK_SIZE gives the file size");
	tap_ok((int64_t)fh_ssc(d, SSC_LOL_DISK_SIZE, 40, 0, 0, 0, NULL) == -1, "... -1 for a bad handle");
	tap_ok(fh_ssc(d, SSC_LOL_FLUSH, (uint64_t)fd, 0, 0, 0, NULL) == 0, "SSC_LOL_FLUSH succeeds");
	tap_ok((int64_t)fh_ssc(d, SSC_LOL_FLUSH, 77, 0, 0, 0, NULL) == -1, "... -1 for a bad handle");

	/* completions: GET_COMPLETION takes the oldest of any disk */
	{
		int64_t fd2 = guest_open(d, &h, path, SSC_OPEN_READ);
		struct lol_ssc_stat st;

		put_desc(&h, 0, G_BUF, 100);
		fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, 0, NULL);
		put_desc(&h, 0, G_BUF, 200);
		fh_ssc(d, SSC_READ, (uint64_t)fd2, 1, G_DESC, 0, NULL);
		put_desc(&h, 0, G_BUF, 300);
		fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, 0, NULL);
		tap_ok(wait_done(d, &h, fd) == 100, "WAIT_COMPLETION takes that handle's oldest");
		r = (int64_t)fh_ssc(d, SSC_GET_COMPLETION, G_STAT, 0, 0, 0, NULL);
		memcpy(&st, fh_mem(&h, G_STAT), sizeof(st));
		tap_ok(r == 0 && st.fd == (uint32_t)fd2 && st.count == 200,
		       "GET_COMPLETION takes the oldest of all {fd %u, count %u}", st.fd, st.count);
		r = (int64_t)fh_ssc(d, SSC_GET_COMPLETION, G_STAT, 0, 0, 0, NULL);
		memcpy(&st, fh_mem(&h, G_STAT), sizeof(st));
		tap_ok(r == 0 && st.fd == (uint32_t)fd && st.count == 300, "then the next");
		tap_ok((int64_t)fh_ssc(d, SSC_GET_COMPLETION, G_STAT, 0, 0, 0, NULL) == -1,
		       "then none (-1)");
		for (int i = 0; i < 300; i++) {
			put_desc(&h, 0, G_BUF, (uint32_t)i + 1);
			fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, 0, NULL);
		}
		r = 0;
		memset(&st, 0, sizeof(st));
		while ((int64_t)fh_ssc(d, SSC_GET_COMPLETION, G_STAT, 0, 0, 0, NULL) == 0) {
			if (!r)
				memcpy(&st, fh_mem(&h, G_STAT), sizeof(st));
			r++;
		}
		tap_ok(r == 256 && st.count == 45, "300 uncollected completions keep the newest 256 "
		       "(%lld, oldest %u)", (long long)r, st.count);
		fh_ssc(d, SSC_READ, (uint64_t)fd2, 1, G_DESC, 0, NULL);
		tap_ok(fh_ssc(d, SSC_CLOSE, (uint64_t)fd2, 0, 0, 0, NULL) == 0 && wait_done(d, &h, fd2) == -1,
		       "SSC_CLOSE drops the handle's completions");
		tap_ok((int64_t)fh_ssc(d, SSC_CLOSE, (uint64_t)fd2, 0, 0, 0, NULL) == -1,
		       "a second close fails");
		tap_ok((int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd2, 1, G_DESC, 0, NULL) == -1,
		       "a closed handle cannot read");
	}

	/* reboot: guest handles are gone, the file keeps what was written */
	devices_reset(d);
	tap_ok((int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, 0, NULL) == -1,
	       "after devices_reset old handles fail");
	fd = guest_open(d, &h, path, SSC_OPEN_RW);
	memset(g1, 0x5a, 512);
	put_desc(&h, 0, G_BUF, 512);
	fh_ssc(d, SSC_WRITE, (uint64_t)fd, 1, G_DESC, 20480, NULL);
	devices_destroy(d);
	memset(want, 0x5a, 512);
	tap_ok(file_matches(path, 20480, want, 512), "after reset and destroy the written data is in the file");
	fh_free(&h);
}

static void test_readonly(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct devices *d;
	char path[512];
	int64_t fd;

	if (geteuid() == 0) {
		/* root may write any file: check as nobody, in a child */
		int status, failed;
		pid_t pid;

		chmod(dir, 0755);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			if (setgid(65534) < 0 || setuid(65534) < 0)
				_exit(100);
			test_readonly();
			fflush(stdout);
			_exit(tap_failed);
		}
		waitpid(pid, &status, 0);
		failed = WIFEXITED(status) ? WEXITSTATUS(status) : 2;
		if (failed == 100) {
			for (int i = 0; i < 3; i++)
				tap_skip("read-only image: cannot become nobody");
			return;
		}
		tap_n += 3;
		tap_failed += failed;
		return;
	}
	fh_init(&h, &dh);
	cfg.simscsi_prefix = prefix;
	d = devices_create(&cfg, &dh);
	snprintf(path, sizeof(path), "%sb", prefix);
	tap_ok(guest_open(d, &h, path, SSC_OPEN_RW) == -1 && guest_open(d, &h, path, SSC_OPEN_WRITE) == -1,
	       "a read-only image does not open for writing");
	fd = guest_open(d, &h, path, SSC_OPEN_READ);
	put_desc(&h, 0, G_BUF, 512);
	tap_ok(fd >= 0 && (int64_t)fh_ssc(d, SSC_READ, (uint64_t)fd, 1, G_DESC, 0, NULL) == 0 &&
	       wait_done(d, &h, fd) == 512, "it opens read-only and reads");
	tap_ok((int64_t)fh_ssc(d, SSC_WRITE, (uint64_t)fd, 1, G_DESC, 0, NULL) == -1 &&
	       wait_done(d, &h, fd) == 0, "writes through that handle fail with a 0-byte completion");
	devices_destroy(d);
	fh_free(&h);
}

static void test_check_disks(void)
{
	struct vmm_config cfg = fh_config();
	struct fh_capture cap;
	char other[256], toolong[200];
	const char *err;
	int r;

	cfg.simscsi_prefix = NULL;
	tap_ok(devices_check_disks(&cfg) == 0, "check_disks: no prefix is fine");
	cfg.simscsi_prefix = prefix;
	tap_ok(devices_check_disks(&cfg) == 0, "check_disks: PREFIXa exists");
	snprintf(other, sizeof(other), "%s/hd", dir);
	cfg.simscsi_prefix = other;
	fh_capture_begin(&cap);
	r = devices_check_disks(&cfg);
	err = fh_capture_end(&cap);
	tap_ok(r == -1 && strstr(err, "hda does not exist") && fh_count(err, "\n") == 1,
	       "check_disks: no disk at all is one error naming PREFIXa");
	memset(toolong, 'x', sizeof(toolong) - 1);
	toolong[sizeof(toolong) - 1] = 0;
	cfg.simscsi_prefix = toolong;
	fh_capture_begin(&cap);
	r = devices_check_disks(&cfg);
	err = fh_capture_end(&cap);
	tap_ok(r == -1 && strstr(err, "longer than 128"), "check_disks: a prefix the guest ignores is an error");
}

static void test_misc(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct devices *d;
	enum dev_ssc_result res;
	char initrd[256];
	int status;
	uint64_t r;

	snprintf(initrd, sizeof(initrd), "%s/initrd", dir);
	make_file(initrd, 10000, 0644);
	fh_init(&h, &dh);
	cfg.cmdline = "root=/dev/sda simscsi=/x/sd console=tty0";
	cfg.initrd = initrd;
	d = devices_create(&cfg, &dh);

	r = fh_ssc(d, SSC_GET_ARGS, 0x3000, 0, 0, 0, &res);
	tap_ok(res == DEV_SSC_DONE && r == strlen(cfg.cmdline) && !strcmp(fh_mem(&h, 0x3000), cfg.cmdline),
	       "SSC_GET_ARGS copies the command line, NUL-terminated");
	memset(fh_mem(&h, 0x3000), 'z', 16);
	r = fh_ssc(d, SSC_GET_ARGS, 0x3000, 5, 0, 0, NULL);
	tap_ok(r == 4 && !strcmp(fh_mem(&h, 0x3000), "root") && ((char *)fh_mem(&h, 0x3000))[5] == 'z',
	       "SSC_GET_ARGS with a size cuts and terminates");
	tap_ok((int64_t)fh_ssc(d, SSC_GET_ARGS, FH_BANK - 4, 0, 0, 0, NULL) == -1,
	       "SSC_GET_ARGS into the hole fails");

	{
		struct lol_ssc_timeval tv;
		struct lol_ssc_timezone tz = { 77, 77 };
		time_t now = time(NULL);

		memcpy(fh_mem(&h, 0x3108), &tz, sizeof(tz));
		r = fh_ssc(d, SSC_GET_TOD, 0x3100, 0x3108, 0, 0, &res);
		memcpy(&tv, fh_mem(&h, 0x3100), sizeof(tv));
		memcpy(&tz, fh_mem(&h, 0x3108), sizeof(tz));
		tap_ok(res == DEV_SSC_DONE && r == 0 && tv.sec >= (uint32_t)now - 1 &&
		       tv.sec <= (uint32_t)now + 1 && tv.usec < 1000000,
		       "SSC_GET_TOD gives host time (%u.%06u vs %lld)", tv.sec, tv.usec, (long long)now);
		tap_ok(tz.minuteswest == 0 && tz.dsttime == 0, "SSC_GET_TOD fills the timezone when asked");
	}
	{
		struct lol_ssc_rtc rtc;
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		fh_ssc(d, SSC_GET_RTC, 0x3200, 0, 0, 0, &res);
		memcpy(&rtc, fh_mem(&h, 0x3200), sizeof(rtc));
		tap_ok(res == DEV_SSC_DONE && rtc.year == (uint32_t)tm.tm_year && rtc.mon == (uint32_t)tm.tm_mon &&
		       rtc.mday >= 1 && rtc.mday <= 31 && rtc.hour < 24 && rtc.min < 60 && rtc.sec < 61 &&
		       rtc.msec < 1000 && rtc.wday < 7,
		       "SSC_GET_RTC gives local time in struct tm terms (%u-%u-%u)", rtc.year + 1900,
		       rtc.mon + 1, rtc.mday);
	}
	{
		uint8_t *p = fh_mem(&h, FH_BANK2 + 0x1000);
		bool ok = true;

		r = fh_ssc(d, SSC_GET_INITRAMFS, FH_BANK2 + 0x1000, 0, 0, 0, NULL);
		for (unsigned i = 0; i < 10000; i++)
			ok &= p[i] == file_byte(i);
		tap_ok(r == 10000 && ok, "SSC_GET_INITRAMFS copies the --initrd file, gives its size");
		struct fh_capture cap;

		fh_capture_begin(&cap);
		r = fh_ssc(d, SSC_GET_INITRAMFS, FH_BANK - 5000, 0, 0, 0, NULL);
		fh_ssc(d, SSC_GET_INITRAMFS, FH_BANK - 5000, 0, 0, 0, NULL);
		fh_capture_end(&cap);
		tap_ok(r == 0 && fh_count(cap.text, "do not fit in guest memory") == 1,
		       "SSC_GET_INITRAMFS where it does not fit gives 0, said once");
	}

	r = fh_ssc_st(d, SSC_EXIT, 7, 0, 0, 0, &res, &status);
	tap_ok(res == DEV_SSC_EXIT && status == 7, "SSC_EXIT(7) exits with 7");
	r = fh_ssc_st(d, SSC_EXIT, (uint64_t)-1, 0, 0, 0, &res, &status);
	tap_ok(res == DEV_SSC_EXIT && status == -1, "SSC_EXIT(-1) exits with -1");
	{
		struct fh_capture cap;

		fh_capture_begin(&cap);
		fh_ssc_st(d, SSC_STOP, 0, 0, 0, 0, &res, &status);
		fh_capture_end(&cap);
		tap_ok(res == DEV_SSC_EXIT && status == 1 && strstr(cap.text, "SSC_STOP"),
		       "SSC_STOP exits with 1 and says why");
	}
	r = fh_ssc(d, SSC_HALT_LIGHT, 0, 0, 0, 0, &res);
	tap_ok(res == DEV_SSC_HALT && r == 0, "SSC_HALT_LIGHT halts");
	{
		bool ok = true;
		static const unsigned ignored[] = { SSC_LOAD_SYMBOLS, SSC_CTL_TRACE, SSC_SET_PERIODIC_INTERRUPT,
						    SSC_CONSOLE_INIT };

		for (unsigned i = 0; i < 4; i++) {
			r = fh_ssc(d, ignored[i], 1, 0x1000, 0, 0, &res);
			ok &= res == DEV_SSC_DONE && r == 0;
		}
		tap_ok(ok, "LOAD_SYMBOLS, CTL_TRACE, SET_PERIODIC_INTERRUPT, CONSOLE_INIT accepted");
		ok = true;
		static const uint64_t unknown[] = { 1, 86, 87, 120, 150, 199, 203, 255, 256, 1000,
						    ~0ull };
		for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
			r = fh_ssc(d, unknown[i], 0, 0, 0, 0, &res);
			ok &= res == DEV_SSC_UNKNOWN && r == 0xdeadbeef;
		}
		tap_ok(ok, "unknown numbers are DEV_SSC_UNKNOWN, r8 untouched");
	}

	/* interrupt routing */
	h.nirqs = 0;
	fh_ssc(d, SSC_CONNECT_INTERRUPT, SSC_INTR_DISK, 0x42, 0, 0, &res);
	fh_ssc(d, SSC_GENERATE_INTERRUPT, SSC_INTR_DISK, 0, 0, 0, NULL);
	tap_ok(res == DEV_SSC_DONE && h.nirqs == 1 && h.irqs[0] == 0x42,
	       "CONNECT_INTERRUPT then GENERATE_INTERRUPT raises the bound vector");
	fh_ssc(d, SSC_CONNECT_INTERRUPT, SSC_INTR_DISK, 5, 0, 0, NULL);
	fh_ssc(d, SSC_GENERATE_INTERRUPT, SSC_INTR_DISK, 0, 0, 0, NULL);
	fh_ssc(d, SSC_GENERATE_INTERRUPT, SSC_INTR_MOUSE, 0, 0, 0, NULL);
	fh_ssc(d, SSC_CONNECT_INTERRUPT, 1000, 0x42, 0, 0, NULL);
	fh_ssc(d, SSC_GENERATE_INTERRUPT, 1000, 0, 0, 0, NULL);
	tap_ok(h.nirqs == 1, "vectors below 16, unbound and unknown types raise nothing");
	devices_destroy(d);
	fh_free(&h);
	unlink(initrd);
}

int main(void)
{
	char path[256];

	strcpy(dir, "/tmp/lol-dev-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(prefix, sizeof(prefix), "%s/sd", dir);
	snprintf(path, sizeof(path), "%sa", prefix);
	make_file(path, DISK_SIZE, 0644);
	snprintf(path, sizeof(path), "%sb", prefix);
	make_file(path, 4096, 0444);
	snprintf(path, sizeof(path), "%saa", prefix);
	make_file(path, 512, 0644);
	snprintf(path, sizeof(path), "%sA", prefix);
	make_file(path, 512, 0644);

	test_open();
	test_rw();
	test_readonly();
	test_check_disks();
	test_misc();

	for (const char *s = "a\0b\0aa\0A\0"; *s; s += strlen(s) + 1) {
		snprintf(path, sizeof(path), "%s%s", prefix, s);
		unlink(path);
	}
	rmdir(dir);
	return tap_done();
}

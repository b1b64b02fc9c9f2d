// SPDX-License-Identifier: GPL-2.0
/*
 * Robustness: random SSC numbers and arguments (garbage, small numbers,
 * handles, addresses in RAM, at its edges, in the hole, pointing at planted
 * paths and scatter lists) against devices with a disk and the user-mode
 * network, with polls and resets in between.  Nothing may crash (CI runs
 * this under ASan and UBSan), every result must be one of the four kinds,
 * and afterwards the devices must still work.
 *
 * LOL_FUZZ_ITERS (default 100000 per configuration) and LOL_FUZZ_SEED
 * change the run.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fakehost.h"
#include "tap.h"

static uint64_t rng_state;
static char log_path[128];

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static const uint16_t known[] = {
	SSC_STOP, SSC_HALT_LIGHT, SSC_CONSOLE_INIT, SSC_GETCHAR, SSC_PUTCHAR, SSC_OPEN, SSC_CLOSE,
	SSC_READ, SSC_WRITE, SSC_GET_COMPLETION, SSC_WAIT_COMPLETION, SSC_CONNECT_INTERRUPT,
	SSC_GENERATE_INTERRUPT, SSC_SET_PERIODIC_INTERRUPT, SSC_GET_RTC, SSC_EXIT, SSC_LOAD_SYMBOLS,
	SSC_GET_TOD, SSC_GET_ARGS, SSC_CTL_TRACE, SSC_GET_INITRAMFS, SSC_NETDEV_PROBE, SSC_NETDEV_SEND,
	SSC_NETDEV_RECV, SSC_NETDEV_ATTACH, SSC_NETDEV_DETACH, SSC_LOL_DISK_SIZE, SSC_LOL_FLUSH,
	SSC_LOL_CONSOLE_READY,
};
#define NKNOWN (sizeof(known) / sizeof(known[0]))

#define G_PATHS 0x8000ull /* planted strings */
#define G_LISTS 0x9000ull /* planted scatter lists */
#define G_FRAME 0x9800ull /* a planted ARP request */

static bool is_known(uint64_t nr)
{
	for (unsigned i = 0; i < NKNOWN; i++)
		if (known[i] == nr)
			return true;
	return false;
}

static uint64_t ram_addr(void)
{
	uint64_t off = rnd() % FH_BANK;

	return (rnd() & 1) ? off : FH_BANK2 + off;
}

static uint64_t fuzz_arg(void)
{
	switch (rnd() % 10) {
	case 0: return rnd();
	case 1: return rnd() % 21;
	case 2: return 3 + rnd() % 4;            /* likely disk handles */
	case 3: return 1;                         /* the network handle */
	case 4: return ram_addr();
	case 5: return FH_BANK - rnd() % 64;      /* the end of bank 1 */
	case 6: return FH_BANK + rnd() % FH_BANK; /* the hole */
	case 7: return G_PATHS + (rnd() % 4) * 256;
	case 8: return G_LISTS + (rnd() % 8) * 64;
	default: return ~0ull - rnd() % 64;       /* the top */
	}
}

/* Half the time, arguments shaped like a real caller's, so the calls get
 * past the first checks; a field or two stays random. */
static void shape_args(uint64_t nr, uint64_t arg[4])
{
	uint64_t keep = rnd() % 5; /* this argument stays as it was */
	uint64_t a[4];

	memcpy(a, arg, sizeof(a));
	switch (nr) {
	case SSC_OPEN:
		a[0] = G_PATHS + (rnd() % 3) * 256;
		a[1] = 1 + rnd() % 3;
		break;
	case SSC_READ:
	case SSC_WRITE:
		a[0] = 3 + rnd() % 3;
		a[1] = rnd() % 4;
		a[2] = G_LISTS + (rnd() % 8) * 64;
		a[3] = (rnd() % 256) * 512;
		break;
	case SSC_WAIT_COMPLETION:
	case SSC_GET_COMPLETION:
		a[0] = ram_addr() & ~7ull;
		break;
	case SSC_NETDEV_SEND:
	case SSC_NETDEV_RECV:
		a[0] = 1;
		a[1] = ram_addr();
		a[2] = 14 + rnd() % 1500;
		if (nr == SSC_NETDEV_SEND && rnd() % 4 == 0) {
			a[1] = G_FRAME; /* a real ARP request: slirp answers */
			a[2] = 42;
		}
		break;
	case SSC_CLOSE:
		a[0] = 3 + rnd() % 8;
		break;
	case SSC_NETDEV_PROBE:
		a[0] = G_PATHS + 768;
		a[1] = ram_addr();
		break;
	case SSC_GET_ARGS:
	case SSC_GET_TOD:
	case SSC_GET_RTC:
	case SSC_GET_INITRAMFS:
		a[0] = ram_addr();
		a[1] = rnd() % 3 ? 0 : ram_addr();
		break;
	default:
		return;
	}
	for (int k = 0; k < 4; k++)
		if ((uint64_t)k != keep)
			arg[k] = a[k];
}

static void plant(struct fakehost *h, const char *prefix)
{
	char *p = fh_mem(h, G_PATHS);
	struct lol_ssc_disk_desc *l = fh_mem(h, G_LISTS);

	snprintf(p, 256, "%sa", prefix);
	snprintf(p + 256, 256, "%sb", prefix);
	snprintf(p + 512, 256, "%sa/../sda", prefix);
	memcpy(p + 768, "eth0", 5);
	/* ARP: who has 10.0.2.2, tell 10.0.2.15 */
	memcpy(fh_mem(h, G_FRAME),
	       "\xff\xff\xff\xff\xff\xff\x02\x6c\x6f\x6c\x00\x01\x08\x06"
	       "\x00\x01\x08\x00\x06\x04\x00\x01\x02\x6c\x6f\x6c\x00\x01\x0a\x00\x02\x0f"
	       "\x00\x00\x00\x00\x00\x00\x0a\x00\x02\x02", 42);
	for (unsigned i = 0; i < 32; i++) {
		l[i].addr = (rnd() & 3) ? ram_addr() : rnd();
		l[i].len = (uint32_t)((rnd() & 3) ? rnd() % 8192 : rnd());
		if ((l[i].addr % FH_BANK2) + l[i].len > FH_BANK && (rnd() & 1))
			l[i].len = 16;
	}
}

static void scribble(struct fakehost *h)
{
	for (unsigned b = 0; b < 2; b++)
		for (uint64_t i = 0; i < FH_BANK; i += 8) {
			uint64_t v = rnd();

			memcpy(h->bank[b] + i, &v, 8);
		}
}

static void run(const char *what, struct vmm_config *cfg, const char *prefix, long iters)
{
	struct fakehost h;
	struct dev_host dh;
	struct devices *d;
	long bad_kind = 0, bad_unknown = 0, halts = 0, exits = 0;
	long opens = 0, xfers = 0, sends = 0, recvs = 0, args = 0;
	struct timespec t0, t1;
	double secs;

	fh_init(&h, &dh);
	scribble(&h);
	plant(&h, prefix);
	d = devices_create(cfg, &dh);
	if (!d) {
		tap_ok(0, "%s: devices_create failed (see %s)", what, log_path);
		fh_free(&h);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < iters; i++) {
		uint64_t nr, arg[4], r8 = 0;
		enum dev_ssc_result res;
		int status = 0;

		switch (rnd() % 10) {
		case 0: nr = rnd() % 300; break;
		case 1: nr = rnd(); break;
		default: nr = known[rnd() % NKNOWN]; break;
		}
		for (int k = 0; k < 4; k++)
			arg[k] = fuzz_arg();
		if (rnd() & 1)
			shape_args(nr, arg);
		res = devices_ssc(d, nr, arg, &r8, &status);
		if (res != DEV_SSC_DONE && res != DEV_SSC_UNKNOWN && res != DEV_SSC_HALT && res != DEV_SSC_EXIT)
			bad_kind++;
		if ((res == DEV_SSC_UNKNOWN) == is_known(nr))
			bad_unknown++;
		halts += res == DEV_SSC_HALT;
		exits += res == DEV_SSC_EXIT;
		/* how deep the random calls got */
		opens += nr == SSC_OPEN && (int64_t)r8 >= 0;
		xfers += (nr == SSC_READ || nr == SSC_WRITE) && r8 == 0;
		sends += nr == SSC_NETDEV_SEND && (int64_t)r8 > 0;
		recvs += nr == SSC_NETDEV_RECV && (int64_t)r8 > 0;
		args += nr == SSC_GET_ARGS && (int64_t)r8 >= 0;
		if (rnd() % 64 == 0) {
			struct pollfd fds[64];
			int n = devices_pollfds(d, fds, (int)(rnd() % 65));

			poll(fds, (nfds_t)n, 0);
			devices_poll(d, (rnd() & 7) ? fds : NULL, (rnd() & 7) ? n : (int)(rnd() % 70));
			devices_timeout_ms(d);
		}
		if (rnd() % 20000 == 0)
			devices_reset(d);
		/* calls write where the planted things are: renew them */
		if (rnd() % 200 == 0)
			plant(&h, prefix);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("# %s: %ld disk opens, %ld transfers, %ld frames sent, %ld received, %ld GET_ARGS\n",
	       what, opens, xfers, sends, recvs, args);
	tap_ok(opens > 0 && xfers > 0 && args > 0 && (cfg->net == VMM_NET_NONE || (sends > 0 && recvs > 0)),
	       "%s: the random calls reach disk opens, transfers, GET_ARGS%s", what,
	       cfg->net == VMM_NET_NONE ? "" : ", frames both ways");
	tap_ok(bad_kind == 0 && bad_unknown == 0,
	       "%s: %ld random SSCs, no crash, results well-formed (%ld halts, %ld exits, %.0f calls/s)",
	       what, iters, halts, exits, iters / (secs > 0 ? secs : 1));

	/* still working: a disk read matches the file, GET_ARGS the command line */
	{
		char path[256];
		uint8_t want[512];
		struct lol_ssc_disk_desc l = { .addr = 0x20000, .len = 512 };
		struct lol_ssc_stat st;
		int64_t fd;
		int hf;
		bool ok;

		snprintf(path, sizeof(path), "%sa", prefix);
		strcpy(fh_mem(&h, 0x1000), path);
		memcpy(fh_mem(&h, 0x1800), &l, sizeof(l));
		fd = (int64_t)fh_ssc(d, SSC_OPEN, 0x1000, SSC_OPEN_RW, 0, 0, NULL);
		ok = fd >= 0 && fh_ssc(d, SSC_READ, (uint64_t)fd, 1, 0x1800, 0, NULL) == 0;
		st.fd = (uint32_t)fd;
		memcpy(fh_mem(&h, 0x1900), &st, sizeof(st));
		ok = ok && fh_ssc(d, SSC_WAIT_COMPLETION, 0x1900, 0, 0, 0, NULL) == 0;
		memcpy(&st, fh_mem(&h, 0x1900), sizeof(st));
		hf = open(path, O_RDONLY);
		ok = ok && st.count == 512 && pread(hf, want, 512, 0) == 512 &&
		     !memcmp(want, fh_mem(&h, 0x20000), 512);
		close(hf);
		tap_ok(ok, "%s: afterwards a disk read still returns the file's bytes", what);
		tap_ok(fh_ssc(d, SSC_GET_ARGS, 0x3000, 0, 0, 0, NULL) == strlen(cfg->cmdline) &&
		       !strcmp(fh_mem(&h, 0x3000), cfg->cmdline), "%s: and GET_ARGS the command line", what);
	}
	devices_destroy(d);
	fh_free(&h);
}

int main(void)
{
	const char *e = getenv("LOL_FUZZ_ITERS");
	long iters = e ? atol(e) : 100000;
	char dir[64], prefix[128], path[256];
	struct vmm_config cfg = fh_config();
	int fd, saved_err;

	e = getenv("LOL_FUZZ_SEED");
	rng_state = e ? strtoull(e, NULL, 0) : 0x6c6f6c2d646576ull;
	if (!rng_state)
		rng_state = 1;
	printf("# seed 0x%llx, %ld iterations per configuration\n", (unsigned long long)rng_state, iters);

	strcpy(dir, "/tmp/lol-fuzz-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(prefix, sizeof(prefix), "%s/sd", dir);
	snprintf(path, sizeof(path), "%sa", prefix);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (int i = 0; i < 64; i++) {
		char block[1024];

		memset(block, 'A' + i % 26, sizeof(block));
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block))
			return 1;
	}
	close(fd);
	snprintf(path, sizeof(path), "%s/initrd", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (write(fd, "070701", 6) != 6)
		return 1;
	close(fd);

	cfg.simscsi_prefix = prefix;
	cfg.cmdline = "root=/dev/sda console=simcons";
	cfg.initrd = path;
	/* the devices' messages (refusals, SSC_STOP) go to a file, and so
	 * would a sanitizer's report: it stays when something failed */
	snprintf(log_path, sizeof(log_path), "%s/stderr.log", dir);
	printf("# device messages (and any sanitizer report): %s\n", log_path);
	fflush(stdout);
	saved_err = dup(2);
	fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	dup2(fd, 2);
	close(fd);
	run("disk, no network", &cfg, prefix, iters);
	cfg.net = VMM_NET_USER;
	run("disk, user network", &cfg, prefix, iters);
	dup2(saved_err, 2);
	close(saved_err);
	if (tap_failed)
		return tap_done();
	unlink(log_path);

	snprintf(path, sizeof(path), "%sa", prefix);
	unlink(path);
	snprintf(path, sizeof(path), "%s/initrd", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lol-launch: boot an ia64 guest from a named launch profile by running
 * lol-vmm with the command line the profile describes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile.h"

#ifndef LOL_VERSION
#define LOL_VERSION "0"
#endif
#define MAX_PROFILE_BYTES (1 << 20)
#define SIMSCSI_MAX 128 /* longest simscsi= prefix the guest's disk driver takes */
#define SUN_PATH_MAX 107 /* a Unix socket path */
#define MAX_SETS 64

static const char *progname = "lol-launch";

static _Noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static _Noreturn void die(int status, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die(1, "out of memory");
	return s;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] PROFILE [KERNEL-WORDS...]\n"
		"Boot an ia64 guest with lol-vmm as the launch profile PROFILE says.\n"
		"\n"
		"  -l, --list          list the profiles found, with their descriptions\n"
		"  -n, --show, --dry-run\n"
		"                      print the lol-vmm command line instead of running it\n"
		"  -s, --set KEY=VALUE override or add a profile setting (repeatable)\n"
		"  -k, --keep          pass -k to lol-vmm (keep state, trace to stderr)\n"
		"      --trace         pass --trace to lol-vmm (log every exit)\n"
		"  -v, --stats         pass --stats to lol-vmm (exit counts at the end)\n"
		"      --vmm PROGRAM   the monitor to run (default: lol-vmm next to lol-launch,\n"
		"                      else from PATH; also $LOL_VMM)\n"
		"  -q, --quiet         no summary line before booting\n"
		"  -h, --help          this help\n"
		"  -V, --version       version\n"
		"\n"
		"PROFILE is a file if it contains '/', else a name looked up in\n"
		"$XDG_CONFIG_HOME/lol/profiles, /etc/lol/profiles and PREFIX/share/lol/profiles.\n"
		"KERNEL-WORDS are added to the guest kernel's command line.  See lol-launch(1).\n",
		progname);
}

/* Where lol-launch runs from: its directory, and the source tree when built in one. */
struct self {
	char *bindir;
	char *prefix; /* bindir/.. when it exists: PREFIX of PREFIX/bin */
	char *srcdir;
};

static bool is_file(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISREG(st.st_mode);
}

static void find_self(struct self *s)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	s->bindir = s->prefix = s->srcdir = NULL;
	if (n <= 0)
		return;
	exe[n] = 0;
	s->bindir = xasprintf("%s", dirname(exe));
	char *parent = xasprintf("%s/..", s->bindir);
	s->prefix = realpath(parent, NULL);
	free(parent);
	/* build/lol-launch (O=build) or deeper: look up two levels for the tree */
	for (int up = 1; up <= 2; up++) {
		char *top = xasprintf("%s%s", s->bindir, up == 1 ? "/.." : "/../..");
		char *mk = xasprintf("%s/launch/launch.mk", top);
		char *bk = xasprintf("%s/toolchain/build-kernel", top);
		if (is_file(mk) && is_file(bk))
			s->srcdir = realpath(top, NULL);
		free(top);
		free(mk);
		free(bk);
		if (s->srcdir)
			return;
	}
}

/* The profile directories, in search order. */
static int profile_dirs(const struct self *s, char *dirs[], int max)
{
	int n = 0;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		dirs[n++] = xasprintf("%s/lol/profiles", xdg);
	else if (home && home[0] == '/')
		dirs[n++] = xasprintf("%s/.config/lol/profiles", home);
	dirs[n++] = xasprintf("/etc/lol/profiles");
	if (s->srcdir)
		dirs[n++] = xasprintf("%s/profiles", s->srcdir);
	if (!s->srcdir && s->prefix && strcmp(s->prefix, "/usr"))
		dirs[n++] = xasprintf("%s/share/lol/profiles", s->prefix);
	if (n < max)
		dirs[n++] = xasprintf("/usr/share/lol/profiles");
	return n;
}

static bool good_name(const char *name)
{
	size_t n = strlen(name);
	return n && name[0] != '.' && !strchr(name, '/') && name[n - 1] != '~' &&
	       !strstr(name, ".dpkg-");
}

static char *find_profile(const struct self *s, const char *arg)
{
	if (strchr(arg, '/'))
		return xasprintf("%s", arg);
	if (!good_name(arg))
		die(2, "%s: not a profile name (names do not start with '.')", arg);
	char *dirs[8];
	int n = profile_dirs(s, dirs, 8);
	char *found = NULL;
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dirs[i], arg);
		if (!found && is_file(path))
			found = path;
		else
			free(path);
	}
	if (!found) {
		fprintf(stderr, "%s: no profile named %s in", progname, arg);
		for (int i = 0; i < n; i++)
			fprintf(stderr, "%s %s", i ? "," : "", dirs[i]);
		fputc('\n', stderr);
	}
	for (int i = 0; i < n; i++)
		free(dirs[i]);
	if (!found)
		exit(2);
	return found;
}

/* The whole profile file, or NULL with the problem in err. */
static char *read_profile(const char *path, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	char *buf = NULL;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if (sb.st_size > MAX_PROFILE_BYTES) {
		snprintf(err, errlen, "%s: larger than 1 MiB; not a profile", path);
		goto out;
	}
	buf = malloc(sb.st_size + 1);
	if (!buf)
		die(1, "out of memory");
	size_t n = 0;
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + n, sb.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(buf);
			buf = NULL;
			goto out;
		}
		if (r == 0)
			break;
		n += r;
	}
	*len = n;
out:
	close(fd);
	return buf;
}

/* Parse PATH into p; on error print the one-line message and exit 2. */
static void load_profile(struct profile *p, const char *path)
{
	size_t len;
	char err[1024];
	char *buf = read_profile(path, &len, err, sizeof(err));
	if (!buf)
		die(2, "%s", err);
	profile_init(p, path);
	int r = profile_parse(p, buf, len, err, sizeof(err));
	free(buf);
	if (r)
		die(2, "%s", err);
}

static void list_profiles(const struct self *s)
{
	char *dirs[8];
	int n = profile_dirs(s, dirs, 8);
	char **seen = NULL;
	size_t nseen = 0;
	for (int i = 0; i < n; i++) {
		struct dirent **ents;
		int m = scandir(dirs[i], &ents, NULL, alphasort);
		for (int j = 0; j < m; j++) {
			const char *name = ents[j]->d_name;
			char *path = xasprintf("%s/%s", dirs[i], name);
			bool shadowed = false;
			for (size_t k = 0; k < nseen; k++)
				shadowed |= !strcmp(seen[k], name);
			if (good_name(name) && is_file(path) && !shadowed) {
				seen = realloc(seen, (nseen + 1) * sizeof(*seen));
				if (!seen)
					die(1, "out of memory");
				seen[nseen++] = xasprintf("%s", name);
				/* a broken profile is listed too, with its problem */
				size_t len;
				char err[1024];
				struct profile p;
				char *buf = read_profile(path, &len, err, sizeof(err));
				profile_init(&p, path);
				const char *what = !buf || profile_parse(&p, buf, len, err, sizeof(err))
						   ? err : p.description.text ? p.description.text : "";
				printf("%-16s %s\n%-16s   (%s)\n", name, what, "", path);
				profile_free(&p);
				free(buf);
			}
			free(path);
			free(ents[j]);
		}
		if (m >= 0)
			free(ents);
	}
	if (!nseen)
		printf("no profiles found\n");
	for (size_t k = 0; k < nseen; k++)
		free(seen[k]);
	free(seen);
	for (int i = 0; i < n; i++)
		free(dirs[i]);
}

/* The run directory is named after the profile file. */
static char *profile_name(const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		die(2, "%s: %s", path, strerror(errno));
	char *name = xasprintf("%s", basename(real));
	free(real);
	return name;
}

static char *find_vmm(const char *opt, const struct self *s)
{
	if (opt)
		return xasprintf("%s", opt);
	const char *env = getenv("LOL_VMM");
	if (env && *env)
		return xasprintf("%s", env);
	if (s->bindir) {
		char *next = xasprintf("%s/lol-vmm", s->bindir);
		if (access(next, X_OK) == 0)
			return next;
		free(next);
	}
	return xasprintf("lol-vmm");
}

static void summary(const struct profile *p, const char *name)
{
	fprintf(stderr, "%s: booting %s: %llu MiB, %u CPU%s, %u disk%s, network %s, console %s\n",
		progname, name, (unsigned long long)(p->mem_bytes >> 20), p->cpus,
		p->cpus == 1 ? "" : "s", p->ndisks, p->ndisks == 1 ? "" : "s",
		p->net == PROFILE_NET_USER ? "user" : p->net == PROFILE_NET_NONE ? "none" : p->tap_if,
		p->console == PROFILE_CONSOLE_STDIO ? "stdio (Ctrl-A x quits)"
		: p->console == PROFILE_CONSOLE_PTY ? "pty"
		: p->console == PROFILE_CONSOLE_NONE ? "none" : p->console_path.text);
}

/*
 * What main builds lives here until exec: reachable to the end, so leak
 * checkers (ASan in CI) do not count a one-shot program's memory as lost.
 */
static struct {
	struct self self;
	struct profile p;
	struct launch_opts o;
	char *path, *profile_dir, *cache, *installed, *name, *rundir, *vmm;
	char **vargv;
} st;

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "show", no_argument, NULL, 'n' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "set", required_argument, NULL, 's' },
		{ "keep", no_argument, NULL, 'k' },
		{ "trace", no_argument, NULL, 'T' },
		{ "stats", no_argument, NULL, 'v' },
		{ "vmm", required_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	struct launch_opts *o = &st.o;
	struct profile *p = &st.p;
	bool list = false, show = false, quiet = false;
	const char *vmm_opt = NULL, *sets[MAX_SETS];
	int nsets = 0, c;
	opterr = 0; /* one line of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, "+:lns:kvqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': list = true; break;
		case 'n': show = true; break;
		case 's':
			if (nsets == MAX_SETS)
				die(2, "more than %d --set options", MAX_SETS);
			sets[nsets++] = optarg;
			break;
		case 'k': o->keep = true; break;
		case 'T': o->trace = true; break;
		case 'v': o->stats = true; break;
		case 'M': vmm_opt = optarg; break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("lol-launch %s\n", LOL_VERSION); return 0;
		case ':':
			die(2, "%s needs an argument (try --help)", argv[optind - 1]);
		default:
			if (optopt)
				die(2, "-%c: unknown option (try --help)", optopt);
			die(2, "%s: unknown option (try --help)", argv[optind - 1]);
		}
	}
	find_self(&st.self);
	if (list) {
		if (optind != argc)
			die(2, "--list takes no profile");
		list_profiles(&st.self);
		return 0;
	}
	if (optind == argc)
		die(2, "no PROFILE given (try --help)");
	st.path = find_profile(&st.self, argv[optind]);
	const char *path = st.path;
	o->extra_words = argv + optind + 1;
	o->nextra = argc - optind - 1;

	char err[1024];
	load_profile(p, path);
	/* --set KEY=VALUE: messages name the option, a value replaces the profile's */
	p->file = "--set";
	for (int i = 0; i < nsets; i++) {
		char key[64];
		const char *eq = strchr(sets[i], '=');
		if (!eq || (size_t)(eq - sets[i]) >= sizeof(key))
			die(2, "--set %s: expected KEY=VALUE", sets[i]);
		memcpy(key, sets[i], eq - sets[i]);
		key[eq - sets[i]] = 0;
		if (profile_set(p, key, eq + 1, 0, err, sizeof(err)))
			die(2, "%s", err);
	}
	p->file = path;
	if (profile_check(p, err, sizeof(err)))
		die(2, "%s", err);

	st.profile_dir = xasprintf("%s", path);
	const char *cache_env = getenv("LOL_CACHE"), *xdg_cache = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	st.cache = cache_env && *cache_env ? xasprintf("%s", cache_env)
		   : xdg_cache && *xdg_cache ? xasprintf("%s/lol", xdg_cache)
		   : xasprintf("%s/.cache/lol", home ? home : "");
	/* lol-guest's kernel: next to a lol-launch in PREFIX/bin, else where the package puts it */
	st.installed = st.self.prefix ? xasprintf("%s/lib/lol/guest/vmlinux", st.self.prefix) : NULL;
	if (!st.installed || !is_file(st.installed)) {
		free(st.installed);
		st.installed = xasprintf("/usr/lib/lol/guest/vmlinux");
	}
	struct launch_env env = {
		.profile_dir = dirname(st.profile_dir),
		.home = home,
		.cache = st.cache,
		.srcdir = st.self.srcdir,
		.guest_kernel = getenv("LOL_GUEST_KERNEL"),
		.installed_kernel = st.installed,
	};
	if (profile_resolve(p, &env, err, sizeof(err)))
		die(2, "%s", err);

	const char *name = st.name = profile_name(path);
	const char *rundir = st.rundir = rundir_make(name, err, sizeof(err));
	if (!rundir)
		die(1, "%s", err);
	if (p->console == PROFILE_CONSOLE_UNIX &&
	    (p->console_path.text[0] == '/' ? 0 : strlen(rundir) + 1) + strlen(p->console_path.text) >
		    SUN_PATH_MAX)
		die(2, "%s:%u: console unix:%s: the socket path is longer than %d bytes", path,
		    p->console_path.line, p->console_path.text, SUN_PATH_MAX);
	if (p->ndisks && strlen(rundir) + 3 > SIMSCSI_MAX)
		die(1, "run directory %s: path too long for the guest's simscsi= (at most %d bytes); "
		    "set XDG_RUNTIME_DIR or TMPDIR to a shorter directory", rundir, SIMSCSI_MAX - 3);
	if (strpbrk(rundir, " \t\n"))
		die(1, "run directory %s: white space cannot go in the guest's simscsi= word", rundir);
	int lock = rundir_lock(rundir, err, sizeof(err));
	if (lock < 0 && !(show && errno == EWOULDBLOCK))
		die(1, "%s: %s", name, err);
	/* a running instance's links are left alone; --show still prints the line */
	if (lock >= 0 && rundir_link_disks(rundir, p, err, sizeof(err)))
		die(1, "%s", err);

	const char *vmm = st.vmm = find_vmm(vmm_opt, &st.self);
	char **vargv = st.vargv = launch_argv(p, vmm, rundir, o);
	if (show) {
		print_argv(vargv, stdout);
		return 0;
	}
	if (!quiet)
		summary(p, name);
	fflush(NULL);
	if (strchr(vmm, '/'))
		execv(vmm, vargv);
	else
		execvp(vmm, vargv);
	die(127, "cannot run %s: %s", vmm, strerror(errno));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lol-afterburn: a drop-in for ia64-linux-gnu-as that pre-virtualises the
 * code it assembles (see rewrite.c), and the audit of what it produced.
 *
 *   lol-afterburn [gas options] [FILE...]   (also when installed as "as")
 *   lol-afterburn --audit [-v] [-q] FILE...
 *   lol-afterburn --rewrite [-I DIR] FILE   print the rewritten assembly
 *
 * The real assembler: $LOL_REAL_AS, else the first ia64-linux-gnu-as on PATH
 * that is not this program.  LOL_AFTERBURN_VERIFY=1 also assembles the
 * original and checks that the two objects differ in the sites only;
 * LOL_AFTERBURN_FORCE=1 rewrites even files with nothing to rewrite;
 * LOL_AFTERBURN_KEEP=DIR keeps the rewritten text there.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ab.h"

#ifndef LOL_VERSION
#define LOL_VERSION "0.1"
#endif

static const char usage[] =
	"usage: lol-afterburn [ASSEMBLER OPTIONS] [FILE...]\n"
	"       lol-afterburn --audit [-v] [-q] FILE...\n"
	"       lol-afterburn --rewrite [-I DIR] FILE\n"
	"       lol-afterburn --compare-code AFTERBURNED PLAIN\n"
	"\n"
	"Assembles IA-64 code as ia64-linux-gnu-as does, with every privileged or\n"
	"sensitive instruction replaced by a lol site break in the same slot and an\n"
	"annotation record (lol-abi.h).  Installed as \"as\" in a directory of its own,\n"
	"it is picked up by gcc -B<dir> (kernel: KCFLAGS=-B<dir> KAFLAGS=-B<dir>).\n"
	"\n"
	"  --audit FILE...   list privileged/sensitive instructions that are not\n"
	"                    afterburned and count the sites by kind (exit 1 if any)\n"
	"  --rewrite FILE    print the rewritten assembly on standard output\n"
	"  --compare-code AFTERBURNED PLAIN  the code of two builds must be equal but\n"
	"                    for the recorded sites (exit 1 if not)\n"
	"  --help, --version\n"
	"\n"
	"Environment: LOL_REAL_AS (the real assembler), LOL_AFTERBURN_VERIFY=1\n"
	"(check the object against the original's), LOL_AFTERBURN_FORCE=1,\n"
	"LOL_AFTERBURN_KEEP=DIR (keep the rewritten text), LOL_AFTERBURN_INLINE=1,\n"
	"LOL_AFTERBURN_NATIVE=KIND,..., LOL_AFTERBURN_STATS=FILE (see the manual).\n";

static char *self_path;

static bool same_file(const char *a, const char *b)
{
	struct stat x, y;
	return !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static char *find_real_as(void)
{
	const char *env = getenv("LOL_REAL_AS");
	if (env && *env)
		return xstrdup(env);
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	const char *p = path;
	while (*p) {
		const char *e = strchr(p, ':');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		struct sbuf c = {0};
		if (l)
			sb_put(&c, p, l);
		else
			sb_puts(&c, ".");
		sb_puts(&c, "/ia64-linux-gnu-as");
		if (!access(c.s, X_OK) && !(self_path && same_file(c.s, self_path)))
			return c.s;
		sb_free(&c);
		p = e ? e + 1 : p + l;
	}
	return NULL;
}

/* gas options whose argument may be the next word */
static bool takes_arg(const char *a)
{
	static const char *const shortv[] = {"-o", "-I", "-m", "-N", "-t"};
	for (size_t i = 0; i < sizeof shortv / sizeof *shortv; i++)
		if (!strcmp(a, shortv[i]))
			return true;
	static const char *const longv[] = {"debug-prefix-map", "defsym", "emulation", "size-check", "elf-stt-common",
					    "generate-missing-build-notes", "gdwarf-cie-version", "hash-size", "itbl",
					    "listing-lhs-width", "listing-lhs-width2", "listing-rhs-width",
					    "listing-cont-lines", "MD", "multibyte-handling"};
	const char *n = a[1] == '-' ? a + 2 : a + 1;
	for (size_t i = 0; i < sizeof longv / sizeof *longv; i++)
		if (!strcmp(n, longv[i]))
			return true;
	return false;
}

static int run(char **argv, const char *in, size_t inlen, const char *errpath)
{
	int pfd[2] = {-1, -1};
	if (in && pipe(pfd)) {
		fprintf(stderr, "%s: pipe: %s\n", ab_prog, strerror(errno));
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", ab_prog, strerror(errno));
		return 2;
	}
	if (pid == 0) {
		if (errpath) {
			int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd >= 0) {
				dup2(fd, 2);
				close(fd);
			}
		}
		if (in) {
			dup2(pfd[0], 0);
			close(pfd[0]);
			close(pfd[1]);
		}
		execv(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", ab_prog, argv[0], strerror(errno));
		_exit(127);
	}
	if (in) {
		close(pfd[0]);
		signal(SIGPIPE, SIG_IGN);
		size_t off = 0;
		while (off < inlen) {
			ssize_t w = write(pfd[1], in + off, inlen - off);
			if (w <= 0) {
				if (w < 0 && errno == EINTR)
					continue;
				break;
			}
			off += (size_t)w;
		}
		close(pfd[1]);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 2;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static void rm_rf(const char *dir)
{
	char *argv[] = {(char *)"rm", (char *)"-rf", (char *)dir, NULL};
	pid_t pid = fork();
	if (pid == 0) {
		execvp("rm", argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static bool write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	bool ok = fwrite(s, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

static bool env_on(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0");
}

static int rewrite_only(int argc, char **argv)
{
	struct ab_opts o = {0};
	const char **inc = xmalloc((size_t)argc * sizeof *inc);
	const char *file = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-I") && i + 1 < argc)
			inc[o.nincdirs++] = argv[++i];
		else if (!strncmp(argv[i], "-I", 2) && argv[i][2])
			inc[o.nincdirs++] = argv[i] + 2;
		else if (!file)
			file = argv[i];
		else {
			fputs(usage, stderr);
			free(inc);
			return 2;
		}
	}
	if (!file) {
		fputs(usage, stderr);
		free(inc);
		return 2;
	}
	o.incdirs = inc;
	o.inline_reads = env_on("LOL_AFTERBURN_INLINE");
	const char *td = getenv("TMPDIR");
	struct sbuf tdir = {0};
	sb_printf(&tdir, "%s/lol-afterburn.XXXXXX", td && *td ? td : "/tmp");
	if (!mkdtemp(tdir.s)) {
		fprintf(stderr, "%s: mkdtemp: %s\n", ab_prog, strerror(errno));
		sb_free(&tdir);
		free(inc);
		return 2;
	}
	o.tmpdir = tdir.s;
	struct ab_ctx *c = ab_new(&o);
	struct ab_file f = {file, strcmp(file, "-") ? file : "{standard input}", NULL, 0, NULL};
	if (!ab_read_file(&f)) {
		fprintf(stderr, "%s: %s\n", file, strerror(errno));
		rm_rf(tdir.s);
		sb_free(&tdir);
		free(inc);
		ab_free(c);
		return 2;
	}
	struct sbuf out = {0};
	bool ok = ab_rewrite(c, &f, true, &out);
	fwrite(out.s ? out.s : "", 1, out.len, stdout);
	fprintf(stderr, "%s: %u sites\n", file, ab_nsites(c));
	rm_rf(tdir.s);
	sb_free(&tdir);
	sb_free(&out);
	free(f.data);
	free(inc);
	ab_free(c);
	return ok ? 0 : 1;
}

static int assemble(int argc, char **argv)
{
	char *real = find_real_as();
	if (!real) {
		fprintf(stderr, "%s: no real assembler: set LOL_REAL_AS or put ia64-linux-gnu-as on PATH\n", ab_prog);
		return 2;
	}
	/* arguments */
	int *files = xmalloc((size_t)argc * sizeof *files);
	int nfiles = 0;
	const char **inc = xmalloc((size_t)argc * sizeof *inc);
	size_t ninc = 0;
	int oarg = -1;
	bool info_only = false, dashdash = false;
	bool auto_mode = true; /* gas's default: it inserts stops and srlz itself */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (dashdash || a[0] != '-' || !strcmp(a, "-")) {
			if (a[0] == '@' && !dashdash) {
				fprintf(stderr, "%s: response files (%s) are not supported\n", ab_prog, a);
				free(files);
				free(inc);
				free(real);
				return 2;
			}
			files[nfiles++] = i;
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = true;
			continue;
		}
		if (!strcmp(a, "--version") || !strcmp(a, "--help") || !strncmp(a, "--target-help", 13) ||
		    !strcmp(a, "--statistics-only"))
			info_only = true;
		if (!strcmp(a, "-x") || !strcmp(a, "-xexplicit") || !strcmp(a, "-xnone") || !strcmp(a, "-xdebugn") ||
		    !strcmp(a, "-xdebugx"))
			auto_mode = false;
		else if (!strcmp(a, "-xauto") || !strcmp(a, "-xdebug"))
			auto_mode = true;
		if (!strcmp(a, "-I") && i + 1 < argc)
			inc[ninc++] = argv[i + 1];
		else if (!strncmp(a, "-I", 2) && a[2])
			inc[ninc++] = a + 2;
		if (!strcmp(a, "-o") && i + 1 < argc)
			oarg = i + 1;
		if (takes_arg(a) && i + 1 < argc)
			i++;
	}
	argv[0] = real;
	if (info_only) {
		execv(real, argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", ab_prog, real, strerror(errno));
		return 2;
	}
	bool use_stdin = nfiles == 0;
	for (int i = 0; i < nfiles; i++)
		if (!strcmp(argv[files[i]], "-"))
			use_stdin = true;

	static bool native_kinds[256];
	const char *nk = getenv("LOL_AFTERBURN_NATIVE");
	bool any_native = false;
	for (const char *q = nk; q && *q;) {
		const char *e = strchr(q, ',');
		size_t l = e ? (size_t)(e - q) : strlen(q);
		int k = site_kind_by_name(q, l);
		if (k < 0) {
			fprintf(stderr, "%s: LOL_AFTERBURN_NATIVE: no site kind \"%.*s\" (see --audit's names)\n", ab_prog,
				(int)l, q);
			free(files);
			free(inc);
			free(real);
			return 2;
		}
		native_kinds[k] = any_native = true;
		q = e ? e + 1 : q + l;
	}
	const char *td = getenv("TMPDIR");
	struct sbuf tdir = {0};
	sb_printf(&tdir, "%s/lol-afterburn.XXXXXX", td && *td ? td : "/tmp");
	if (!mkdtemp(tdir.s)) {
		fprintf(stderr, "%s: mkdtemp %s: %s\n", ab_prog, tdir.s, strerror(errno));
		sb_free(&tdir);
		free(files);
		free(inc);
		free(real);
		return 2;
	}
	int n = nfiles ? nfiles : 1;
	struct ab_file *in = xmalloc((size_t)n * sizeof *in);
	memset(in, 0, (size_t)n * sizeof *in);
	int rc = 0;
	bool ok = true;
	for (int i = 0; i < n; i++) {
		const char *name = nfiles ? argv[files[i]] : "-";
		in[i] = (struct ab_file){name, strcmp(name, "-") ? name : "{standard input}", NULL, 0, NULL};
		if (!ab_read_file(&in[i])) {
			in[i].data = NULL;
			ok = false; /* let the real assembler report it */
		}
	}
	const char *outobj = oarg > 0 ? argv[oarg] : "a.out";
	bool want_inline = env_on("LOL_AFTERBURN_INLINE");
	int attempts = 0;
	unsigned ninline = 0, nsites = 0;
	for (int attempt = 0; attempt < 2; attempt++) {
		attempts++;
		struct ab_opts o = {0};
		o.incdirs = inc;
		o.nincdirs = ninc;
		o.tmpdir = tdir.s;
		o.force = env_on("LOL_AFTERBURN_FORCE");
		o.inline_reads = want_inline && attempt == 0;
		o.native_kinds = any_native ? native_kinds : NULL;
		struct ab_ctx *c = ab_new(&o);
		struct sbuf *out = xmalloc((size_t)n * sizeof *out);
		memset(out, 0, (size_t)n * sizeof *out);
		for (int i = 0; i < n && ok; i++)
			if (!ab_rewrite(c, &in[i], i == n - 1, &out[i]))
				ok = false;
		bool retry = false;
		if (!ok && ab_errors) {
			fprintf(stderr, "%s: afterburning failed, nothing assembled\n", ab_prog);
			rc = 1;
		} else if (!ok || (!ab_nsites(c) && !ab_edits(c) && !o.force)) {
			/* nothing to change: the real assembler on the original input */
			if (use_stdin && nfiles <= 1 && in[0].data)
				rc = run(argv, in[0].data, in[0].len, NULL);
			else
				rc = run(argv, NULL, 0, NULL);
		} else {
			char **nargv = xmalloc(((size_t)argc + 2) * sizeof *nargv);
			char **paths = xmalloc((size_t)n * sizeof *paths);
			memset(paths, 0, (size_t)n * sizeof *paths);
			memcpy(nargv, argv, (size_t)argc * sizeof *nargv);
			nargv[argc] = NULL;
			nargv[argc + 1] = NULL;
			const char *keep = getenv("LOL_AFTERBURN_KEEP");
			for (int i = 0; i < n && ok; i++) {
				struct sbuf p = {0};
				sb_printf(&p, "%s/in%d.%d.s", tdir.s, i, attempt);
				if (!write_file(p.s, out[i].s ? out[i].s : "", out[i].len)) {
					fprintf(stderr, "%s: cannot write %s: %s\n", ab_prog, p.s, strerror(errno));
					ok = false;
				}
				if (keep && *keep) {
					struct sbuf k = {0};
					const char *base = strrchr(in[i].display, '/');
					base = base ? base + 1 : in[i].display;
					sb_printf(&k, "%s/%s.ab.s", keep, base);
					write_file(k.s, out[i].s ? out[i].s : "", out[i].len);
					sb_free(&k);
				}
				if (nfiles)
					nargv[files[i]] = p.s;
				else
					nargv[argc] = p.s;
				paths[i] = p.s;
			}
			/* with inline sequences the code grows: should gas refuse it
			 * (an .org passed, a branch out of reach), the breaks only */
			struct sbuf errp = {0};
			bool capture = o.inline_reads && ab_ninline(c);
			if (capture)
				sb_printf(&errp, "%s/as.err", tdir.s);
			rc = ok ? run(nargv, NULL, 0, capture ? errp.s : NULL) : 2;
			if (capture) {
				if (rc != 0) {
					retry = true;
				} else {
					char *e = NULL;
					size_t el = 0;
					struct ab_file ef = {errp.s, errp.s, NULL, 0, NULL};
					if (ab_read_file(&ef)) {
						e = ef.data;
						el = ef.len;
					}
					if (e)
						fwrite(e, 1, el, stderr);
					free(e);
				}
			}
			sb_free(&errp);
			struct stat ost;
			bool regular = !stat(outobj, &ost) && S_ISREG(ost.st_mode); /* not -o /dev/null */
			if (rc == 0 && regular && ab_npostpatch(c) && postpatch_object(outobj)) {
				fprintf(stderr, "%s: could not put the site breaks into %s\n", ab_prog, outobj);
				unlink(outobj);
				rc = 1;
			}
			bool verify = env_on("LOL_AFTERBURN_VERIFY");
			if (verify && (ab_auto_mode(c, auto_mode) || ab_ninline(c))) {
				/* gas adds stops and serialisations for the instructions the
				 * rewriting removed, inline sequences add bundles: the
				 * layouts differ, rightly */
				fprintf(stderr, "%s: note: verify skipped: %s\n", ab_prog,
					ab_ninline(c) ? "inline sequences" : "automatic mode (-xauto or .auto)");
				verify = false;
			}
			if (rc == 0 && verify && regular) {
				/* the original, to a second object */
				char **vargv = xmalloc(((size_t)argc + 3) * sizeof *vargv);
				memcpy(vargv, argv, (size_t)argc * sizeof *vargv);
				struct sbuf orig = {0};
				sb_printf(&orig, "%s/orig.o", tdir.s);
				int k = argc;
				if (oarg > 0) {
					vargv[oarg] = orig.s;
				} else {
					vargv[k++] = (char *)"-o";
					vargv[k++] = orig.s;
				}
				vargv[k] = NULL;
				int vr = use_stdin && n == 1 ? run(vargv, in[0].data, in[0].len, NULL) : run(vargv, NULL, 0, NULL);
				if (vr == 0)
					vr = verify_objects(outobj, orig.s);
				if (vr) {
					fprintf(stderr, "%s: verify: %s does not match the original's object\n", ab_prog, outobj);
					rc = 1;
				}
				free(vargv);
				sb_free(&orig);
			}
			free(nargv);
			for (int i = 0; i < n; i++)
				free(paths[i]);
			free(paths);
		}
		for (int i = 0; i < n; i++)
			sb_free(&out[i]);
		free(out);
		ninline = ab_ninline(c);
		nsites = ab_nsites(c);
		ab_free(c);
		if (!retry)
			break;
	}
	rm_rf(tdir.s);
	sb_free(&tdir);
	const char *stats = getenv("LOL_AFTERBURN_STATS");
	if (stats && *stats) {
		/* one line per run: own CPU time, the real assembler's (children), input */
		struct rusage self, kids;
		getrusage(RUSAGE_SELF, &self);
		getrusage(RUSAGE_CHILDREN, &kids);
		FILE *f = fopen(stats, "a");
		if (f) {
			fprintf(f, "%ld %ld %zu %s %u %u %d\n",
				(long)(self.ru_utime.tv_sec + self.ru_stime.tv_sec) * 1000000 + self.ru_utime.tv_usec +
					self.ru_stime.tv_usec,
				(long)(kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) * 1000000 + kids.ru_utime.tv_usec +
					kids.ru_stime.tv_usec,
				in[0].len, in[0].display, nsites, ninline, attempts);
			fclose(f);
		}
	}
	for (int i = 0; i < n; i++)
		free(in[i].data);
	free(in);
	free(files);
	free(inc);
	free(real);
	return rc;
}

int main(int argc, char **argv)
{
	char buf[PATH_MAX];
	ssize_t l = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (l > 0) {
		buf[l] = 0;
		self_path = buf;
	}
	const char *base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	bool own_name = !strncmp(base, "lol-afterburn", 13);
	if (argc > 1 && !strcmp(argv[1], "--audit"))
		return audit_main(argc - 1, argv + 1);
	if (argc == 4 && !strcmp(argv[1], "--compare-code"))
		return compare_objects(argv[2], argv[3], true);
	if (argc > 1 && !strcmp(argv[1], "--rewrite"))
		return rewrite_only(argc - 1, argv + 1);
	if (own_name && argc > 1 && !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (own_name && argc > 1 && !strcmp(argv[1], "--version")) {
		printf("lol-afterburn (lol) %s\n", LOL_VERSION);
		return 0;
	}
	if (own_name && argc == 1) {
		fputs(usage, stderr);
		return 2;
	}
	return assemble(argc, argv);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lol-user: run ia64 Linux programs on this host, as qemu-user does for other machines.
 *
 *   lol-user [-L DIR] [-0 ARGV0] [-E VAR=VAL] [-U VAR] [--trace] PROGRAM [ARG...]
 *   lol-user --register | --unregister       (binfmt_misc: run ia64 programs directly)
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "user.h"

#ifndef LOL_VERSION
#define LOL_VERSION "0"
#endif

#define BINFMT_NAME "lol-ia64"
#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"

const char *progname = "lol-user";

void warnx_(const char *fmt, ...)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "%s: ", progname);
	va_list ap;
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(buf))
		n += vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	/* One line, one write: messages from threads do not interleave. */
	for (int i = 0; i < n; i++)
		if (buf[i] == '\n')
			buf[i] = ' ';
	buf[n++] = '\n';
	if (write(2, buf, (size_t)n) < 0)
		return;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options] PROGRAM [ARG...]\n"
		"       %s --register | --unregister [--binfmt-dir DIR]\n"
		"Run an ia64 Linux program on this machine.\n"
		"  -L, --sysroot DIR   look up the program interpreter (and files the guest reads\n"
		"                      by absolute path, when they exist there) under DIR\n"
		"                      (default: $LOL_USER_SYSROOT)\n"
		"  -0, --argv0 ARG0    use ARG0 as the program's argv[0]\n"
		"  -E, --setenv V=X    set V in the program's environment\n"
		"  -U, --unsetenv V    remove V from the program's environment\n"
		"      --trace         print each system call on stderr\n"
		"      --stats         at exit, print instructions run, the decoded-bundle cache hit\n"
		"                      rate, the engine's exits by kind and the slots compiled\n"
		"                      to host code on stderr\n"
		"      --no-jit        run guest code on the interpreter's handlers only, never\n"
		"                      compiled to host code (also: LOL_NO_JIT=1 in the environment)\n"
		"      --itrace LO:HI  print each instruction run at addresses in [LO, HI)\n"
		"      --register      register lol-user with binfmt_misc for ia64 programs\n"
		"      --unregister    remove that registration\n"
		"      --binfmt-dir DIR  binfmt_misc mount point (default " BINFMT_DIR ")\n"
		"      --print-binfmt INTERP  print the registration line for interpreter INTERP\n"
		"                      (for a systemd binfmt.d file)\n"
		"  -h, --help          show this help\n"
		"  -V, --version       show the version\n",
		progname, progname);
}

/* ---- binfmt_misc ---------------------------------------------------------------------------- */

/* ELF header of an ia64 executable or shared object: 64-bit, little-endian, version 1, any
 * OS ABI, e_type 2 or 3 (the mask drops bit 0), e_machine 50 (EM_IA_64). */
static const unsigned char bf_magic[20] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0,	0,
					   0,	 0,   0,   0,	0, 0, 2, 0, 50, 0};
static const unsigned char bf_mask[20] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0,	  0,   0, 0,
					  0,	0,    0,    0,	  0,	0xfe, 0xff, 0xff, 0xff};

/* The registration line (Documentation/admin-guide/binfmt-misc.rst form),
 * also the content of a systemd binfmt.d file. */
static int binfmt_line(char *line, size_t len, const char *interp)
{
	int n = snprintf(line, len, ":%s:M::", BINFMT_NAME);
	for (size_t i = 0; i < sizeof(bf_magic); i++)
		n += snprintf(line + n, len - (size_t)n, "\\x%02x", bf_magic[i]);
	n += snprintf(line + n, len - (size_t)n, ":");
	for (size_t i = 0; i < sizeof(bf_mask); i++)
		n += snprintf(line + n, len - (size_t)n, "\\x%02x", bf_mask[i]);
	n += snprintf(line + n, len - (size_t)n, ":%s:FC", interp);
	return n;
}

static int binfmt_check(const char *dir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/register", dir);
	struct stat st;
	if (stat(path, &st) != 0) {
		warnx_("%s: binfmt_misc is not mounted there (mount -t binfmt_misc binfmt_misc %s)",
		       dir, dir);
		return 1;
	}
	return 0;
}

static int binfmt_register(const char *dir)
{
	if (binfmt_check(dir))
		return 1;
	char self[PATH_MAX];
	if (!realpath("/proc/self/exe", self)) {
		warnx_("/proc/self/exe: %s", strerror(errno));
		return 1;
	}
	if (strchr(self, ':') || strlen(self) > 127) {
		warnx_("%s: cannot be registered (':' in the path or longer than 127 bytes)", self);
		return 1;
	}
	char line[1024];
	int n = binfmt_line(line, sizeof(line), self);
	char reg[PATH_MAX];
	snprintf(reg, sizeof(reg), "%s/register", dir);
	int fd = open(reg, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		warnx_("%s: cannot open for writing: %s%s", reg, strerror(errno),
		       errno == EACCES || errno == EPERM ? " (registering needs root)" : "");
		return 1;
	}
	ssize_t w = write(fd, line, (size_t)n);
	int e = errno;
	close(fd);
	if (w != n) {
		if (e == EEXIST)
			warnx_("%s: %s is already registered (--unregister first)", reg,
			       BINFMT_NAME);
		else
			warnx_("%s: registration refused: %s", reg, strerror(e));
		return 1;
	}
	printf("registered %s/%s: ia64 ELF programs run with %s\n", dir, BINFMT_NAME, self);
	return 0;
}

static int binfmt_unregister(const char *dir)
{
	if (binfmt_check(dir))
		return 1;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, BINFMT_NAME);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			warnx_("%s: not registered", path);
		else
			warnx_("%s: cannot open for writing: %s%s", path, strerror(errno),
			       errno == EACCES || errno == EPERM ? " (unregistering needs root)"
								 : "");
		return 1;
	}
	ssize_t w = write(fd, "-1", 2);
	int e = errno;
	close(fd);
	if (w != 2) {
		warnx_("%s: %s", path, strerror(e));
		return 1;
	}
	printf("unregistered %s\n", path);
	return 0;
}

/* ---- environment edits ---------------------------------------------------------------------- */

struct envop {
	bool set; /* -E VAR=VALUE, else -U VAR */
	const char *kv;
};

static char **env_edit(char **env, const struct envop *ops, size_t nops)
{
	size_t n = 0;
	while (env[n])
		n++;
	char **v = calloc(n + nops + 1, sizeof(*v));
	if (!v)
		return NULL;
	memcpy(v, env, n * sizeof(*v));
	for (size_t i = 0; i < nops; i++) {
		const char *kv = ops[i].kv;
		size_t klen = ops[i].set ? (size_t)(strchr(kv, '=') - kv) : strlen(kv);
		size_t j = 0;
		for (; j < n; j++)
			if (strncmp(v[j], kv, klen) == 0 && v[j][klen] == '=')
				break;
		if (ops[i].set) {
			v[j] = (char *)kv;
			if (j == n)
				n++;
		} else if (j < n) {
			memmove(&v[j], &v[j + 1], (n - j) * sizeof(*v));
			n--;
		}
	}
	v[n] = NULL;
	return v;
}

/* ---- main ----------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
	enum { OPT_TRACE = 256, OPT_REGISTER, OPT_UNREGISTER, OPT_BINFMT_DIR, OPT_ITRACE,
	       OPT_PRINT_BINFMT, OPT_STATS, OPT_NO_JIT };
	static const struct option longopts[] = {
	    {"sysroot", required_argument, NULL, 'L'},
	    {"argv0", required_argument, NULL, '0'},
	    {"setenv", required_argument, NULL, 'E'},
	    {"unsetenv", required_argument, NULL, 'U'},
	    {"trace", no_argument, NULL, OPT_TRACE},
	    {"stats", no_argument, NULL, OPT_STATS},
	    {"no-jit", no_argument, NULL, OPT_NO_JIT},
	    {"register", no_argument, NULL, OPT_REGISTER},
	    {"unregister", no_argument, NULL, OPT_UNREGISTER},
	    {"binfmt-dir", required_argument, NULL, OPT_BINFMT_DIR},
	    {"print-binfmt", required_argument, NULL, OPT_PRINT_BINFMT},
	    {"itrace", required_argument, NULL, OPT_ITRACE},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	const char *sysroot = getenv("LOL_USER_SYSROOT"), *argv0 = NULL;
	const char *bdir = BINFMT_DIR;
	int action = 0;
	unsigned verbose = 0;
	bool stats = false, no_jit = false;
	uint64_t ilo = 0, ihi = 0;
	struct envop *envops = calloc((size_t)argc + 1, sizeof(*envops));
	size_t nenv = 0;
	if (!envops) {
		warnx_("out of memory");
		return 1;
	}
	int c;
	while ((c = getopt_long(argc, argv, "+L:0:E:U:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'L':
			sysroot = optarg;
			break;
		case '0':
			argv0 = optarg;
			break;
		case 'E':
			if (!strchr(optarg, '=')) {
				warnx_("-E %s: expected VAR=VALUE", optarg);
				free(envops);
				return 2;
			}
			envops[nenv++] = (struct envop){true, optarg};
			break;
		case 'U':
			envops[nenv++] = (struct envop){false, optarg};
			break;
		case OPT_STATS:
			stats = true;
			break;
		case OPT_NO_JIT:
			no_jit = true;
			break;
		case OPT_TRACE:
			verbose = 1;
			break;
		case OPT_REGISTER:
		case OPT_UNREGISTER:
			action = c;
			break;
		case OPT_PRINT_BINFMT: {
			char line[1024];
			binfmt_line(line, sizeof(line), optarg);
			puts(line);
			return 0;
		}
		case OPT_BINFMT_DIR:
			bdir = optarg;
			break;
		case OPT_ITRACE: {
			char *e;
			ilo = strtoull(optarg, &e, 0);
			ihi = *e == ':' ? strtoull(e + 1, &e, 0) : 0;
			if (*e || ihi <= ilo) {
				warnx_("--itrace %s: expected LO:HI", optarg);
				free(envops);
				return 2;
			}
			break;
		}
		case 'h':
			usage(stdout);
			free(envops);
			return 0;
		case 'V':
			printf("lol-user %s\n", LOL_VERSION);
			free(envops);
			return 0;
		default:
			usage(stderr);
			free(envops);
			return 2;
		}
	}
	if (action || optind >= argc) {
		free(envops);
		if (action == OPT_REGISTER)
			return binfmt_register(bdir);
		if (action == OPT_UNREGISTER)
			return binfmt_unregister(bdir);
		usage(stderr);
		return 2;
	}
	if (sysroot && !*sysroot)
		sysroot = NULL;
	if (sysroot) {
		struct stat st;
		if (stat(sysroot, &st) != 0 || !S_ISDIR(st.st_mode)) {
			warnx_("%s: sysroot is not a directory", sysroot);
			free(envops);
			return 2;
		}
	}

	/* Started by binfmt_misc with flag C (implying O), the program comes as an open fd. */
	int execfd = -1;
	errno = 0;
	unsigned long afd = getauxval(AT_EXECFD);
	if (errno == 0 && afd < INT_MAX)
		execfd = (int)afd;

	static struct proc proc;
	static char self[PATH_MAX];
	struct proc *p = &proc;
	pthread_mutex_init(&p->lock, NULL);
	p->sysroot = sysroot;
	p->verbose = verbose;
	p->stats = stats;
	p->no_jit = no_jit;
	p->itrace_lo = ilo, p->itrace_hi = ihi;
	p->self = realpath("/proc/self/exe", self) ? self : argv[0];
	p->mm = mm_new();
	struct thread *t = calloc(1, sizeof(*t));
	extern char **environ;
	char **env = nenv ? env_edit(environ, envops, nenv) : environ;
	char **gargv = argv0 ? calloc((size_t)(argc - optind) + 1, sizeof(*gargv)) : &argv[optind];
	int st = 1;
	bool have_cpu = false;
	if (!p->mm || !t || !env || !gargv || !(have_cpu = thread_init_cpu(t, p) == 0)) {
		warnx_("out of memory");
		goto out;
	}
	if (argv0) {
		memcpy(gargv, &argv[optind], (size_t)(argc - optind) * sizeof(*gargv));
		gargv[0] = (char *)argv0;
	}
	signals_init(p);
	uint64_t mask = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &mask, 8);
	t->sigmask = mask;
	if (map_gate(p) != 0) {
		warnx_("cannot map the signal trampoline page");
		goto out;
	}
	struct load_args la = {
	    .path = argv[optind],
	    .fd = execfd,
	    .argv = gargv,
	    .envp = env,
	    .sysroot = sysroot,
	};
	st = load_program(t, &la);
	if (st == 0) {
		/* The guest owns the process from here; it ends with exit_group. */
		free(envops);
		if (gargv != &argv[optind])
			free(gargv);
		if (env != environ)
			free(env);
		if (execfd >= 0)
			close(execfd);
		atomic_store(&p->nthreads, 1);
		t->tid = (pid_t)syscall(SYS_gettid);
		thread_run(t);
	}
out:
	if (have_cpu)
		cpu_destroy(&t->cpu);
	free(t);
	if (p->mm)
		mm_free(p->mm);
	free(p->exe);
	free(p->cmdline);
	if (gargv != &argv[optind])
		free(gargv);
	if (env != environ)
		free(env);
	free(envops);
	return st;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lol-mkimage settings: host name, root password, SSH key, a getty on the
 * console, fstab, network, and the first-boot hook that finishes
 * debootstrap's second stage inside the guest.  Everything is written
 * straight into the image through the file system writer.
 */
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkimage.h"

/* ---- growable text ---- */
struct text {
	char *s;
	size_t len, cap;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static void text_addn(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = 0;
}

static bool exists(struct fsw *w, const char *path)
{
	return fsw_lookup(w, path, true) != L_NONE;
}

/* Does a non-comment line of TEXT have WORD as its field number FIELD (1-based, blanks)? */
static bool has_field(const char *text, int field, const char *word)
{
	const char *p = text;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *line = strndup(p, n);
		if (!line)
			die(EXIT_FAIL, "out of memory");
		char *c = line;
		while (*c == ' ' || *c == '\t')
			c++;
		if (*c && *c != '#') {
			char *save, *f = strtok_r(c, " \t", &save);
			for (int i = 1; f && i < field; i++)
				f = strtok_r(NULL, " \t", &save);
			if (f && !strcmp(f, word)) {
				free(line);
				return true;
			}
		}
		free(line);
		p = eol ? eol + 1 : NULL;
	}
	return false;
}

static bool only_comments(const char *text)
{
	for (const char *p = text; p && *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != '#' && *p != '\n')
			return false;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return true;
}

/* ---- password ---- */
char *hash_password(const struct settings *s)
{
	if (s->root_password_hash)
		return xstrdup(s->root_password_hash);
	if (!s->root_password)
		return NULL;
	const char *prefix = !strcmp(s->password_method, "yescrypt") ? "$y$" : "$6$";
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	/* The salt comes from the inputs' hash: the same inputs give the same image. */
	if (!crypt_gensalt_rn(prefix, 0, (const char *)s->salt_seed, 16, setting, sizeof(setting)))
		die(EXIT_FAIL, "crypt_gensalt(%s): %s", prefix, strerror(errno));
	struct crypt_data *cd = xcalloc(1, sizeof(*cd));
	char *h = crypt_rn(s->root_password, setting, cd, (int)sizeof(*cd));
	if (!h || h[0] == '*')
		die(EXIT_FAIL, "crypt(%s): %s", prefix, strerror(errno));
	char *r = xstrdup(h);
	free(cd);
	return r;
}

static long group_id(struct fsw *w, const char *name)
{
	char *buf;
	size_t len;
	long id = -1;
	if (!fsw_read_small(w, "/etc/group", &buf, &len, 1 << 20))
		return -1;
	size_t n = strlen(name);
	for (char *p = buf; p && *p;) {
		if (!strncmp(p, name, n) && p[n] == ':') {
			char *q = strchr(p + n + 1, ':');
			if (q)
				id = strtol(q + 1, NULL, 10);
			break;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	free(buf);
	return id;
}

/* Replace field 2 of the "root:" line of FILE; returns false if there is none. */
static bool set_root_field(struct fsw *w, const char *file, const char *hash, int64_t epoch)
{
	char *buf;
	size_t len;
	if (!fsw_read_small(w, file, &buf, &len, 16 << 20))
		return false;
	struct text t = {0};
	bool done = false;
	for (char *p = buf; *p;) {
		char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (!done && n > 5 && !strncmp(p, "root:", 5)) {
			char *f2 = p + 5, *f3 = memchr(f2, ':', n - 5);
			if (!f3)
				f3 = p + n;
			text_add(&t, "root:%s", hash);
			if (strstr(file, "shadow") && f3 < p + n) {
				/* Last change: the image's time. */
				char *f4 = memchr(f3 + 1, ':', (size_t)(p + n - f3 - 1));
				text_add(&t, ":%lld", (long long)(epoch / 86400));
				if (f4)
					text_addn(&t, f4, (size_t)(p + n - f4));
			} else
				text_addn(&t, f3, (size_t)(p + n - f3));
			text_add(&t, "\n");
			done = true;
		} else {
			text_addn(&t, p, n);
			if (eol)
				text_add(&t, "\n");
		}
		p = eol ? eol + 1 : p + n;
	}
	if (!done)
		text_add(&t, "%sroot:%s:%lld:0:99999:7:::\n",
			 t.len && t.s[t.len - 1] != '\n' ? "\n" : "", hash,
			 (long long)(epoch / 86400));
	fsw_write_small(w, file, t.s, t.len, 0640, 0, 0);
	free(t.s);
	free(buf);
	return true;
}

static void set_root_password(struct fsw *w, const char *hash, int64_t epoch)
{
	if (exists(w, "/etc/shadow")) {
		set_root_field(w, "/etc/shadow", hash, epoch);
		return;
	}
	char *buf;
	size_t len;
	if (fsw_read_small(w, "/etc/passwd", &buf, &len, 16 << 20)) {
		bool x = strstr(buf, "root:x:") == buf || strstr(buf, "\nroot:x:");
		free(buf);
		if (!x) { /* no shadow in use: the hash goes into passwd */
			set_root_field(w, "/etc/passwd", hash, epoch);
			return;
		}
	} else {
		static const char pw[] = "root:x:0:0:root:/root:/bin/sh\n";
		fsw_write_small(w, "/etc/passwd", pw, sizeof(pw) - 1, 0644, 0, 0);
		if (!exists(w, "/etc/group")) {
			static const char gr[] = "root:x:0:\n";
			fsw_write_small(w, "/etc/group", gr, sizeof(gr) - 1, 0644, 0, 0);
		}
	}
	long shadow = group_id(w, "shadow");
	char *line = xasprintf("root:%s:%lld:0:99999:7:::\n", hash, (long long)(epoch / 86400));
	fsw_write_small(w, "/etc/shadow", line, strlen(line), shadow >= 0 ? 0640 : 0600, 0,
			shadow >= 0 ? (uint32_t)shadow : 0);
	free(line);
}

/* ---- SSH key ---- */
char *load_ssh_keys(const struct settings *s, size_t *len)
{
	struct text t = {0};
	for (size_t i = 0; i < s->nssh_keys; i++) {
		FILE *f = fopen(s->ssh_keys[i], "r");
		if (!f)
			die(EXIT_BADINPUT, "%s: %s", s->ssh_keys[i], strerror(errno));
		static char buf[65537];
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);
		bool more = !feof(f);
		fclose(f);
		buf[n] = 0;
		if (more)
			die(EXIT_BADINPUT, "%s: too large for an SSH public key", s->ssh_keys[i]);
		if (strstr(buf, "PRIVATE KEY"))
			die(EXIT_BADINPUT, "%s: this is a private key", s->ssh_keys[i]);
		if (!n || strlen(buf) != n || !strchr(buf, ' ') ||
		    (strncmp(buf, "ssh-", 4) && strncmp(buf, "ecdsa-", 6) &&
		     strncmp(buf, "sk-", 3)))
			die(EXIT_BADINPUT, "%s: not an SSH public key (authorized_keys line)",
			    s->ssh_keys[i]);
		text_addn(&t, buf, n);
		if (buf[n - 1] != '\n')
			text_add(&t, "\n");
	}
	*len = t.len;
	return t.s;
}

static void set_ssh_keys(struct fsw *w, const struct settings *s)
{
	if (!exists(w, "/root"))
		fsw_mkdir(w, "/root", 0700, 0, 0);
	if (!exists(w, "/root/.ssh"))
		fsw_mkdir(w, "/root/.ssh", 0700, 0, 0);
	fsw_write_small(w, "/root/.ssh/authorized_keys", s->ssh_text, s->ssh_len, 0600, 0, 0);
}

/* ---- a getty on the console ---- */
static bool init_is_busybox(struct fsw *w)
{
	char *t = fsw_realpath(w, "/sbin/init");
	bool bb = strstr(t, "busybox") != NULL;
	bool none = fsw_lookup(w, "/sbin/init", true) == L_NONE;
	free(t);
	return bb || (none && exists(w, "/bin/busybox") && !exists(w, "/lib/systemd/systemd") &&
		      !exists(w, "/usr/lib/systemd/systemd"));
}

static const char *getty_cmd(struct fsw *w, bool pending)
{
	if (pending || exists(w, "/sbin/getty"))
		return "/sbin/getty";
	if (exists(w, "/bin/busybox"))
		return "/bin/busybox getty";
	return "/sbin/getty";
}

static void set_getty(struct fsw *w, const char *dev, bool pending, const char **what)
{
	char *buf = NULL;
	size_t len;
	const char *getty = getty_cmd(w, pending);
	*what = NULL;
	if (fsw_read_small(w, "/etc/inittab", &buf, &len, 1 << 20)) {
		bool sysv = strstr(buf, ":initdefault:") != NULL;
		/* Already a getty on this device? */
		bool have = false;
		for (char *p = buf; p && *p;) {
			char *eol = strchr(p, '\n');
			size_t n = eol ? (size_t)(eol - p) : strlen(p);
			char *line = strndup(p, n);
			if (line && line[0] != '#' && strstr(line, "getty")) {
				char *d = strstr(line, dev);
				size_t dl = strlen(dev);
				while (d && !((d == line || d[-1] == ' ' || d[-1] == ':') &&
					      (d[dl] == ' ' || d[dl] == 0)))
					d = strstr(d + 1, dev);
				if (d)
					have = true;
			}
			free(line);
			p = eol ? eol + 1 : NULL;
		}
		if (!have) {
			struct text t = {0};
			text_addn(&t, buf, len);
			if (len && buf[len - 1] != '\n')
				text_add(&t, "\n");
			text_add(&t, "# lol-mkimage: a login on the lol console\n");
			if (sysv)
				text_add(&t, "lc:2345:respawn:%s -L 115200 %s vt100\n", getty, dev);
			else
				text_add(&t, "%s::respawn:%s -L 115200 %s vt100\n",
					 strcmp(dev, "console") ? dev : "", getty, dev);
			fsw_write_small(w, "/etc/inittab", t.s, t.len, 0644, 0, 0);
			free(t.s);
			*what = "inittab";
		}
		free(buf);
	} else if (init_is_busybox(w)) {
		struct text t = {0};
		text_add(&t, "# /etc/inittab for busybox init, written by lol-mkimage\n");
		if (exists(w, "/etc/init.d/rcS"))
			text_add(&t, "::sysinit:/etc/init.d/rcS\n");
		text_add(&t, "%s::respawn:%s -L 115200 %s vt100\n",
			 strcmp(dev, "console") ? dev : "", getty, dev);
		text_add(&t, "::ctrlaltdel:/bin/busybox reboot\n");
		text_add(&t, "::shutdown:/bin/busybox umount -a -r\n");
		text_add(&t, "::restart:/sbin/init\n");
		fsw_write_small(w, "/etc/inittab", t.s, t.len, 0644, 0, 0);
		free(t.s);
		*what = "busybox inittab";
	}
	const char *unitdir = exists(w, "/lib/systemd/system")	     ? "/lib/systemd/system"
			      : exists(w, "/usr/lib/systemd/system") ? "/usr/lib/systemd/system"
								     : NULL;
	if (unitdir &&
	    (exists(w, "/lib/systemd/systemd") || exists(w, "/usr/lib/systemd/systemd"))) {
		if (!exists(w, "/etc/systemd"))
			fsw_mkdir(w, "/etc/systemd", 0755, 0, 0);
		if (!exists(w, "/etc/systemd/system"))
			fsw_mkdir(w, "/etc/systemd/system", 0755, 0, 0);
		if (!exists(w, "/etc/systemd/system/getty.target.wants"))
			fsw_mkdir(w, "/etc/systemd/system/getty.target.wants", 0755, 0, 0);
		if (!strcmp(dev, "console")) {
			char *t = xasprintf("%s/console-getty.service", unitdir);
			fsw_symlink(
			    w, "/etc/systemd/system/getty.target.wants/console-getty.service", t);
			free(t);
			/* One getty per device: the generator would add serial-getty@ on the
			 * same device behind /dev/console. */
			if (!exists(w, "/etc/systemd/system-generators"))
				fsw_mkdir(w, "/etc/systemd/system-generators", 0755, 0, 0);
			fsw_symlink(w, "/etc/systemd/system-generators/systemd-getty-generator",
				    "/dev/null");
		} else {
			char *t = xasprintf("%s/serial-getty@.service", unitdir);
			char *l = xasprintf(
			    "/etc/systemd/system/getty.target.wants/serial-getty@%s.service", dev);
			fsw_symlink(w, l, t);
			free(t);
			free(l);
		}
		*what = *what ? "inittab and systemd unit" : "systemd unit";
	}
}

/* ---- fstab, network, host name ---- */
static void set_fstab(struct fsw *w, const struct settings *s)
{
	char *buf = NULL;
	size_t len = 0;
	bool have = fsw_read_small(w, "/etc/fstab", &buf, &len, 1 << 20);
	if (have && has_field(buf, 2, "/")) {
		free(buf);
		return;
	}
	struct text t = {0};
	if (have && !only_comments(buf)) {
		text_addn(&t, buf, len);
		if (len && buf[len - 1] != '\n')
			text_add(&t, "\n");
	} else
		text_add(&t, "# /etc/fstab: written by lol-mkimage\n"
			     "# <file system> <mount point> <type> <options> <dump> <pass>\n");
	text_add(&t, "%s\t/\t%s\tdefaults\t0\t1\n", s->root_device, s->fs_name);
	fsw_write_small(w, "/etc/fstab", t.s, t.len, 0644, 0, 0);
	free(t.s);
	free(buf);
}

static void set_network(struct fsw *w, const struct settings *s)
{
	char *buf = NULL;
	size_t len = 0;
	char *want = xasprintf("iface %s ", s->netif);
	if (fsw_read_small(w, "/etc/network/interfaces", &buf, &len, 1 << 20)) {
		if (!strstr(buf, want)) {
			struct text t = {0};
			text_addn(&t, buf, len);
			text_add(
			    &t,
			    "%s\n# lol-mkimage: the lol guest NIC\nauto %s\niface %s inet dhcp\n",
			    len && buf[len - 1] != '\n' ? "\n" : "", s->netif, s->netif);
			fsw_write_small(w, "/etc/network/interfaces", t.s, t.len, 0644, 0, 0);
			free(t.s);
		}
		free(buf);
	} else {
		if (!exists(w, "/etc/network"))
			fsw_mkdir(w, "/etc/network", 0755, 0, 0);
		char *c = xasprintf("# /etc/network/interfaces: written by lol-mkimage\n"
				    "auto lo\niface lo inet loopback\n\n"
				    "auto %s\niface %s inet dhcp\n",
				    s->netif, s->netif);
		fsw_write_small(w, "/etc/network/interfaces", c, strlen(c), 0644, 0, 0);
		free(c);
	}
	free(want);
}

static void set_hostname(struct fsw *w, const char *name)
{
	char *c = xasprintf("%s\n", name);
	fsw_write_small(w, "/etc/hostname", c, strlen(c), 0644, 0, 0);
	free(c);
	char *buf;
	size_t len;
	if (fsw_read_small(w, "/etc/hosts", &buf, &len, 1 << 20)) {
		if (!has_field(buf, 2, name)) {
			struct text t = {0};
			text_addn(&t, buf, len);
			text_add(&t, "%s127.0.1.1\t%s\n", len && buf[len - 1] != '\n' ? "\n" : "",
				 name);
			fsw_write_small(w, "/etc/hosts", t.s, t.len, 0644, 0, 0);
			free(t.s);
		}
		free(buf);
	} else {
		char *h = xasprintf("127.0.0.1\tlocalhost\n127.0.1.1\t%s\n\n"
				    "::1\tlocalhost ip6-localhost ip6-loopback\n"
				    "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
				    name);
		fsw_write_small(w, "/etc/hosts", h, strlen(h), 0644, 0, 0);
		free(h);
	}
}

/* ---- the first-boot hook for debootstrap's second stage ---- */
static const char hook_head[] =
    "#!/bin/sh\n"
    "# lol-mkimage first-boot hook.  The image holds debootstrap's first stage;\n"
    "# this script, standing in for /sbin/init, runs the second stage inside the\n"
    "# ia64 guest, applies the settings that need installed packages, puts the\n"
    "# real init back and starts it.\n"
    "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
    "export PATH\n"
    "say() { echo \"lol-firstboot: $*\"; }\n"
    "shell() { say \"$*; starting a shell (exit it to continue booting)\"; /bin/sh; }\n";

static char *hook_script(const char *hash, const char *console)
{
	struct text t = {0};
	text_add(&t, "%s", hook_head);
	text_add(&t, "CONSOLE=%s\n", console ? console : "");
	text_add(&t, "ROOTHASH='%s'\n", hash ? hash : "");
	text_add(
	    &t, "%s",
	    "if [ -x /debootstrap/debootstrap ]; then\n"
	    "\tsay \"step 1/3: mounting /proc, / read-write\"\n"
	    "\tmount -n -t proc proc /proc 2>/dev/null\n"
	    "\tmount -n -o remount,rw / || shell \"cannot remount / read-write\"\n"
	    "\tsay \"step 2/3: debootstrap --second-stage (installing the base system; this takes "
	    "a while)\"\n"
	    "\tif /debootstrap/debootstrap --second-stage; then\n"
	    "\t\tsay \"step 3/3: settings\"\n"
	    "\t\tif [ -n \"$ROOTHASH\" ]; then\n"
	    "\t\t\techo \"root:$ROOTHASH\" | chpasswd -e || usermod -p \"$ROOTHASH\" root ||\n"
	    "\t\t\t\tsay \"could not set root's password\"\n"
	    "\t\tfi\n"
	    "\t\tif [ -n \"$CONSOLE\" ] && [ -f /etc/inittab ] &&\n"
	    "\t\t   ! grep -q \"^[^#].*getty.* $CONSOLE\\( \\|\\$\\)\" /etc/inittab; then\n"
	    "\t\t\techo \"lc:2345:respawn:/sbin/getty -L 115200 $CONSOLE vt100\" >>/etc/inittab\n"
	    "\t\tfi\n"
	    "\t\tsay \"base system installed\"\n"
	    "\telse\n"
	    "\t\tshell \"debootstrap --second-stage failed (see /debootstrap/debootstrap.log)\"\n"
	    "\tfi\n"
	    "fi\n"
	    "if grep -q 'lol-mkimage first-boot hook' /sbin/init 2>/dev/null; then\n"
	    "\tif [ -e /sbin/init.lol-orig ] || [ -L /sbin/init.lol-orig ]; then\n"
	    "\t\tmv -f /sbin/init.lol-orig /sbin/init\n"
	    "\telse\n"
	    "\t\trm -f /sbin/init\n"
	    "\tfi\n"
	    "else\n"
	    "\trm -f /sbin/init.lol-orig\n"
	    "fi\n"
	    "sync\n"
	    "if [ -x /sbin/init ]; then\n"
	    "\tsay \"starting /sbin/init\"\n"
	    "\texec /sbin/init \"$@\"\n"
	    "fi\n"
	    "say \"no init system installed (add one with "
	    "--debootstrap-opt=--include=sysvinit-core)\"\n"
	    "exec /bin/sh\n");
	return t.s;
}

static void install_hook(struct fsw *w, const char *hash, const char *console)
{
	enum lookup l = fsw_lookup(w, "/sbin/init", false);
	if (l != L_NONE && l != L_DIR)
		fsw_rename(w, "/sbin/init", "/sbin/init.lol-orig");
	char *script = hook_script(hash, console);
	if (!exists(w, "/sbin"))
		fsw_mkdir(w, "/sbin", 0755, 0, 0);
	fsw_write_small(w, "/sbin/init", script, strlen(script), 0755, 0, 0);
	free(script);
}

static void binfmt_note(void)
{
	static const char *const names[] = {"lol-ia64", "lol-user", "ia64"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = xasprintf("/proc/sys/fs/binfmt_misc/%s", names[i]);
		FILE *f = fopen(p, "r");
		free(p);
		if (f) {
			fclose(f);
			info("note: an ia64 binfmt_misc handler (%s) is registered; running the "
			     "second "
			     "stage on the host with lol-user is not implemented yet (TODO), so it "
			     "runs at first boot",
			     names[i]);
			return;
		}
	}
}

bool apply_settings(struct fsw *w, const struct settings *s)
{
	bool has_etc = fsw_lookup(w, "/etc", true) == L_DIR;
	bool pending = fsw_lookup(w, "/debootstrap/debootstrap", true) == L_REG;
	bool defaults = !s->no_config && has_etc;
	if (!s->no_config && !has_etc)
		info("note: the image has no /etc, so it is not a root file system: system "
		     "configuration skipped");

	if (s->hostname)
		set_hostname(w, s->hostname);
	else if (defaults && !exists(w, "/etc/hostname"))
		set_hostname(w, "lol");

	char *hash = hash_password(s);
	if (hash && !pending) {
		set_root_password(w, hash, s->epoch);
		info("root password: set in /etc/%s",
		     exists(w, "/etc/shadow") ? "shadow" : "passwd");
	}
	if (s->nssh_keys) {
		set_ssh_keys(w, s);
		info("root's SSH key: /root/.ssh/authorized_keys");
	}
	const char *console = (s->no_getty || !strcmp(s->console, "none")) ? NULL : s->console;
	if (defaults) {
		if (console) {
			const char *what;
			set_getty(w, console, pending, &what);
			if (what)
				info("console: a getty on %s (%s)", console, what);
			else if (pending)
				info(
				    "console: no init system unpacked yet; the first-boot hook "
				    "adds a "
				    "getty on %s to sysvinit's inittab (systemd starts one itself)",
				    console);
			else
				info("note: no init system found: no getty configured");
		}
		if (!s->no_fstab) {
			set_fstab(w, s);
			info("fstab: %s on / (%s)", s->root_device, s->fs_name);
		}
		if (!s->no_network) {
			set_network(w, s);
			info("network: %s by DHCP (/etc/network/interfaces)", s->netif);
		}
	}
	bool hooked = false;
	if (pending) {
		if (s->no_config) {
			info("note: debootstrap's second stage is pending: run "
			     "/debootstrap/debootstrap --second-stage in the guest");
		} else {
			install_hook(w, hash, console);
			hooked = true;
			info("first boot: debootstrap's second stage is pending; /sbin/init is a "
			     "hook "
			     "that runs /debootstrap/debootstrap --second-stage on the console%s, "
			     "then "
			     "starts the real init",
			     hash ? ", sets root's password" : "");
			binfmt_note();
		}
	}
	free(hash);
	return hooked;
}

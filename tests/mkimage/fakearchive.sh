# SPDX-License-Identifier: GPL-2.0
# A tiny fake Debian ia64 archive for the lol-mkimage tests, made on the spot
# with dpkg-deb and dpkg-scanpackages:
#   lol-base     (required, xz)    base-files-like: /etc, a setuid program, a
#                                  file owned by uid 1000, /usr/share/doc
#   lol-busybox  (required, gzip)  busybox-like: /bin/busybox, /bin/sh and
#                                  /sbin/init links to it, a postinst
#   lol-extra    (important, zstd) left for the second stage
#   lol-plain    (extra, none)     an uncompressed data.tar (for --deb)
# make_archive DIR: builds DIR/pool/*.deb and DIR/dists/lolsid (Release with
# SHA256 sums, Packages, Packages.gz, Packages.xz); sets $debs (the .deb
# files in build order).

make_archive() {
	local a=$1
	mkdir -p "$a/src" "$a/pool/main" "$a/dists/lolsid/main/binary-ia64"
	cat >"$a/mkdebs.sh" <<'EOS'
set -e
a=$1
mkpkg() { # name priority compression
	local d=$a/src/$1
	mkdir -p "$d/DEBIAN"
	cat >"$d/DEBIAN/control" <<EOC
Package: $1
Version: 1.0-1
Architecture: ia64
Maintainer: lol tests <lol@example.invalid>
Priority: $2
Section: misc
Description: fake ia64 package for the lol-mkimage tests
EOC
	find "$d" -exec touch -h -d @1600000000 {} +
	dpkg-deb -Z"$3" --build "$d" "$a/pool/main/$1_1.0-1_ia64.deb" >/dev/null
}
# lol-base
d=$a/src/lol-base
mkdir -p "$d/etc" "$d/usr/bin" "$d/usr/share/doc/lol-base" "$d/home/lol" "$d/root" "$d/tmp" "$d/var/log" \
	"$d/dev" "$d/proc" "$d/sys" "$d/run"
printf 'PRETTY_NAME="lol test system"\nID=loltest\n' >"$d/etc/os-release"
printf 'root:x:0:\nshadow:x:42:\nlol:x:1000:\n' >"$d/etc/group"
printf 'root:x:0:0:root:/root:/bin/sh\nlol:x:1000:1000::/home/lol:/bin/sh\n' >"$d/etc/passwd"
printf 'root:*:19000:0:99999:7:::\nlol:*:19000:0:99999:7:::\n' >"$d/etc/shadow"
chmod 0640 "$d/etc/shadow"; chown 0:42 "$d/etc/shadow"
printf '#!/bin/sh\nexec "$@"\n' >"$d/usr/bin/lol-su"; chmod 4755 "$d/usr/bin/lol-su"
echo "lol's file" >"$d/home/lol/notes"; chown -R 1000:1000 "$d/home/lol"; chmod 0700 "$d/home/lol"
chmod 0700 "$d/root"; chmod 1777 "$d/tmp"
echo "fake copyright" >"$d/usr/share/doc/lol-base/copyright"
mkpkg lol-base required xz
# lol-busybox
d=$a/src/lol-busybox
mkdir -p "$d/bin" "$d/sbin" "$d/DEBIAN"
printf '#!/bin/sh\necho "busybox stand-in: $0 $*"\n' >"$d/bin/busybox"; chmod 0755 "$d/bin/busybox"
ln -s busybox "$d/bin/sh"
ln -s /bin/busybox "$d/sbin/init"
printf '#!/bin/sh\nset -e\n/bin/busybox --install -s\n' >"$d/DEBIAN/postinst"; chmod 0755 "$d/DEBIAN/postinst"
mkpkg lol-busybox required gzip
# lol-extra
d=$a/src/lol-extra
mkdir -p "$d/usr/share/lol-extra"
head -c 100000 /dev/urandom >"$d/usr/share/lol-extra/data"
mkpkg lol-extra important zstd
# lol-plain
d=$a/src/lol-plain
mkdir -p "$d/usr/share/lol-plain"
echo plain >"$d/usr/share/lol-plain/file"
ln "$d/usr/share/lol-plain/file" "$d/usr/share/lol-plain/hardlink"
mkpkg lol-plain extra none
EOS
	fakeroot sh "$a/mkdebs.sh" "$a" || return 1
	(
		cd "$a" || exit 1
		dpkg-scanpackages -a ia64 pool /dev/null 2>/dev/null >dists/lolsid/main/binary-ia64/Packages &&
			gzip -9n <dists/lolsid/main/binary-ia64/Packages >dists/lolsid/main/binary-ia64/Packages.gz &&
			xz -9 <dists/lolsid/main/binary-ia64/Packages >dists/lolsid/main/binary-ia64/Packages.xz || exit 1
		{
			printf 'Origin: lol tests\nLabel: lol tests\nSuite: lolsid\nCodename: lolsid\n'
			printf 'Date: Thu, 01 Jan 2015 00:00:00 UTC\nArchitectures: ia64\nComponents: main\n'
			printf 'Description: fake ia64 archive\nSHA256:\n'
			for f in Packages Packages.gz Packages.xz; do
				p=main/binary-ia64/$f
				printf ' %s %s %s\n' "$(sha256sum <"dists/lolsid/$p" | cut -d' ' -f1)" \
					"$(stat -c %s "dists/lolsid/$p")" "$p"
			done
		} >dists/lolsid/Release
	) || return 1
	debs="$a/pool/main/lol-base_1.0-1_ia64.deb $a/pool/main/lol-busybox_1.0-1_ia64.deb $a/pool/main/lol-extra_1.0-1_ia64.deb $a/pool/main/lol-plain_1.0-1_ia64.deb"
}

# The debootstrap suite script for the fake archive (written for these tests).
write_suite_script() {
	cat >"$1" <<'EOS'
# debootstrap suite script for the lol-mkimage tests' fake ia64 archive.
mirror_style release
download_style apt
finddebs_style from-indices
variants - minbase

work_out_debs () {
	required="$(get_debs Priority: required)"
	base="$(get_debs Priority: important)"
}

first_stage_install () {
	extract $required
	merge_usr
	mkdir -p "$TARGET/var/lib/dpkg"
	: >"$TARGET/var/lib/dpkg/status"
	: >"$TARGET/var/lib/dpkg/available"
	setup_etc
	if [ ! -e "$TARGET/etc/fstab" ]; then
		echo '# UNCONFIGURED FSTAB FOR BASE SYSTEM' >"$TARGET/etc/fstab"
	fi
	setup_devices
}

second_stage_install () {
	# In the guest: install what the first stage unpacked, then the rest.
	setup_dynamic_devices
	in_target dpkg --force-depends --install $(debfor $required)
	[ -z "$base" ] || in_target dpkg --force-depends --install $(debfor $base)
}
EOS
}

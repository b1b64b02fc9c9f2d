#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-mkimage is reproducible: the same inputs and SOURCE_DATE_EPOCH give a
# byte-identical image whatever the working directory, output name, umask,
# time of day, TMPDIR or compression of the inputs; other inputs give another
# UUID.  (debootstrap.sh checks the same for debootstrap's first stage.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fakearchive.sh"
need fakeroot dpkg-deb dpkg-scanpackages tar gzip xz dumpe2fs

make_archive "$work/archive" >"$work/archive.log" 2>&1 || {
	notok "making the fake archive"
	finish
	exit 1
}
pool=$work/archive/pool/main
mkdir -p "$work/tree/etc" "$work/tree/usr/lib" "$work/ovl/etc"
for i in $(seq 1 300); do echo "$i" >"$work/tree/usr/lib/f$i"; done
head -c 2000000 /dev/urandom >"$work/tree/usr/lib/blob"
echo hi >"$work/tree/etc/motd"
ln -s ../usr/lib/blob "$work/tree/etc/link"
echo overlay >"$work/ovl/etc/issue"
touch -d @1500000000 "$work/ovl/etc/issue" "$work/ovl/etc" "$work/ovl"
tar -C "$work/tree" --sort=name -cf "$work/tree.tar" .
xz -k -T1 "$work/tree.tar"
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxvbC10ZXN0LWtleS1ub3QtcmVhbC0wMDAwMDAwMDAw lol" >"$work/key.pub"

SDE=1700000000
args() { # tarball
	echo --tarball "$1" --deb "$pool" --overlay "$work/ovl" --hostname repro \
		--root-password secret --ssh-key "$work/key.pub"
}
SOURCE_DATE_EPOCH=$SDE "$mk" -q $(args "$work/tree.tar") -o "$work/a.img" || notok "first build"
sleep 1
mkdir -p "$work/elsewhere" "$work/tmp2"
(cd "$work/elsewhere" && umask 077 && TMPDIR=$work/tmp2 SOURCE_DATE_EPOCH=$SDE \
	"$mk" -q $(args "$work/tree.tar") -o other-name.img) || notok "second build"
if cmp -s "$work/a.img" "$work/elsewhere/other-name.img"; then
	ok "same inputs, another directory, name, umask, TMPDIR and time: byte-identical"
else
	notok "two builds differ: $(cmp "$work/a.img" "$work/elsewhere/other-name.img" | head -1)"
fi
SOURCE_DATE_EPOCH=$SDE "$mk" -q $(args "$work/tree.tar.xz") -o "$work/xz.img"
if cmp -s "$work/a.img" "$work/xz.img"; then
	ok "the same tarball xz-compressed: byte-identical"
else
	notok "compression changed the image"
fi
uuid() { dumpe2fs -h "$1" 2>/dev/null | awk '/^Filesystem UUID/{print $3}'; }
seed() { dumpe2fs -h "$1" 2>/dev/null | awk '/^Directory Hash Seed/{print $4}'; }
SOURCE_DATE_EPOCH=$((SDE + 1)) "$mk" -q $(args "$work/tree.tar") -o "$work/t.img"
if [ "$(uuid "$work/t.img")" != "$(uuid "$work/a.img")" ] && ! cmp -s "$work/t.img" "$work/a.img"; then
	ok "another SOURCE_DATE_EPOCH: another UUID ($(uuid "$work/t.img"))"
else
	notok "SOURCE_DATE_EPOCH does not reach the UUID"
fi
echo changed >"$work/ovl/etc/issue"
touch -d @1500000000 "$work/ovl/etc/issue"
SOURCE_DATE_EPOCH=$SDE "$mk" -q $(args "$work/tree.tar") -o "$work/c.img"
if [ "$(uuid "$work/c.img")" != "$(uuid "$work/a.img")" ] && [ "$(seed "$work/c.img")" != "$(seed "$work/a.img")" ]; then
	ok "one changed file: another UUID and hash seed"
else
	notok "a changed input kept the UUID"
fi
dumpe2fs -h "$work/a.img" >"$work/sb" 2>/dev/null
if grep -q "^Filesystem created: *$(LC_ALL=C TZ=UTC0 date -d @$SDE '+%a %b %e %T %Y')" <(TZ=UTC0 dumpe2fs -h "$work/a.img" 2>/dev/null) &&
	grep -q "^Last write time: *$(LC_ALL=C TZ=UTC0 date -d @$SDE '+%a %b %e %T %Y')" <(TZ=UTC0 dumpe2fs -h "$work/a.img" 2>/dev/null); then
	ok "creation and write times are SOURCE_DATE_EPOCH"
else
	notok "superblock times"
	comment "$work/sb" 40
fi
# Without SOURCE_DATE_EPOCH: the newest input time, still reproducible.
env -u SOURCE_DATE_EPOCH "$mk" $(args "$work/tree.tar") -o "$work/n1.img" >"$work/out" 2>&1
env -u SOURCE_DATE_EPOCH "$mk" -q $(args "$work/tree.tar") -o "$work/n2.img" 2>&1
if grep -q 'SOURCE_DATE_EPOCH is not set: using' "$work/out" && cmp -s "$work/n1.img" "$work/n2.img"; then
	ok "no SOURCE_DATE_EPOCH: the newest input time is used, and said so"
else
	notok "no SOURCE_DATE_EPOCH"
	comment "$work/out"
fi
finish

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-mkimage from tarballs: every file type, odd names, owners, modes, times
# with nanoseconds (and before 1970, and after SOURCE_DATE_EPOCH), device
# numbers old and new style, hard links, extended attributes, a 1 GiB sparse
# file, zero blocks, a large directory, implicit parents and a later tarball
# overriding an earlier one.  What the image holds (read with debugfs) must
# be what the tarballs say (read with Python's tarfile), for ext4, ext3, ext2.
. "$(dirname "$0")/lib.sh"
need fakeroot tar python3 debugfs e2fsck gzip setfattr

SDE=1700000000
cat >"$work/mktree.sh" <<'EOS'
set -e
t=$1
mkdir -p "$t/etc" "$t/bin" "$t/dev" "$t/srv/big" "$t/a/b/c/d/e/f/g/h/i/j" "$t/tmp" "$t/home/u"
echo plain >"$t/etc/plain"
echo spaced >"$t/etc/with space"
echo unicode >"$t/etc/ünïcödé €"
echo newline >"$t/etc/new
line"
: >"$t/etc/empty"
printf '#!/bin/sh\necho hi\n' >"$t/bin/tool"; chmod 0755 "$t/bin/tool"
cp "$t/bin/tool" "$t/bin/suid"; chmod 4755 "$t/bin/suid"
cp "$t/bin/tool" "$t/bin/sgid"; chmod 2711 "$t/bin/sgid"
chmod 1777 "$t/tmp"
echo owned >"$t/home/u/file"; chown 100000:4294967294 "$t/home/u/file"
chown 1000:1000 "$t/home/u"; chmod 0750 "$t/home/u"
mknod "$t/dev/null" c 1 3; chmod 0666 "$t/dev/null"
mknod "$t/dev/sda" b 8 0; chmod 0660 "$t/dev/sda"; chown 0:6 "$t/dev/sda"
mknod "$t/dev/big" c 300 70000
mkfifo "$t/dev/fifo"
ln -s ../etc/plain "$t/bin/short-link"
ln -s "/usr/share/a/rather/long/target/that/does/not/fit/in/the/inode/block/map/at/all/$(printf '%0100d' 0)" "$t/bin/long-link"
ln -s nowhere "$t/bin/dangling"
echo linked >"$t/etc/hl1"; ln "$t/etc/hl1" "$t/etc/hl2"; ln "$t/etc/hl1" "$t/bin/hl3"
echo attrs >"$t/etc/attrs"
setfattr -n user.text -v hello "$t/etc/attrs"
setfattr -n user.binary -v 0x00ff1027 "$t/etc/attrs"
setfattr -n security.capability -v 0sAQAAAgAgAAAAAAAAAAAAAAAAAAA= "$t/bin/tool"
setfattr -n user.big -v "$(printf '%0600d' 7)" "$t/etc/plain"
setfattr -n user.dir -v yes "$t/srv"
truncate -s 1G "$t/srv/sparse"
printf 'start' | dd of="$t/srv/sparse" conv=notrunc 2>/dev/null
printf 'middle' | dd of="$t/srv/sparse" bs=1 seek=314572800 conv=notrunc 2>/dev/null
printf 'end' | dd of="$t/srv/sparse" bs=1 seek=1073741821 conv=notrunc 2>/dev/null
# Zero blocks written out (not a sparse file): they must become holes.
{ head -c 12288 /dev/urandom; head -c 12288 /dev/zero; head -c 5000 /dev/urandom; } >"$t/srv/zeros"
head -c 3000000 /dev/urandom >"$t/srv/random"
for i in $(seq 1 1500); do echo "$i" >"$t/srv/big/file-with-a-longish-name-$i"; done
echo deep >"$t/a/b/c/d/e/f/g/h/i/j/file"
touch -h -d @1600000000.123456789 "$t/etc/plain" "$t/bin/short-link"
touch -d @-100000 "$t/etc/empty"
touch -d @4000000000 "$t/etc/with space"
touch -d @1500000000.5 "$t/srv/big" "$t/a/b/c/d/e/f/g/h/i/j"
find "$t" -newermt @1700000000 -exec touch -h -d @1690000000 {} +
touch -d @1690000000.25 "$t"
tar --xattrs --xattrs-include='*' --format=posix --sparse --numeric-owner \
	-cf "$2" -C "$t" .
EOS
mkdir "$work/tree"
if ! fakeroot bash "$work/mktree.sh" "$work/tree" "$work/tree.tar" >"$work/mktree.log" 2>&1; then
	notok "building the test tree (fakeroot, tar)"
	comment "$work/mktree.log"
	finish
	exit 1
fi
rm -rf "$work/tree"
ok "test tarball: $(du -k --apparent-size "$work/tree.tar" | cut -f1) KiB"

# A second tarball: no directory entries (implicit parents), an entry that
# replaces one of the first tarball's, a file replacing a hard link.
mkdir -p "$work/t2/etc" "$work/t2/newdir/sub"
echo replaced >"$work/t2/etc/plain"
echo replaced-link >"$work/t2/etc/hl2"
echo implicit >"$work/t2/newdir/sub/file"
touch -d @1650000000 "$work/t2/etc/plain" "$work/t2/etc/hl2" "$work/t2/newdir/sub/file"
(cd "$work/t2" && tar --format=gnu --owner=0 --group=0 --no-recursion -czf "$work/over.tar.gz" \
	etc/plain etc/hl2 newdir/sub/file)

python3 "$imglist" tar "$SDE" "$work/tree.tar" "$work/over.tar.gz" >"$work/expect" 2>"$work/expect.err" ||
	{ notok "listing the tarballs"; comment "$work/expect.err"; }

for fs in ext4 ext3 ext2; do
	img=$work/img-$fs
	SOURCE_DATE_EPOCH=$SDE "$mk" -q --no-config --fs "$fs" --tarball "$work/tree.tar" \
		--tarball "$work/over.tar.gz" -o "$img" >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -f "$img" ]; then
		notok "$fs: lol-mkimage exit $rc"
		comment "$work/err"
		continue
	fi
	ok "$fs: image written ($(du -k "$img" | cut -f1) KiB on disk, $(($(stat -c %s "$img") >> 20)) MiB)"
	if e2fsck -fn "$img" >"$work/fsck" 2>&1; then ok "$fs: e2fsck -fn clean"; else
		notok "$fs: e2fsck -fn"
		comment "$work/fsck"
	fi
	python3 "$imglist" img "$img" >"$work/got-$fs" 2>"$work/got.err"
	if diff "$work/expect" "$work/got-$fs" >"$work/diff"; then
		ok "$fs: every path's type, mode, owner, times, size, target, device, xattrs, contents and links match the tarballs ($(wc -l <"$work/expect") paths)"
	else
		notok "$fs: the image differs from the tarballs"
		comment "$work/diff" 30
		comment "$work/got.err" 5
	fi
	# Holes: the 1 GiB sparse file and the zero blocks take no space.
	python3 "$imglist" blocks "$img" >"$work/blocks"
	sb=$(awk -F'\t' '$1=="srv/sparse"{print $3}' "$work/blocks")
	zb=$(awk -F'\t' '$1=="srv/zeros"{print $3}' "$work/blocks")
	if [ -n "$sb" ] && [ "$sb" -le 256 ] && [ -n "$zb" ] && [ "$zb" -le 40 ]; then
		ok "$fs: holes kept (1 GiB sparse file: $((sb / 2)) KiB allocated; zero blocks: $((zb / 2)) KiB for 29 KiB)"
	else
		notok "$fs: holes lost (sparse file ${sb:-?} sectors, zeros ${zb:-?} sectors)"
	fi
	if [ "$(du -k "$img" | cut -f1)" -lt 65536 ]; then ok "$fs: the image file itself is sparse"; else
		notok "$fs: image file uses $(du -k "$img" | cut -f1) KiB"
	fi
done

# ACLs (pax SCHILY.acl.*) become system.posix_acl_* attributes.
if command -v setfacl >/dev/null && mkdir "$work/acl" && touch "$work/acl/f" &&
	setfacl -m u:1234:rw "$work/acl/f" 2>/dev/null && setfacl -d -m g:55:rx "$work/acl" 2>/dev/null; then
	tar --acls --format=posix -cf "$work/acl.tar" -C "$work/acl" . 2>/dev/null
	SOURCE_DATE_EPOCH=$SDE "$mk" -q --no-config --tarball "$work/acl.tar" -o "$work/acl.img" 2>"$work/err"
	debugfs -R 'ea_list /f' "$work/acl.img" >"$work/acl.out" 2>&1
	debugfs -R 'ea_list /' "$work/acl.img" >>"$work/acl.out" 2>&1
	if grep -q 'system.posix_acl_access.* 02 00 06 00 d2 04 00 00 ' "$work/acl.out" &&
		grep -q 'system.posix_acl_default.* 08 00 05 00 37 00 00 00 ' "$work/acl.out"; then
		ok "POSIX ACLs (access and default) kept"
	else
		notok "POSIX ACLs"
		comment "$work/acl.out"
		comment "$work/err"
	fi
else
	skip "setfacl unavailable or no ACL support in $work"
fi
finish

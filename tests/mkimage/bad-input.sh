#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-mkimage on bad input: a corrupt .deb, a truncated tarball, a --size too
# small for the contents, an unwritable output path and more.  Each must give
# one line on stderr naming the input and the problem, a non-zero exit, and
# leave no image (nor a half-written temporary) behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fakearchive.sh"
need fakeroot dpkg-deb dpkg-scanpackages tar gzip xz python3

make_archive "$work/archive" >"$work/archive.log" 2>&1 || {
	notok "making the fake archive"
	comment "$work/archive.log"
	finish
	exit 1
}
good_deb=$work/archive/pool/main/lol-base_1.0-1_ia64.deb
mkdir -p "$work/in" "$work/out"

# expect_fail description expected-regex lol-mkimage-arguments... (output: $work/out/x.img)
expect_fail() {
	local desc=$1 re=$2
	shift 2
	SOURCE_DATE_EPOCH=1600000000 "$mk" -q "$@" >"$work/stdout" 2>"$work/stderr"
	local rc=$? lines
	lines=$(wc -l <"$work/stderr")
	local left
	left=$(ls -A "$work/out")
	if [ "$rc" -ne 0 ] && [ "$lines" -eq 1 ] && grep -qE -- "$re" "$work/stderr" && [ -z "$left" ]; then
		ok "$desc: exit $rc: $(cat "$work/stderr")"
	else
		notok "$desc: exit $rc, $lines lines on stderr, left in the output directory: ${left:-nothing}"
		comment "$work/stderr" 5
	fi
	rm -f "$work/out"/.x.img.* "$work/out/x.img"
}

# Corrupt .debs.
head -c 5000 /dev/urandom >"$work/in/random.deb"
expect_fail "random bytes as a .deb" "random\.deb: not a Debian package" \
	--deb "$work/in/random.deb" -o "$work/out/x.img"
size=$(stat -c %s "$good_deb")
head -c $((size - 600)) "$good_deb" >"$work/in/truncated.deb"
expect_fail "truncated .deb" "truncated\.deb: .*(data\.tar|runcated|ar)" \
	--deb "$work/in/truncated.deb" -o "$work/out/x.img"
cp "$good_deb" "$work/in/flipped.deb"
# Damage the xz stream of data.tar.xz, past the ar and xz headers.
off=$(($(grep -abo 'data.tar.xz' "$work/in/flipped.deb" | head -1 | cut -d: -f1) + 60 + 200))
printf '\x55\xaa\x55\xaa\x55\xaa\x55\xaa' | dd of="$work/in/flipped.deb" bs=1 seek="$off" conv=notrunc 2>/dev/null
expect_fail "corrupted data.tar.xz inside a .deb" "flipped\.deb: data\.tar\.xz" \
	--deb "$work/in/flipped.deb" -o "$work/out/x.img"
printf '!<arch>\n' >"$work/in/empty.deb"
expect_fail "an empty ar archive as a .deb" "empty\.deb: not a Debian" --deb "$work/in/empty.deb" \
	-o "$work/out/x.img"
mkdir "$work/in/debdir"
cp "$good_deb" "$work/in/debdir/a.deb"
cp "$work/in/random.deb" "$work/in/debdir/b.deb"
expect_fail "a directory of .debs with a bad one" "debdir/b\.deb: not a Debian package" \
	--deb "$work/in/debdir" -o "$work/out/x.img"

# Truncated and damaged tarballs.
mkdir -p "$work/tree/d"
head -c 300000 /dev/urandom >"$work/tree/d/f1"
head -c 300000 /dev/urandom >"$work/tree/d/f2"
tar -C "$work/tree" -cf "$work/in/full.tar" .
head -c 400000 "$work/in/full.tar" >"$work/in/truncated.tar"
expect_fail "truncated tarball" "truncated\.tar: .*runcated" --tarball "$work/in/truncated.tar" \
	-o "$work/out/x.img"
gzip -c "$work/in/full.tar" | head -c 200000 >"$work/in/truncated.tar.gz"
expect_fail "truncated .tar.gz" "truncated\.tar\.gz: " --tarball "$work/in/truncated.tar.gz" \
	-o "$work/out/x.img"
head -c 3000 /dev/urandom >"$work/in/garbage.tar"
expect_fail "not a tarball" "garbage\.tar: " --tarball "$work/in/garbage.tar" -o "$work/out/x.img"
python3 - "$work/in/dotdot.tar" <<'EOF'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w") as t:
    i = tarfile.TarInfo("../escape")
    i.size = 3
    t.addfile(i, io.BytesIO(b"bad"))
EOF
expect_fail "a path leaving the tree" "dotdot\.tar: \.\./escape: path leaves the tree" \
	--tarball "$work/in/dotdot.tar" -o "$work/out/x.img"
python3 - "$work/in/badlink.tar" <<'EOF'
import sys, tarfile
with tarfile.open(sys.argv[1], "w") as t:
    i = tarfile.TarInfo("link")
    i.type = tarfile.LNKTYPE
    i.linkname = "missing"
    t.addfile(i)
EOF
expect_fail "a hard link to a missing file" "badlink\.tar: link: hard link to missing" \
	--tarball "$work/in/badlink.tar" -o "$work/out/x.img"

# Too small for the contents: the file system fills up.
head -c 20000000 /dev/urandom >"$work/tree/d/big"
tar -C "$work/tree" -cf "$work/in/big.tar" .
expect_fail "--size too small" "big\.tar: d/big: no space left in .*--size too small" \
	--tarball "$work/in/big.tar" --size 12M -o "$work/out/x.img"
expect_fail "--size too small for a file system at all" "too small" \
	--tarball "$work/in/full.tar" --size 20K -o "$work/out/x.img"
mkdir "$work/many"
for i in $(seq 1 200); do : >"$work/many/f$i"; done
tar -C "$work/many" -cf "$work/in/many.tar" .
expect_fail "--inodes too few" "many\.tar: f[0-9]+: no free inodes" \
	--tarball "$work/in/many.tar" --inodes 12 -o "$work/out/x.img"

# Unwritable output paths.
expect_fail "output in a missing directory" "no/such/dir/x\.img: cannot create" \
	--tarball "$work/in/full.tar" -o "$work/out/no/such/dir/x.img"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$work/ro"
	chmod 0555 "$work/ro"
	expect_fail "output in a read-only directory" "ro/x\.img: cannot create.*Permission denied" \
		--tarball "$work/in/full.tar" -o "$work/ro/x.img"
else
	expect_fail "output in /proc (unwritable even for root)" "/proc/x\.img: cannot create" \
		--tarball "$work/in/full.tar" -o /proc/x.img
fi
expect_fail "output is a directory" "out: is a directory" --tarball "$work/in/full.tar" -o "$work/out"

# Missing inputs and usage errors.
expect_fail "missing tarball" "nonexistent\.tar: No such file" \
	--tarball "$work/in/nonexistent.tar" -o "$work/out/x.img"
expect_fail "missing SSH key" "nokey\.pub: No such file" --tarball "$work/in/full.tar" \
	--ssh-key "$work/in/nokey.pub" -o "$work/out/x.img"
head -c 100 /dev/urandom >"$work/in/bad.pub"
expect_fail "an SSH key that is not one" "bad\.pub: not an SSH public key" \
	--tarball "$work/in/full.tar" --ssh-key "$work/in/bad.pub" -o "$work/out/x.img"
expect_fail "no output" "no output image" --tarball "$work/in/full.tar"
expect_fail "bad --size" "--size 12Q" --tarball "$work/in/full.tar" --size 12Q -o "$work/out/x.img"
expect_fail "bad --fs" "--fs xfs" --tarball "$work/in/full.tar" --fs xfs -o "$work/out/x.img"
SOURCE_DATE_EPOCH=yesterday "$mk" -q --tarball "$work/in/full.tar" -o "$work/out/x.img" 2>"$work/stderr"
rc=$?
if [ "$rc" -ne 0 ] && [ "$(wc -l <"$work/stderr")" -eq 1 ] && grep -q SOURCE_DATE_EPOCH "$work/stderr"; then
	ok "bad SOURCE_DATE_EPOCH: $(cat "$work/stderr")"
else
	notok "bad SOURCE_DATE_EPOCH: exit $rc"
fi
rm -f "$work/out/x.img"

# An image that already exists is left alone when the build fails.
echo precious >"$work/out/x.img"
SOURCE_DATE_EPOCH=1 "$mk" -q --tarball "$work/in/truncated.tar" -o "$work/out/x.img" 2>/dev/null
if [ "$(cat "$work/out/x.img")" = precious ] && [ "$(ls -A "$work/out")" = x.img ]; then
	ok "a failed build leaves an existing image untouched"
else
	notok "a failed build damaged the existing image"
fi
finish

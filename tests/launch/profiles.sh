#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Profile lookup and the shipped profiles: the search order, --list, the
# default profile's @guest-kernel and @default-disk, and the source tree's
# guest kernel through toolchain/build-kernel --guest --afterburn --print-dir.
. "$(dirname "$0")/lib.sh"
run=$XDG_RUNTIME_DIR/lol

"$launch" --help >"$work/out" 2>&1
check "--help" grep -q "^Usage: lol-launch \[OPTIONS\] PROFILE" "$work/out"
check "--version" [ "$("$launch" --version)" = "lol-launch $(sed -n 's/^LOL_VERSION := //p' "$top/Makefile")" ]
expect_error "no profile given" 2 "^lol-launch: no PROFILE given \\(try --help\\)"
expect_error "--list takes no profile" 2 "^lol-launch: --list takes no profile" --list default

# every shipped profile parses, and the default one gives the documented command line
mkdir -p "$LOL_CACHE/images"
cp "$disk1" "$LOL_CACHE/images/default-0123.img"
ln -s default-0123.img "$LOL_CACHE/images/default.img"
for p in "$top"/profiles/*; do
	LOL_GUEST_KERNEL=$vmlinux "$launch" -n "$p" >"$work/out" 2>"$work/err"
	check "shipped profile $(basename "$p") is valid" [ $? = 0 ]
	comment "$work/err"
done
got=$(LOL_GUEST_KERNEL=$vmlinux "$launch" -n default 2>&1)
same_str "default: 256M, 1 CPU, the guest kernel, the default disk as root, user network, stdio" \
	"$fake_vmm -m 256M --console stdio --net user $vmlinux maxcpus=1 simscsi=$run/default/sd root=/dev/sda init=/sbin/init" \
	"$got"
check "@default-disk: the image default.img names" \
	[ "$(readlink "$run/default/sda")" = "$LOL_CACHE/images/default-0123.img" ]

# search order: the user's directory before the source tree's (and /etc, PREFIX/share)
printf 'description = mine\nkernel = %s\ncpus = 3\n' "$vmlinux" | profile default
check "a user profile hides a shipped one of the same name" \
	sh -c "'$launch' -n default | grep -q maxcpus=3"
printf 'description = broken\nmemory = x\n' | profile broken
"$launch" --list >"$work/list" 2>&1
check "--list: the user's default with its description" grep -qE "^default +mine$" "$work/list"
check "--list: a broken profile with its problem" grep -qE "^broken +$XDG_CONFIG_HOME/lol/profiles/broken:2: memory x: not a size" "$work/list"
check "--list: the shadowed shipped default is not listed twice" [ "$(grep -c '^default ' "$work/list")" = 1 ]
check "--list: paths shown" grep -qF "($XDG_CONFIG_HOME/lol/profiles/default)" "$work/list"
comment "$work/list" 12

# a source tree: build/lol-launch asks toolchain/build-kernel for the guest kernel
src=$work/src
mkdir -p "$src/build" "$src/launch" "$src/toolchain" "$src/profiles" "$work/kdir"
cp "$launch" "$src/build/lol-launch"
touch "$src/launch/launch.mk"
cp "$vmlinux" "$work/kdir/vmlinux"
cat >"$src/toolchain/build-kernel" <<EOT
#!/bin/sh
[ "\$*" = "--guest --afterburn --print-dir" ] || { echo "bad arguments: \$*" >&2; exit 1; }
echo "kernel is up to date" >&2
echo "$work/kdir"
EOT
chmod +x "$src/toolchain/build-kernel"
printf 'kernel = @guest-kernel\n' >"$src/profiles/tree"
got=$("$src/build/lol-launch" -n tree 2>&1)
same_str "source tree: @guest-kernel is build-kernel --guest --afterburn --print-dir's vmlinux" \
	"$fake_vmm -m 256M --console stdio --net user $work/kdir/vmlinux maxcpus=1" "$got"
printf '#!/bin/sh\necho "kernel not built" >&2\nexit 1\n' >"$src/toolchain/build-kernel"
launch=$src/build/lol-launch expect_error "source tree, kernel not built" 2 \
	"^lol-launch: $src/profiles/tree:1: kernel @guest-kernel: the guest kernel is not built .*run 'make guest-kernel' in $src" \
	-n tree
finish

#!/bin/bash
# Build the patched kernel.
#
#   kernel.sh tree             extract the source, apply kernel-patches/
#   kernel.sh tree pin         the same, then build/linux-pin (see below)
#   kernel.sh build VARIANT    configure and build bzImage for VARIANT
#   kernel.sh config VARIANT   only write build/kernel/VARIANT/.config
#   kernel.sh export           write the tree's commits back to kernel-patches/
#   kernel.sh export pin       write build/linux-pin's commits above the series
#                              back to kernel-patches/experimental/
#
# VARIANT is one of:
#   default  lab base + ucapi.config (the syscalls built in)
#   off      lab base with CONFIG_UCAPI=n
#   debug    default + debug.config (KASAN, UBSAN, KFENCE, kmemleak, lockdep)
#   pin      the default config, built from build/linux-pin: the series plus
#            kernel-patches/experimental/ (pinned user pages, not merged)
#
# The source tree lives in build/linux as a git repository whose first commit,
# tagged ucapi-base, is the unmodified Debian source.  Objects go to
# build/kernel/VARIANT so that one tree serves every variant and stays clean
# for editing.  The pin variant has its own tree, build/linux-pin, a git
# worktree of build/linux that starts at ucapi-base and gets the series and
# the experimental patches applied, so build/linux's master never carries
# them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SRC_TARBALL=${KERNEL_SRC_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
MAIN_TREE=${KERNEL_TREE:-$BUILD/linux}
PIN_TREE=${KERNEL_PIN_TREE:-$BUILD/linux-pin}
PATCH_DIR=${KERNEL_PATCH_DIR:-$TOP/kernel-patches}
EXPERIMENTAL_DIR=$PATCH_DIR/experimental
CONFIG_DIR=$TOP/kernel-patches/config
STAMP_DIR=${KERNEL_STAMP_DIR:-$BUILD/stamps}

# use_tree DIR STAMP: act on the tree DIR, whose applied patches are
# recorded in $STAMP_DIR/STAMP.
use_tree()
{
	TREE=$1
	STAMP=$STAMP_DIR/$2
	# A caller's make -s would hide the compile lines the progress report
	# counts.
	KMAKE=(env -u MAKEFLAGS -u MFLAGS make -C "$TREE" ARCH=x86_64)
	if command -v ccache >/dev/null; then
		KMAKE+=(CC="ccache gcc")
	fi
}
use_tree "$MAIN_TREE" patches

# patch_files: the patches of the current tree, in the order git am takes.
patch_files()
{
	find "$PATCH_DIR" -maxdepth 1 -name '*.patch' | sort
	if [ "$TREE" = "$PIN_TREE" ] && [ -d "$EXPERIMENTAL_DIR" ]; then
		find "$EXPERIMENTAL_DIR" -maxdepth 1 -name '*.patch' | sort
	fi
}

tarball_id()
{
	stat -c '%s %Y' "$SRC_TARBALL"
}

extract_tree()
{
	[ -r "$SRC_TARBALL" ] ||
		die "$SRC_TARBALL not found: install linux-source-6.12 (make deps)"
	step_begin "kernel: extract $(basename "$SRC_TARBALL")"
	rm -rf "$TREE" "$TREE.tmp"
	mkdir -p "$TREE.tmp"
	tar -xJf "$SRC_TARBALL" -C "$TREE.tmp" --strip-components=1
	# Debian's .gitignore ignores every top-level path because its packaging
	# repository tracks only debian/; drop that block so git sees the source.
	sed -i '/^# Debian packaging/,/^!\/debian\//d' "$TREE.tmp/.gitignore"
	git -C "$TREE.tmp" init -q -b master
	git -C "$TREE.tmp" add -A
	git -C "$TREE.tmp" -c user.name=ucapi -c user.email=ucapi@localhost \
		commit -q -m "Debian linux-source-6.12 $(tarball_id)"
	git -C "$TREE.tmp" tag ucapi-base
	mv "$TREE.tmp" "$TREE"
	mkdir -p "$STAMP_DIR"
	tarball_id >"$STAMP_DIR/tarball"
	rm -f "$STAMP"
	step_end
}

# show_rejects PATCH: explain why PATCH does not apply, hunk by hunk.
show_rejects()
{
	local patch=$1

	printf 'error: patch %s does not apply to the kernel tree\n' \
		"$(basename "$patch")" >&2
	git -C "$TREE" apply --reject --verbose "$patch" >&2 || true
	find "$TREE" -name '*.rej' -print0 | while IFS= read -r -d '' rej; do
		printf '\n--- rejected hunk in %s:\n' "${rej#"$TREE"/}" >&2
		cat "$rej" >&2
	done
	git -C "$TREE" reset -q --hard
	git -C "$TREE" clean -qfd
}

apply_patches()
{
	local patch count=0

	git -C "$TREE" reset -q --hard ucapi-base
	git -C "$TREE" clean -qfd
	for patch in $(patch_files); do
		if ! git -C "$TREE" -c user.name=ucapi -c user.email=ucapi@localhost \
				am -q --keep-cr "$patch" >/dev/null 2>&1; then
			git -C "$TREE" am --abort >/dev/null 2>&1 || true
			show_rejects "$patch"
			rm -f "$STAMP"
			exit 1
		fi
		count=$((count + 1))
	done
	printf '%s %s\n' "$(hash_files $(patch_files))" \
		"$(git -C "$TREE" rev-parse HEAD)" >"$STAMP"
	printf '    applied %d patches\n' "$count"
}

# sync_patches: bring the current tree to its patches unless it is being
# edited.  The stamp stores the hash of the patches and the HEAD they
# produced.  A tree whose HEAD moved past that is being edited and is built
# as it is.
sync_patches()
{
	local want head stamp_hash stamp_head name=${TREE#"$TOP"/}
	local patches=kernel-patches/ export='make kernel-patches'

	if [ "$TREE" = "$PIN_TREE" ]; then
		patches='kernel-patches/ and kernel-patches/experimental/'
		export='scripts/kernel.sh export pin'
	fi

	want=$(hash_files $(patch_files))
	head=$(git -C "$TREE" rev-parse HEAD)
	stamp_hash= stamp_head=
	if [ -f "$STAMP" ]; then
		read -r stamp_hash stamp_head <"$STAMP"
	fi
	if [ "$want" = "${stamp_hash:-}" ] && [ "$head" = "${stamp_head:-}" ]; then
		return 0
	fi
	if [ -n "${stamp_head:-}" ] && [ "$head" != "$stamp_head" ]; then
		printf 'note: %s has commits not in %s; building the tree as it is (%s exports them)\n' \
			"$name" "$patches" "$export"
		return 0
	fi
	if ! git -C "$TREE" diff --quiet HEAD; then
		die "$name has uncommitted changes and $patches changed: commit or discard them first"
	fi
	step_begin "kernel: apply $patches"
	apply_patches
	step_end
}

cmd_tree()
{
	if [ ! -d "$TREE/.git" ] || [ "$(cat "$STAMP_DIR/tarball" 2>/dev/null)" != "$(tarball_id)" ]; then
		extract_tree
	fi
	sync_patches
}

# pin_tree_valid: build/linux-pin is a worktree of the current build/linux.
# Extracting build/linux again removes the repository the worktree
# belonged to.
pin_tree_valid()
{
	local worktrees

	[ -f "$PIN_TREE/.git" ] || return 1
	worktrees=$(git -C "$MAIN_TREE" worktree list --porcelain) || return 1
	grep -qxF "worktree $PIN_TREE" <<<"$worktrees" &&
		git -C "$PIN_TREE" rev-parse --verify -q HEAD >/dev/null
}

cmd_pin_tree()
{
	cmd_tree
	use_tree "$PIN_TREE" pin-patches
	if ! pin_tree_valid; then
		rm -rf "$PIN_TREE"
		git -C "$MAIN_TREE" worktree prune
		git -C "$MAIN_TREE" worktree add -q --detach "$PIN_TREE" ucapi-base
		rm -f "$STAMP"
	fi
	sync_patches
}

cmd_export()
{
	[ -d "$TREE/.git" ] || die "no kernel tree: run make kernel-tree first"
	git -C "$TREE" diff --quiet HEAD ||
		die "build/linux has uncommitted changes: commit them first"
	find "$PATCH_DIR" -maxdepth 1 -name '*.patch' -delete
	git -C "$TREE" format-patch -q --no-signature -o "$PATCH_DIR" ucapi-base..HEAD
	mkdir -p "$STAMP_DIR"
	printf '%s %s\n' "$(hash_files $(patch_files))" \
		"$(git -C "$TREE" rev-parse HEAD)" >"$STAMP"
	patch_files | sed "s|^$TOP/|    wrote |"
}

# The first commits of build/linux-pin are the series, one per file of
# kernel-patches/; the commits above them are the experimental patches.
cmd_export_pin()
{
	local series top

	use_tree "$PIN_TREE" pin-patches
	pin_tree_valid || die "no build/linux-pin: run scripts/kernel.sh build pin first"
	git -C "$TREE" diff --quiet HEAD ||
		die "build/linux-pin has uncommitted changes: commit them first"
	series=$(find "$PATCH_DIR" -maxdepth 1 -name '*.patch' | wc -l)
	top=$(git -C "$TREE" rev-list --reverse ucapi-base..HEAD | sed -n "${series}p")
	[ -n "$top" ] || die "build/linux-pin has fewer commits than kernel-patches/ has patches"
	mkdir -p "$EXPERIMENTAL_DIR"
	find "$EXPERIMENTAL_DIR" -maxdepth 1 -name '*.patch' -delete
	git -C "$TREE" format-patch -q --no-signature -o "$EXPERIMENTAL_DIR" "$top..HEAD"
	mkdir -p "$STAMP_DIR"
	printf '%s %s\n' "$(hash_files $(patch_files))" \
		"$(git -C "$TREE" rev-parse HEAD)" >"$STAMP"
	find "$EXPERIMENTAL_DIR" -maxdepth 1 -name '*.patch' | sort |
		sed "s|^$TOP/|    wrote |"
}

fragments_for()
{
	case $1 in
	default) echo "$CONFIG_DIR/lab.config $CONFIG_DIR/ucapi.config" ;;
	off) echo "$CONFIG_DIR/lab.config $CONFIG_DIR/ucapi-off.config" ;;
	debug) echo "$CONFIG_DIR/lab.config $CONFIG_DIR/ucapi.config $CONFIG_DIR/debug.config" ;;
	pin) echo "$CONFIG_DIR/lab.config $CONFIG_DIR/ucapi.config" ;;
	*) die "unknown kernel variant '$1' (expected default, off, debug or pin)" ;;
	esac
}

# check_config OBJ FRAGMENT...: fail when a symbol set by a fragment did not
# reach the final .config, which happens when its dependencies are missing.
check_config()
{
	local obj=$1 missing=0 line sym
	shift

	while IFS= read -r line; do
		case $line in
		CONFIG_*=n) sym=${line%%=*}; line="# $sym is not set" ;;
		CONFIG_*=*) sym=${line%%=*} ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
		*) continue ;;
		esac
		if ! grep -qxF "$line" "$obj/.config"; then
			if [ "${line#\#}" != "$line" ] && ! grep -q "^$sym=" "$obj/.config"; then
				continue
			fi
			printf 'error: %s requested, .config has: %s\n' "$line" \
				"$(grep -E "^$sym=|^# $sym is not set" "$obj/.config" || echo 'absent')" >&2
			missing=1
		fi
	done < <(cat "$@")
	[ $missing = 0 ] || die "kernel config does not match the fragments (see above)"
}

configure()
{
	local variant=$1 obj=$2 frags want

	frags=$(fragments_for "$variant")
	want=$(hash_files $frags)-$(git -C "$TREE" rev-parse HEAD)
	if [ -f "$obj/.config" ] && [ "$(cat "$obj/.config.ucapi-stamp" 2>/dev/null)" = "$want" ]; then
		return 0
	fi
	mkdir -p "$obj"
	"${KMAKE[@]}" O="$obj" tinyconfig >"$obj/config.log" 2>&1
	# shellcheck disable=SC2086
	(cd "$TREE" && ARCH=x86_64 scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" $frags) \
		>>"$obj/config.log" 2>&1
	"${KMAKE[@]}" O="$obj" olddefconfig >>"$obj/config.log" 2>&1
	# shellcheck disable=SC2086
	check_config "$obj" $frags
	echo "$want" >"$obj/.config.ucapi-stamp"
}

# run_make VARIANT OBJ: build bzImage, printing one progress line a minute.
run_make()
{
	local variant=$1 obj=$2 log=$2/build.log pid rc=0 n

	"${KMAKE[@]}" O="$obj" -j"$NPROC" bzImage >"$log" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		for _ in $(seq 60); do
			sleep 1
			kill -0 $pid 2>/dev/null || break
		done
		if kill -0 $pid 2>/dev/null; then
			n=$(grep -c '^  CC ' "$log" || true)
			printf '    kernel[%s]: %d files compiled, %ds so far (log: %s)\n' \
				"$variant" "$n" $(($(date +%s) - STEP_START)) "${log#"$TOP"/}"
		fi
	done
	wait $pid || rc=$?
	if [ $rc != 0 ]; then
		grep -E -B2 -A8 'error:|Error [0-9]' "$log" | head -60 >&2
		die "kernel[$variant] build failed; full log: $log"
	fi
}

# prepare_tree VARIANT: select and update the source tree of VARIANT.
prepare_tree()
{
	if [ "$1" = pin ]; then
		cmd_pin_tree
	else
		cmd_tree
	fi
}

cmd_build()
{
	local variant=$1 obj=$BUILD/kernel/$1

	fragments_for "$variant" >/dev/null
	prepare_tree "$variant"
	step_begin "kernel[$variant]: configure and build bzImage"
	configure "$variant" "$obj"
	run_make "$variant" "$obj"
	printf '    %s\n' "${obj#"$TOP"/}/arch/x86/boot/bzImage"
	step_end
}

case ${1:-} in
tree)
	case ${2:-} in
	'') cmd_tree ;;
	pin) cmd_pin_tree ;;
	*) die "unknown tree '$2' (expected nothing or pin)" ;;
	esac
	;;
build) cmd_build "${2:-default}" ;;
config)
	fragments_for "${2:-default}" >/dev/null
	prepare_tree "${2:-default}"
	configure "${2:-default}" "$BUILD/kernel/${2:-default}"
	;;
export)
	case ${2:-} in
	'') cmd_export ;;
	pin) cmd_export_pin ;;
	*) die "unknown export '$2' (expected nothing or pin)" ;;
	esac
	;;
*) die "usage: $0 tree [pin] | build VARIANT | config VARIANT | export [pin]" ;;
esac

#!/usr/bin/env bash
# Run LTP's socket system call tests natively and under int80, side by side.
#
# Not run in CI (CI cannot fetch GitHub): give it an LTP source tree, e.g.
#   git clone https://github.com/linux-test-project/ltp /tmp/ltp      (or a git archive of it)
#   scripts/ltp.sh /tmp/ltp [TEST...]          (default: the socket tests listed below)
#
# What it does:
#   1. native: `make autotools && ./configure` (i386: CFLAGS=-m32, LDFLAGS="-m32 -static"),
#      builds lib/libltp.a and each test's directory with LTP's own makefiles, and runs each
#      test under qemu-i386-static (scripts/i386.sh picks the runner);
#   2. int80: compiles LTP's lib/*.c (the files the native build compiled) and each test with
#      `int80 cc -c` (lib with -DLTPLIB, as lib/Makefile), reusing the native configure's
#      include/config.h, puts the library into an archive, links each test with it, and runs
#      each test with `int80 run`;
#   3. prints one line per test: its name, then the TPASS/TFAIL/TBROK/TCONF counts of each
#      side ("build failed: REASON" when a side could not be built), and keeps every
#      output in $OUT (default build/ltp/).
# Needs autoconf, automake, gcc-multilib, qemu-user-static and llvm-ar.
#
# State (2026-11-30, LTP 695827725f4f): the native side builds and runs every listed test.
# int80 compiles 70 of LTP's 78 library files (the rest need netlink/veth/AF_ALG/io_uring/
# SysV msg/inotify/aio headers no socket test links); 35 of the 47 tests build and run,
# 25 with native's counts. docs/conformance.md ("LTP") has the table and the reason for
# every difference (not built: AF_PACKET/netfilter/kTLS headers; no set*id, UDP MSG_MORE,
# PROT_NONE, /proc/sys/kernel/tainted, kernel config, /bin/sh, UDP-Lite).
set -u
LTP=${1:?usage: scripts/ltp.sh LTP_SOURCE_TREE [TEST...]}
shift
LTP=$(cd "$LTP" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/build/ltp}
mkdir -p "$OUT/native" "$OUT/int80/lib"
. "$ROOT/scripts/i386.sh"
INT80="node $ROOT/bin/int80.js"
DIRS="bind accept connect listen socket socketpair send recv sendto recvfrom sendmsg recvmsg getsockopt setsockopt getsockname getpeername shutdown"
SYS=$LTP/testcases/kernel/syscalls

if [ $# -gt 0 ]; then tests=("$@"); else
	tests=()
	for d in $DIRS; do for f in "$SYS"/$d/*.c; do [ -e "$f" ] && tests+=("$(basename "$f" .c)"); done; done
fi

# ---- native ----
if [ ! -f "$LTP/include/config.h" ]; then
	(cd "$LTP" && make autotools && CFLAGS=-m32 LDFLAGS="-m32 -static" ./configure --host=i686-pc-linux-gnu) >"$OUT/native/configure.log" 2>&1 ||
		{ echo "ltp: configure failed, see $OUT/native/configure.log" >&2; exit 1; }
fi
make -C "$LTP/lib" -j2 >"$OUT/native/lib.log" 2>&1 || { echo "ltp: native lib failed, see $OUT/native/lib.log" >&2; exit 1; }
for d in $DIRS; do [ -d "$SYS/$d" ] && make -C "$SYS/$d" -j2 >"$OUT/native/$d.log" 2>&1; done

dir_of() { for d in $DIRS; do [ -f "$SYS/$d/$1.c" ] && { echo "$SYS/$d"; return; }; done; }

# ---- int80: LTP's lib, the files the native build compiled ----
# lib/Makefile adds -DLTPLIB; like libltp.a, the objects go into an archive so that a test
# links only the members it needs (llvm-ar writes the wasm symbol index wasm-ld wants).
CFLAGS80="-I$LTP/include -I$LTP/include/old -I$LTP/lib -D_GNU_SOURCE"
libfail=""
libobjs=()
nlib=0
for o in "$LTP"/lib/*.o; do
	n=$(basename "$o" .o)
	nlib=$((nlib + 1))
	if $INT80 cc -c $CFLAGS80 -DLTPLIB -o "$OUT/int80/lib/$n.o" "$LTP/lib/$n.c" >"$OUT/int80/lib/$n.log" 2>&1; then
		libobjs+=("$OUT/int80/lib/$n.o")
	else
		libfail="$libfail lib/$n.c: $(grep -m1 'error:' "$OUT/int80/lib/$n.log" | sed 's/.*error: //');"
	fi
done
echo "int80: ${#libobjs[@]} of $nlib library files compiled${libfail:+; not:$libfail}" >&2
rm -f "$OUT/int80/libltp.a"
llvm-ar rcs "$OUT/int80/libltp.a" "${libobjs[@]}" || { echo "ltp: llvm-ar failed" >&2; exit 1; }

count() { # file -> "P F B C" (TPASS TFAIL TBROK TCONF lines)
	local f=$1
	echo "$(grep -c TPASS "$f") $(grep -c TFAIL "$f") $(grep -c TBROK "$f") $(grep -c TCONF "$f")"
}

printf "%-16s %-24s %s\n" test "native P/F/B/C" "int80 P/F/B/C"
for t in "${tests[@]}"; do
	d=$(dir_of "$t")
	[ -z "$d" ] && { printf "%-16s not found\n" "$t"; continue; }
	nat="build failed"
	if [ -x "$d/$t" ]; then
		(cd "$d" && LTPROOT=$LTP TMPDIR=/tmp timeout -s KILL 60 $I386_RUN ./"$t") >"$OUT/native/$t.out" 2>&1
		nat=$(count "$OUT/native/$t.out" | tr ' ' /)
	fi
	if $INT80 cc $CFLAGS80 -I"$d" -o "$OUT/int80/$t.wasm" "$d/$t.c" "$OUT/int80/libltp.a" >"$OUT/int80/$t.build.log" 2>&1; then
		(cd "$d" && LTPROOT=$LTP TMPDIR=/tmp timeout -s KILL 120 $INT80 run "$OUT/int80/$t.wasm") >"$OUT/int80/$t.out" 2>&1
		i80=$(count "$OUT/int80/$t.out" | tr ' ' /)
	else
		i80="build failed: $(grep -m1 'error' "$OUT/int80/$t.build.log")"
	fi
	printf "%-16s %-24s %s\n" "$t" "$nat" "$i80"
done

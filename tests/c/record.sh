#!/usr/bin/env bash
# Record the expected output of every tests/c/*.c on the real Linux kernel.
#
# Each program is built with `gcc -m32 -static -O2` (the i386 ABI int80
# emulates), run from the repository root with stdin from /dev/null, and its
# merged stdout+stderr is written to tests/c/expected/NAME.out followed by a
# final line `[exit N]` (N = 128+signal when killed by a signal, as a shell
# reports it).  The soft RLIMIT_NOFILE is set to Linux's default, 1024.
# A program that runs longer than 10 s is a bug in the test.
#
# Usage: tests/c/record.sh [NAME...]   (default: all)
set -u
cd "$(dirname "$0")/../.."
mkdir -p build/native tests/c/expected
. scripts/i386.sh
if [ "$I386_OK" != 1 ]; then echo "record: cannot run i386 binaries here (install gcc-multilib, and qemu-user-static on kernels without ia32 emulation)" >&2; exit 1; fi
if [ $# -gt 0 ]; then names=("$@"); else
	names=(); for f in tests/c/*.c; do names+=("$(basename "$f" .c)"); done
fi
status=0
for name in "${names[@]}"; do
	src=tests/c/$name.c
	bin=build/native/$name
	if ! gcc -m32 -static -O2 -Wall -o "$bin" "$src"; then
		echo "record: $name: build failed" >&2; status=1; continue
	fi
	out=tests/c/expected/$name.out
	# Descriptors above 2 inherited from the caller would shift the fd
	# numbers the tests print: close them all in the child first.
	(
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			[ "$fd" -gt 2 ] && eval "exec $fd>&-"
		done
		ulimit -n 1024          # the default soft RLIMIT_NOFILE (emfile.c)
		exec timeout -s KILL 10 $I386_RUN "$bin"
	) </dev/null >"$out" 2>&1
	rc=$?
	# timeout reports 137 when it had to kill the program.
	if [ $rc -eq 137 ]; then echo "record: $name: timed out (or SIGKILL)" >&2; status=1; fi
	echo "[exit $rc]" >>"$out"
	echo "record: $name [exit $rc]"
done
exit $status

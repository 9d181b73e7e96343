#!/usr/bin/env bash
# Record the expected output of every tests/c/*.c on the real Linux kernel.
#
# Each program is built with `gcc -m32 -static -O2` (the i386 ABI int80
# emulates), run from the repository root with stdin from /dev/null, and its
# merged stdout+stderr is written to tests/c/expected/NAME.out followed by a
# final line `[exit N]` (N = 128+signal when killed by a signal, as a shell
# reports it).  The soft RLIMIT_NOFILE is set to Linux's default, 1024.
# A program that runs longer than 10 s is a bug in the test.
# A program whose source says "record: netns-lo debian-hosts" is run (as root) in a new
# network and mount namespace where lo (127.0.0.1, ::1) is the only interface and
# tests/c/hosts.debian is /etc/hosts: the machine int80 emulates, whatever this one has.
# There net.ipv4.tcp_rmem is Linux's default (4096 131072 6291456; a new namespace copies
# the host's, which may be raised), since the largest receive buffer sets TCP's window scale.
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
	if ! gcc -m32 -static -pthread -O2 -Wall -o "$bin" "$src"; then
		echo "record: $name: build failed" >&2; status=1; continue
	fi
	out=tests/c/expected/$name.out
	wrap=()
	if grep -q "record: netns-lo debian-hosts" "$src"; then
		wrap=(unshare -n -m sh -c 'ip link set lo up && sysctl -qw net.ipv4.tcp_rmem="4096 131072 6291456" && mount --bind tests/c/hosts.debian /etc/hosts && exec "$@"' sh)
	fi
	# Descriptors above 2 inherited from the caller would shift the fd
	# numbers the tests print: close them all in the child first.
	(
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			[ "$fd" -gt 2 ] && eval "exec $fd>&-"
		done
		ulimit -n 1024          # the default soft RLIMIT_NOFILE (emfile.c)
		exec "${wrap[@]}" timeout -s KILL 10 $I386_RUN "$bin"
	) </dev/null >"$out" 2>&1
	rc=$?
	# timeout reports 137 when it had to kill the program.
	if [ $rc -eq 137 ]; then echo "record: $name: timed out (or SIGKILL)" >&2; status=1; fi
	echo "[exit $rc]" >>"$out"
	# Under qemu-user the recording is only as good as qemu's syscall layer: it checks some
	# pointers and flags itself (EFAULT before the kernel sees the call, ENOSYS for ioctls it
	# does not know). Cross-check with an x86_64 build, whose calls the kernel answers itself,
	# and show every line where the two differ, to be checked by hand (i386-only sizes and
	# socketcall details legitimately differ).
	if [ -n "$I386_RUN" ] && gcc -static -O2 -w -o "$bin.x86_64" "$src" 2>/dev/null; then
		(
			for fd in /proc/$BASHPID/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
			ulimit -n 1024
			exec "${wrap[@]}" timeout -s KILL 10 "$bin.x86_64"
		) </dev/null >"$bin.x86_64.out" 2>&1
		echo "[exit $?]" >>"$bin.x86_64.out"
		if ! cmp -s "$out" "$bin.x86_64.out"; then
			echo "record: $name: WARNING: qemu-i386 and the x86_64 build (answered by the kernel itself) differ; check these lines:" >&2
			diff "$out" "$bin.x86_64.out" | sed 's/^/record:   /' >&2
		fi
	fi
	echo "record: $name [exit $rc]"
done
exit $status

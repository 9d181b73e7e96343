#!/usr/bin/env bash
# Record the expected output of every multi-process scenario tests/c/multi/NAME/
# on the real Linux kernel.
#
# A scenario's file `run` lists its processes, one per line: `SOURCE.c ARGS...`.
# Every distinct source is built with `gcc -m32 -static -O2 -Wall` (the i386 ABI
# int80 emulates; -I tests/c/multi -I tests/c for multi.h and common.h, as the
# int80 runs do); then all processes start at once, in the listed order (the
# first, usually the server, first), each in the background from the repository
# root with stdin from /dev/null, descriptors above 2 closed and the soft
# RLIMIT_NOFILE at 1024 (as record.sh does).  Each process's merged
# stdout+stderr goes to its own file; a process still running after 20 s is
# killed (a bug in the scenario).  expected.out then holds, for each process
# in order:
#     == process K: SOURCE.c ARGS
#     <its output>
#     [exit N]          (N = 128+signal when killed by a signal)
#
# A scenario whose programs execve(2) each other cannot run under qemu-i386 (qemu-user
# hands execve to the kernel, which cannot start an i386 binary without ia32 emulation
# or binfmt_misc): where I386_RUN is set, a scenario with a file `x86_64` in its
# directory is built with `gcc -static` (x86_64) and run natively instead; exec's
# behaviour does not depend on the architecture.
#
# A scenario with a directory etc/ is recorded in new network and mount namespaces (root):
# lo only, and the files of etc/ mounted over the machine's /etc (see below).
#
# Usage: tests/c/record_multi.sh [NAME...]   (default: all)
#        OUT=FILE-NAME tests/c/record_multi.sh ...   writes FILE-NAME instead of
#        expected.out (to check that two recordings agree).
set -u
cd "$(dirname "$0")/../.."
. scripts/i386.sh
if [ "$I386_OK" != 1 ]; then echo "record: cannot run i386 binaries here (install gcc-multilib, and qemu-user-static on kernels without ia32 emulation)" >&2; exit 1; fi
top=tests/c/multi
if [ $# -gt 0 ]; then names=("$@"); else
	names=(); for d in "$top"/*/; do [ -f "$d/run" ] && names+=("$(basename "$d")"); done
fi
outname=${OUT:-expected.out}
status=0
for name in "${names[@]}"; do
	dir=$top/$name
	# A scenario with an etc/ directory runs in its own network and mount namespaces:
	# only lo, up, and each file of etc/ over the machine's /etc file of that name (a
	# resolv.conf naming a server the scenario runs, the guest's /etc/hosts...).
	if [ -d "$dir/etc" ] && [ -z "${INT80_RECORD_NS:-}" ]; then
		INT80_RECORD_NS=1 unshare -n -m bash -c '
			ip link set lo up || exit 1
			for f in "$1"/etc/*; do mount --bind "$f" "/etc/${f##*/}" || exit 1; done
			exec bash tests/c/record_multi.sh "$2"' _ "$dir" "$name" || status=1
		continue
	fi
	bindir=build/native/multi/$name
	mkdir -p "$bindir"
	rm -f "$bindir"/*.out
	# the process list
	lines=()
	while read -r line || [ -n "$line" ]; do
		[ -n "${line// }" ] && lines+=("$line")
	done <"$dir/run"
	# build each distinct source once
	arch=-m32 run=$I386_RUN
	if [ -n "$I386_RUN" ] && [ -f "$dir/x86_64" ]; then arch= run=; echo "record: $name: x86_64 build (the scenario execs programs)" >&2; fi
	ok=1
	declare -A built=()
	for line in "${lines[@]}"; do
		read -r src _ <<<"$line"
		[ -n "${built[$src]:-}" ] && continue
		if ! gcc $arch -static -O2 -Wall -I tests/c/multi -I tests/c -o "$bindir/${src%.c}" "$dir/$src"; then
			echo "record: $name: build of $src failed" >&2; ok=0
		fi
		built[$src]=1
	done
	unset built
	if [ $ok = 0 ]; then status=1; continue; fi
	# start them all, in order
	pids=()
	k=0
	for line in "${lines[@]}"; do
		read -r src args <<<"$line"
		read -ra argv <<<"$args"
		(
			for fd in /proc/$BASHPID/fd/*; do
				fd=${fd##*/}
				[ "$fd" -gt 2 ] && eval "exec $fd>&-"
			done
			ulimit -n 1024
			exec timeout -s KILL 20 $run "$bindir/${src%.c}" "${argv[@]}"
		) </dev/null >"$bindir/$k.out" 2>&1 &
		pids+=($!)
		k=$((k + 1))
	done
	# wait for each and assemble the expected output
	out=$dir/$outname
	: >"$out"
	k=0
	summary=""
	for line in "${lines[@]}"; do
		wait "${pids[$k]}"
		rc=$?
		if [ $rc -eq 137 ]; then echo "record: $name: process $k timed out (or SIGKILL)" >&2; fi
		echo "== process $k: $line" >>"$out"
		cat "$bindir/$k.out" >>"$out"
		echo "[exit $rc]" >>"$out"
		summary="$summary $rc"
		k=$((k + 1))
	done
	echo "record: $name [exit$summary]"
done
exit $status

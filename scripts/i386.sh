# Sourced by the recording scripts: sets I386_RUN to what runs an i386 static binary here.
#
# The reference for every C test is the real Linux kernel running the program built with
# `gcc -m32 -static`. Where the kernel executes i386 binaries (ia32 emulation), I386_RUN is
# empty and the binary runs as is. Some kernels cannot (CONFIG_IA32_EMULATION off, or
# virtual machines without a 32-bit mode): there the binary runs under qemu-i386-static
# (Debian's qemu-user-static), which executes the i386 instructions and hands each system
# call to this machine's Linux kernel, so the answers (errno, bytes, ordering) are still the
# real kernel's. Unset I386_RUN_PROBED to probe again.
i386_probe() {
	local dir=${TMPDIR:-/tmp}/int80-i386-probe.$$
	mkdir -p "$dir"
	echo 'int main(void){return 0;}' >"$dir/p.c"
	I386_RUN=
	I386_OK=0
	if gcc -m32 -static -o "$dir/p" "$dir/p.c" >/dev/null 2>&1; then
		if "$dir/p" 2>/dev/null; then I386_OK=1
		elif command -v qemu-i386-static >/dev/null && qemu-i386-static "$dir/p"; then I386_RUN=qemu-i386-static; I386_OK=1
		elif command -v qemu-i386 >/dev/null && qemu-i386 "$dir/p"; then I386_RUN=qemu-i386; I386_OK=1
		fi
	fi
	rm -rf "$dir"
	export I386_RUN I386_OK
}
i386_probe

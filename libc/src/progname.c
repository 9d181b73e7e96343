/* The program's short name (glibc's program_invocation_short_name: argv[0]
 * after its last '/'), for err(3)/warn(3) and syslog(3)'s default ident.
 * wasi-libc does not set __progname, so it is read once from the arguments
 * the process was started with (WASI args_get: Linux's argv on the stack). */
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>
#include "progname.h"

const char *__int80_progname(void)
{
	static char name[256];
	static int done;
	if (done) return name;
	done = 1;
	__wasi_size_t argc = 0, size = 0;
	if (__wasi_args_sizes_get(&argc, &size) != 0 || argc == 0 || size == 0) return name;
	uint8_t **argv = malloc(argc * sizeof *argv);
	uint8_t *buf = malloc(size);
	if (argv && buf && __wasi_args_get(argv, buf) == 0) {
		const char *a0 = (const char *)argv[0];
		const char *slash = strrchr(a0, '/');
		strncpy(name, slash ? slash + 1 : a0, sizeof name - 1);
	}
	free(argv);
	free(buf);
	return name;
}

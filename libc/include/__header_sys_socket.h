/* int80: wasi-libc's WASI socket constants are replaced by Linux's in <sys/socket.h>. */
#include <sys/socket.h>

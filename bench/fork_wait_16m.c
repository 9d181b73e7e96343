/* fork + exit + wait after touching 16 MiB (see fork_wait.c) */
#define TOUCH_MIB 16
#include "fork_wait.c"

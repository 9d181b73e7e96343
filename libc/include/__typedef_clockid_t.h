/* int80: Linux's clockid_t (an int: CLOCK_REALTIME 0, CLOCK_MONOTONIC 1, ...), shadowing
 * wasi-libc's pointer to its clock table. clock_gettime/clock_getres/clock_nanosleep are
 * int80's (src/time.c) and trap with the id. */
#ifndef __wasilibc___typedef_clockid_t_h
#define __wasilibc___typedef_clockid_t_h
typedef int clockid_t;
#endif

#ifndef INT80_PROGNAME_H
#define INT80_PROGNAME_H
/* argv[0] after its last '/' ("" when there is none) */
const char *__int80_progname(void);
#endif

/* int80 <linux/sockios.h>: socket ioctls (include/uapi/linux/sockios.h); also in <sys/ioctl.h>. */
#ifndef _LINUX_SOCKIOS_H
#define _LINUX_SOCKIOS_H
#include <sys/ioctl.h>
#endif

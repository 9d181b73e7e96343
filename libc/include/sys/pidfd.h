/* int80 <sys/pidfd.h>: pidfd_open(2) (nr 434), pidfd_send_signal(2) (424), pidfd_getfd(2)
 * (438), and include/uapi/linux/pidfd.h's flags. They trap and the kernel answers. */
#ifndef _SYS_PIDFD_H
#define _SYS_PIDFD_H

#include <sys/types.h>
#include <signal.h>
#include <fcntl.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PIDFD_NONBLOCK O_NONBLOCK
#define PIDFD_THREAD   O_EXCL
#define PIDFD_SIGNAL_THREAD         (1UL << 0)
#define PIDFD_SIGNAL_THREAD_GROUP   (1UL << 1)
#define PIDFD_SIGNAL_PROCESS_GROUP  (1UL << 2)

int pidfd_open(pid_t, unsigned int);
int pidfd_getfd(int, int, unsigned int);
int pidfd_send_signal(int, int, siginfo_t *, unsigned int);

#ifdef __cplusplus
}
#endif
#endif

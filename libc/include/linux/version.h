/* int80 <linux/version.h>: the Linux whose user ABI int80 follows (the uapi headers
 * these values come from); KERNEL_VERSION as include/generated/uapi/linux/version.h. */
#define LINUX_VERSION_CODE 395008
#define KERNEL_VERSION(a,b,c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR 6
#define LINUX_VERSION_PATCHLEVEL 7
#define LINUX_VERSION_SUBLEVEL 0

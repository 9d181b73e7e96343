// User memory access: arch/x86/include/asm/uaccess.h, lib/usercopy.c.
//
// The kernel never touches a process's memory: a user pointer is a u32 offset into the
// current process's linear memory, and only these host imports (declared in arch/host.ts)
// move bytes across. They check bounds against the current process (the first page and
// anything past the end of its memory fault) and return what Linux's return: the number of
// bytes NOT copied, or -EFAULT. Callers turn a short copy into -EFAULT.
export { copy_from_user, copy_to_user, strncpy_from_user, get_user, put_user } from "../arch/host";

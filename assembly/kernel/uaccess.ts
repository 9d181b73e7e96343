// User memory access: arch/x86/include/asm/uaccess.h, lib/usercopy.c.
//
// The kernel never touches a process's memory: a user pointer is a u32 offset into the
// current process's linear memory, and only these host imports move bytes across. They
// check bounds against the current process (the first page and anything past the end of
// its memory fault) and return what Linux's return: the number of bytes NOT copied, or
// -EFAULT. Callers turn a short copy into -EFAULT.

/** Copies n bytes from user address `from` into kernel memory at `to`; returns bytes not copied. */
@external("env", "copy_from_user")
export declare function copy_from_user(to: usize, from: u32, n: u32): u32;

/** Copies n bytes from kernel memory at `from` to user address `to`; returns bytes not copied. */
@external("env", "copy_to_user")
export declare function copy_to_user(to: u32, from: usize, n: u32): u32;

/** lib/strncpy_from_user.c: length of the string copied (without NUL), n if none found, or -EFAULT. */
@external("env", "strncpy_from_user")
export declare function strncpy_from_user(dst: usize, src: u32, count: u32): i32;

/** get_user() of a 32-bit value into kernel memory at `dst`: 0 or -EFAULT. */
@external("env", "get_user")
export declare function get_user(dst: usize, src: u32): i32;

/** put_user() of a 32-bit value: 0 or -EFAULT. */
@external("env", "put_user")
export declare function put_user(val: u32, dst: u32): i32;

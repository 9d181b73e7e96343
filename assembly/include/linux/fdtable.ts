// struct files_struct (include/linux/fdtable.h). The functions are in kernel/fdtable.ts; the
// struct lives here so that struct task_struct (kernel/sched.ts) can name it.

/** RLIMIT_NOFILE: Linux's default soft limit. */
export const NR_OPEN_DEFAULT = 1024;

/**
 * struct files_struct:
 *   fd             NR_OPEN_DEFAULT file pointers (u32 each), 0 = free
 *   close_on_exec  one bit per fd (FD_CLOEXEC)
 *   next_fd        lowest fd that may be free (fs/file.c's hint)
 */
@unmanaged export class FilesStruct {
  fd: usize;
  close_on_exec: usize;
  next_fd: i32;
  max_fds: i32;
}

// execve(2) (fs/exec.c). The kernel copies the file name, argv and envp in (the
// linux_binprm), asks the host for the program's image, and at the point of no return
// closes FD_CLOEXEC descriptors and resets caught signals (begin_new_exec); the host then
// replaces the process's Wasm instance, same pid. Finding and loading the program is the
// host's (a .wasm, or a .c compiled through the cache): unlike Linux there are no ELF
// binaries and no #! scripts -- any other file is -ENOEXEC.
import { exit_mmap } from "../mm/mmap";
import { Task, current } from "./sched";
import { TASK_COMM_LEN } from "./resource";
import { kmalloc, kfree } from "./slab";
import { strncpy_from_user, get_user } from "./uaccess";
import { do_close_on_exec } from "./fdtable";
import { flush_signal_handlers } from "./signal";
import { init_waitqueue_head, prepare_to_wait, wake_up_task } from "./wait";
import { E2BIG, EFAULT, ENOENT, ENAMETOOLONG, ERESTARTSYS } from "../uapi/errno";

import { host_process_exec } from "../arch/host";

const PATH_MAX: u32 = 4096;
/** MAX_ARG_STRLEN: one argument or environment string (32 pages). */
const MAX_ARG_STRLEN: u32 = 32 * 4096;
/** The whole of argv and envp: a quarter of the default 8 MiB stack limit, as Linux. */
const ARG_MAX: u32 = 2 * 1024 * 1024;

const chunk = memory.data(4096);
const ptrbuf = memory.data(4);

/** Length of a user string with its NUL, -EFAULT, or -E2BIG past MAX_ARG_STRLEN. */
function ustrlen(u: u32): i32 {
  let n: u32 = 0;
  while (n <= MAX_ARG_STRLEN) {
    const r = strncpy_from_user(chunk, u + n, 4096);
    if (r < 0) return r;
    if (r < 4096) return <i32>(n + <u32>r + 1);
    n += 4096;
  }
  return -E2BIG;
}

/** count() + the total size of a user string array (argv/envp); NULL is an empty list. */
let arr_count: i32 = 0;
function measure(arr: u32): i32 {
  arr_count = 0;
  if (!arr) return 0;
  let total: u32 = 0;
  for (let i: u32 = 0; ; i++) {
    if (get_user(ptrbuf, arr + i * 4)) return -EFAULT;
    const p = load<u32>(ptrbuf);
    if (!p) break;
    const len = ustrlen(p);
    if (len < 0) return len;
    total += <u32>len;
    if (total > ARG_MAX) return -E2BIG;
    arr_count++;
  }
  return <i32>total;
}

/** copy_strings(): the strings of a user array into the binprm at off; the new offset. */
function copy_strings(buf: usize, off: u32, arr: u32, count: i32): u32 {
  for (let i = 0; i < count; i++) {
    get_user(ptrbuf, arr + <u32>i * 4);
    const r = strncpy_from_user(buf + off, load<u32>(ptrbuf), MAX_ARG_STRLEN);
    off += <u32>r + 1;
  }
  return off;
}

/** Tasks whose program is being loaded by the host. */
const exec_wq = init_waitqueue_head();

/** do_execveat_common(): 0 never returns to the old image; -errno leaves it running. */
export function sys_execve(filename: u32, argv: u32, envp: u32): i32 {
  const flen = ustrlen(filename);
  if (flen < 0) return flen == -E2BIG ? -ENAMETOOLONG : flen;
  if (<u32>flen > PATH_MAX) return -ENAMETOOLONG;
  if (flen == 1) return -ENOENT; // ""
  const alen = measure(argv);
  if (alen < 0) return alen;
  const argc = arr_count;
  const elen = measure(envp);
  if (elen < 0) return elen;
  const envc = arr_count;
  if (<u32>alen + <u32>elen > ARG_MAX) return -E2BIG;
  const len = 8 + <u32>flen + <u32>alen + <u32>elen;
  const buf = kmalloc(len);
  store<u32>(buf, argc);
  store<u32>(buf, envc, 4);
  strncpy_from_user(buf + 8, filename, flen);
  let off = 8 + <u32>flen;
  off = copy_strings(buf, off, argv, argc);
  copy_strings(buf, off, envp, envc);
  const t = current;
  const r = host_process_exec(t.pid, buf, len);
  if (r == 0) exec_comm(buf + 8, <u32>flen - 1);
  kfree(buf, len);
  if (r < 0) return r;
  if (r == 1) {
    prepare_to_wait(exec_wq);
    return -ERESTARTSYS;
  }
  begin_new_exec(t);
  return 0;
}

const new_comm = memory.data(16);

/** __set_task_comm(kbasename(filename)) prepared: the last path component, at most 15 bytes. */
function exec_comm(name: usize, n: u32): void {
  let start: u32 = 0;
  for (let i: u32 = 0; i < n; i++) if (load<u8>(name + i) == 0x2f) start = i + 1;
  let len = n - start;
  if (len > TASK_COMM_LEN - 1) len = TASK_COMM_LEN - 1;
  memory.fill(new_comm, 0, TASK_COMM_LEN);
  memory.copy(new_comm, name + start, len);
}

/** begin_new_exec(): the point of no return. */
function begin_new_exec(t: Task): void {
  memory.copy(t.comm, new_comm, TASK_COMM_LEN);
  do_close_on_exec(t.files);
  exit_mmap(t); // exec_mmap(): the old image's mappings go with its memory
  flush_signal_handlers(t);
  t.restore_sigmask = 0;
  t.sigframe = 0; // the new image's libc tells where its mailbox is
  t.set_child_tid = 0;
  t.clear_child_tid = 0;
  t.did_exec = 1;
}

/** The host finished loading the program a task waits for. */
export function exec_ready(t: Task): void {
  wake_up_task(t);
}

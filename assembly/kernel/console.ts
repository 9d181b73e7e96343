// The console: descriptors 0, 1 and 2 of every task. Writes reach the host's stdout or
// stderr for that process; reads come from the host's stdin for it (EOF when none).
import { File, FileOperations, alloc_file, no_llseek, no_iterate } from "./fs";
import { IovIter, copy_from_iter } from "./iov_iter";
import { current } from "./sched";
import { PollTable, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "./poll";
import { copy_from_user, copy_to_user } from "./uaccess";
import { EFAULT, ENOTTY } from "../uapi/errno";
import { O_RDONLY, O_WRONLY } from "../uapi/fcntl";
import { IOVEC_SIZE } from "../uapi/net";
import { host_console_write, host_console_read } from "../arch/host";

const CONSOLE_CHUNK: u32 = 4096;
const bounce = memory.data(4096);

function console_write_iter(file: File, iter: IovIter): i32 {
  let done: u32 = 0;
  while (iter.count) {
    // one bounce buffer; user bytes still move only through copy_from_user (copy_from_iter)
    const want = iter.count < CONSOLE_CHUNK ? iter.count : CONSOLE_CHUNK;
    const n = copy_from_iter(bounce, want, iter);
    if (n) host_console_write(current.pid, <i32>file.private_data, bounce, n);
    done += n;
    if (n < want) return done ? <i32>done : -EFAULT;
  }
  return <i32>done;
}

function console_read_iter(file: File, iter: IovIter): i32 {
  if (!iter.count) return 0;
  let want = iter.count;
  if (want > CONSOLE_CHUNK) want = CONSOLE_CHUNK;
  // fill the first segment(s) from one host read
  const n = host_console_read(current.pid, bounce, want);
  if (n <= 0) return n;
  let done: u32 = 0;
  while (done < <u32>n) {
    const base = load<u32>(iter.iov + <usize>iter.seg * IOVEC_SIZE);
    const len = load<u32>(iter.iov + <usize>iter.seg * IOVEC_SIZE, 4);
    if (iter.seg_off >= len) { iter.seg++; iter.seg_off = 0; continue; }
    let chunk = len - iter.seg_off;
    if (chunk > <u32>n - done) chunk = <u32>n - done;
    if (copy_to_user(base + iter.seg_off, bounce + done, chunk)) return done ? <i32>done : -EFAULT;
    done += chunk;
    iter.seg_off += chunk;
    iter.count -= chunk;
  }
  return <i32>done;
}

function console_poll(file: File, pt: PollTable | null): u32 {
  return file.private_data == 0 ? POLLIN | POLLRDNORM : POLLOUT | POLLWRNORM;
}

function console_ioctl(file: File, cmd: u32, arg: u32): i32 {
  return -ENOTTY;
}

function console_release(file: File): void {}

export const console_fops = new FileOperations();
console_fops.read_iter = console_read_iter;
console_fops.write_iter = console_write_iter;
console_fops.poll = console_poll;
console_fops.unlocked_ioctl = console_ioctl;
console_fops.release = console_release;
console_fops.llseek = no_llseek;
console_fops.iterate_shared = no_iterate;
console_fops.anon_mode = 0o20620;

/** The file behind descriptor fd (0, 1 or 2) of a new task. */
export function console_file(fd: i32): File {
  return alloc_file(console_fops, fd == 0 ? O_RDONLY : O_WRONLY, <usize>fd);
}

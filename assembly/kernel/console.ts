// The console: descriptors 0, 1 and 2 of every task, the host's stdin, stdout and stderr.
// Like a tty or pipe driver, the kernel side only moves bytes and decides when a call
// waits; the host says what its streams can do (console_state): stdin has bytes or is at
// its end, stdout is full (back-pressure) or its reader is gone. A read with no bytes yet
// and a write into a full stream sleep on console_wait, which the host wakes
// (console_wake) when bytes arrive or the stream drains. One process's fd 0 is the host's
// stdin; every other process's fd 0 reads EOF, as /dev/null. When the host's stdout is a
// terminal, the console answers the termios ioctls (TCGETS, TCSETS*, TIOCGWINSZ).
import { File, FileOperations, alloc_file, no_llseek, no_iterate } from "./fs";
import { IovIter, copy_from_iter } from "./iov_iter";
import { current } from "./sched";
import { PollTable, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM, POLLHUP, POLLERR, poll_wait } from "./poll";
import { copy_from_user, copy_to_user } from "./uaccess";
import { WaitQueueHead, init_waitqueue_head, prepare_to_wait, wake_up } from "./wait";
import { send_sig } from "./signal";
import { EFAULT, ENOTTY, EAGAIN, EPIPE, ERESTARTSYS } from "../uapi/errno";
import { O_RDONLY, O_WRONLY, O_NONBLOCK } from "../uapi/fcntl";
import { IOVEC_SIZE } from "../uapi/net";
import { SIGPIPE } from "../uapi/signal";
import { host_console_write, host_console_read, host_console_state, host_console_winsize } from "../arch/host";

/** console_state bits: what the host's stream can do now. */
export const CONSOLE_DATA: i32 = 1;     // stdin: bytes wait to be read
export const CONSOLE_END: i32 = 2;      // stdin: no more bytes will come (EOF)
export const CONSOLE_WRITABLE: i32 = 4; // stdout/stderr: the host takes more bytes
export const CONSOLE_TTY: i32 = 8;      // the host's stream is a terminal
export const CONSOLE_PIPE: i32 = 16;    // stdin is a pipe or FIFO (its end is a hangup)
export const CONSOLE_BROKEN: i32 = 32;  // stdout/stderr: the reader is gone

// ioctls of a terminal (include/uapi/asm-generic/ioctls.h)
const TCGETS: u32 = 0x5401;
const TCSETS: u32 = 0x5402;
const TCSETSW: u32 = 0x5403;
const TCSETSF: u32 = 0x5404;
const TCSBRK: u32 = 0x5409;
const TCXONC: u32 = 0x540a;
const TCFLSH: u32 = 0x540b;
const TIOCGWINSZ: u32 = 0x5413;
const TIOCSWINSZ: u32 = 0x5414;
/** struct termios as TCGETS copies it (asm-generic/termbits.h): 4 flags, c_line, c_cc[19] */
const TERMIOS_SIZE: u32 = 36;

const CONSOLE_CHUNK: u32 = 4096;
const bounce = memory.data(4096);
/** The one terminal's settings (tty_struct's termios): tty_std_termios until TCSETS. */
const termios = memory.data(36);
/** Tasks waiting for stdin bytes or for stdout to drain. */
let console_wait: WaitQueueHead | null = null;

function console_wq(): WaitQueueHead {
  if (!console_wait) {
    console_wait = init_waitqueue_head();
    tty_std_termios();
  }
  return console_wait!;
}

/** drivers/tty/tty_io.c tty_std_termios: ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD|HUPCL, ISIG|ICANON|ECHO... */
function tty_std_termios(): void {
  store<u32>(termios, 0o0400 | 0o2000);                 // c_iflag: ICRNL | IXON
  store<u32>(termios, 0o0001 | 0o0004, 4);              // c_oflag: OPOST | ONLCR
  store<u32>(termios, 0o000017 | 0o000060 | 0o000200 | 0o002000, 8); // c_cflag: B38400 | CS8 | CREAD | HUPCL
  store<u32>(termios, 0o0001 | 0o0002 | 0o0010 | 0o0020 | 0o0040 | 0o1000 | 0o4000 | 0o100000, 12); // c_lflag: ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
  store<u8>(termios, 0, 16);                            // c_line: N_TTY
  // c_cc (INIT_C_CC): VINTR ^C, VQUIT ^\, VERASE DEL, VKILL ^U, VEOF ^D, VTIME 0, VMIN 1, ...
  const cc: u8[] = [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0];
  for (let i = 0; i < cc.length; i++) store<u8>(termios + 17 + i, cc[i]);
}

/** At boot (tty_init): the wait queue and the termios, so that they are part of the kernel's baseline. */
export function console_init(): void {
  console_wq();
}

/** The host woke the console: stdin has bytes (or ended), or stdout drained. */
export function console_wake(): void {
  wake_up(console_wq());
}

function console_write_iter(file: File, iter: IovIter): i32 {
  let done: u32 = 0;
  while (iter.count) {
    // one bounce buffer; user bytes still move only through copy_from_user (copy_from_iter)
    const want = iter.count < CONSOLE_CHUNK ? iter.count : CONSOLE_CHUNK;
    const n = copy_from_iter(bounce, want, iter);
    if (n) {
      const r = host_console_write(current.pid, <i32>file.private_data, bounce, n);
      if (r == -EPIPE) {
        // pipe_write() with no readers: SIGPIPE, and EPIPE if nothing was written
        if (done) return <i32>done;
        send_sig(SIGPIPE, current);
        return -EPIPE;
      }
      if (r == -EAGAIN) {
        // the host's buffer is full: a short write (these n bytes are not counted), or
        // wait for it to drain (the restarted call takes its iterator afresh)
        if (done) return <i32>done;
        if (file.f_flags & O_NONBLOCK) return -EAGAIN;
        prepare_to_wait(console_wq());
        return -ERESTARTSYS;
      }
    }
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
  if (n == -EAGAIN) {
    // no bytes yet (a pipe or terminal): wait for the host's console_wake, as pipe_read
    if (file.f_flags & O_NONBLOCK) return -EAGAIN;
    prepare_to_wait(console_wq());
    return -ERESTARTSYS;
  }
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

/**
 * Linux's bits for what the host's stream is: a regular file is always readable (POLLIN
 * at EOF too); a pipe has POLLIN with bytes and POLLHUP once its writer is gone; a terminal
 * (n_tty_poll) and /dev/null have POLLIN when a read will not wait. Writing: POLLOUT until
 * the host's buffer is full; POLLERR when the reader is gone (a pipe without readers).
 */
function console_poll(file: File, pt: PollTable | null): u32 {
  poll_wait(console_wq(), pt);
  const st = host_console_state(current.pid, <i32>file.private_data, pt ? 1 : 0);
  let mask: u32 = 0;
  if (file.private_data == 0) {
    if (st & CONSOLE_PIPE) {
      if (st & CONSOLE_DATA) mask |= POLLIN | POLLRDNORM;
      if (st & CONSOLE_END) mask |= POLLHUP;
    } else if (st & (CONSOLE_DATA | CONSOLE_END)) mask |= POLLIN | POLLRDNORM;
    return mask;
  }
  if (st & CONSOLE_BROKEN) return POLLOUT | POLLWRNORM | POLLERR;
  if (st & CONSOLE_WRITABLE) mask |= POLLOUT | POLLWRNORM;
  return mask;
}

/** tty_ioctl() basics for a console that is a terminal; anything else is not a tty. */
function console_ioctl(file: File, cmd: u32, arg: u32): i32 {
  const st = host_console_state(current.pid, <i32>file.private_data, 0);
  if (!(st & CONSOLE_TTY)) return -ENOTTY;
  console_wq(); // the termios are set up with the queue
  switch (cmd) {
    case TCGETS:
      return copy_to_user(arg, termios, TERMIOS_SIZE) ? -EFAULT : 0;
    case TCSETS: case TCSETSW: case TCSETSF:
      // Unlike Linux, the settings are kept and read back but the host's terminal keeps
      // its own mode (no raw input: lines arrive as the host's terminal sends them)
      return copy_from_user(termios, arg, TERMIOS_SIZE) ? -EFAULT : 0;
    case TIOCGWINSZ: {
      const ws = host_console_winsize(<i32>file.private_data);
      store<u16>(bounce, <u16>(ws >>> 16));
      store<u16>(bounce, <u16>(ws & 0xffff), 2);
      store<u32>(bounce, 0, 4);
      return copy_to_user(arg, bounce, 8) ? -EFAULT : 0;
    }
    case TIOCSWINSZ: case TCSBRK: case TCXONC: case TCFLSH:
      // tcdrain (the host writes in order), tcflow, tcflush: nothing held back here
      return 0;
  }
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

// net/socket.c: the socket system calls. Each handler has one shape: look up the fd,
// validate and copy in, call sock->ops, copy out. sys_socketcall demultiplexes the
// i386 socketcall(2) exactly as Linux does (one nargs[] table, one switch).
import { ktrace } from "../kernel/trace";
import { current } from "../kernel/sched";
import { kzalloc_obj, kfree_obj } from "../kernel/slab";
import { copy_from_user, copy_to_user, get_user, put_user } from "../kernel/uaccess";
import { File, alloc_file, fput, no_llseek, no_iterate } from "../kernel/fs";
import { files_lookup, get_unused_fd_flags, put_unused_fd, fd_install } from "../kernel/fdtable";
import { IovIter, import_single_range, import_iovec, iov_iter_free, iov_iter_advance } from "../kernel/iov_iter";
import { PollTable } from "../kernel/poll";
import { IS_ERR, PTR_ERR, ERR_PTR } from "../kernel/err";
import { Socket, ProtoOps, NetProtoFamily, socket_file_ops, sock_from_file } from "./net";
import { Msghdr } from "./core/msghdr";
import { sock_setsockopt, sock_getsockopt } from "./core/sock";
import { msg_control_from_user, msg_control_free } from "./core/scm";
import { sock_do_dev_ioctl } from "./core/dev_ioctl";
import * as E from "../uapi/errno";
import * as net from "../uapi/net";
// net/socket.c nargs[]: argument counts of the subcalls in longs (tables/socketcall.tbl)
import { socketcall_nargs as nargs } from "../uapi/socketcall";
import { O_RDWR, O_NONBLOCK, O_CLOEXEC } from "../uapi/fcntl";

// ---- per-call scratch (a syscall runs to completion before the next one starts) ----

/** Kernel copy of a user sockaddr: sockaddr_storage plus room for af_unix's NUL. */
export const address = memory.data(net.SOCKADDR_STORAGE_SIZE + 4);
const iovstack = memory.data(net.UIO_FASTIOV * net.IOVEC_SIZE);
const kiter = kzalloc_obj<IovIter>();
export const kmsg = kzalloc_obj<Msghdr>();
const uhdr = memory.data(net.MSGHDR_SIZE);

// ---- struct socket allocation and the socket file ----

/** sock_alloc(): a new, unattached struct socket. */
export function sock_alloc(): Socket {
  ktrace("sock_alloc");
  const sock = kzalloc_obj<Socket>();
  sock.state = net.SS_UNCONNECTED;
  return sock;
}

/** __sock_release(): protocol release, then free the socket. */
export function sock_release(sock: Socket): void {
  ktrace("__sock_release");
  if (changetype<usize>(sock.ops)) {
    sock.ops.release(sock);
    sock.ops = changetype<ProtoOps>(0);
  }
  kfree_obj(sock);
}

function sock_close(file: File): void {
  sock_release(changetype<Socket>(file.private_data));
}

/** sock_read_iter(): read(2)/readv(2) on a socket is recvmsg without an address. */
function sock_read_iter(file: File, iter: IovIter): i32 {
  ktrace("sock_read_iter");
  const sock = changetype<Socket>(file.private_data);
  const msg = kmsg;
  msghdr_reset(msg, iter);
  if (iter.count == 0) return 0;
  const flags = (file.f_flags & O_NONBLOCK) ? net.MSG_DONTWAIT : 0;
  return sock_recvmsg(sock, msg, flags);
}

/** sock_write_iter(): write(2)/writev(2) on a socket is sendmsg without an address. */
function sock_write_iter(file: File, iter: IovIter): i32 {
  ktrace("sock_write_iter");
  const sock = changetype<Socket>(file.private_data);
  const msg = kmsg;
  msghdr_reset(msg, iter);
  if (file.f_flags & O_NONBLOCK) msg.msg_flags |= net.MSG_DONTWAIT;
  if (sock.type == net.SOCK_SEQPACKET) msg.msg_flags |= net.MSG_EOR;
  return sock_sendmsg(sock, msg);
}

function sock_poll(file: File, pt: PollTable | null): u32 {
  ktrace("sock_poll");
  const sock = changetype<Socket>(file.private_data);
  return sock.ops.poll(file, sock, pt);
}

/** sock_ioctl() after do_vfs_ioctl() took the generic commands. */
function sock_ioctl(file: File, cmd: u32, arg: u32): i32 {
  ktrace("sock_ioctl");
  const sock = changetype<Socket>(file.private_data);
  const err = sock.ops.ioctl(sock, cmd, arg);
  // sock_do_ioctl(): what the family does not take goes to the device layer (or -ENOTTY)
  return err == -E.ENOIOCTLCMD ? sock_do_dev_ioctl(sock.ops.family, cmd, arg) : err;
}

/** sock_mmap(): the family decides (sock_no_mmap: -ENODEV; TCP: tcp_mmap). */
function sock_mmap(file: File, addr: u32, len: u32, pgoff: u32, prot: u32): i32 {
  const sock = changetype<Socket>(file.private_data);
  return sock.ops.mmap(sock, prot);
}

// socket_file_ops (the object is in net.ts, so that every layer can recognise a socket file)
socket_file_ops.read_iter = sock_read_iter;
socket_file_ops.write_iter = sock_write_iter;
socket_file_ops.poll = sock_poll;
socket_file_ops.unlocked_ioctl = sock_ioctl;
socket_file_ops.release = sock_close;
socket_file_ops.llseek = no_llseek;
socket_file_ops.iterate_shared = no_iterate;
socket_file_ops.mmap = sock_mmap;
socket_file_ops.anon_mode = 0o140777;

/** sock_alloc_file(): wrap a socket in a file (O_RDWR plus O_NONBLOCK from the flags). */
export function sock_alloc_file(sock: Socket, flags: i32): File {
  ktrace("sock_alloc_file");
  const file = alloc_file(socket_file_ops, O_RDWR | (flags & O_NONBLOCK), changetype<usize>(sock));
  sock.file = file;
  return file;
}

/** sock_map_fd(): a descriptor for a new socket, or -EMFILE (the socket is released). */
function sock_map_fd(sock: Socket, flags: i32): i32 {
  ktrace("sock_map_fd");
  const fd = get_unused_fd_flags(current.files, flags);
  if (fd < 0) {
    sock_release(sock);
    return fd;
  }
  fd_install(current.files, fd, sock_alloc_file(sock, flags));
  return fd;
}

/** sockfd_lookup_light(): the socket of fd, or ERR_PTR(-EBADF / -ENOTSOCK). */
export function sockfd_lookup_light(fd: i32): Socket {
  ktrace("sockfd_lookup_light");
  const file = files_lookup(current.files, fd);
  if (!file) return ERR_PTR<Socket>(-E.EBADF);
  const sock = sock_from_file(file);
  if (!sock) return ERR_PTR<Socket>(-E.ENOTSOCK);
  return sock;
}

// ---- families ----

const net_families = new StaticArray<usize>(net.NPROTO);

/** sock_register(): make a family's create() reachable from socket(2). */
export function sock_register(ops: NetProtoFamily): void {
  unchecked(net_families[ops.family] = changetype<usize>(ops));
}

/** __sock_create(): a socket of the family, or ERR_PTR(-errno). */
export function sock_create(family: i32, type: i32, protocol: i32): Socket {
  ktrace("__sock_create");
  if (family < 0 || family >= net.NPROTO) return ERR_PTR<Socket>(-E.EAFNOSUPPORT);
  if (type < 0 || type >= net.SOCK_MAX) return ERR_PTR<Socket>(-E.EINVAL);
  if (family == net.AF_INET && type == net.SOCK_PACKET) family = net.AF_PACKET;
  const pf = changetype<NetProtoFamily | null>(unchecked(net_families[family]));
  if (!pf) return ERR_PTR<Socket>(-E.EAFNOSUPPORT);
  const sock = sock_alloc();
  sock.type = type;
  const err = pf.create(sock, protocol, 0);
  if (err < 0) {
    sock.ops = changetype<ProtoOps>(0); // create failed: nothing to release
    kfree_obj(sock);
    return ERR_PTR<Socket>(err);
  }
  return sock;
}

function msghdr_reset(msg: Msghdr, iter: IovIter): void {
  msg.msg_name = 0;
  msg.msg_namelen = 0;
  msg.msg_iter = iter;
  msg.msg_control = 0;
  msg.msg_controllen = 0;
  msg.msg_control_k = 0;
  msg.msg_flags = 0;
  msg.msg_cmsg_flags = 0;
}

/** move_addr_to_kernel(): 0 or -EINVAL (length) / -EFAULT. */
export function move_addr_to_kernel(uaddr: u32, ulen: i32, kaddr: usize): i32 {
  ktrace("move_addr_to_kernel");
  if (ulen < 0 || ulen > net.SOCKADDR_STORAGE_SIZE) return -E.EINVAL;
  if (ulen == 0) return 0;
  if (copy_from_user(kaddr, uaddr, <u32>ulen)) return -E.EFAULT;
  return 0;
}

/**
 * move_addr_to_user(): copy min(klen, *ulen) bytes out and store klen (the full length)
 * in *ulen.
 */
export function move_addr_to_user(kaddr: usize, klen: i32, uaddr: u32, ulen: u32): i32 {
  ktrace("move_addr_to_user");
  const tmp = changetype<usize>(lenbuf);
  if (get_user(tmp, ulen)) return -E.EFAULT;
  let len = load<i32>(tmp);
  if (len < 0) return -E.EINVAL;
  if (len > klen) len = klen;
  if (len && copy_to_user(uaddr, kaddr, <u32>len)) return -E.EFAULT;
  if (put_user(<u32>klen, ulen)) return -E.EFAULT;
  return 0;
}
const lenbuf = new StaticArray<u8>(16);

// ---- the calls ----

export function __sys_socket(family: i32, type: i32, protocol: i32): i32 {
  ktrace("__sys_socket");
  const flags = type & ~net.SOCK_TYPE_MASK;
  if (flags & ~(net.SOCK_CLOEXEC | net.SOCK_NONBLOCK)) return -E.EINVAL;
  type &= net.SOCK_TYPE_MASK;
  const sock = sock_create(family, type, protocol);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  return sock_map_fd(sock, flags & (O_CLOEXEC | O_NONBLOCK));
}

export function __sys_socketpair(family: i32, type: i32, protocol: i32, usockvec: u32): i32 {
  ktrace("__sys_socketpair");
  const flags = type & ~net.SOCK_TYPE_MASK;
  if (flags & ~(net.SOCK_CLOEXEC | net.SOCK_NONBLOCK)) return -E.EINVAL;
  type &= net.SOCK_TYPE_MASK;
  const files = current.files;
  const fd1 = get_unused_fd_flags(files, flags);
  if (fd1 < 0) return fd1;
  const fd2 = get_unused_fd_flags(files, flags);
  if (fd2 < 0) {
    put_unused_fd(files, fd1);
    return fd2;
  }
  let err = 0;
  if (put_user(<u32>fd1, usockvec) || put_user(<u32>fd2, usockvec + 4)) err = -E.EFAULT;
  let sock1 = changetype<Socket>(0), sock2 = changetype<Socket>(0);
  if (!err) {
    sock1 = sock_create(family, type, protocol);
    if (IS_ERR(sock1)) { err = PTR_ERR(sock1); sock1 = changetype<Socket>(0); }
  }
  if (!err) {
    sock2 = sock_create(family, type, protocol);
    if (IS_ERR(sock2)) { err = PTR_ERR(sock2); sock2 = changetype<Socket>(0); }
  }
  if (!err) err = sock1.ops.socketpair(sock1, sock2);
  if (err < 0) {
    if (changetype<usize>(sock2)) sock_release(sock2);
    if (changetype<usize>(sock1)) sock_release(sock1);
    put_unused_fd(files, fd2);
    put_unused_fd(files, fd1);
    return err;
  }
  fd_install(files, fd1, sock_alloc_file(sock1, flags));
  fd_install(files, fd2, sock_alloc_file(sock2, flags));
  return 0;
}

export function __sys_bind(fd: i32, umyaddr: u32, addrlen: i32): i32 {
  ktrace("__sys_bind");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  const err = move_addr_to_kernel(umyaddr, addrlen, address);
  if (err) return err;
  return sock.ops.bind(sock, address, addrlen);
}

/** net.core.somaxconn */
export const sysctl_somaxconn = 4096;

export function __sys_listen(fd: i32, backlog: i32): i32 {
  ktrace("__sys_listen");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  if (<u32>backlog > <u32>sysctl_somaxconn) backlog = sysctl_somaxconn;
  return sock.ops.listen(sock, backlog);
}

/** __sys_accept4_file() + do_accept(). */
export function __sys_accept4(fd: i32, upeer_sockaddr: u32, upeer_addrlen: u32, flags: i32): i32 {
  ktrace("__sys_accept4");
  const file = files_lookup(current.files, fd);
  if (!file) return -E.EBADF;
  if (flags & ~(net.SOCK_CLOEXEC | net.SOCK_NONBLOCK)) return -E.EINVAL;
  const files = current.files;
  const newfd = get_unused_fd_flags(files, flags);
  if (newfd < 0) return newfd;
  const sock = sock_from_file(file);
  if (!sock) {
    put_unused_fd(files, newfd);
    return -E.ENOTSOCK;
  }
  const newsock = sock_alloc();
  newsock.type = sock.type;
  newsock.ops = sock.ops;
  const newfile = sock_alloc_file(newsock, flags);
  let err = sock.ops.accept(sock, newsock, (file.f_flags | <u32>flags) & O_NONBLOCK);
  if (err >= 0 && upeer_sockaddr) {
    const len = newsock.ops.getname(newsock, address, 2);
    if (len < 0) err = -E.ECONNABORTED;
    else err = move_addr_to_user(address, len, upeer_sockaddr, upeer_addrlen);
  }
  if (err < 0) {
    fput(newfile); // releases newsock; an accepted connection is lost, as on Linux
    put_unused_fd(files, newfd);
    return err;
  }
  fd_install(files, newfd, newfile);
  return newfd;
}

export function __sys_connect(fd: i32, uservaddr: u32, addrlen: i32): i32 {
  ktrace("__sys_connect");
  const file = files_lookup(current.files, fd);
  if (!file) return -E.EBADF;
  const err = move_addr_to_kernel(uservaddr, addrlen, address);
  if (err) return err;
  const sock = sock_from_file(file);
  if (!sock) return -E.ENOTSOCK;
  return sock.ops.connect(sock, address, addrlen, file.f_flags);
}

function do_getname(fd: i32, usockaddr: u32, usockaddr_len: u32, peer: i32): i32 {
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  const len = sock.ops.getname(sock, address, peer);
  if (len < 0) return len;
  return move_addr_to_user(address, len, usockaddr, usockaddr_len);
}

export function __sys_getsockname(fd: i32, usockaddr: u32, usockaddr_len: u32): i32 {
  ktrace("__sys_getsockname");
  return do_getname(fd, usockaddr, usockaddr_len, 0);
}

export function __sys_getpeername(fd: i32, usockaddr: u32, usockaddr_len: u32): i32 {
  ktrace("__sys_getpeername");
  return do_getname(fd, usockaddr, usockaddr_len, 1);
}

export function __sys_sendto(fd: i32, buff: u32, len: u32, flags: i32, addr: u32, addr_len: i32): i32 {
  ktrace("__sys_sendto");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  const msg = kmsg;
  import_single_range(kiter, iovstack, buff, len);
  msghdr_reset(msg, kiter);
  if (addr) {
    const err = move_addr_to_kernel(addr, addr_len, address);
    if (err < 0) return err;
    msg.msg_name = address;
    msg.msg_namelen = addr_len;
  }
  flags &= ~net.MSG_INTERNAL_SENDMSG_FLAGS;
  if (sock.file!.f_flags & O_NONBLOCK) flags |= net.MSG_DONTWAIT;
  msg.msg_flags = flags;
  return sock_sendmsg(sock, msg);
}

/** sock_sendmsg(): continue a send that was suspended part-way (see Task.restart_progress). */
function sock_sendmsg(sock: Socket, msg: Msghdr): i32 {
  ktrace("sock_sendmsg");
  const done = current.restart_progress;
  if (done) iov_iter_advance(msg.msg_iter, <u32>done);
  const ret = sock.ops.sendmsg(sock, msg, msg.msg_iter.count);
  return ret >= 0 ? ret + done : ret;
}

export function __sys_recvfrom(fd: i32, ubuf: u32, size: u32, flags: i32, addr: u32, addr_len: u32): i32 {
  ktrace("__sys_recvfrom");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  const msg = kmsg;
  import_single_range(kiter, iovstack, ubuf, size);
  msghdr_reset(msg, kiter);
  msg.msg_name = addr ? address : 0;
  if (sock.file!.f_flags & O_NONBLOCK) flags |= net.MSG_DONTWAIT;
  let err = sock_recvmsg(sock, msg, flags);
  if (err >= 0 && addr) {
    const err2 = move_addr_to_user(address, msg.msg_namelen, addr, addr_len);
    if (err2 < 0) err = err2;
  }
  return err;
}

function sock_recvmsg(sock: Socket, msg: Msghdr, flags: i32): i32 {
  ktrace("sock_recvmsg");
  const done = current.restart_progress;
  if (done) iov_iter_advance(msg.msg_iter, <u32>done);
  const ret = sock.ops.recvmsg(sock, msg, msg.msg_iter.count, flags);
  return ret >= 0 ? ret + done : ret;
}

export function __sys_setsockopt(fd: i32, level: i32, optname: i32, optval: u32, optlen: i32): i32 {
  ktrace("__sys_setsockopt");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  if (optlen < 0) return -E.EINVAL;
  if (level == net.SOL_SOCKET) return sock_setsockopt(sock, optname, optval, optlen);
  return sock.ops.setsockopt(sock, level, optname, optval, optlen);
}

export function __sys_getsockopt(fd: i32, level: i32, optname: i32, optval: u32, optlen: u32): i32 {
  ktrace("__sys_getsockopt");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  if (level == net.SOL_SOCKET) return sock_getsockopt(sock, optname, optval, optlen);
  return sock.ops.getsockopt(sock, level, optname, optval, optlen);
}

export function __sys_shutdown(fd: i32, how: i32): i32 {
  ktrace("__sys_shutdown");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  return sock.ops.shutdown(sock, how);
}

/**
 * copy_msghdr_from_user() for the i386 (compat) struct msghdr: fills msg and the iov
 * iterator; returns 0 or -errno. uaddr/uaddr_len are left in the header copy (uhdr).
 */
function copy_msghdr_from_user(msg: Msghdr, umsg: u32, save_addr: bool): i32 {
  ktrace("copy_msghdr_from_user");
  if (copy_from_user(uhdr, umsg, net.MSGHDR_SIZE)) return -E.EFAULT;
  const name = load<u32>(uhdr + net.MSGHDR_NAME);
  let namelen = load<i32>(uhdr + net.MSGHDR_NAMELEN);
  const iovlen = load<u32>(uhdr + net.MSGHDR_IOVLEN);
  msghdr_reset(msg, kiter);
  msg.msg_control = load<u32>(uhdr + net.MSGHDR_CONTROL);
  msg.msg_controllen = load<u32>(uhdr + net.MSGHDR_CONTROLLEN);
  msg.msg_flags = load<i32>(uhdr + net.MSGHDR_FLAGS);
  // __get_compat_msghdr(): no name means no length; a negative one is -EINVAL; a longer
  // one than sockaddr_storage is clamped to it (the family sees at most 128 bytes)
  if (!name) namelen = 0;
  if (namelen < 0) return -E.EINVAL;
  if (namelen > net.SOCKADDR_STORAGE_SIZE) namelen = net.SOCKADDR_STORAGE_SIZE;
  if (name && namelen) {
    msg.msg_name = address;
    msg.msg_namelen = namelen;
    if (!save_addr) {
      const err = move_addr_to_kernel(name, namelen, address);
      if (err < 0) return err;
    }
  } else if (save_addr && name) {
    msg.msg_name = address;
  }
  if (iovlen > <u32>net.UIO_MAXIOV) return -E.EMSGSIZE;
  const err = import_iovec(kiter, iovstack, load<u32>(uhdr + net.MSGHDR_IOV), iovlen);
  return err < 0 ? err : 0;
}

/** ___sys_sendmsg() */
function ___sys_sendmsg(sock: Socket, umsg: u32, flags: i32): i32 {
  const msg = kmsg;
  let err = copy_msghdr_from_user(msg, umsg, false);
  if (err < 0) { iov_iter_free(kiter); return err; }
  flags &= ~net.MSG_INTERNAL_SENDMSG_FLAGS;
  if (<i32>msg.msg_controllen < 0) { iov_iter_free(kiter); return -E.ENOBUFS; }
  msg.msg_flags = flags;
  if (sock.file!.f_flags & O_NONBLOCK) msg.msg_flags |= net.MSG_DONTWAIT;
  err = msg_control_from_user(msg);
  if (err >= 0) err = sock_sendmsg(sock, msg);
  msg_control_free(msg);
  iov_iter_free(kiter);
  return err;
}

/** ___sys_recvmsg() */
function ___sys_recvmsg(sock: Socket, umsg: u32, flags: i32): i32 {
  const msg = kmsg;
  let err = copy_msghdr_from_user(msg, umsg, true);
  if (err < 0) { iov_iter_free(kiter); return err; }
  const uaddr = load<u32>(uhdr + net.MSGHDR_NAME);
  const cmsg_start = msg.msg_control;
  msg.msg_flags = flags & net.MSG_CMSG_CLOEXEC; // reported back in msg_flags, as Linux does
  msg.msg_cmsg_flags = flags & net.MSG_CMSG_CLOEXEC;
  msg.msg_namelen = 0;
  if (sock.file!.f_flags & O_NONBLOCK) flags |= net.MSG_DONTWAIT;
  err = sock_recvmsg(sock, msg, flags);
  iov_iter_free(kiter);
  if (err < 0) return err;
  const len = err;
  if (uaddr) {
    err = move_addr_to_user(address, msg.msg_namelen, uaddr, umsg + net.MSGHDR_NAMELEN);
    if (err < 0) return err;
  }
  if (put_user(<u32>msg.msg_flags, umsg + net.MSGHDR_FLAGS)) return -E.EFAULT;
  if (put_user(msg.msg_control - cmsg_start, umsg + net.MSGHDR_CONTROLLEN)) return -E.EFAULT;
  return len;
}

export function __sys_sendmsg(fd: i32, umsg: u32, flags: i32): i32 {
  ktrace("__sys_sendmsg");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  return ___sys_sendmsg(sock, umsg, flags);
}

export function __sys_recvmsg(fd: i32, umsg: u32, flags: i32): i32 {
  ktrace("__sys_recvmsg");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  return ___sys_recvmsg(sock, umsg, flags);
}

/** __sys_sendmmsg(): send up to vlen messages; the count sent, or the first error. */
export function __sys_sendmmsg(fd: i32, mmsg: u32, vlen: u32, flags: i32): i32 {
  ktrace("__sys_sendmmsg");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  if (vlen > <u32>net.UIO_MAXIOV) vlen = net.UIO_MAXIOV;
  let datagrams = current.restart_count;
  current.restart_count = 0;
  let err = 0;
  const restarted = current.restart_progress;
  while (<u32>datagrams < vlen) {
    const entry = mmsg + <u32>datagrams * net.MMSGHDR_SIZE;
    err = ___sys_sendmsg(sock, entry, flags | net.MSG_BATCH);
    if (err < 0) break;
    current.restart_progress = 0;
    if (put_user(<u32>err, entry + net.MMSGHDR_LEN)) { err = -E.EFAULT; break; }
    datagrams++;
  }
  if (err == -E.ERESTARTSYS && datagrams) current.restart_count = datagrams;
  else if (datagrams) return datagrams;
  return err;
}

/** __sys_recvmmsg(): receive up to vlen messages (MSG_WAITFORONE: only the first waits). */
export function __sys_recvmmsg(fd: i32, mmsg: u32, vlen: u32, flags: i32, timeout: u32): i32 {
  ktrace("__sys_recvmmsg");
  const sock = sockfd_lookup_light(fd);
  if (IS_ERR(sock)) return PTR_ERR(sock);
  if (timeout) {
    // struct old_timespec32 (i386 recvmmsg 337): validate it; the wait itself uses the socket's timeouts
    const tmp = changetype<usize>(lenbuf);
    if (copy_from_user(tmp, timeout, 8)) return -E.EFAULT;
    const nsec = load<i32>(tmp, 4);
    if (load<i32>(tmp) < 0 || nsec < 0 || nsec >= 1000000000) return -E.EINVAL;
  }
  if (vlen > <u32>net.UIO_MAXIOV) vlen = net.UIO_MAXIOV;
  let datagrams = current.restart_count;
  current.restart_count = 0;
  let err = 0;
  while (<u32>datagrams < vlen) {
    const entry = mmsg + <u32>datagrams * net.MMSGHDR_SIZE;
    err = ___sys_recvmsg(sock, entry, datagrams ? flags | ((flags & net.MSG_WAITFORONE) ? net.MSG_DONTWAIT : 0) : flags);
    if (err < 0) break;
    if (put_user(<u32>err, entry + net.MMSGHDR_LEN)) { err = -E.EFAULT; break; }
    datagrams++;
  }
  if (err == -E.ERESTARTSYS && datagrams) {
    current.restart_count = datagrams;
    return err;
  }
  if (datagrams) {
    // an error after some datagrams is reported later through sk_err, as Linux does
    if (err < 0 && err != -E.EAGAIN) sock.sk.sk_err = -err;
    return datagrams;
  }
  return err;
}

// ---- socketcall(2) ----

const a = memory.data(6 * 4);

// @ts-ignore: decorator
@inline function arg(i: i32): u32 {
  return load<u32>(a + (<usize>i << 2));
}

/** sys_socketcall(): one copy of the argument array, one switch. */
export function sys_socketcall(call: i32, args: u32): i32 {
  if (call < 1 || call > net.SYS_SENDMMSG) return -E.EINVAL;
  const len = <u32>unchecked(nargs[call]) * 4;
  if (copy_from_user(a, args, len)) return -E.EFAULT;
  switch (call) {
    case net.SYS_SOCKET: return __sys_socket(arg(0), arg(1), arg(2));
    case net.SYS_BIND: return __sys_bind(arg(0), arg(1), arg(2));
    case net.SYS_CONNECT: return __sys_connect(arg(0), arg(1), arg(2));
    case net.SYS_LISTEN: return __sys_listen(arg(0), arg(1));
    case net.SYS_ACCEPT: return __sys_accept4(arg(0), arg(1), arg(2), 0);
    case net.SYS_GETSOCKNAME: return __sys_getsockname(arg(0), arg(1), arg(2));
    case net.SYS_GETPEERNAME: return __sys_getpeername(arg(0), arg(1), arg(2));
    case net.SYS_SOCKETPAIR: return __sys_socketpair(arg(0), arg(1), arg(2), arg(3));
    case net.SYS_SEND: return __sys_sendto(arg(0), arg(1), arg(2), arg(3), 0, 0);
    case net.SYS_RECV: return __sys_recvfrom(arg(0), arg(1), arg(2), arg(3), 0, 0);
    case net.SYS_SENDTO: return __sys_sendto(arg(0), arg(1), arg(2), arg(3), arg(4), arg(5));
    case net.SYS_RECVFROM: return __sys_recvfrom(arg(0), arg(1), arg(2), arg(3), arg(4), arg(5));
    case net.SYS_SHUTDOWN: return __sys_shutdown(arg(0), arg(1));
    case net.SYS_SETSOCKOPT: return __sys_setsockopt(arg(0), arg(1), arg(2), arg(3), arg(4));
    case net.SYS_GETSOCKOPT: return __sys_getsockopt(arg(0), arg(1), arg(2), arg(3), arg(4));
    case net.SYS_SENDMSG: return __sys_sendmsg(arg(0), arg(1), arg(2));
    case net.SYS_RECVMSG: return __sys_recvmsg(arg(0), arg(1), arg(2));
    case net.SYS_ACCEPT4: return __sys_accept4(arg(0), arg(1), arg(2), arg(3));
    case net.SYS_RECVMMSG: return __sys_recvmmsg(arg(0), arg(1), arg(2), arg(3), arg(4));
    case net.SYS_SENDMMSG: return __sys_sendmmsg(arg(0), arg(1), arg(2), arg(3));
  }
  return -E.EINVAL;
}

// ---- the direct i386 socket syscalls (359..373, recvmmsg 337, sendmmsg 345) ----

export function sys_socket(family: i32, type: i32, protocol: i32): i32 { return __sys_socket(family, type, protocol); }
export function sys_socketpair(family: i32, type: i32, protocol: i32, usockvec: u32): i32 { return __sys_socketpair(family, type, protocol, usockvec); }
export function sys_bind(fd: i32, umyaddr: u32, addrlen: i32): i32 { return __sys_bind(fd, umyaddr, addrlen); }
export function sys_connect(fd: i32, uservaddr: u32, addrlen: i32): i32 { return __sys_connect(fd, uservaddr, addrlen); }
export function sys_listen(fd: i32, backlog: i32): i32 { return __sys_listen(fd, backlog); }
export function sys_accept4(fd: i32, upeer_sockaddr: u32, upeer_addrlen: u32, flags: i32): i32 { return __sys_accept4(fd, upeer_sockaddr, upeer_addrlen, flags); }
export function sys_getsockopt(fd: i32, level: i32, optname: i32, optval: u32, optlen: u32): i32 { return __sys_getsockopt(fd, level, optname, optval, optlen); }
export function sys_setsockopt(fd: i32, level: i32, optname: i32, optval: u32, optlen: i32): i32 { return __sys_setsockopt(fd, level, optname, optval, optlen); }
export function sys_getsockname(fd: i32, usockaddr: u32, usockaddr_len: u32): i32 { return __sys_getsockname(fd, usockaddr, usockaddr_len); }
export function sys_getpeername(fd: i32, usockaddr: u32, usockaddr_len: u32): i32 { return __sys_getpeername(fd, usockaddr, usockaddr_len); }
export function sys_sendto(fd: i32, buff: u32, len: u32, flags: i32, addr: u32, addr_len: i32): i32 { return __sys_sendto(fd, buff, len, flags, addr, addr_len); }
export function sys_sendmsg(fd: i32, msg: u32, flags: i32): i32 { return __sys_sendmsg(fd, msg, flags); }
export function sys_recvfrom(fd: i32, ubuf: u32, size: u32, flags: i32, addr: u32, addr_len: u32): i32 { return __sys_recvfrom(fd, ubuf, size, flags, addr, addr_len); }
export function sys_recvmsg(fd: i32, msg: u32, flags: i32): i32 { return __sys_recvmsg(fd, msg, flags); }
export function sys_shutdown(fd: i32, how: i32): i32 { return __sys_shutdown(fd, how); }
export function sys_recvmmsg_time32(fd: i32, mmsg: u32, vlen: u32, flags: i32, timeout: u32): i32 { return __sys_recvmmsg(fd, mmsg, vlen, flags, timeout); }
export function sys_recvmmsg(fd: i32, mmsg: u32, vlen: u32, flags: i32, timeout: u32): i32 {
  if (timeout) {
    // struct __kernel_timespec (recvmmsg_time64, 417)
    const tmp = changetype<usize>(lenbuf);
    if (copy_from_user(tmp, timeout, 16)) return -E.EFAULT;
    const nsec = load<i64>(tmp, 8);
    if (load<i64>(tmp) < 0 || nsec < 0 || nsec >= 1000000000) return -E.EINVAL;
  }
  return __sys_recvmmsg(fd, mmsg, vlen, flags, 0);
}
export function sys_sendmmsg(fd: i32, mmsg: u32, vlen: u32, flags: i32): i32 { return __sys_sendmmsg(fd, mmsg, vlen, flags); }

// Ancillary data (net/core/scm.c, net/compat.c): SCM_RIGHTS and SCM_CREDENTIALS.
// The i386 cmsghdr (12 bytes, 4-byte aligned) is the compat layout of the reference
// kernel, so the checks are those of cmsghdr_from_user_compat_to_kern / put_cmsg_compat.
import { ktrace } from "../../kernel/trace";
import { kmalloc, kfree, kzalloc_obj } from "../../kernel/slab";
import { copy_from_user, copy_to_user } from "../../kernel/uaccess";
import { current, find_task_by_pid } from "../../kernel/sched";
import { File, fput, get_file } from "../../kernel/fs";
import { files_lookup, get_unused_fd_flags, fd_install } from "../../kernel/fdtable";
import { Msghdr } from "./msghdr";
import { Socket } from "../net";
import * as E from "../../uapi/errno";
import {
  AF_UNIX, SOL_SOCKET, SCM_RIGHTS, SCM_CREDENTIALS, MSG_CTRUNC, MSG_CMSG_CLOEXEC,
  CMSG_LEN_OFF, CMSG_LEVEL_OFF, CMSG_TYPE_OFF, CMSG_HDR_SIZE, UCRED_SIZE,
} from "../../uapi/net";
import { O_CLOEXEC } from "../../uapi/fcntl";

/** SCM_MAX_FD: most descriptors one SCM_RIGHTS message carries. */
export const SCM_MAX_FD = 253;

// @ts-ignore: decorator
@inline function CMSG_ALIGN(len: u32): u32 {
  return (len + 3) & ~3;
}

/** struct scm_fp_list: count, then SCM_MAX_FD file pointers. */
@unmanaged export class ScmFpList {
  count: i32;
}

export function scm_fp_file(fpl: ScmFpList, i: i32): File {
  return changetype<File>(<usize>load<u32>(changetype<usize>(fpl) + 4 + (<usize>i << 2)));
}

function scm_fp_alloc(): ScmFpList {
  const fpl = changetype<ScmFpList>(kmalloc(4 + SCM_MAX_FD * 4));
  fpl.count = 0;
  return fpl;
}

export function scm_fp_destroy(fpl: ScmFpList | null): void {
  if (!fpl) return;
  for (let i = 0; i < fpl.count; i++) fput(scm_fp_file(fpl, i));
  kfree(changetype<usize>(fpl), 4 + SCM_MAX_FD * 4);
}

/** scm_fp_dup(): another reference to every file (MSG_PEEK of SCM_RIGHTS). */
export function scm_fp_dup(fpl: ScmFpList): ScmFpList {
  const n = scm_fp_alloc();
  for (let i = 0; i < fpl.count; i++) {
    store<u32>(changetype<usize>(n) + 4 + (<usize>i << 2), <u32>changetype<usize>(get_file(scm_fp_file(fpl, i))));
  }
  n.count = fpl.count;
  return n;
}

/** struct scm_cookie: what sendmsg's control data asked for. */
@unmanaged export class ScmCookie {
  fp: ScmFpList | null;
  pid: i32;
  uid: u32;
  gid: u32;
  has_creds: i32;
}

/**
 * Copy the sender's control buffer into the kernel (____sys_sendmsg): controllen over
 * INT_MAX -> -ENOBUFS, a fault -> -EFAULT, a malformed cmsg list -> -EINVAL.
 */
export function msg_control_from_user(msg: Msghdr): i32 {
  const len = msg.msg_controllen;
  if (!len) return 0;
  if (len > <u32>i32.MAX_VALUE) return -E.ENOBUFS;
  const buf = kmalloc(len);
  msg.msg_control_k = buf;
  if (copy_from_user(buf, msg.msg_control, len)) return -E.EFAULT;
  // walk like cmsghdr_from_user_compat_to_kern: every header must fit, and there must be one
  let off: u32 = 0;
  let found = 0;
  while (off + CMSG_HDR_SIZE <= len) {
    const cmlen = load<u32>(buf + off + CMSG_LEN_OFF);
    if (cmlen < CMSG_HDR_SIZE || cmlen > len - off) return -E.EINVAL;
    found++;
    off += CMSG_ALIGN(cmlen);
  }
  if (!found) return -E.EINVAL;
  return 0;
}

export function msg_control_free(msg: Msghdr): void {
  if (msg.msg_control_k) kfree(msg.msg_control_k, msg.msg_controllen);
  msg.msg_control_k = 0;
}

/** __scm_send(): parse SOL_SOCKET control messages into scm. 0 or -errno. */
export function scm_send(sock: Socket, msg: Msghdr, scm: ScmCookie): i32 {
  ktrace("scm_send");
  scm.fp = null;
  scm.has_creds = 0;
  scm.pid = current.pid;
  scm.uid = current.uid;
  scm.gid = current.gid;
  const buf = msg.msg_control_k;
  if (!buf) return 0;
  const len = msg.msg_controllen;
  let off: u32 = 0;
  while (off + CMSG_HDR_SIZE <= len) {
    const cm = buf + off;
    const cmlen = load<u32>(cm + CMSG_LEN_OFF);
    off += CMSG_ALIGN(cmlen);
    if (load<i32>(cm + CMSG_LEVEL_OFF) != SOL_SOCKET) continue;
    const type = load<i32>(cm + CMSG_TYPE_OFF);
    if (type == SCM_RIGHTS) {
      if (sock.ops.family != AF_UNIX) return scm_fail(scm, -E.EINVAL);
      const num = <i32>(cmlen - CMSG_HDR_SIZE) >> 2;
      if (num <= 0) return scm_fail(scm, -E.EINVAL); // as the reference kernel answers
      if (!scm.fp) scm.fp = scm_fp_alloc();
      const fpl = scm.fp!;
      if (fpl.count + num > SCM_MAX_FD) return scm_fail(scm, -E.EINVAL);
      for (let i = 0; i < num; i++) {
        const fd = load<i32>(cm + CMSG_HDR_SIZE + (<usize>i << 2));
        const file = files_lookup(current.files, fd);
        if (!file) return scm_fail(scm, -E.EBADF);
        store<u32>(changetype<usize>(fpl) + 4 + (<usize>fpl.count << 2), <u32>changetype<usize>(get_file(file)));
        fpl.count++;
      }
    } else if (type == SCM_CREDENTIALS) {
      if (cmlen != CMSG_HDR_SIZE + UCRED_SIZE) return scm_fail(scm, -E.EINVAL);
      const pid = load<i32>(cm + CMSG_HDR_SIZE);
      // scm_check_creds(): root may name any existing process and any ids
      if (!find_task_by_pid(pid)) return scm_fail(scm, -E.ESRCH);
      scm.pid = pid;
      scm.uid = load<u32>(cm + CMSG_HDR_SIZE + 4);
      scm.gid = load<u32>(cm + CMSG_HDR_SIZE + 8);
      scm.has_creds = 1;
    } else {
      return scm_fail(scm, -E.EINVAL);
    }
  }
  return 0;
}

function scm_fail(scm: ScmCookie, err: i32): i32 {
  scm_destroy(scm);
  return err;
}

export function scm_destroy(scm: ScmCookie): void {
  scm_fp_destroy(scm.fp);
  scm.fp = null;
}

const cmsgbuf = memory.data(CMSG_HDR_SIZE + UCRED_SIZE);

/** put_cmsg_compat(): append one control message, or set MSG_CTRUNC when it does not fit. */
export function put_cmsg(msg: Msghdr, level: i32, type: i32, len: u32, data: usize): i32 {
  if (!msg.msg_control || msg.msg_controllen < CMSG_HDR_SIZE) {
    msg.msg_flags |= MSG_CTRUNC;
    return 0;
  }
  let cmlen = CMSG_HDR_SIZE + len;
  if (msg.msg_controllen < cmlen) {
    msg.msg_flags |= MSG_CTRUNC;
    cmlen = msg.msg_controllen;
  }
  store<u32>(cmsgbuf + CMSG_LEN_OFF, CMSG_HDR_SIZE + len);
  store<i32>(cmsgbuf + CMSG_LEVEL_OFF, level);
  store<i32>(cmsgbuf + CMSG_TYPE_OFF, type);
  if (copy_to_user(msg.msg_control, cmsgbuf, CMSG_HDR_SIZE)) return -E.EFAULT;
  if (cmlen > CMSG_HDR_SIZE && copy_to_user(msg.msg_control + CMSG_HDR_SIZE, data, cmlen - CMSG_HDR_SIZE)) return -E.EFAULT;
  let space = CMSG_ALIGN(CMSG_HDR_SIZE + len);
  if (space > msg.msg_controllen) space = msg.msg_controllen;
  msg.msg_control += space;
  msg.msg_controllen -= space;
  return 0;
}

const fdbuf = memory.data(4 * SCM_MAX_FD);

/** scm_detach_fds_compat(): install received files as new descriptors in the receiver. */
export function scm_detach_fds(msg: Msghdr, scm: ScmCookie): void {
  const fpl = scm.fp;
  if (!fpl) return;
  const fdmax = msg.msg_controllen > CMSG_HDR_SIZE ? <i32>(msg.msg_controllen - CMSG_HDR_SIZE) >> 2 : 0;
  let i = 0;
  if (msg.msg_control) {
    for (; i < fdmax && i < fpl.count; i++) {
      const fd = get_unused_fd_flags(current.files, (msg.msg_cmsg_flags & MSG_CMSG_CLOEXEC) ? O_CLOEXEC : 0);
      if (fd < 0) break;
      fd_install(current.files, fd, get_file(scm_fp_file(fpl, i)));
      store<i32>(fdbuf + (<usize>i << 2), fd);
    }
  }
  if (i > 0) {
    const len = <u32>i * 4;
    store<u32>(cmsgbuf + CMSG_LEN_OFF, CMSG_HDR_SIZE + len);
    store<i32>(cmsgbuf + CMSG_LEVEL_OFF, SOL_SOCKET);
    store<i32>(cmsgbuf + CMSG_TYPE_OFF, SCM_RIGHTS);
    if (!copy_to_user(msg.msg_control, cmsgbuf, CMSG_HDR_SIZE) &&
        !copy_to_user(msg.msg_control + CMSG_HDR_SIZE, fdbuf, len)) {
      let space = CMSG_ALIGN(CMSG_HDR_SIZE + len);
      if (space > msg.msg_controllen) space = msg.msg_controllen;
      msg.msg_control += space;
      msg.msg_controllen -= space;
    }
  }
  if (i < fpl.count || (fpl.count && fdmax <= 0)) msg.msg_flags |= MSG_CTRUNC;
  scm_destroy(scm);
}

const credbuf = memory.data(UCRED_SIZE);

/** scm_recv_unix(): SCM_CREDENTIALS when asked for (SO_PASSCRED), then the files. */
export function scm_recv(sock: Socket, msg: Msghdr, scm: ScmCookie, passcred: bool): void {
  ktrace("scm_recv_unix");
  if (passcred && scm.has_creds) {
    store<i32>(credbuf, scm.pid);
    store<u32>(credbuf, scm.uid, 4);
    store<u32>(credbuf, scm.gid, 8);
    put_cmsg(msg, SOL_SOCKET, SCM_CREDENTIALS, UCRED_SIZE, credbuf);
  }
  scm_detach_fds(msg, scm);
}

export function scm_cookie_alloc(): ScmCookie {
  return kzalloc_obj<ScmCookie>();
}


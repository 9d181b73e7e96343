// unlink(2) (fs/namei.c), for socket paths only: int80 keeps pathname sockets in a
// kernel table instead of a filesystem (see net/unix/af_unix.ts).
import { strncpy_from_user } from "../kernel/uaccess";
import { unix_bsd_unlink } from "../net/unix/af_unix";
import { ENAMETOOLONG, ENOENT } from "../uapi/errno";

const PATH_MAX = 4096;
const pathbuf = memory.data(PATH_MAX);

export function sys_unlink(pathname: u32): i32 {
  const len = strncpy_from_user(pathbuf, pathname, PATH_MAX);
  if (len < 0) return len;
  if (len == PATH_MAX) return -ENAMETOOLONG;
  if (len == 0) return -ENOENT;
  return unix_bsd_unlink(pathbuf, len);
}

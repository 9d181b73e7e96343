// The kernel's struct msghdr (include/linux/socket.h): built by the syscall layer from
// the user's arguments, handed to sock->ops->sendmsg/recvmsg.
import { IovIter } from "../../kernel/iov_iter";

/**
 *   msg_name        kernel buffer for the address (sockaddr_storage), or 0
 *   msg_namelen     its length (in: given by the sender; out: set by recvmsg)
 *   msg_iter        the user data
 *   msg_control     user pointer to the ancillary data buffer (recvmsg), or 0
 *   msg_controllen  its room (recvmsg: decremented as cmsgs are written)
 *   msg_control_k   kernel copy of the sender's ancillary data (sendmsg), or 0
 *   msg_flags       sendmsg: the call's flags; recvmsg: MSG_TRUNC/MSG_CTRUNC/... out
 *   msg_cmsg_flags  MSG_CMSG_CLOEXEC passed to recvmsg
 */
@unmanaged export class Msghdr {
  msg_name: usize;
  msg_namelen: i32;
  msg_iter: IovIter;
  msg_control: u32;
  msg_controllen: u32;
  msg_control_k: usize;
  msg_flags: i32;
  msg_cmsg_flags: i32;
}

// Process groups and sessions (kernel/sys.c). The processes `int80 run` starts are each
// their own process group, in session 1 (the run's), as a job-control shell starts jobs.
import { Task, current, find_task_by_pid, find_live_task, next_task } from "./sched";
import { EACCES, EFAULT, EINVAL, ENOMEM, EPERM, ESRCH } from "../uapi/errno";
import { kzalloc, kfree } from "./slab";
import { copy_to_user } from "./uaccess";

/** Whether a live task of session sid has process group pgid. */
function pgrp_in_session(pgid: i32, sid: i32): bool {
  for (let t = next_task(0); t; t = next_task(t!.pid)) {
    if (!t.exit_state && t.pgid == pgid && t.sid == sid) return true;
  }
  return false;
}

/** Whether any task (zombies too: their pid still names the group) has process group pgid. */
function pgrp_exists(pgid: i32): bool {
  for (let t = next_task(0); t; t = next_task(t!.pid)) if (t.pgid == pgid) return true;
  return false;
}

/**
 * setpgid(2): pid 0 is the caller, pgid 0 is pid. The target is the caller or one of its
 * children (ESRCH), in the caller's session (EPERM), not after exec (EACCES), not a session
 * leader (EPERM); the group must exist in the same session unless pgid == pid (EPERM).
 */
export function sys_setpgid(pid: i32, pgid: i32): i32 {
  const self = current;
  if (!pid) pid = self.pid;
  if (!pgid) pgid = pid;
  if (pgid < 0) return -EINVAL;
  const p = find_live_task(pid);
  if (!p) return -ESRCH;
  if (p != self) {
    if (p.parent != self) return -ESRCH;
    if (p.sid != self.sid) return -EPERM;
    if (p.did_exec) return -EACCES;
  }
  if (p.sid == p.pid) return -EPERM; // a session leader
  if (pgid != pid && !pgrp_in_session(pgid, self.sid)) return -EPERM;
  p.pgid = pgid;
  return 0;
}

/** getpgid(2): pid 0 is the caller. */
export function sys_getpgid(pid: i32): i32 {
  const p = pid ? find_task_by_pid(pid) : current;
  if (!p) return -ESRCH;
  return p.pgid;
}

export function sys_getpgrp(): i32 {
  return current.pgid;
}

/** getsid(2): pid 0 is the caller. */
export function sys_getsid(pid: i32): i32 {
  const p = pid ? find_task_by_pid(pid) : current;
  if (!p) return -ESRCH;
  return p.sid;
}

/** setsid(2): a new session and group led by the caller; EPERM if a group with its pid exists. */
export function sys_setsid(): i32 {
  const t = current;
  if (pgrp_exists(t.pid)) return -EPERM;
  t.sid = t.pid;
  t.pgid = t.pid;
  return t.pid;
}


// ---- uname (kernel/sys.c newuname, include/linux/uts.h) ----

const NEW_UTS_LEN = 64;
const UTS_SIZE: usize = 6 * (NEW_UTS_LEN + 1);

function uts_field(buf: usize, i: i32, s: string): void {
  const p = buf + <usize>i * (NEW_UTS_LEN + 1);
  for (let k = 0; k < s.length && k < NEW_UTS_LEN; k++) store<u8>(p + k, <u8>s.charCodeAt(k));
}

/**
 * newuname (122): struct new_utsname, six 65-byte fields. sysname "Linux"; nodename and
 * domainname are init_uts_ns's defaults ("(none)": int80 has no sethostname); release is
 * the Linux whose user ABI int80 follows (libc/include/linux/version.h), tagged "-int80";
 * machine is i686, as uname(2) says on a 32-bit x86 kernel.
 */
export function sys_newuname(name: u32): i32 {
  const buf = kzalloc(UTS_SIZE);
  if (!buf) return -ENOMEM;
  uts_field(buf, 0, "Linux");
  uts_field(buf, 1, "(none)");
  uts_field(buf, 2, "6.7.0-int80");
  uts_field(buf, 3, "#1 SMP int80");
  uts_field(buf, 4, "i686");
  uts_field(buf, 5, "(none)");
  const r = copy_to_user(name, buf, <u32>UTS_SIZE) ? -EFAULT : 0;
  kfree(buf, UTS_SIZE);
  return r;
}

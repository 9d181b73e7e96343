// Test helpers: a task for the specs, and user memory written through the kernel's own
// uaccess imports (the spec's "process").
import { set_current, Task, find_task_by_pid } from "../../assembly/kernel/sched";
import { task_alloc, task_free } from "../../assembly/kernel/fork";
import { files_free } from "../../assembly/kernel/fdtable";
import { copy_to_user, copy_from_user } from "../../assembly/kernel/uaccess";

export const U: u32 = 0x10000; // a user address that is valid
const scratch = memory.data(256);

export function new_task(pid: i32): Task {
  const t = task_alloc(pid)!;
  set_current(t);
  return t;
}

export function end_task(t: Task): void {
  files_free(t.files);
  task_free(t);
}

export function put32(uaddr: u32, v: u32): void {
  store<u32>(scratch, v);
  copy_to_user(uaddr, scratch, 4);
}

export function get32(uaddr: u32): u32 {
  copy_from_user(scratch, uaddr, 4);
  return load<u32>(scratch);
}

export function put_args(uaddr: u32, a: u32[]): void {
  for (let i = 0; i < a.length; i++) put32(uaddr + <u32>i * 4, a[i]);
}

// Task creation and release (kernel/fork.c copy_process, free_task), reduced: a task is a
// pid, an empty fd table and its signal handlers; the host creates the process itself.
import { kzalloc_obj, kfree_obj } from "./slab";
import { files_alloc } from "./fdtable";
import { Task, TASK_RUNNING, PID_MAX, NSIG, pid_table } from "./sched";

/** copy_process(), reduced: a new task with an empty fd table. */
export function task_alloc(pid: i32): Task | null {
  if (pid <= 0 || pid >= PID_MAX || unchecked(pid_table[pid])) return null;
  const t = kzalloc_obj<Task>();
  t.pid = pid;
  t.state = TASK_RUNNING;
  t.files = files_alloc();
  t.timeout = -1;
  t.sighand = heap.alloc(NSIG * 4);
  memory.fill(t.sighand, 0, NSIG * 4);
  unchecked(pid_table[pid] = changetype<usize>(t));
  return t;
}

export function task_free(t: Task): void {
  unchecked(pid_table[t.pid] = 0);
  heap.free(t.sighand);
  kfree_obj(t);
}

// as-pect runs the kernel's specs (tests/unit) in one Wasm instance. The kernel's host
// imports are provided here: "user memory" is a separate 1 MiB buffer reached through the
// host's uaccess (dist/host/uaccess.js, built by `npm run build`), so the specs exercise
// the same bounds rules as the machine (the first page and anything past the end fault).
import { UserAccess } from "./dist/host/uaccess.js";

const USER_SIZE = 1 << 20;

export default {
  entries: ["tests/unit/**/*.spec.ts"],
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    const user = new Uint8Array(USER_SIZE);
    // copy_from_user & co.: the host's own implementation (host/uaccess.ts), on this buffer
    const ua = new UserAccess();
    ua.setUser(user, new DataView(user.buffer));
    let clock = 0;
    const env = {
      ...ua.imports(),
      console_write(pid, fd, buf, len) { return len; },
      console_read() { return 0; },
      console_state() { return 4 | 2; },
      console_winsize() { return 0; },
      wake_up_process() {},
      signal_deliver() {},
      process_exit() {},
      process_fork() { return -38; }, // -ENOSYS: the specs have no host to copy a process
      process_clone_thread() { return -38; }, // -ENOSYS: nor an instance to run a thread in
      process_exec() { return -2; },  // -ENOENT: no programs to load
      itimer_arm() {},
      ktrace_event() {},
      pcap_packet() {},
      net_xmit() {},
      vm_alloc() { return 0; },
      vm_free() {},
      mm_shared() {},
      // no host directories in the specs: every lookup finds nothing
      hostfs_lookup() { return -2; },
      hostfs_getattr() { return -2; },
      hostfs_read() { return -5; },
      hostfs_write() { return -5; },
      hostfs_readdir() { return 0; },
      hostfs_readlink() { return -2; },
      hostfs_op() { return -30; },
      hostfs_forget() {},
      hostfs_statfs() { return -2; },
      ktime_get_ns: () => (clock += 1000),
      ktime_get_real_ns: () => 0,
    };
    const instance = await instantiate(binary, createImports({ env }));
    ua.attachKernel((instance.instance ?? instance).exports.memory);
    return instance;
  },
  outputBinary: false,
};

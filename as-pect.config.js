// as-pect runs the kernel's specs (tests/unit) in one Wasm instance. The kernel's host
// imports are provided here: "user memory" is a separate 1 MiB buffer with the same rules
// as the real host (the first page and anything past the end fault).
const USER_SIZE = 1 << 20;
const PAGE = 4096;

export default {
  entries: ["tests/unit/**/*.spec.ts"],
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    const user = new Uint8Array(USER_SIZE);
    let instance;
    const k8 = () => new Uint8Array((instance.instance ?? instance).exports.memory.buffer);
    const ok = (a, n) => a >= PAGE && a + n <= USER_SIZE;
    let clock = 0;
    const env = {
      copy_from_user(to, from, n) {
        from >>>= 0; n >>>= 0;
        if (!n) return 0;
        if (!ok(from, n)) return n;
        k8().set(user.subarray(from, from + n), to);
        return 0;
      },
      copy_to_user(to, from, n) {
        to >>>= 0; n >>>= 0;
        if (!n) return 0;
        if (!ok(to, n)) return n;
        user.set(k8().subarray(from, from + n), to);
        return 0;
      },
      strncpy_from_user(dst, src, count) {
        src >>>= 0;
        const k = k8();
        for (let i = 0; i < count; i++) {
          if (!ok(src + i, 1)) return -14;
          k[dst + i] = user[src + i];
          if (!user[src + i]) return i;
        }
        return count;
      },
      get_user(dst, src) {
        src >>>= 0;
        if (!ok(src, 4)) return -14;
        k8().set(user.subarray(src, src + 4), dst);
        return 0;
      },
      put_user(val, dst) {
        dst >>>= 0;
        if (!ok(dst, 4)) return -14;
        new DataView(user.buffer).setUint32(dst, val >>> 0, true);
        return 0;
      },
      console_write() {},
      console_read() { return 0; },
      wake_up_process() {},
      signal_deliver() {},
      process_exit() {},
      ktrace_event() {},
      pcap_packet() {},
      vm_alloc() { return 0; },
      vm_free() {},
      ktime_get_ns: () => (clock += 1000),
      ktime_get_real_ns: () => 0,
    };
    instance = await instantiate(binary, createImports({ env }));
    return instance;
  },
  outputBinary: false,
};

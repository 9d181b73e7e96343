// sys_socketcall: the nargs[] table, the one copy of the argument array, the switch.
import { sys_socketcall } from "../../assembly/net/socket";
import { af_unix_init } from "../../assembly/net/unix/af_unix";
import * as E from "../../assembly/uapi/errno";
import * as net from "../../assembly/uapi/net";
import { new_task, end_task, put_args, get32, U } from "./helpers";

af_unix_init();

describe("sys_socketcall", () => {
  test("call numbers outside 1..20 are EINVAL, before the arguments are read", () => {
    const t = new_task();
    expect(sys_socketcall(0, 0)).toBe(-E.EINVAL);
    expect(sys_socketcall(21, 0)).toBe(-E.EINVAL);
    expect(sys_socketcall(-1, U)).toBe(-E.EINVAL);
    end_task(t);
  });

  test("an argument array in the first page or past the end is EFAULT", () => {
    const t = new_task();
    expect(sys_socketcall(net.SYS_SOCKET, 0)).toBe(-E.EFAULT);
    expect(sys_socketcall(net.SYS_SOCKET, 4095)).toBe(-E.EFAULT);
    expect(sys_socketcall(net.SYS_SOCKET, (1 << 20) - 8)).toBe(-E.EFAULT); // 12 bytes needed
    end_task(t);
  });

  test("SYS_SOCKET creates descriptors from the lowest free one", () => {
    const t = new_task();
    put_args(U, [net.AF_UNIX, net.SOCK_STREAM, 0]);
    expect(sys_socketcall(net.SYS_SOCKET, U)).toBe(0);
    expect(sys_socketcall(net.SYS_SOCKET, U)).toBe(1);
    put_args(U, [net.AF_UNIX, 99, 0]);
    expect(sys_socketcall(net.SYS_SOCKET, U)).toBe(-E.EINVAL);
    put_args(U, [net.AF_UNIX, net.SOCK_DCCP, 0]);
    expect(sys_socketcall(net.SYS_SOCKET, U)).toBe(-E.ESOCKTNOSUPPORT);
    put_args(U, [net.NPROTO, net.SOCK_STREAM, 0]);
    expect(sys_socketcall(net.SYS_SOCKET, U)).toBe(-E.EAFNOSUPPORT);
    put_args(U, [net.AF_UNIX, net.SOCK_STREAM, 7]);
    expect(sys_socketcall(net.SYS_SOCKET, U)).toBe(-E.EPROTONOSUPPORT);
    end_task(t);
  });

  test("SYS_SOCKETPAIR writes both descriptors; send and recv move the bytes", () => {
    const t = new_task();
    const sv = U + 0x100;
    put_args(U, [net.AF_UNIX, net.SOCK_STREAM, 0, sv]);
    expect(sys_socketcall(net.SYS_SOCKETPAIR, U)).toBe(0);
    const a = get32(sv), b = get32(sv + 4);
    expect(a).toBe(0);
    expect(b).toBe(1);
    const buf = U + 0x200;
    put_args(buf, [0x64636261]); // "abcd"
    put_args(U, [a, buf, 4, 0]);
    expect(sys_socketcall(net.SYS_SEND, U)).toBe(4);
    put_args(buf, [0]);
    put_args(U, [b, buf, 16, net.MSG_DONTWAIT]);
    expect(sys_socketcall(net.SYS_RECV, U)).toBe(4);
    expect(get32(buf)).toBe(0x64636261);
    expect(sys_socketcall(net.SYS_RECV, U)).toBe(-E.EAGAIN);
    end_task(t);
  });

  test("bad descriptors: EBADF, and ENOTSOCK is not reachable without a non-socket file", () => {
    const t = new_task();
    put_args(U, [5, 1]);
    expect(sys_socketcall(net.SYS_LISTEN, U)).toBe(-E.EBADF);
    put_args(U, [-1, net.SHUT_RD]);
    expect(sys_socketcall(net.SYS_SHUTDOWN, U)).toBe(-E.EBADF);
    end_task(t);
  });
});

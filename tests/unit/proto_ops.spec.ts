// struct proto_ops: a new table answers every operation with Linux's errno for an
// unsupported one (sock_no_*), and a family's table overrides only what it implements.
import { ProtoOps, Socket } from "../../assembly/net/net";
import { Msghdr } from "../../assembly/net/core/msghdr";
import { File } from "../../assembly/kernel/fs";
import { unix_dgram_ops, unix_stream_ops } from "../../assembly/net/unix/af_unix";
import { inet_dgram_ops } from "../../assembly/net/ipv4/af_inet";
import * as E from "../../assembly/uapi/errno";
import { AF_UNIX, AF_INET } from "../../assembly/uapi/net";

describe("proto_ops", () => {
  test("new ProtoOps(family) fills every slot with its sock_no_*", () => {
    const o = new ProtoOps(AF_INET);
    const s = changetype<Socket>(0);
    const m = changetype<Msghdr>(0);
    expect(o.family).toBe(AF_INET);
    expect(o.release(s)).toBe(0);
    expect(o.bind(s, 0, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.connect(s, 0, 0, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.socketpair(s, s)).toBe(-E.EOPNOTSUPP);
    expect(o.accept(s, s, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.getname(s, 0, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.poll(changetype<File>(0), s, null)).toBe(0);
    expect(o.ioctl(s, 0, 0)).toBe(-E.ENOIOCTLCMD);
    expect(o.listen(s, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.shutdown(s, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.setsockopt(s, 0, 0, 0, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.getsockopt(s, 0, 0, 0, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.sendmsg(s, m, 0)).toBe(-E.EOPNOTSUPP);
    expect(o.recvmsg(s, m, 0, 0)).toBe(-E.EOPNOTSUPP);
  });

  test("families keep the defaults they do not override", () => {
    const s = changetype<Socket>(0);
    expect(unix_stream_ops.family).toBe(AF_UNIX);
    expect(unix_stream_ops.setsockopt(s, 0, 0, 0, 0)).toBe(-E.EOPNOTSUPP); // no SOL_UNIX options
    expect(unix_dgram_ops.listen(s, 0)).toBe(-E.EOPNOTSUPP);
    expect(unix_dgram_ops.accept(s, s, 0)).toBe(-E.EOPNOTSUPP);
    expect(inet_dgram_ops.listen(s, 0)).toBe(-E.EOPNOTSUPP);
    expect(inet_dgram_ops.socketpair(s, s)).toBe(-E.EOPNOTSUPP);
  });
});

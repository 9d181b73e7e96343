// Node's sockets for the slirp-like gateway (host/net/slirp.ts): net for TCP, dgram for UDP.
// Only the gateway calls these; every host socket the guest gets goes through here.
import net from "node:net";
import dgram from "node:dgram";
import dns from "node:dns";
import type { HostSockets, HostTcp, HostTcpEvents, HostUdp } from "../net/slirp.js";

function wrap(s: net.Socket, ev: HostTcpEvents): HostTcp {
  s.on("connect", () => ev.connect());
  s.on("data", (b: Buffer) => ev.data(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
  s.on("end", () => ev.end());
  s.on("drain", () => ev.drain());
  s.on("error", (e: NodeJS.ErrnoException) => ev.error(e.code ?? "EIO"));
  s.on("close", () => ev.close());
  return {
    write: (d) => s.write(d),
    get writableLength() { return s.writableLength; },
    end: () => { s.end(); },
    // a RST to the host peer (resetAndDestroy) only on a fully open socket: on a half-closed one
    // Node 20 can spin in its event loop afterwards, so that is a plain close
    reset: () => { if (s.readyState === "open") s.resetAndDestroy(); else s.destroy(); },
    pause: () => { s.pause(); },
    resume: () => { s.resume(); },
  };
}

export const nodeSockets: HostSockets = {
  connectTcp(address, port, ev) {
    const s = net.connect({ host: address, port, allowHalfOpen: true });
    s.setNoDelay(true);
    return wrap(s, ev);
  },
  listenTcp(address, port, accept, onListening) {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (s) => {
      s.setNoDelay(true);
      accept((ev) => wrap(s, ev));
    });
    server.once("error", (e: NodeJS.ErrnoException) => onListening(e.code ?? String(e), 0));
    server.listen(port, address, () => onListening(null, (server.address() as net.AddressInfo).port));
    return { close: () => { server.close(); } };
  },
  lookup(name, done) {
    dns.lookup(name, { family: 4, all: true }, (err, addrs) => done(err ? (err.code ?? "ENOTFOUND") : null, err ? [] : addrs.map((a) => a.address)));
  },
  udp(onMessage, bind, onListening) {
    const s = dgram.createSocket("udp4");
    s.on("message", (b, r) => onMessage(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), r.address, r.port));
    s.on("error", (e: NodeJS.ErrnoException) => { onListening?.(e.code ?? String(e), 0); });
    if (bind) s.bind(bind.port, bind.address, () => onListening?.(null, s.address().port));
    // a datagram being sent when the run ends still leaves: the socket closes after it
    let closing = false, closed = false, sending = 0;
    const finish = () => { if (closing && !closed && sending === 0) { closed = true; s.close(); } };
    const u: HostUdp = {
      send: (d, port, address) => {
        if (closing) return;
        sending++;
        s.send(d, port, address, () => { sending--; finish(); });
      },
      close: () => { closing = true; finish(); },
    };
    return u;
  },
};

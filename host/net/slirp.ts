// The host's side of eth0: a slirp-like gateway (QEMU's user-mode network, libslirp).
//
// The guest's kernel runs its own TCP and UDP and sends real IPv4 packets on eth0
// (assembly/drivers/net/hostnet.ts). Here each guest connection ends in a small TCP
// endpoint that speaks to the guest's TCP and, on the other side, reads and writes a real
// host socket (what libslirp's tcp_input/tcp_output do with the host's sockets):
//
//   guest SYN to 10.0.2.2:P      -> a host connection to 127.0.0.1:P (any other address:
//                                   that address, from the host); connected -> SYN-ACK,
//                                   refused -> RST (the guest's connect gets ECONNREFUSED)
//   guest data                   -> written to the host socket; the window the gateway
//                                   advertises shrinks as that socket's write buffer fills
//   host data                    -> segments within the guest's advertised window; past
//                                   SEND_HIGH bytes waiting the host socket is paused
//   FIN either way               -> half-close (socket.end() / a FIN to the guest)
//   RST from the host peer       -> RST to the guest (ECONNRESET); guest RST -> host reset
//   published HOSTPORT:GUESTPORT -> each accepted host connection is a SYN from
//                                   10.0.2.2:<ephemeral> to 10.0.2.15:GUESTPORT
//   UDP                          -> one host datagram socket per guest source port;
//                                   published UDP ports map each host client to a port of 10.0.2.2
//   DNS to 10.0.2.3:53           -> answered from the host's resolver (the guest's
//                                   /etc/resolv.conf names 10.0.2.3)
//
// The link between the kernel and the gateway is a FIFO in memory: nothing is lost or
// reordered, so the gateway keeps no retransmission queue and no timers. It offers neither
// window scaling nor timestamps (an unscaled window of at most 65535 bytes).
//
// Isomorphic: the host sockets come in through HostSockets (host/node/net.ts gives Node's
// net and dgram; a browser has none, so the playground has no eth0). Packets to the guest
// are never injected from inside the kernel's net_xmit import: they are queued and handed
// to the kernel (hostnet_rx) from a microtask or a host socket's event, when no process is
// in a system call.

/** A connected host TCP socket (Node's net.Socket, reduced). */
export interface HostTcp {
  /** false when the socket's write buffer is over its high-water mark */
  write(data: Uint8Array): boolean;
  /** bytes written and not yet handed to the host kernel */
  readonly writableLength: number;
  /** half-close: send FIN after what is written */
  end(): void;
  /** abort with a RST to the peer */
  reset(): void;
  pause(): void;
  resume(): void;
}

export interface HostTcpEvents {
  connect(): void;
  data(data: Uint8Array): void;
  /** the peer's FIN */
  end(): void;
  /** the write buffer emptied (after write returned false) */
  drain(): void;
  /** an error: the errno name (ECONNREFUSED, ECONNRESET, EPIPE...) */
  error(code: string): void;
  close(): void;
}

export interface HostUdp {
  send(data: Uint8Array, port: number, address: string): void;
  close(): void;
}

/** What the gateway needs from the environment: real sockets. */
export interface HostSockets {
  connectTcp(address: string, port: number, ev: HostTcpEvents): HostTcp;
  /** a TCP server; onListening gets the port bound (HOSTPORT 0: one the host picks), or an error */
  listenTcp(address: string, port: number, accept: (s: (ev: HostTcpEvents) => HostTcp) => void,
    onListening: (err: string | null, port: number) => void): { close(): void };
  /** the host's resolver (getaddrinfo): the name's IPv4 addresses, or an error */
  lookup(name: string, done: (err: string | null, addresses: string[]) => void): void;
  /** a datagram socket (bound to address:port when given, else to an ephemeral port) */
  udp(onMessage: (data: Uint8Array, address: string, port: number) => void, bind?: { address: string; port: number },
    onListening?: (err: string | null, port: number) => void): HostUdp;
}

export interface Publish {
  proto: "tcp" | "udp";
  /** host address to listen on (default 127.0.0.1) */
  address: string;
  hostPort: number;
  guestPort: number;
}

/** 10.0.2.15, 10.0.2.2, 10.0.2.3 (the name server) as numbers (host order). */
export const GUEST_ADDR = 0x0a00020f;
export const GATEWAY_ADDR = 0x0a000202;
export const DNS_ADDR = 0x0a000203;
/** The name that always means the host (as Docker's host.docker.internal). */
export const HOST_NAME = "host.int80.internal";
const IPPROTO_TCP = 6, IPPROTO_UDP = 17;
const FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16;
/** The MSS the gateway offers: eth0's MTU less 40. */
const GW_MSS = 1460;
/** Host data queued for the guest past which the host socket is paused / resumed. */
const SEND_HIGH = 256 * 1024, SEND_LOW = 64 * 1024;
/** Guest data the host socket may hold before the advertised window closes. */
const RECV_BUF = 256 * 1024;
const MAX_WIN = 65535;

const enum St { Connecting, SynSent, SynRcvd, Established, Closed }

/** One guest TCP connection and its host socket. */
class Flow {
  st = St.Connecting;
  sock: HostTcp | null = null;
  /** the guest side: its port; the far side: the address and port the guest sees */
  iss = 0; snd_una = 0; snd_nxt = 0; snd_wnd = 0; mss = 536;
  rcv_nxt = 0;
  /** host bytes not yet sent to the guest */
  out: Uint8Array[] = [];
  outLen = 0;
  paused = false;
  hostFin = false; // the host peer's FIN is waiting behind `out`
  finSent = false;
  finAcked = false;
  guestFin = false;
  lastWin = 0;
  constructor(readonly key: string, readonly gport: number, readonly raddr: number, readonly rport: number) {}
}

function ip4(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}
function parseIp4(s: string): number | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  if (b.some((x) => x > 255)) return null;
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

/** The ones' complement sum of bytes (RFC 1071), folded, not inverted. */
function csum(b: Uint8Array, off: number, len: number, sum = 0): number {
  let i = off;
  const end = off + len;
  for (; i + 1 < end; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (i < end) sum += b[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export class Slirp {
  private flows = new Map<string, Flow>();
  /** published UDP: guest-visible port of 10.0.2.2 -> the host client */
  private udpPeers = new Map<number, { sock: HostUdp; address: string; port: number }>();
  private udpPeerByClient = new Map<string, number>();
  /** outbound UDP: a host socket per guest source port */
  private udpSocks = new Map<number, HostUdp>();
  private servers: { close(): void }[] = [];
  private pending: Uint8Array[] = [];
  private flushQueued = false;
  private ipId = 0;
  private nextPort = 40000;
  private release: (() => void) | null = null;
  private closed = false;
  private pendingLookups = 0;
  /** bytes the gateway holds for the guest right now (tests check the bound) */
  maxQueued = 0;

  constructor(private readonly api: HostSockets,
    /** hand one IPv4 packet to the guest's eth0 (the kernel's hostnet_rx) */
    private readonly inject: (pkt: Uint8Array) => void,
    /** keep the run alive (the scheduler's hold): returns the release */
    private readonly hold: () => () => void) {}

  /** Listen on the published ports; onReady when all are bound (with the ports, or an error). */
  publish(list: Publish[], onReady: (err: string | null, ports: number[]) => void) {
    const ports: number[] = new Array(list.length).fill(0);
    let left = list.length;
    let failed: string | null = null;
    if (!left) { onReady(null, ports); return; }
    const done = (i: number) => (err: string | null, port: number) => {
      if (err && !failed) failed = `--publish ${list[i].address}:${list[i].hostPort}:${list[i].guestPort}: ${err}`;
      ports[i] = port;
      if (--left === 0) onReady(failed, ports);
    };
    list.forEach((p, i) => {
      if (p.proto === "tcp") {
        this.servers.push(this.api.listenTcp(p.address, p.hostPort, (open) => this.acceptTcp(open, p.guestPort), done(i)));
      } else {
        const sock: HostUdp = this.api.udp((data, address, port) => this.publishedUdp(sock, p.guestPort, data, address, port),
          { address: p.address, port: p.hostPort }, done(i));
        this.servers.push(sock);
      }
    });
    this.updateHold();
  }

  /** Stop everything: servers closed, host connections reset, datagram sockets closed. */
  close() {
    this.closed = true;
    for (const s of this.servers) s.close();
    this.servers = [];
    for (const f of this.flows.values()) f.sock?.reset();
    this.flows.clear();
    for (const s of this.udpSocks.values()) s.close();
    this.udpSocks.clear();
    this.pending = [];
    this.updateHold();
  }

  /**
   * After the last process: the guest's kernel still owns its closed sockets' unsent bytes
   * and FINs (as Linux keeps an orphaned socket sending), and the gateway its host sockets'
   * last bytes. Resolves when every TCP flow has ended, or when no packet has crossed the
   * gateway for idleMs (a host peer that never closes its side).
   */
  settle(idleMs: number, setTimer: (ms: number, fn: () => void) => unknown, clearTimer: (t: unknown) => void): Promise<void> {
    return new Promise((resolve) => {
      let timer: unknown = null;
      const done = () => {
        if (timer !== null) clearTimer(timer);
        this.onActivity = null;
        resolve();
      };
      const arm = () => {
        if (this.flows.size === 0 && this.pending.length === 0) return done();
        if (timer !== null) clearTimer(timer);
        timer = setTimer(idleMs, done);
      };
      this.onActivity = arm;
      arm();
    });
  }
  private onActivity: (() => void) | null = null;

  private updateHold() {
    this.onActivity?.();
    const busy = !this.closed && (this.flows.size > 0 || this.servers.length > 0 || this.udpSocks.size > 0 || this.pending.length > 0 || this.pendingLookups > 0);
    if (busy && !this.release) this.release = this.hold();
    else if (!busy && this.release) { const r = this.release; this.release = null; r(); }
  }

  // ---- to the guest ----

  private send(pkt: Uint8Array) {
    if (this.closed) return;
    this.pending.push(pkt);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
    this.updateHold();
  }

  private flush() {
    this.flushQueued = false;
    const q = this.pending;
    this.pending = [];
    for (const pkt of q) this.inject(pkt);
    this.updateHold();
  }

  /** An IPv4 packet from src to dst with this payload (protocol header included). */
  private ipPacket(src: number, dst: number, proto: number, payload: number): Uint8Array {
    const pkt = new Uint8Array(20 + payload);
    const dv = new DataView(pkt.buffer);
    pkt[0] = 0x45;
    dv.setUint16(2, pkt.length);
    dv.setUint16(4, this.ipId++ & 0xffff);
    dv.setUint16(6, 0x4000); // DF
    pkt[8] = 64;
    pkt[9] = proto;
    dv.setUint32(12, src);
    dv.setUint32(16, dst);
    dv.setUint16(10, ~csum(pkt, 0, 20) & 0xffff);
    return pkt;
  }

  /** The TCP/UDP checksum over the pseudo-header (RFC 793, RFC 768). */
  private l4csum(pkt: Uint8Array, proto: number, at: number) {
    const dv = new DataView(pkt.buffer);
    const len = pkt.length - 20;
    let sum = csum(pkt, 12, 8) + proto + len;
    sum = csum(pkt, 20, len, sum);
    let c = ~sum & 0xffff;
    if (proto === IPPROTO_UDP && c === 0) c = 0xffff;
    dv.setUint16(20 + at, c);
  }

  private tcpOut(f: Flow, flags: number, data?: Uint8Array, seq = f.snd_nxt) {
    const opt = flags & SYN ? 4 : 0;
    const dlen = data ? data.length : 0;
    const pkt = this.ipPacket(f.raddr, GUEST_ADDR, IPPROTO_TCP, 20 + opt + dlen);
    const dv = new DataView(pkt.buffer);
    dv.setUint16(20, f.rport);
    dv.setUint16(22, f.gport);
    dv.setUint32(24, seq >>> 0);
    dv.setUint32(28, flags & ACK ? f.rcv_nxt >>> 0 : 0);
    pkt[32] = ((20 + opt) / 4) << 4;
    pkt[33] = flags;
    const win = this.window(f);
    f.lastWin = win;
    dv.setUint16(34, win);
    if (opt) { pkt[40] = 2; pkt[41] = 4; dv.setUint16(42, GW_MSS); }
    if (data) pkt.set(data, 40 + opt);
    this.l4csum(pkt, IPPROTO_TCP, 16);
    this.send(pkt);
  }

  /** The receive window: what the host socket's write buffer still takes, at most 65535. */
  private window(f: Flow): number {
    const used = f.sock ? f.sock.writableLength : 0;
    return Math.max(0, Math.min(MAX_WIN, RECV_BUF - used));
  }

  /** A RST answering a segment that has no connection (tcp_v4_send_reset's rules, RFC 793). */
  private resetFor(src: number, dst: number, sport: number, dport: number, seq: number, ack: number, flags: number, dlen: number) {
    const pkt = this.ipPacket(dst, src, IPPROTO_TCP, 20);
    const dv = new DataView(pkt.buffer);
    dv.setUint16(20, dport);
    dv.setUint16(22, sport);
    if (flags & ACK) {
      dv.setUint32(24, ack >>> 0);
      pkt[33] = RST;
    } else {
      dv.setUint32(24, 0);
      dv.setUint32(28, (seq + dlen + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0)) >>> 0);
      pkt[33] = RST | ACK;
    }
    pkt[32] = 5 << 4;
    this.l4csum(pkt, IPPROTO_TCP, 16);
    this.send(pkt);
  }

  /** Send what the guest's window allows; the FIN after the last byte. */
  private pump(f: Flow) {
    if (f.st !== St.Established) return;
    while (f.outLen > 0) {
      const room = (f.snd_una + f.snd_wnd - f.snd_nxt) | 0;
      if (room <= 0) break;
      const n = Math.min(room, f.mss, f.outLen);
      const seg = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const c = f.out[0];
        const take = Math.min(c.length, n - got);
        seg.set(c.subarray(0, take), got);
        got += take;
        if (take === c.length) f.out.shift();
        else f.out[0] = c.subarray(take);
      }
      f.outLen -= n;
      this.tcpOut(f, ACK | PSH, seg);
      f.snd_nxt = (f.snd_nxt + n) | 0;
    }
    if (f.paused && f.outLen < SEND_LOW && f.sock) { f.paused = false; f.sock.resume(); }
    if (f.hostFin && !f.finSent && f.outLen === 0) {
      this.tcpOut(f, FIN | ACK);
      f.snd_nxt = (f.snd_nxt + 1) | 0;
      f.finSent = true;
    }
  }

  private forget(f: Flow) {
    f.st = St.Closed;
    this.flows.delete(f.key);
    this.updateHold();
  }

  /** The host socket's events for flow f. */
  private events(f: Flow): HostTcpEvents {
    return {
      connect: () => {
        if (f.st !== St.Connecting) return;
        f.st = St.SynRcvd;
        this.tcpOut(f, SYN | ACK, undefined, f.iss);
        f.snd_nxt = (f.iss + 1) | 0;
      },
      data: (d) => {
        if (f.st === St.Closed) return;
        f.out.push(d);
        f.outLen += d.length;
        if (f.outLen > this.maxQueued) this.maxQueued = f.outLen;
        if (f.outLen >= SEND_HIGH && !f.paused && f.sock) { f.paused = true; f.sock.pause(); }
        this.pump(f);
      },
      end: () => {
        if (f.st === St.Closed) return;
        f.hostFin = true;
        this.pump(f);
        this.maybeDone(f);
      },
      drain: () => {
        // the window reopens: a window update (tcp_cleanup_rbuf's role)
        if (f.st === St.Established && this.window(f) > f.lastWin) this.tcpOut(f, ACK);
      },
      error: (code) => {
        if (f.st === St.Closed) return;
        if (f.st === St.Connecting) {
          // refused, or no route from the host: the guest's SYN is answered with a RST
          this.tcpOut(f, RST | ACK, undefined, 0);
        } else {
          this.tcpOut(f, RST | ACK);
        }
        void code;
        this.forget(f);
      },
      close: () => {
        if (f.st === St.Closed) return;
        f.sock = null;
        // both directions ended: the flow ends when the guest has our FIN
        if (f.hostFin && f.guestFin) return this.maybeDone(f);
        // closed without an error before both FINs: the host side is gone, reset the guest
        this.tcpOut(f, RST | ACK);
        this.forget(f);
      },
    };
  }

  private maybeDone(f: Flow) {
    if (f.finAcked && f.guestFin) this.forget(f);
  }

  private acceptTcp(open: (ev: HostTcpEvents) => HostTcp, guestPort: number) {
    // a SYN from 10.0.2.2:<ephemeral> to the guest's port
    let port = 0;
    for (let i = 0; i < 25000; i++) {
      const p = this.nextPort;
      this.nextPort = this.nextPort >= 65000 ? 40000 : this.nextPort + 1;
      if (!this.flows.has(`${GATEWAY_ADDR}:${p}:${guestPort}`)) { port = p; break; }
    }
    const f = new Flow(`${GATEWAY_ADDR}:${port}:${guestPort}`, guestPort, GATEWAY_ADDR, port);
    const sock = open(this.events(f));
    if (!port || this.closed) { sock.reset(); return; }
    f.sock = sock;
    sock.pause();
    f.paused = true;
    f.st = St.SynSent;
    f.iss = (Math.random() * 0x100000000) | 0;
    f.snd_una = f.iss;
    f.snd_nxt = (f.iss + 1) | 0;
    this.flows.set(f.key, f);
    this.updateHold();
    this.tcpOut(f, SYN, undefined, f.iss);
  }

  // ---- from the guest ----

  /** One IPv4 packet the guest sent on eth0 (copied: the kernel's buffer is reused). */
  output(pkt: Uint8Array) {
    if (this.closed || pkt.length < 20 || pkt[0] >> 4 !== 4) return;
    this.onActivity?.();
    const dv = new DataView(pkt.buffer, pkt.byteOffset, pkt.byteLength);
    const ihl = (pkt[0] & 15) * 4;
    const tot = Math.min(dv.getUint16(2), pkt.length);
    if (ihl < 20 || tot < ihl) return;
    const src = dv.getUint32(12), dst = dv.getUint32(16);
    const l4 = pkt.subarray(ihl, tot);
    if (pkt[9] === IPPROTO_TCP) this.tcpInput(src, dst, l4);
    else if (pkt[9] === IPPROTO_UDP) this.udpInput(src, dst, l4);
    // anything else (ICMP echo...) has no host counterpart: dropped, as slirp drops
  }

  /** The host address the guest means by dst: 10.0.2.2 is the host's own loopback. */
  private hostAddress(dst: number): string | null {
    if (dst === GATEWAY_ADDR) return "127.0.0.1";
    if ((dst >>> 8) === (GUEST_ADDR >>> 8)) return null; // the rest of 10.0.2.0/24 (10.0.2.3 answers DNS only): nobody
    return ip4(dst);
  }

  private tcpInput(src: number, dst: number, seg: Uint8Array) {
    if (seg.length < 20) return;
    const dv = new DataView(seg.buffer, seg.byteOffset, seg.byteLength);
    const sport = dv.getUint16(0), dport = dv.getUint16(2);
    const seq = dv.getUint32(4) | 0, ack = dv.getUint32(8) | 0;
    const doff = (seg[12] >> 4) * 4;
    const flags = seg[13];
    const win = dv.getUint16(14);
    if (doff < 20 || doff > seg.length) return;
    const data = seg.subarray(doff);
    const key = `${dst}:${dport}:${sport}`;
    const f = this.flows.get(key);
    if (!f) {
      if (flags & RST) return;
      if ((flags & (SYN | ACK)) !== SYN) return this.resetFor(src, dst, sport, dport, seq, ack, flags, data.length);
      const host = this.hostAddress(dst);
      if (host === null) return this.resetFor(src, dst, sport, dport, seq, ack, flags, data.length);
      const nf = new Flow(key, sport, dst, dport);
      nf.rcv_nxt = (seq + 1) | 0;
      nf.snd_wnd = win;
      nf.mss = Math.min(GW_MSS, this.mssOption(seg, doff) ?? 536);
      nf.iss = (Math.random() * 0x100000000) | 0;
      nf.snd_una = nf.iss;
      nf.snd_nxt = nf.iss;
      this.flows.set(key, nf);
      this.updateHold();
      nf.sock = this.api.connectTcp(host, dport, this.events(nf));
      return;
    }
    if (flags & RST) {
      f.sock?.reset();
      this.forget(f);
      return;
    }
    if (f.st === St.Connecting) return; // a repeated SYN while the host connects
    if (f.st === St.SynSent) {
      // our SYN (a published port's connection) answered by the guest's SYN-ACK
      if ((flags & (SYN | ACK)) !== (SYN | ACK) || ack !== f.snd_nxt) {
        return this.resetFor(src, dst, sport, dport, seq, ack, flags, data.length);
      }
      f.rcv_nxt = (seq + 1) | 0;
      f.snd_una = ack;
      f.snd_wnd = win;
      f.mss = Math.min(GW_MSS, this.mssOption(seg, doff) ?? 536);
      f.st = St.Established;
      this.tcpOut(f, ACK);
      if (f.paused && f.sock) { f.paused = false; f.sock.resume(); }
      return;
    }
    if (!(flags & ACK)) return;
    if (f.st === St.SynRcvd) {
      if (ack !== f.snd_nxt) return this.resetFor(src, dst, sport, dport, seq, ack, flags, data.length);
      f.st = St.Established;
    }
    // the ACK: what the guest has received, and its window (RFC 793 SND.UNA / SND.WND)
    if (((ack - f.snd_una) | 0) > 0 && ((ack - f.snd_nxt) | 0) <= 0) f.snd_una = ack;
    f.snd_wnd = win;
    if (f.finSent && f.snd_una === f.snd_nxt) f.finAcked = true;
    let needAck = false;
    if (data.length) {
      if (seq === f.rcv_nxt && !f.guestFin) {
        f.rcv_nxt = (f.rcv_nxt + data.length) | 0;
        f.sock?.write(data.slice());
      }
      needAck = true;
    }
    if (flags & FIN && ((seq + data.length) | 0) === f.rcv_nxt && !f.guestFin) {
      f.rcv_nxt = (f.rcv_nxt + 1) | 0;
      f.guestFin = true;
      f.sock?.end();
      needAck = true;
    }
    const before = f.snd_nxt;
    this.pump(f);
    if (needAck && f.snd_nxt === before) this.tcpOut(f, ACK);
    this.maybeDone(f);
  }

  private mssOption(seg: Uint8Array, doff: number): number | null {
    for (let i = 20; i < doff;) {
      const kind = seg[i];
      if (kind === 0) break;
      if (kind === 1) { i++; continue; }
      const len = seg[i + 1];
      if (len < 2 || i + len > doff) break;
      if (kind === 2 && len === 4) return (seg[i + 2] << 8) | seg[i + 3];
      i += len;
    }
    return null;
  }

  // ---- UDP ----

  private udpOut(src: number, sport: number, dport: number, data: Uint8Array) {
    if (data.length > 1500 - 28) return; // no fragments on eth0: what does not fit is dropped
    const pkt = this.ipPacket(src, GUEST_ADDR, IPPROTO_UDP, 8 + data.length);
    const dv = new DataView(pkt.buffer);
    dv.setUint16(20, sport);
    dv.setUint16(22, dport);
    dv.setUint16(24, 8 + data.length);
    pkt.set(data, 28);
    this.l4csum(pkt, IPPROTO_UDP, 6);
    this.send(pkt);
  }

  private udpInput(src: number, dst: number, seg: Uint8Array) {
    if (seg.length < 8) return;
    const dv = new DataView(seg.buffer, seg.byteOffset, seg.byteLength);
    const sport = dv.getUint16(0), dport = dv.getUint16(2);
    const ulen = dv.getUint16(4);
    if (ulen < 8 || ulen > seg.length) return;
    const data = seg.slice(8, ulen);
    if (dst === DNS_ADDR && dport === 53) return this.dns(sport, data);
    if (dst === GATEWAY_ADDR) {
      const peer = this.udpPeers.get(dport);
      if (peer) { peer.sock.send(data, peer.port, peer.address); return; }
    }
    const host = this.hostAddress(dst);
    if (host === null) return;
    let s = this.udpSocks.get(sport);
    if (!s) {
      // bound to loopback when it talks to the host's loopback: nothing else can reach it
      s = this.api.udp((d, address, port) => {
        const a = address === "127.0.0.1" ? GATEWAY_ADDR : parseIp4(address);
        if (a !== null) this.udpOut(a, port, sport, d);
      }, { address: host === "127.0.0.1" ? "127.0.0.1" : "0.0.0.0", port: 0 });
      this.udpSocks.set(sport, s);
      this.updateHold();
    }
    s.send(data, dport, host);
  }

  /**
   * The name server at 10.0.2.3:53 (slirp's DNS proxy): a standard query (RFC 1035 4.1) for
   * one name, answered from the host's resolver. An A query gets the host's IPv4 addresses,
   * 127.0.0.0/8 rewritten as 10.0.2.2 (the host's loopback as the guest reaches it);
   * host.int80.internal is 10.0.2.2; AAAA and other types have no data (eth0 is IPv4 only);
   * names under .invalid (RFC 6761) and names the host cannot resolve are NXDOMAIN.
   */
  private dns(sport: number, q: Uint8Array) {
    if (q.length < 12 || (q[2] & 0x80) || ((q[2] >> 3) & 15) !== 0 || ((q[4] << 8) | q[5]) !== 1) return;
    const labels: string[] = [];
    let i = 12;
    while (i < q.length && q[i] !== 0) {
      const n = q[i];
      if (n > 63 || i + 1 + n > q.length) return;
      labels.push(String.fromCharCode(...q.subarray(i + 1, i + 1 + n)));
      i += 1 + n;
    }
    if (i + 5 > q.length) return;
    const qtype = (q[i + 1] << 8) | q[i + 2];
    const question = q.subarray(12, i + 5);
    const name = labels.join(".").toLowerCase();
    const reply = (rcode: number, addrs: number[]) => {
      const r = new Uint8Array(12 + question.length + addrs.length * 16);
      r[0] = q[0]; r[1] = q[1];
      r[2] = 0x80 | (q[2] & 0x01); // QR, the query's RD
      r[3] = 0x80 | rcode; // RA
      r[5] = 1;
      r[7] = addrs.length;
      r.set(question, 12);
      let o = 12 + question.length;
      for (const a of addrs) {
        r.set([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255], o);
        o += 16;
      }
      this.udpOut(DNS_ADDR, 53, sport, r);
    };
    if (!name || name === "invalid" || name.endsWith(".invalid")) return reply(3, []);
    if (name === HOST_NAME) return reply(0, qtype === 1 ? [GATEWAY_ADDR] : []);
    this.pendingLookups++;
    this.updateHold();
    this.api.lookup(name, (err, addresses) => {
      this.pendingLookups--;
      this.updateHold();
      if (this.closed) return;
      if (err) return reply(3, []);
      if (qtype !== 1) return reply(0, []);
      const out: number[] = [];
      for (const s of addresses) {
        const a = parseIp4(s);
        if (a === null) continue;
        const m = (a >>> 24) === 127 ? GATEWAY_ADDR : a;
        if (!out.includes(m)) out.push(m);
      }
      reply(0, out.slice(0, 16));
    });
  }

  /** A datagram to a published UDP port: from 10.0.2.2:<a port for this client> to the guest. */
  private publishedUdp(sock: HostUdp, guestPort: number, data: Uint8Array, address: string, port: number) {
    const client = `${address}:${port}`;
    let gw = this.udpPeerByClient.get(client);
    if (gw === undefined) {
      gw = this.nextPort;
      this.nextPort = this.nextPort >= 65000 ? 40000 : this.nextPort + 1;
      this.udpPeerByClient.set(client, gw);
      this.udpPeers.set(gw, { sock, address, port });
    }
    this.udpOut(GATEWAY_ADDR, gw, guestPort, data);
  }
}

/** Parse `--publish [ADDRESS:]HOSTPORT:GUESTPORT[/udp|/tcp]`, or null. */
export function parsePublish(spec: string): Publish | null {
  const m = /^(?:(\d+\.\d+\.\d+\.\d+):)?(\d+):(\d+)(?:\/(tcp|udp))?$/.exec(spec);
  if (!m) return null;
  const hostPort = Number(m[2]), guestPort = Number(m[3]);
  if (hostPort > 65535 || guestPort < 1 || guestPort > 65535) return null;
  if (m[1] && parseIp4(m[1]) === null) return null;
  return { proto: (m[4] as "tcp" | "udp") ?? "tcp", address: m[1] ?? "127.0.0.1", hostPort, guestPort };
}

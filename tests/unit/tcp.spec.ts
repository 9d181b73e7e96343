// TCP driven segment by segment, as smoltcp's socket tests are: the spec plays the peer.
// lo's transmit is replaced by a capture, so what the kernel sends is only recorded;
// segments of the peer (127.0.0.1:PEER) are built here and handed to ip_rcv.
import { af_inet_init } from "../../assembly/net/ipv4/af_inet";
import { loopback_dev, NetDevice } from "../../assembly/net/core/dev";
import { SkBuff, kfree_skb } from "../../assembly/net/core/skbuff";
import { ip_rcv } from "../../assembly/net/ipv4/ip_input";
import { ip_alloc_skb, IPH_LEN, IPH_VERSION_IHL, IPH_TOT_LEN, IPH_TTL, IPH_PROTOCOL, IPH_CHECK, IPH_SADDR, IPH_DADDR } from "../../assembly/net/ipv4/ip_output";
import { ip_fast_csum, csum_tcpudp } from "../../assembly/include/net/checksum";
import {
  TCPHDR_FIN, TCPHDR_SYN, TCPHDR_RST, TCPHDR_PSH, TCPHDR_ACK,
  TH_SOURCE, TH_DEST, TH_SEQ, TH_ACK_SEQ, TH_DOFF, TH_FLAGS, TH_WINDOW, TH_CHECK, TH_URG_PTR,
} from "../../assembly/net/ipv4/tcp_output";
import { tcp_sk } from "../../assembly/net/ipv4/tcp";
import { TCP_ESTABLISHED, TCP_CLOSE_WAIT } from "../../assembly/net/core/sock";
import { __sys_socket, __sys_bind, __sys_listen, __sys_accept4, __sys_sendto, __sys_recvfrom, sockfd_lookup_light } from "../../assembly/net/socket";
import * as E from "../../assembly/uapi/errno";
import * as net from "../../assembly/uapi/net";
import { new_task, put32, U } from "./helpers";

af_inet_init();

const LO_BE: u32 = 0x0100007f; // 127.0.0.1 as loaded from network order
const PORT: u16 = 7200;
const PEER: u16 = 40000;
const PEER_ISS: u32 = 1000;
let dport: u16 = PORT;

// ---- the capture: lo's transmit keeps the packets instead of receiving them ----

const sent: usize[] = [];
function capture_xmit(skb: SkBuff, dev: NetDevice): i32 {
  sent.push(changetype<usize>(skb));
  return 0;
}
loopback_dev.xmit = capture_xmit;

function clear(): void {
  for (let i = 0; i < sent.length; i++) kfree_skb(changetype<SkBuff>(sent[i]));
  sent.length = 0;
}
function th(i: i32): usize { return changetype<SkBuff>(sent[i]).data + IPH_LEN; }
function out_flags(i: i32): u32 { return <u32>load<u8>(th(i) + TH_FLAGS); }
function out_seq(i: i32): u32 { return bswap<u32>(load<u32>(th(i) + TH_SEQ)); }
function out_ack(i: i32): u32 { return bswap<u32>(load<u32>(th(i) + TH_ACK_SEQ)); }
function out_win(i: i32): u32 { return <u32>bswap<u16>(load<u16>(th(i) + TH_WINDOW)); }
function out_len(i: i32): u32 {
  const skb = changetype<SkBuff>(sent[i]);
  return skb.len - IPH_LEN - ((<u32>load<u8>(th(i) + TH_DOFF) >> 4) << 2);
}
function out_mss(i: i32): u32 {
  // the first option of a SYN is the MSS (kind 2, length 4)
  return load<u8>(th(i) + 20) == 2 ? <u32>bswap<u16>(load<u16>(th(i) + 22)) : 0;
}

// ---- the peer: one segment built and handed to ip_rcv ----

function seg(flags: u32, seq: u32, ack: u32, win: u32, len: u32, mss: u32 = 0): void {
  const optlen: u32 = mss ? 4 : 0;
  const tlen = 20 + optlen + len;
  const skb = ip_alloc_skb(tlen);
  const iph = skb.data;
  const t = iph + IPH_LEN;
  store<u16>(t + TH_SOURCE, bswap<u16>(PEER));
  store<u16>(t + TH_DEST, bswap<u16>(dport));
  store<u32>(t + TH_SEQ, bswap<u32>(seq));
  store<u32>(t + TH_ACK_SEQ, bswap<u32>(ack));
  store<u8>(t + TH_DOFF, <u8>(((20 + optlen) >> 2) << 4));
  store<u8>(t + TH_FLAGS, <u8>flags);
  store<u16>(t + TH_WINDOW, bswap<u16>(<u16>win));
  store<u16>(t + TH_CHECK, 0);
  store<u16>(t + TH_URG_PTR, 0);
  if (mss) {
    store<u8>(t + 20, 2);
    store<u8>(t + 21, 4);
    store<u16>(t + 22, bswap<u16>(<u16>mss));
  }
  for (let i: u32 = 0; i < len; i++) store<u8>(t + 20 + optlen + i, <u8>i);
  store<u16>(t + TH_CHECK, csum_tcpudp(LO_BE, LO_BE, 6, t, tlen));
  store<u8>(iph + IPH_VERSION_IHL, 0x45);
  store<u8>(iph + 1, 0);
  store<u16>(iph + IPH_TOT_LEN, bswap<u16>(<u16>(IPH_LEN + tlen)));
  store<u32>(iph + 4, 0);
  store<u8>(iph + IPH_TTL, 64);
  store<u8>(iph + IPH_PROTOCOL, 6);
  store<u16>(iph + IPH_CHECK, 0);
  store<u32>(iph + IPH_SADDR, LO_BE);
  store<u32>(iph + IPH_DADDR, LO_BE);
  store<u16>(iph + IPH_CHECK, ip_fast_csum(iph, 5));
  ip_rcv(skb, loopback_dev);
}

// ---- the kernel's side: a listener on 127.0.0.1:PORT and the connection it accepts ----

const task = new_task();
let lfd = 0;
let fd = 0;
let iss: u32 = 0; // the kernel's initial sequence number
let peer_nxt: u32 = PEER_ISS + 1;

function state(): i32 {
  return tcp_sk(sockfd_lookup_light(fd).sk).sk_state;
}

describe("tcp, segment by segment", () => {
  test("a SYN to a listener is answered by a SYN-ACK with our MSS and a window of whole segments", () => {
    lfd = __sys_socket(net.AF_INET, net.SOCK_STREAM, 0);
    expect(lfd).toBeGreaterThanOrEqual(0);
    put32(U, <u32>net.AF_INET | (<u32>bswap<u16>(PORT) << 16));
    put32(U + 4, LO_BE);
    put32(U + 8, 0);
    put32(U + 12, 0);
    expect(__sys_bind(lfd, U, 16)).toBe(0);
    expect(__sys_listen(lfd, 5)).toBe(0);
    clear();
    seg(TCPHDR_SYN, PEER_ISS, 0, 65535, 0, 65495);
    expect(sent.length).toBe(1);
    expect(out_flags(0)).toBe(TCPHDR_SYN | TCPHDR_ACK);
    expect(out_ack(0)).toBe(PEER_ISS + 1);
    expect(out_mss(0)).toBe(65495);
    expect(out_win(0)).toBe(65495); // rounddown(65535, MSS): tcp_select_initial_window
    iss = out_seq(0);
    clear();
  });

  test("the ACK completes the handshake; accept returns the connection, nothing is sent", () => {
    seg(TCPHDR_ACK, peer_nxt, iss + 1, 65535, 0);
    expect(sent.length).toBe(0);
    fd = __sys_accept4(lfd, 0, 0, 0);
    expect(fd).toBeGreaterThan(lfd);
    expect(state()).toBe(TCP_ESTABLISHED);
  });

  test("a segment filling the window is ACKed with a zero window", () => {
    seg(TCPHDR_ACK | TCPHDR_PSH, peer_nxt, iss + 1, 65535, 65495);
    peer_nxt += 65495;
    expect(sent.length).toBe(1);
    expect(out_flags(0)).toBe(TCPHDR_ACK);
    expect(out_ack(0)).toBe(peer_nxt);
    expect(out_win(0)).toBe(0);
    clear();
  });

  test("receiver SWS avoidance: a small read announces nothing; draining reopens a whole segment", () => {
    expect(__sys_recvfrom(fd, U + 0x1000, 1000, 0, 0, 0)).toBe(1000);
    expect(sent.length).toBe(0);
    expect(__sys_recvfrom(fd, U + 0x1000, 30000, 0, 0, 0)).toBe(30000);
    expect(sent.length).toBe(0);
    expect(__sys_recvfrom(fd, U + 0x1000, 65495 - 31000, 0, 0, 0)).toBe(65495 - 31000);
    expect(sent.length).toBe(1);
    expect(out_flags(0)).toBe(TCPHDR_ACK);
    expect(out_ack(0)).toBe(peer_nxt);
    expect(out_win(0)).toBe(65495);
    clear();
    expect(__sys_recvfrom(fd, U + 0x1000, 100, net.MSG_DONTWAIT, 0, 0)).toBe(-E.EAGAIN);
    expect(sent.length).toBe(0);
  });

  test("sending: full segments while the window allows; a short piece is not sent into a small window", () => {
    expect(__sys_sendto(fd, U + 0x1000, 100000, 0, 0, 0)).toBe(100000);
    expect(sent.length).toBe(1);
    expect(out_flags(0)).toBe(TCPHDR_ACK);
    expect(out_seq(0)).toBe(iss + 1);
    expect(out_len(0)).toBe(65495);
    clear();
    // the peer's window had 40 bytes left: nothing more goes (sender SWS avoidance)
    seg(TCPHDR_ACK, peer_nxt, iss + 1, 65535, 0);
    expect(sent.length).toBe(0);
    // the peer acknowledges the segment and opens its window: the rest goes, pushed
    seg(TCPHDR_ACK, peer_nxt, iss + 1 + 65495, 65535, 0);
    expect(sent.length).toBe(1);
    expect(out_flags(0)).toBe(TCPHDR_ACK | TCPHDR_PSH);
    expect(out_seq(0)).toBe(iss + 1 + 65495);
    expect(out_len(0)).toBe(100000 - 65495);
    clear();
    seg(TCPHDR_ACK, peer_nxt, iss + 1 + 100000, 65535, 0);
    expect(sent.length).toBe(0);
  });

  test("Nagle: a second small write waits for the first one's ACK", () => {
    const base = iss + 1 + 100000;
    expect(__sys_sendto(fd, U + 0x1000, 10, 0, 0, 0)).toBe(10);
    expect(sent.length).toBe(1);
    expect(out_len(0)).toBe(10);
    clear();
    expect(__sys_sendto(fd, U + 0x1000, 10, 0, 0, 0)).toBe(10);
    expect(sent.length).toBe(0);
    seg(TCPHDR_ACK, peer_nxt, base + 10, 65535, 0);
    expect(sent.length).toBe(1);
    expect(out_seq(0)).toBe(base + 10);
    expect(out_len(0)).toBe(10);
    clear();
    seg(TCPHDR_ACK, peer_nxt, base + 20, 65535, 0);
    expect(sent.length).toBe(0);
  });

  test("the peer's FIN is ACKed and the connection moves to CLOSE_WAIT", () => {
    seg(TCPHDR_FIN | TCPHDR_ACK, peer_nxt, iss + 1 + 100020, 65535, 0);
    expect(sent.length).toBe(1);
    expect(out_flags(0)).toBe(TCPHDR_ACK);
    expect(out_ack(0)).toBe(peer_nxt + 1);
    expect(state()).toBe(TCP_CLOSE_WAIT);
    expect(__sys_recvfrom(fd, U + 0x1000, 100, 0, 0, 0)).toBe(0);
    clear();
  });

  test("a SYN to a port with no listener is answered with RST|ACK (RFC 793)", () => {
    dport = 7999;
    seg(TCPHDR_SYN, 1, 0, 65535, 0);
    dport = PORT;
    expect(sent.length).toBe(1);
    expect(out_flags(0)).toBe(TCPHDR_RST | TCPHDR_ACK);
    expect(out_seq(0)).toBe(0);
    expect(out_ack(0)).toBe(2);
    clear();
  });
});

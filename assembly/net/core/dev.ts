// Network devices and the receive path (net/core/dev.c): lo always, and eth0 when the run
// asks for a network to the host (`int80 run --net user` / `--publish`: drivers/net/hostnet.ts).
// The devices are a list (dev_base_head), looked up by name and by index as Linux does.
//
// dev_queue_xmit() hands a finished IPv4 packet (bytes in an skb) to the device; the
// loopback device's transmit puts it on the backlog queue (netif_rx) and the "softirq"
// net_rx_action() hands each queued packet to the protocol registered with dev_add_pack
// (ip_rcv). As on Linux, where loopback_xmit -> netif_rx -> softirq runs before the
// sending syscall returns, the backlog is drained synchronously, in FIFO order, before
// the call that transmitted returns. Packets sent while it is being drained (a SYN-ACK
// answering a SYN) are queued behind and handled by the same loop, never recursively.
// local_bh_disable()/local_bh_enable() defer the draining over a section of code (the
// role lock_sock/release_sock play for a socket on Linux: segments for a socket the user
// holds wait in its backlog until release_sock).
import { kzalloc_obj } from "../../kernel/slab";
import { ktrace } from "../../kernel/trace";
import {
  SkBuff, SkBuffHead, skb_queue_head_init, skb_queue_tail, skb_dequeue, kfree_skb, skb_checksum_help, CHECKSUM_PARTIAL,
} from "./skbuff";

export const ETH_P_IP: u16 = 0x0800;
export const ETH_P_IPV6: u16 = 0x86dd;
export const IFF_UP: u32 = 0x1;
export const IFF_BROADCAST: u32 = 0x2;
export const IFF_LOOPBACK: u32 = 0x8;
export const IFF_POINTOPOINT: u32 = 0x10;
export const IFF_NOARP: u32 = 0x80;
export const IFF_MULTICAST: u32 = 0x1000;
/** NETIF_F_HW_CSUM (include/linux/netdev_features.h, bit 3): the device completes CHECKSUM_PARTIAL checksums. */
export const NETIF_F_HW_CSUM: u32 = 1 << 3;

/**
 * struct net_device, the part int80's devices need:
 *   ifindex, flags, mtu   as `ip link` shows them (lo: 1, UP|LOOPBACK, 65536)
 *   xmit                  ndo_start_xmit
 *   tx_packets/bytes, rx_packets/bytes   statistics
 *   name0, name1          name[IFNAMSIZ], NUL-padded ("lo", "eth0")
 *   next                  dev_base_head's list, in ifindex order
 *   ifa_local_be, ifa_mask_be, ifa_broadcast_be   the device's one IPv4 address
 *                         (struct in_ifaddr of its in_device)
 *   type, tx_queue_len    ARPHRD_* and txqueuelen, for the ioctls
 *   features              NETIF_F_* offloads (lo: NETIF_F_HW_CSUM; eth0: none, as a tun
 *                         device without TUNSETOFFLOAD)
 */
@unmanaged export class NetDevice {
  ifindex: i32;
  flags: u32;
  mtu: u32;
  xmit: (skb: SkBuff, dev: NetDevice) => i32;
  tx_packets: u64;
  tx_bytes: u64;
  rx_packets: u64;
  rx_bytes: u64;
  name0: u64;
  name1: u64;
  next: NetDevice | null;
  ifa_local_be: u32;
  ifa_mask_be: u32;
  ifa_broadcast_be: u32;
  type: u16;
  tx_queue_len: u32;
  features: u32;
}

export function alloc_netdev(): NetDevice {
  return kzalloc_obj<NetDevice>();
}

/** struct softnet_data.input_pkt_queue: packets received, not yet processed; set up at boot, as net_dev_init() does. */
const backlog = skb_queue_head_init();
let bh_disabled = 0;
let in_softirq = false;

/** ptype_base[ETH_P_IP], [ETH_P_IPV6]: ip_rcv and ipv6_rcv, set by dev_add_pack. */
let ip_packet_type: (skb: SkBuff, dev: NetDevice) => i32 = drop_packet;
let ipv6_packet_type: (skb: SkBuff, dev: NetDevice) => i32 = drop_packet;
function drop_packet(skb: SkBuff, dev: NetDevice): i32 {
  kfree_skb(skb);
  return 0;
}

/** A tap that sees every packet sent (dev_queue_xmit_nit: packet sockets, pcap). */
let xmit_tap: (skb: SkBuff, dev: NetDevice) => void = no_tap;
function no_tap(skb: SkBuff, dev: NetDevice): void {}
export function dev_set_xmit_tap(fn: (skb: SkBuff, dev: NetDevice) => void): void {
  xmit_tap = fn;
}

export function dev_add_pack(type: u16, func: (skb: SkBuff, dev: NetDevice) => i32): void {
  if (type == ETH_P_IP) ip_packet_type = func;
  else if (type == ETH_P_IPV6) ipv6_packet_type = func;
}

/**
 * dev_queue_xmit(): transmit skb (skb.data/skb.len: one IPv4 or IPv6 packet) on dev.
 * validate_xmit_skb() first: a CHECKSUM_PARTIAL checksum the device cannot complete is
 * completed here (skb_checksum_help); then the taps see the packet as the device gets it.
 */
export function dev_queue_xmit(skb: SkBuff, dev: NetDevice): i32 {
  ktrace("dev_queue_xmit");
  if (skb.ip_summed == CHECKSUM_PARTIAL && !(dev.features & NETIF_F_HW_CSUM)) skb_checksum_help(skb);
  xmit_tap(skb, dev);
  const rc = dev.xmit(skb, dev);
  do_softirq();
  return rc;
}

/** netif_rx(): queue a received packet for the softirq. */
export function netif_rx(skb: SkBuff): void {
  skb_queue_tail(backlog, skb);
}

/** net_rx_action() / process_backlog(): hand queued packets to IP until none is left. */
function net_rx_action(): void {
  in_softirq = true;
  // --ktrace: the packet path nests under whatever raised the softirq (its caller)
  ktrace("net_rx_action");
  let skb: SkBuff | null;
  while ((skb = skb_dequeue(backlog))) {
    // skb->protocol: lo carries bare IP packets (no Ethernet header for eth_type_trans to
    // read), so the EtherType comes from the version nibble, as a tun device without
    // packet information (IFF_NO_PI) finds it
    const dev = skb!.dev ? changetype<NetDevice>(skb!.dev) : loopback_dev;
    if ((<u32>load<u8>(skb!.data) >> 4) == 6) ipv6_packet_type(skb!, dev);
    else ip_packet_type(skb!, dev);
  }
  in_softirq = false;
}

/** Run the softirq now unless it is running already or deferred by local_bh_disable(). */
export function do_softirq(): void {
  if (bh_disabled || in_softirq || !backlog.qlen) return;
  net_rx_action();
}

export function local_bh_disable(): void {
  bh_disabled++;
}

export function local_bh_enable(): void {
  if (--bh_disabled == 0) do_softirq();
}

/** The loopback device, set up by loopback_net_init (net/core/loopback.ts). */
export let loopback_dev: NetDevice = changetype<NetDevice>(0);
/** The host-backed device, when the run has one (drivers/net/hostnet.ts), else null. */
export let eth0_dev: NetDevice | null = null;
/** dev_base_head: every registered device, in ifindex order. */
let dev_base: NetDevice | null = null;

/** register_netdevice(): add dev to the list (the first one registered is lo). */
export function register_netdev(dev: NetDevice): void {
  if (!changetype<usize>(loopback_dev)) loopback_dev = dev;
  else if (!(dev.flags & IFF_LOOPBACK)) eth0_dev = dev;
  dev.next = null;
  if (!dev_base) { dev_base = dev; return; }
  let d = dev_base!;
  while (d.next) d = d.next!;
  d.next = dev;
}

/** for_each_netdev(): the first device (walk with dev.next). */
export function first_netdev(): NetDevice | null {
  return dev_base;
}

/** inet_addr_type() == RTN_LOCAL: 127.0.0.0/8 (lo's) or another device's own IPv4 address. */
export function inet_addr_local(addr_be: u32): bool {
  if ((addr_be & 0xff) == 127) return true; // ipv4_is_loopback (the first byte in memory)
  for (let d: NetDevice | null = dev_base; d; d = d!.next) if (d!.ifa_local_be == addr_be) return true;
  return false;
}

/** IFNAMSIZ (include/uapi/linux/if.h): a device name and its NUL. */
export const IFNAMSIZ = 16;

/** dev_set_name(): at most 15 ASCII bytes. */
export function dev_set_name(dev: NetDevice, name: string): void {
  const at = changetype<usize>(dev) + offsetof<NetDevice>("name0");
  memory.fill(at, 0, IFNAMSIZ);
  for (let i = 0; i < name.length && i < IFNAMSIZ - 1; i++) store<u8>(at + i, <u8>name.charCodeAt(i));
}

/** netdev_get_name(): the device's name, NUL-terminated, at buf; returns its length. */
export function netdev_get_name(dev: NetDevice, buf: usize): i32 {
  const at = changetype<usize>(dev) + offsetof<NetDevice>("name0");
  memory.copy(buf, at, IFNAMSIZ);
  let n = 0;
  while (n < IFNAMSIZ - 1 && load<u8>(at + n)) n++;
  return n;
}

/** dev_get_by_name(): the device called by the NUL-terminated name at `name`, or null. */
export function dev_get_by_name(name: usize): NetDevice | null {
  for (let d: NetDevice | null = dev_base; d; d = d!.next) {
    const at = changetype<usize>(d) + offsetof<NetDevice>("name0");
    let i = 0;
    for (; i < IFNAMSIZ; i++) {
      const c = load<u8>(name + i);
      if (c != load<u8>(at + i)) break;
      if (!c) return d;
    }
  }
  return null;
}

/** dev_get_by_index() */
export function dev_get_by_index(ifindex: i32): NetDevice | null {
  for (let d: NetDevice | null = dev_base; d; d = d!.next) if (d!.ifindex == ifindex) return d;
  return null;
}

// eth0: the device whose other side is the host (`int80 run --net user` / `--publish`).
//
// Like a tun device (drivers/net/tun.c, IFF_TUN | IFF_NO_PI) it carries bare IPv4 packets:
// no link-layer header, no ARP (IFF_POINTOPOINT | IFF_NOARP, ARPHRD_NONE). Its address is
// QEMU's user-mode network's: 10.0.2.15/24, the gateway (the host) 10.0.2.2, MTU 1500.
// hostnet_xmit() hands each packet to the host (the host_net_xmit import); the host's
// gateway (host/net/slirp.ts, slirp-like) terminates TCP and UDP on real sockets and
// answers with packets it gives back through hostnet_rx() (the kernel export netif_rx_*),
// which queues them on the backlog (netif_rx) and runs the softirq: the guest's own TCP
// sees real segments from 10.0.2.2.
import { SkBuff, alloc_skb, kfree_skb, skb_mem_exhausted } from "../../net/core/skbuff";
import {
  NetDevice, alloc_netdev, register_netdev, dev_set_name, netif_rx, do_softirq, eth0_dev,
  IFF_UP, IFF_POINTOPOINT, IFF_NOARP, IFF_MULTICAST,
} from "../../net/core/dev";
import { host_net_xmit } from "../../arch/host";
import { ktrace } from "../../kernel/trace";
import { dev_rx_tap } from "../../net/core/dev_tap";

/** ETH_DATA_LEN: eth0's MTU. */
export const HOSTNET_MTU: u32 = 1500;
/** 10.0.2.15, 255.255.255.0, 10.0.2.255 and the gateway 10.0.2.2 as stored in memory (big-endian). */
export const HOSTNET_ADDR_BE: u32 = 0x0f02000a;
export const HOSTNET_MASK_BE: u32 = 0x00ffffff;
export const HOSTNET_BRD_BE: u32 = 0xff02000a;
export const HOSTNET_GW_BE: u32 = 0x0202000a;
/** ARPHRD_NONE (include/uapi/linux/if_arp.h): tun's type, no hardware address. */
const ARPHRD_NONE: u16 = 0xfffe;

/** tun_net_xmit(): the packet goes to the host (it copies it); the skb is freed. */
function hostnet_xmit(skb: SkBuff, dev: NetDevice): i32 {
  ktrace("hostnet_xmit");
  dev.tx_packets++;
  dev.tx_bytes += skb.len;
  host_net_xmit(skb.data, skb.len);
  kfree_skb(skb);
  return 0; // NETDEV_TX_OK
}

/** Create and register eth0 (ifindex 2), once. */
export function hostnet_init(): i32 {
  if (eth0_dev) return 0;
  const dev = alloc_netdev();
  dev.ifindex = 2;
  dev.flags = IFF_UP | IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST;
  dev.mtu = HOSTNET_MTU;
  dev.xmit = hostnet_xmit;
  dev_set_name(dev, "eth0");
  dev.ifa_local_be = HOSTNET_ADDR_BE;
  dev.ifa_mask_be = HOSTNET_MASK_BE;
  dev.ifa_broadcast_be = HOSTNET_BRD_BE;
  dev.type = ARPHRD_NONE;
  dev.tx_queue_len = 500; // tun's default
  register_netdev(dev);
  return 0;
}

/** The packet the host is filling (hostnet_rx_alloc -> the host writes -> hostnet_rx). */
let rx_skb: SkBuff | null = null;

/**
 * tun_get_user(), first half: an skb for a packet of len bytes from the host; returns the
 * kernel address the host writes the packet to, or 0 (no eth0, a bad length, no memory:
 * the packet is dropped, as a full device queue drops it).
 */
export function hostnet_rx_alloc(len: u32): usize {
  const dev = eth0_dev;
  if (!dev || len < 20 || len > 65535) return 0;
  if (rx_skb) { kfree_skb(rx_skb); rx_skb = null; }
  if (skb_mem_exhausted(len)) return 0;
  const skb = alloc_skb(len);
  skb.len = len;
  skb.dev = changetype<usize>(dev);
  rx_skb = skb;
  return skb.data;
}

/** tun_get_user(), second half: netif_rx() the packet and run the softirq now. */
export function hostnet_rx(): void {
  const skb = rx_skb;
  const dev = eth0_dev;
  if (!skb || !dev) return;
  rx_skb = null;
  dev.rx_packets++;
  dev.rx_bytes += skb.len;
  dev_rx_tap(skb, dev);
  netif_rx(skb);
  do_softirq();
}

// The loopback device (drivers/net/loopback.c): what is transmitted is received.
// Like smoltcp's phy/loopback.rs it is a FIFO: loopback_xmit() queues the packet, as
// bytes in kernel memory, on the receive backlog (netif_rx); net/core/dev.ts drains it.
import { SkBuff } from "./skbuff";
import { NetDevice, alloc_netdev, register_netdev, dev_set_name, netif_rx, IFF_UP, IFF_LOOPBACK, NETIF_F_HW_CSUM } from "./dev";

/** lo's MTU (include/linux/netdevice.h: 64 KiB). */
export const LOOPBACK_MTU: u32 = 65536;

/** loopback_xmit(): the packet is orphaned (its sender is no longer charged) and received. */
function loopback_xmit(skb: SkBuff, dev: NetDevice): i32 {
  dev.tx_packets++;
  dev.tx_bytes += skb.len;
  dev.rx_packets++;
  dev.rx_bytes += skb.len;
  netif_rx(skb);
  return 0; // NETDEV_TX_OK
}

/** loopback_net_init(): create and register lo (ifindex 1). */
export function loopback_net_init(): NetDevice {
  const dev = alloc_netdev();
  dev.ifindex = 1;
  dev.flags = IFF_UP | IFF_LOOPBACK;
  dev.mtu = LOOPBACK_MTU;
  dev.xmit = loopback_xmit;
  dev_set_name(dev, "lo");
  dev.ifa_local_be = 0x0100007f; // inet 127.0.0.1/8
  dev.ifa_mask_be = 0x000000ff;
  dev.type = 772; // ARPHRD_LOOPBACK
  dev.tx_queue_len = 1000;
  // LOOPBACK_FEATURES: among them NETIF_F_HW_CSUM, so TCP and UDP leave their checksums
  // CHECKSUM_PARTIAL and nothing computes them: the receiver trusts them (skb_csum_unnecessary)
  dev.features = NETIF_F_HW_CSUM;
  register_netdev(dev);
  return dev;
}

// The capture tap for `int80 run --pcap` (the role of dev_queue_xmit_nit and a packet
// socket on Linux): every packet handed to a device, and every packet eth0 receives from
// the host, is reported to the host, which writes it to a pcap file with the kernel
// clock's timestamp. Both devices carry bare IP packets, so one LINKTYPE_RAW file holds
// them all (a packet on lo is seen once: what lo sends it receives).
import { SkBuff } from "./skbuff";
import { NetDevice, dev_set_xmit_tap } from "./dev";
import { ktime_get_ns } from "../../kernel/time";
import { host_pcap_packet } from "../../arch/host";

let rx_tap_on = false;

function pcap_tap(skb: SkBuff, dev: NetDevice): void {
  host_pcap_packet(skb.data, skb.len, <f64>ktime_get_ns());
}

function no_tap(skb: SkBuff, dev: NetDevice): void {}

export function dev_tap_enable(on: bool): void {
  dev_set_xmit_tap(on ? pcap_tap : no_tap);
  rx_tap_on = on;
}

/** netif_receive_skb's taps: a packet that came in from outside (eth0). */
export function dev_rx_tap(skb: SkBuff, dev: NetDevice): void {
  if (rx_tap_on) pcap_tap(skb, dev);
}

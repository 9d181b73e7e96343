// The capture tap for `int80 run --pcap` (the role of dev_queue_xmit_nit and a packet
// socket on Linux): every packet handed to a device is reported to the host, which
// writes it to a pcap file with the kernel clock's timestamp.
import { SkBuff } from "./skbuff";
import { NetDevice, dev_set_xmit_tap } from "./dev";
import { ktime_get_ns } from "../../kernel/time";
import { host_pcap_packet } from "../../arch/host";

function pcap_tap(skb: SkBuff, dev: NetDevice): void {
  host_pcap_packet(skb.data, skb.len, <f64>ktime_get_ns());
}

function no_tap(skb: SkBuff, dev: NetDevice): void {}

export function dev_tap_enable(on: bool): void {
  dev_set_xmit_tap(on ? pcap_tap : no_tap);
}

// The pcap file for `int80 run --pcap FILE`: LINKTYPE_RAW (each record is an IPv4 packet),
// microsecond timestamps from the kernel clock. tshark/wireshark read it as is.
export const LINKTYPE_RAW = 101;

export class PcapWriter {

  constructor(private write: (bytes: Uint8Array) => void, private snaplen = 65535) {
    const h = new DataView(new ArrayBuffer(24));
    h.setUint32(0, 0xa1b2c3d4, true); // magic, microseconds
    h.setUint16(4, 2, true); // version 2.4
    h.setUint16(6, 4, true);
    h.setInt32(8, 0, true); // thiszone
    h.setUint32(12, 0, true); // sigfigs
    h.setUint32(16, snaplen, true);
    h.setUint32(20, LINKTYPE_RAW, true);
    this.write(new Uint8Array(h.buffer));
  }

  /** One packet; `ns` is the kernel clock (the epoch is added so tools show real dates). */
  packet(bytes: Uint8Array, ns: number, epochNs: number) {
    const t = epochNs + ns;
    const rec = new Uint8Array(16 + Math.min(bytes.length, this.snaplen));
    const dv = new DataView(rec.buffer);
    dv.setUint32(0, Math.floor(t / 1e9), true);
    dv.setUint32(4, Math.floor((t % 1e9) / 1e3), true);
    dv.setUint32(8, rec.length - 16, true);
    dv.setUint32(12, bytes.length, true);
    rec.set(bytes.subarray(0, rec.length - 16), 16);
    this.write(rec);
  }
}

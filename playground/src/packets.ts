// The packet view: the pcap bytes the session wrote (LINKTYPE_RAW: each record an IPv4
// packet) decoded into headers (RFC 791 IPv4, RFC 9293 TCP, RFC 768 UDP, RFC 792 ICMP),
// and an SVG ladder with one column per endpoint (address:port), one arrow per packet.

export interface Field { name: string; value: string }
export interface Layer { title: string; fields: Field[] }
export interface Packet {
  no: number;
  /** seconds since the first packet */
  time: number;
  src: string;
  dst: string;
  proto: string;
  /** the arrow's label: flags, seq/ack, length */
  label: string;
  /** TCP flags as Wireshark names them (SYN, SYN, ACK, ...) or "" */
  flags: string;
  layers: Layer[];
}

const ip4 = (b: Uint8Array, o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
const TCP_FLAGS: [number, string][] = [[0x01, "FIN"], [0x02, "SYN"], [0x04, "RST"], [0x08, "PSH"], [0x10, "ACK"], [0x20, "URG"], [0x40, "ECE"], [0x80, "CWR"]];
const ICMP_TYPES: Record<number, string> = { 0: "echo reply", 3: "destination unreachable", 8: "echo request", 11: "time exceeded" };
const UNREACH: Record<number, string> = { 0: "net unreachable", 1: "host unreachable", 2: "protocol unreachable", 3: "port unreachable", 4: "fragmentation needed" };

export function parsePcap(bytes: Uint8Array): Packet[] {
  const out: Packet[] = [];
  if (bytes.length < 24) return out;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== 0xa1b2c3d4) return out;
  let off = 24;
  let t0: number | null = null;
  // relative sequence numbers per direction, as Wireshark shows them
  const isn = new Map<string, number>();
  while (off + 16 <= bytes.length) {
    const t = dv.getUint32(off, true) + dv.getUint32(off + 4, true) / 1e6;
    const incl = dv.getUint32(off + 8, true);
    const pkt = bytes.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    if (t0 === null) t0 = t;
    const p = decodeIPv4(pkt, out.length + 1, t - t0, isn);
    if (p) out.push(p);
  }
  return out;
}

function decodeIPv4(b: Uint8Array, no: number, time: number, isn: Map<string, number>): Packet | null {
  if (b.length < 20 || b[0] >> 4 !== 4) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ihl = (b[0] & 15) * 4;
  const total = dv.getUint16(2);
  const proto = b[9];
  const src = ip4(b, 12), dst = ip4(b, 16);
  const ipLayer: Layer = {
    title: "Internet Protocol Version 4",
    fields: [
      { name: "Header length", value: `${ihl} bytes` },
      { name: "DSCP/ECN", value: `0x${b[1].toString(16).padStart(2, "0")}` },
      { name: "Total length", value: String(total) },
      { name: "Identification", value: `0x${dv.getUint16(4).toString(16).padStart(4, "0")} (${dv.getUint16(4)})` },
      { name: "Flags", value: (dv.getUint16(6) & 0x4000 ? "DF" : "") || "none" },
      { name: "Time to live", value: String(b[8]) },
      { name: "Protocol", value: proto === 6 ? "TCP (6)" : proto === 17 ? "UDP (17)" : proto === 1 ? "ICMP (1)" : String(proto) },
      { name: "Header checksum", value: `0x${dv.getUint16(10).toString(16).padStart(4, "0")}` },
      { name: "Source", value: src },
      { name: "Destination", value: dst },
    ],
  };
  const body = b.subarray(ihl, Math.min(total, b.length));
  const bd = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (proto === 6 && body.length >= 20) {
    const sport = bd.getUint16(0), dport = bd.getUint16(2);
    const seq = bd.getUint32(4), ack = bd.getUint32(8);
    const doff = (body[12] >> 4) * 4;
    const fl = body[13];
    const names = TCP_FLAGS.filter(([bit]) => fl & bit).map(([, n]) => n);
    const len = body.length - doff;
    const fwd = `${src}:${sport}>${dst}:${dport}`, back = `${dst}:${dport}>${src}:${sport}`;
    if (!isn.has(fwd)) isn.set(fwd, seq);
    const rseq = (seq - isn.get(fwd)!) >>> 0;
    const rack = isn.has(back) ? (ack - isn.get(back)!) >>> 0 : ack;
    const flags = names.join(", ");
    const opts: string[] = [];
    for (let i = 20; i < doff;) {
      const kind = body[i];
      if (kind === 0) break;
      if (kind === 1) { i++; continue; }
      const l = body[i + 1] || 2;
      if (kind === 2) opts.push(`MSS=${bd.getUint16(i + 2)}`);
      else if (kind === 3) opts.push(`WS=${1 << body[i + 2]}`);
      else if (kind === 4) opts.push("SACK_PERM");
      else if (kind === 8) opts.push(`TSval=${bd.getUint32(i + 2)} TSecr=${bd.getUint32(i + 6)}`);
      else opts.push(`kind ${kind}`);
      i += l;
    }
    return {
      no, time, src: `${src}:${sport}`, dst: `${dst}:${dport}`, proto: "TCP", flags,
      label: `[${flags}] Seq=${rseq}${fl & 0x10 ? ` Ack=${rack}` : ""} Win=${bd.getUint16(14)} Len=${len}`,
      layers: [ipLayer, {
        title: "Transmission Control Protocol",
        fields: [
          { name: "Source port", value: String(sport) },
          { name: "Destination port", value: String(dport) },
          { name: "Sequence number", value: `${rseq} (relative), raw ${seq}` },
          { name: "Acknowledgment number", value: fl & 0x10 ? `${rack} (relative), raw ${ack}` : "0" },
          { name: "Header length", value: `${doff} bytes` },
          { name: "Flags", value: `0x${fl.toString(16).padStart(3, "0")} (${flags})` },
          { name: "Window", value: String(bd.getUint16(14)) },
          { name: "Checksum", value: `0x${bd.getUint16(16).toString(16).padStart(4, "0")}` },
          { name: "Urgent pointer", value: String(bd.getUint16(18)) },
          { name: "Options", value: opts.join(", ") || "none" },
          { name: "Payload", value: `${len} bytes${len ? ": " + printable(body.subarray(doff)) : ""}` },
        ],
      }],
    };
  }
  if (proto === 17 && body.length >= 8) {
    const sport = bd.getUint16(0), dport = bd.getUint16(2), ulen = bd.getUint16(4);
    return {
      no, time, src: `${src}:${sport}`, dst: `${dst}:${dport}`, proto: "UDP", flags: "",
      label: `UDP Len=${ulen - 8}`,
      layers: [ipLayer, {
        title: "User Datagram Protocol",
        fields: [
          { name: "Source port", value: String(sport) },
          { name: "Destination port", value: String(dport) },
          { name: "Length", value: String(ulen) },
          { name: "Checksum", value: `0x${bd.getUint16(6).toString(16).padStart(4, "0")}` },
          { name: "Payload", value: `${ulen - 8} bytes: ${printable(body.subarray(8, ulen))}` },
        ],
      }],
    };
  }
  if (proto === 1 && body.length >= 8) {
    const type = body[0], code = body[1];
    const fields: Field[] = [
      { name: "Type", value: `${type} (${ICMP_TYPES[type] ?? "?"})` },
      { name: "Code", value: `${code}${type === 3 ? ` (${UNREACH[code] ?? "?"})` : ""}` },
      { name: "Checksum", value: `0x${bd.getUint16(2).toString(16).padStart(4, "0")}` },
    ];
    // destination unreachable quotes the offending IP header and 8 bytes of its payload
    let src2 = src, dst2 = dst;
    if (type === 3 && body.length >= 8 + 20 + 4) {
      const q = body.subarray(8);
      const qihl = (q[0] & 15) * 4;
      const qd = new DataView(q.buffer, q.byteOffset, q.byteLength);
      fields.push({ name: "Quoted packet", value: `${ip4(q, 12)}:${qd.getUint16(qihl)} → ${ip4(q, 16)}:${qd.getUint16(qihl + 2)} (protocol ${q[9]})` });
      // draw it between the endpoints of the datagram it answers
      src2 = `${ip4(q, 16)}:${qd.getUint16(qihl + 2)}`;
      dst2 = `${ip4(q, 12)}:${qd.getUint16(qihl)}`;
    }
    return {
      no, time, src: src2, dst: dst2, proto: "ICMP", flags: "",
      label: `ICMP ${ICMP_TYPES[type] ?? type}${type === 3 ? ` (${UNREACH[code] ?? code})` : ""}`,
      layers: [ipLayer, { title: "Internet Control Message Protocol", fields }],
    };
  }
  return { no, time, src, dst, proto: String(proto), flags: "", label: `protocol ${proto}`, layers: [ipLayer] };
}

function printable(b: Uint8Array): string {
  let s = "";
  for (const c of b.subarray(0, 64)) s += c >= 32 && c < 127 ? String.fromCharCode(c) : ".";
  return JSON.stringify(s) + (b.length > 64 ? "…" : "");
}

const SVG = "http://www.w3.org/2000/svg";
function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The ladder: endpoints as columns in order of appearance, packets as rows. */
export function ladder(packets: Packet[], onSelect: (p: Packet, row: SVGGElement) => void): SVGSVGElement {
  const cols: string[] = [];
  for (const p of packets) for (const e of [p.src, p.dst]) if (!cols.includes(e)) cols.push(e);
  const colW = 300, left = 90, top = 50, rowH = 34;
  const width = left + Math.max(1, cols.length - 1) * colW + 110;
  const height = top + packets.length * rowH + 20;
  const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "ladder", role: "img" });
  const x = (e: string) => left + 20 + cols.indexOf(e) * colW;
  svg.append(el("defs", {}));
  const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
  marker.append(el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "currentColor" }));
  svg.firstChild!.appendChild(marker);
  for (const c of cols) {
    svg.append(el("text", { x: x(c), y: 20, "text-anchor": "middle", class: "endpoint" }, c));
    svg.append(el("line", { x1: x(c), y1: 30, x2: x(c), y2: height - 10, class: "lifeline" }));
  }
  packets.forEach((p, i) => {
    const y = top + i * rowH + 14;
    const g = el("g", { class: `pkt ${p.proto.toLowerCase()}${p.flags.includes("SYN") ? " syn" : ""}${p.flags.includes("FIN") ? " fin" : ""}${p.flags.includes("RST") ? " rst" : ""}`, tabindex: 0, "data-flags": p.flags, "data-no": p.no });
    g.append(el("text", { x: 8, y: y + 4, class: "time" }, p.time.toFixed(6)));
    const x1 = x(p.src), x2 = x(p.dst);
    g.append(el("rect", { x: Math.min(x1, x2) - 4, y: y - 16, width: Math.abs(x2 - x1) + 8 || 40, height: rowH - 4, class: "hit" }));
    g.append(el("line", { x1, y1: y, x2: x2 === x1 ? x1 + 30 : x2, y2: y, "marker-end": "url(#arrow)", class: "arrow" }));
    g.append(el("text", { x: (x1 + x2) / 2, y: y - 5, "text-anchor": "middle", class: "label" }, p.label));
    g.addEventListener("click", () => onSelect(p, g));
    g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") onSelect(p, g); });
    svg.append(g);
  });
  return svg;
}

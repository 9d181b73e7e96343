// Exports for the host: socket memory in use and its limit (see skbuff.ts).
import { skb_mem_total, set_skb_mem_limit } from "./skbuff";

export function skb_mem_total_bytes(): f64 {
  return <f64>skb_mem_total;
}

export { set_skb_mem_limit };

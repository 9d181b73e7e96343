// Linux errno -> WASI errno, for the WASI adapters' return values (wasi-libc turns those
// into its own errno constants). The table is generated from tables/errno.tbl.
import { LINUX_TO_WASI } from "./generated/errno.js";

const WASI_EIO = 29;

/** The WASI errno for a Linux one; EIO where WASI has no such error. */
export function linuxToWasiErrno(e: number): number {
  return (e > 0 && LINUX_TO_WASI[e]) || WASI_EIO;
}

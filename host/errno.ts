// Linux errno -> WASI errno, for the WASI adapters' return values (wasi-libc turns those
// into its own errno constants). Linux numbers: include/uapi/asm-generic/errno*.h.
const pairs: [number, number][] = [
  [1, 63], [2, 44], [3, 71], [4, 27], [5, 29], [6, 60], [7, 1], [8, 45], [9, 8], [10, 12],
  [11, 6], [12, 48], [13, 2], [14, 21], [16, 10], [17, 20], [18, 75], [19, 43], [20, 54],
  [21, 31], [22, 28], [23, 41], [24, 33], [25, 59], [26, 74], [27, 22], [28, 51], [29, 70],
  [30, 69], [31, 34], [32, 64], [33, 18], [34, 68], [35, 16], [36, 37], [38, 52], [39, 55],
  [40, 32], [71, 65], [74, 9], [75, 61], [84, 25], [88, 57], [89, 17], [90, 35], [91, 67],
  [92, 50], [93, 66], [95, 58], [97, 5], [98, 3], [99, 4], [100, 38], [101, 40], [102, 39],
  [103, 13], [104, 15], [105, 42], [106, 30], [107, 53], [110, 73], [111, 14], [113, 23],
  [114, 7], [115, 26], [116, 72], [122, 19], [125, 11], [130, 62], [131, 56],
];
const table = new Uint8Array(512).fill(29); // default EIO
for (const [linux, wasi] of pairs) table[linux] = wasi;

export function linuxToWasiErrno(e: number): number {
  return e > 0 && e < table.length ? table[e] : 29;
}

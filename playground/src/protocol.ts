// Messages between the page and its two workers (the compiler and the machine).

/** one node of the kernel path view: a syscall and the tracepoints it passed */
export interface KtraceCall {
  pid: number;
  head: string;
  events: { name: string; level: number }[];
  ret?: string;
}

export interface ProcSummary {
  pid: number;
  argv: string[];
  status: number;
  note: string | null;
}

export type RunMsg =
  | { type: "out"; pid: number; fd: number; bytes: Uint8Array }
  | { type: "spawn"; pid: number; argv: string[] }
  | { type: "strace"; text: string }
  | { type: "ktrace"; calls: KtraceCall[] }
  | { type: "ss"; pid: number; argv0: string; table: string }
  | { type: "exit"; pid: number; status: number; note: string | null }
  | { type: "done"; status: number; procs: ProcSummary[]; deadlock?: string; pcap: Uint8Array; ss: string }
  | { type: "error"; message: string };

export interface RunRequest {
  kernel: WebAssembly.Module;
  programs: { module: WebAssembly.Module; argv: string[] }[];
  timeoutSeconds: number;
}

export type CcRequest =
  | { type: "compile"; id: number; name: string; source: string; cflags: string[] }
  | { type: "warm" };

export type CcMsg =
  | { type: "progress"; done: number; total: number }
  | { type: "ready" }
  | { type: "compiled"; id: number; wasm: Uint8Array | null; log: string; diagnostics: import("../../host/browser/cc.js").Diagnostic[]; cached: string }
  | { type: "error"; id: number; message: string };

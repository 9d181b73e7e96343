// The playground page: an editor with one tab per file, a process line, and the views of a
// run (output panes, strace, the kernel path, the packet ladder, the socket table).
// Compiling happens in one worker (cc-worker.ts, kept: the toolchain is loaded once), running
// in another (run-worker.ts, a fresh one per run, terminated by Stop).
import type { CcMsg, KtraceCall, RunMsg, ProcSummary } from "./protocol.js";
import type { Diagnostic } from "../../host/browser/cc.js";
import { parsePcap, ladder, type Packet } from "./packets.js";

interface Example { id: string; title: string; files: string[]; procs: string; about: string; sources: Record<string, string> }
interface State { files: Record<string, string>; procs: string; current: string }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const exampleSel = $<HTMLSelectElement>("example");
const procsInput = $<HTMLInputElement>("procs");
const runBtn = $<HTMLButtonElement>("run");
const stopBtn = $<HTMLButtonElement>("stop");
const code = $<HTMLTextAreaElement>("code");
const backdrop = $<HTMLPreElement>("backdrop");
const gutter = $<HTMLDivElement>("gutter");
const statusEl = $<HTMLDivElement>("status");

let examples: Example[] = [];
let state: State = { files: {}, procs: "", current: "" };
let diags: Diagnostic[] = [];
let compileLog = "";

// ---------------------------------------------------------------- the editor

function renderFiles() {
  const nav = $("files");
  nav.replaceChildren();
  for (const name of Object.keys(state.files)) {
    const b = document.createElement("button");
    b.textContent = name;
    b.className = (name === state.current ? "active " : "") + (diags.some((d) => d.file === name && d.severity.endsWith("error")) ? "has-error" : "");
    b.onclick = () => { state.current = name; renderFiles(); renderCode(); };
    nav.append(b);
  }
  const add = document.createElement("button");
  add.textContent = "+";
  add.title = "New file";
  add.onclick = () => {
    const name = prompt("File name (.c)", "prog.c");
    if (!name || state.files[name] !== undefined) return;
    state.files[name] = "#include <stdio.h>\n\nint main(void) {\n\tprintf(\"hello\\n\");\n\treturn 0;\n}\n";
    state.current = name;
    renderFiles(); renderCode();
  };
  nav.append(add);
}

function renderCode() {
  code.value = state.files[state.current] ?? "";
  renderMarks();
}

/** The gutter's line numbers and each diagnostic at its line, in the backdrop behind the text. */
function renderMarks() {
  const lines = code.value.split("\n");
  const mine = diags.filter((d) => d.file === state.current && d.severity !== "note");
  const byLine = new Map<number, Diagnostic>();
  for (const d of mine) if (!byLine.has(d.line) || d.severity.endsWith("error")) byLine.set(d.line, d);
  gutter.replaceChildren(...lines.map((_, i) => {
    const div = document.createElement("div");
    div.textContent = String(i + 1);
    const d = byLine.get(i + 1);
    if (d) { div.className = d.severity.endsWith("error") ? "error" : "warning"; div.title = d.message; div.dataset.line = String(i + 1); }
    return div;
  }));
  backdrop.replaceChildren(...lines.map((l, i) => {
    const span = document.createElement("span");
    const d = byLine.get(i + 1);
    span.textContent = l;
    if (d) {
      span.className = d.severity.endsWith("error") ? "error" : "warning";
      span.dataset.line = String(i + 1);
      const m = document.createElement("span");
      m.className = "msg";
      m.textContent = `← ${d.severity}: ${d.message}`;
      span.append(m);
    }
    return [span, document.createTextNode("\n")];
  }).flat());
  // the message after a line can be longer than the line: let the textarea cover it all
  code.style.width = `${backdrop.scrollWidth}px`;
  code.style.height = `${backdrop.scrollHeight}px`;
}

code.addEventListener("input", () => {
  state.files[state.current] = code.value;
  // edited lines lose their marks
  diags = diags.filter((d) => d.file !== state.current);
  renderMarks();
});
code.addEventListener("keydown", (e) => {
  if (e.key === "Tab" && !e.ctrlKey) {
    e.preventDefault();
    code.setRangeText("\t", code.selectionStart, code.selectionEnd, "end");
    code.dispatchEvent(new Event("input"));
  }
});

function renderDiagnostics() {
  const ul = $("diagnostics");
  ul.replaceChildren();
  for (const d of diags) {
    const li = document.createElement("li");
    li.className = d.severity.endsWith("error") ? "error" : d.severity === "warning" ? "warning" : "log";
    li.textContent = `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
    li.onclick = () => goto(d.file, d.line);
    ul.append(li);
  }
  if (!diags.length && compileLog.trim()) {
    const li = document.createElement("li");
    li.className = "log";
    li.textContent = compileLog.trim();
    ul.append(li);
  }
}

function goto(file: string, line: number) {
  if (state.files[file] === undefined) return;
  state.current = file;
  renderFiles(); renderCode();
  const lines = code.value.split("\n");
  const pos = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  code.focus();
  code.setSelectionRange(pos, pos + (lines[line - 1]?.length ?? 0));
  $("editor").scrollTop = Math.max(0, (line - 5) * 18);
}

// ---------------------------------------------------------------- examples and the URL

function encodeState(): string {
  const json = JSON.stringify({ files: state.files, procs: state.procs });
  const bytes = new TextEncoder().encode(json);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeState(s: string): State | null {
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const v = JSON.parse(json);
    if (typeof v.procs !== "string" || typeof v.files !== "object") return null;
    return { files: v.files, procs: v.procs, current: Object.keys(v.files)[0] ?? "" };
  } catch { return null; }
}

function loadExample(id: string) {
  const ex = examples.find((e) => e.id === id) ?? examples[0];
  exampleSel.value = ex.id;
  state = { files: { ...ex.sources }, procs: ex.procs, current: ex.files[0] };
  procsInput.value = ex.procs;
  $("about").textContent = ex.about;
  diags = []; compileLog = "";
  renderFiles(); renderCode(); renderDiagnostics();
}

function fromHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  const shared = h.get("s");
  const st = shared ? decodeState(shared) : null;
  if (st) {
    state = st;
    exampleSel.value = "";
    procsInput.value = st.procs;
    $("about").textContent = "A shared program.";
    diags = [];
    renderFiles(); renderCode(); renderDiagnostics();
  } else loadExample(h.get("example") ?? "tcp");
}

exampleSel.onchange = () => { history.replaceState(null, "", `#example=${exampleSel.value}`); loadExample(exampleSel.value); };
procsInput.oninput = () => { state.procs = procsInput.value; };
$("share").onclick = async () => {
  history.replaceState(null, "", `#s=${encodeState()}`);
  try { await navigator.clipboard.writeText(location.href); setStatus("The link (files and process line) is in the address bar and the clipboard."); }
  catch { setStatus("The link (files and process line) is in the address bar."); }
};

// ---------------------------------------------------------------- compiling

/**
 * The service worker first (on a first visit: installed, activated, controlling the page),
 * then the compiler's worker: a worker started before the page is controlled would fetch
 * the toolchain past the service worker, and it would not be there offline.
 */
async function serviceWorker(): Promise<void> {
  if (!("serviceWorker" in navigator) || new URLSearchParams(location.search).has("nosw")) return;
  try {
    await navigator.serviceWorker.register("sw.js");
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => { navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }); setTimeout(r, 5000); });
    }
  } catch { /* no offline use; everything else works */ }
}

const cc: Promise<Worker> = serviceWorker().then(() => {
  const w = new Worker(new URL("cc-worker.js", import.meta.url), { type: "module" });
  w.onmessage = (ev: MessageEvent<CcMsg>) => {
    const m = ev.data;
    if (m.type === "progress") return progress(m.done, m.total);
    if (m.type === "ready") { $("progress").hidden = true; return; }
    ccWaiting.get(m.id)?.(m);
    ccWaiting.delete(m.id);
  };
  // start loading the compiler now: the first compile needs it
  w.postMessage({ type: "warm" });
  return w;
});
let ccId = 0;
const ccWaiting = new Map<number, (m: CcMsg) => void>();

function progress(done: number, total: number) {
  const p = $("progress");
  p.hidden = done >= total;
  $("progress-fill").style.width = `${(100 * done / total).toFixed(1)}%`;
  const mb = (n: number) => (n / 1048576).toFixed(1);
  $("progress-text").textContent = `Loading the C compiler: ${mb(done)} / ${mb(total)} MB (${done} / ${total} bytes)`;
}

function compile(name: string, source: string, cflags: string[]): Promise<CcMsg> {
  const id = ++ccId;
  return new Promise((resolve) => { ccWaiting.set(id, resolve); cc.then((w) => w.postMessage({ type: "compile", id, name, source, cflags })); });
}

// ---------------------------------------------------------------- running

/** `file.c args :: file.c args`, with "quoted" arguments. */
function parseProcs(line: string): { file: string; args: string[] }[] | string {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2] ?? m[3]);
  const procs: { file: string; args: string[] }[] = [];
  let cur: string[] = [];
  for (const w of [...words, "::"]) {
    if (w === "::") { if (cur.length) procs.push({ file: cur[0], args: cur.slice(1) }); cur = []; }
    else cur.push(w);
  }
  if (!procs.length) return "no processes: write e.g. server.c 5000 :: client.c 5000";
  for (const p of procs) if (state.files[p.file] === undefined) return `no file ${p.file} (files: ${Object.keys(state.files).join(", ")})`;
  return procs;
}

let kernel: Promise<WebAssembly.Module> | null = null;
let runner: Worker | null = null;
let running = false;

function setStatus(text: string, err = false) {
  statusEl.textContent = text;
  statusEl.className = err ? "err" : "";
}

function clearViews() {
  $("panes").replaceChildren();
  $("strace").textContent = "";
  $("ktrace").replaceChildren();
  $("ladder-wrap").replaceChildren();
  $("pkt-detail").replaceChildren();
  $("pcap-dl").hidden = true;
  $("ss").textContent = "";
  panes.clear();
}

const panes = new Map<number, { out: HTMLPreElement; exit: HTMLSpanElement }>();
function pane(pid: number, argv?: string[]) {
  let p = panes.get(pid);
  if (!p) {
    const div = document.createElement("div");
    div.className = "pane";
    div.dataset.pid = String(pid);
    const h = document.createElement("h3");
    const title = document.createElement("span");
    title.textContent = `pid ${pid}` + (argv ? `  ${argv.join(" ")}` : "");
    const exit = document.createElement("span");
    exit.className = "exit";
    exit.textContent = "running";
    h.append(title, exit);
    const out = document.createElement("pre");
    out.className = "out";
    div.append(h, out);
    $("panes").append(div);
    p = { out, exit };
    panes.set(pid, p);
  }
  return p;
}

function setExit(pid: number, status: number, note: string | null) {
  const p = pane(pid);
  p.exit.textContent = `exit ${status}${note ? ` — ${note.replace(/^int80: /, "")}` : ""}`;
  p.exit.className = `exit ${status ? "bad" : "ok"}`;
  p.exit.dataset.status = String(status);
}

function ktraceCalls(calls: KtraceCall[]) {
  const root = $("ktrace");
  const multi = new Set(calls.map((c) => c.pid)).size > 1 || root.dataset.multi === "1";
  for (const c of calls) {
    const d = document.createElement("details");
    const s = document.createElement("summary");
    const pid = document.createElement("span");
    pid.className = "pid";
    pid.textContent = `[pid ${c.pid}] `;
    const ret = document.createElement("span");
    ret.className = "ret";
    ret.textContent = c.ret !== undefined ? ` = ${c.ret}` : "";
    s.append(pid, c.head, ret);
    if (!c.events.length) s.append(document.createTextNode("  (no tracepoints)"));
    d.append(s);
    // the tracepoints nest by level: a function with callees is itself collapsible
    const stack: { level: number; el: HTMLElement }[] = [{ level: -1, el: d }];
    c.events.forEach((e, i) => {
      while (stack.length > 1 && stack[stack.length - 1].level >= e.level) stack.pop();
      const parent = stack[stack.length - 1].el;
      const next = c.events[i + 1];
      if (next && next.level > e.level) {
        const sub = document.createElement("details");
        sub.open = true;
        sub.className = "fn";
        const sum = document.createElement("summary");
        sum.textContent = e.name;
        sub.append(sum);
        parent.append(sub);
        stack.push({ level: e.level, el: sub });
      } else {
        const div = document.createElement("div");
        div.className = "fn leaf";
        div.textContent = e.name;
        parent.append(div);
      }
    });
    root.append(d);
  }
  if (multi) root.dataset.multi = "1";
}

function showPackets(pcap: Uint8Array) {
  const pkts = parsePcap(pcap);
  const wrap = $("ladder-wrap");
  if (!pkts.length) { wrap.innerHTML = `<p class="empty">No packets crossed lo (AF_UNIX sockets and socketpairs do not use the network).</p>`; return; }
  let selected: SVGGElement | null = null;
  wrap.replaceChildren(ladder(pkts, (p: Packet, row) => {
    selected?.classList.remove("selected");
    selected = row; row.classList.add("selected");
    const det = $("pkt-detail");
    det.replaceChildren();
    const h = document.createElement("h4");
    h.textContent = `Packet ${p.no}: ${p.src} → ${p.dst}, ${p.time.toFixed(6)} s`;
    det.append(h);
    for (const l of p.layers) {
      const t = document.createElement("h4");
      t.textContent = l.title;
      const table = document.createElement("table");
      for (const f of l.fields) {
        const tr = table.insertRow();
        tr.insertCell().textContent = f.name;
        tr.insertCell().textContent = f.value;
      }
      det.append(t, table);
    }
  }));
  const a = $<HTMLAnchorElement>("pcap-dl");
  a.href = URL.createObjectURL(new Blob([pcap as Uint8Array<ArrayBuffer>], { type: "application/vnd.tcpdump.pcap" }));
  a.hidden = false;
}

async function run() {
  if (running) return;
  const procs = parseProcs(procsInput.value);
  if (typeof procs === "string") { setStatus(procs, true); return; }
  running = true;
  runBtn.disabled = true; stopBtn.disabled = false;
  clearViews();
  diags = []; compileLog = "";
  renderMarks(); renderDiagnostics(); renderFiles();
  try {
    const names = [...new Set(procs.map((p) => p.file))];
    setStatus(`Compiling ${names.join(", ")}…`);
    const t0 = performance.now();
    const results = await Promise.all(names.map((n) => compile(n, state.files[n], [])));
    const modules = new Map<string, WebAssembly.Module>();
    let failed = false;
    const how: string[] = [];
    results.forEach((r, i) => {
      if (r.type === "error") { compileLog += r.message + "\n"; failed = true; return; }
      if (r.type !== "compiled") return;
      compileLog += r.log;
      diags.push(...r.diagnostics);
      if (r.wasm) { modules.set(names[i], new WebAssembly.Module(r.wasm as Uint8Array<ArrayBuffer>)); how.push(`${names[i]}${r.cached ? ` (${r.cached})` : ""}`); }
      else failed = true;
    });
    renderDiagnostics(); renderFiles(); renderMarks();
    if (failed || !running) {
      const first = diags.find((d) => d.severity.endsWith("error"));
      if (first) goto(first.file, first.line);
      setStatus(running ? "Compiling failed: the errors are marked at their lines." : "Stopped.", true);
      return;
    }
    setStatus(`Compiled ${how.join(", ")} in ${((performance.now() - t0) / 1000).toFixed(1)} s. Running…`);
    kernel ??= WebAssembly.compileStreaming(fetch("kernel.wasm"));
    const k = await kernel;
    runner = new Worker(new URL("run-worker.js", import.meta.url), { type: "module" });
    const t1 = performance.now();
    await new Promise<void>((resolve) => {
      stopRun = () => {
        runner?.terminate();
        for (const p of panes.values()) if (p.exit.textContent === "running") { p.exit.textContent = "stopped"; p.exit.className = "exit bad"; }
        setStatus("Stopped (the machine's worker was terminated).", true);
        resolve();
      };
      runner!.onmessage = (ev: MessageEvent<RunMsg>) => {
        const m = ev.data;
        switch (m.type) {
          case "spawn": pane(m.pid, m.argv); break;
          case "out": {
            const span = document.createElement("span");
            if (m.fd === 2) span.className = "stderr";
            span.textContent = new TextDecoder().decode(m.bytes);
            pane(m.pid).out.append(span);
            break;
          }
          case "strace": $("strace").append(m.text); break;
          case "ktrace": ktraceCalls(m.calls); break;
          case "ss": $("ss").append(`--- sockets when pid ${m.pid} (${m.argv0}) exits ---\n${m.table}`); break;
          case "exit": setExit(m.pid, m.status, m.note); break;
          case "done": {
            for (const p of m.procs as ProcSummary[]) setExit(p.pid, p.status, p.note);
            $("ss").append(`--- sockets at the end ---\n${m.ss || "(none)\n"}`);
            if (m.deadlock) {
              const d = document.createElement("pre");
              d.className = "deadlock";
              d.textContent = m.deadlock;
              $("panes").append(d);
            }
            showPackets(m.pcap);
            setStatus(`Done in ${((performance.now() - t1) / 1000).toFixed(2)} s: exit status ${m.status}.`, m.status !== 0);
            resolve();
            break;
          }
          case "error": setStatus(`The machine failed: ${m.message}`, true); resolve(); break;
        }
      };
      runner!.onerror = (e) => { setStatus(`The machine's worker failed: ${e.message}`, true); resolve(); };
      runner!.postMessage({
        kernel: k, timeoutSeconds: 60,
        programs: procs.map((p) => ({ module: modules.get(p.file)!, argv: [p.file.replace(/\.c$/, ""), ...p.args] })),
      });
    });
  } finally {
    runner?.terminate();
    runner = null;
    stopRun = null;
    running = false;
    runBtn.disabled = false; stopBtn.disabled = true;
  }
}

let stopRun: (() => void) | null = null;
function stop() {
  if (stopRun) stopRun();
  else if (running) { running = false; setStatus("Stopped.", true); }
}

runBtn.onclick = () => { run(); };
stopBtn.onclick = stop;
document.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  else if (e.key === "Escape" && (running || stopRun)) { e.preventDefault(); stop(); }
});

for (const b of document.querySelectorAll<HTMLButtonElement>("#view-tabs button")) {
  b.onclick = () => {
    for (const o of document.querySelectorAll("#view-tabs button")) o.classList.toggle("active", o === b);
    for (const v of document.querySelectorAll(".view")) v.classList.toggle("active", v.id === `view-${b.dataset.view}`);
  };
}

// ---------------------------------------------------------------- start

(async () => {
  examples = await fetch("examples.json").then((r) => r.json());
  for (const ex of examples) exampleSel.add(new Option(ex.title, ex.id));
  exampleSel.add(new Option("(shared program)", ""));
  fromHash();
  window.addEventListener("hashchange", fromHash);
  document.body.dataset.ready = "1";
})();

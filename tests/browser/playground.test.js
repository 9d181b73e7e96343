// The playground in a real browser (Debian's chromium, driven by playwright-core): the page
// loads, the TCP example runs (output panes with exit statuses, a strace line, SYN /
// SYN-ACK / ACK in the packet ladder, decoded headers on click), a compile error from the
// in-browser compiler is marked at its line, Esc stops a spinning program, and a screenshot
// goes to docs/playground.png (shown by the README); then, with the server gone and the
// browser offline, the page reloads from its service worker, runs and compiles.
// Skipped when chromium is not installed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const skip = fs.existsSync(CHROMIUM) ? false : `no ${CHROMIUM} (apt-get install chromium)`;

let browser, page, server, profile;
const errors = [];

before(async () => {
  if (skip) return;
  execFileSync(process.execPath, [path.join(ROOT, "playground/build.mjs")], { stdio: "inherit", env: { ...process.env, PLAYGROUND_QUIET: "1" } });
  const { serve } = await import(path.join(ROOT, "playground/serve.mjs"));
  server = await serve(0);
  const { chromium } = await import("playwright-core");
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "int80-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    viewport: { width: 1366, height: 768 },
  });
  browser = context;
  page = context.pages()[0] ?? await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`http://127.0.0.1:${server.address().port}/#example=tcp`);
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

const status = () => page.textContent("#status");

test("the TCP example runs: panes, strace, the handshake in the ladder", { skip, timeout: 120_000 }, async () => {
  await page.click("#run");
  await page.waitForFunction(() => /^Done|failed/.test(document.getElementById("status").textContent), null, { timeout: 60_000 });
  assert.match(await status(), /^Done .*exit status 0/);
  const panes = await page.$$eval(".pane", (ps) => ps.map((p) => ({ title: p.querySelector("h3 span").textContent, out: p.querySelector("pre").textContent, exit: p.querySelector(".exit").textContent })));
  assert.equal(panes.length, 2);
  assert.match(panes[0].title, /tcp_server 5000/);
  assert.match(panes[1].title, /tcp_client 5000 hello/);
  assert.equal(panes[1].out, 'client: got back "hello"\n');
  assert.deepEqual(panes.map((p) => p.exit), ["exit 0", "exit 0"]);
  const strace = await page.textContent("#strace");
  assert.match(strace, /connect\(3, \{sa_family=AF_INET, sin_port=htons\(5000\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, 16\) = 0/);
  // the handshake: SYN, SYN-ACK, ACK, in this order, before any FIN
  const flags = await page.$$eval("svg.ladder g.pkt", (gs) => gs.map((g) => g.dataset.flags));
  assert.deepEqual(flags.slice(0, 3), ["SYN", "SYN, ACK", "ACK"]);
  assert.ok(flags.some((f) => f.includes("FIN")), "the close sends FIN");
  const ktrace = await page.textContent("#ktrace");
  assert.match(ktrace, /tcp_v4_connect/);
  await page.click('#view-tabs button[data-view="packets"]');
  await page.click("svg.ladder g.pkt >> nth=1");
  const detail = await page.textContent("#pkt-detail");
  assert.match(detail, /Transmission Control Protocol/);
  assert.match(detail, /Flags0x012 \(SYN, ACK\)/);
  await page.screenshot({ path: path.join(ROOT, "docs/playground.png") });
});

test("a compile error from the in-browser compiler is marked at its line", { skip, timeout: 180_000 }, async () => {
  await page.selectOption("#example", "udp");
  await page.fill("#code", "#include <stdio.h>\n\nint main(void) {\n\tint x = 1;\n\tprintf(\"%d\\n\", y);\n\treturn 0;\n}\n");
  await page.fill("#procs", "udp_refused.c");
  await page.focus("#code");
  await page.keyboard.press("Control+Enter");
  await page.waitForSelector("#gutter div.error", { timeout: 150_000 });
  const marked = await page.$$eval("#gutter div.error", (ds) => ds.map((d) => [d.dataset.line, d.title]));
  assert.deepEqual(marked.map((m) => m[0]), ["5"]);
  assert.match(marked[0][1], /undeclared identifier 'y'/);
  assert.match(await page.textContent("#backdrop span.error"), /printf.*← error: use of undeclared identifier 'y'/);
  assert.match(await status(), /Compiling failed/);
});

test("Esc stops a program spinning in a loop", { skip, timeout: 120_000 }, async () => {
  await page.fill("#code", "int main(void) {\n\tfor (volatile int i = 0;; i++) ;\n}\n");
  await page.click("#run");
  await page.waitForFunction(() => /Running/.test(document.getElementById("status").textContent), null, { timeout: 100_000 });
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => /^Stopped/.test(document.getElementById("status").textContent), null, { timeout: 10_000 });
  assert.equal(await page.isDisabled("#run"), false);
  assert.equal(await page.isDisabled("#stop"), true);
  assert.deepEqual(errors, []);
});

test("a program and its process line are shared through the URL", { skip, timeout: 30_000 }, async () => {
  await page.fill("#code", "int main(void) { return 3; }\n");
  await page.fill("#procs", "udp_refused.c one 'two words'");
  await page.click("#share");
  const shared = page.url();
  assert.match(shared, /#s=[A-Za-z0-9_-]+$/);
  await page.selectOption("#example", "menuos");
  assert.equal(await page.inputValue("#procs"), "replyhi.c 1 :: hello.c hello");
  await page.goto(shared);
  await page.waitForFunction(() => document.getElementById("procs").value.startsWith("udp_refused.c"));
  assert.equal(await page.inputValue("#procs"), "udp_refused.c one 'two words'");
  assert.equal(await page.inputValue("#code"), "int main(void) { return 3; }\n");
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(() => /^Done/.test(document.getElementById("status").textContent), null, { timeout: 25_000 });
  assert.deepEqual(await page.$$eval(".pane h3 span", (s) => s.map((x) => x.textContent)), ["pid 100  udp_refused one two words", "exit 3"]);
  assert.deepEqual(errors, []);
});

test("offline once loaded: the service worker serves the page, the kernel and the compiler", { skip, timeout: 120_000 }, async () => {
  assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);
  // the compiler was loaded (the compile error test): its files are in the cache
  server.close();
  server.closeAllConnections();
  server = null;
  await browser.setOffline(true);
  await page.goto(page.url().replace(/#.*/, "#example=udp"));
  await page.reload();
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
  await page.click("#run");
  await page.waitForFunction(() => /^Done|fail/.test(document.getElementById("status").textContent), null, { timeout: 30_000 });
  assert.match(await page.textContent(".pane pre"), /recv: -1 \(Connection refused\)/);
  await page.fill("#code", "int main(void) {\n\treturn 4\n}\n");
  await page.click("#run");
  await page.waitForSelector("#gutter div.error", { timeout: 90_000 });
  assert.deepEqual(await page.$$eval("#gutter div.error", (ds) => ds.map((d) => d.dataset.line)), ["2"]);
});

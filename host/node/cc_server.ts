// The int80 cc compile server: keeps the toolchain loaded between `int80 cc` calls.
//
// Every `int80 cc` process pays for loading @yowasp/clang (reading its 75 MB LLVM module and
// 29 MB resource tarball and compiling the module) and for LLVM starting cold on Liftoff code;
// Node 20 cannot keep compiled Wasm between processes. As ccache/sccache/the Gradle daemon do,
// the CLI hands its compile to a long-lived per-user server instead:
//   - `int80 cc ...` (cli.ts) connects to a Unix socket in a private directory
//     ($INT80_CC_SERVER_DIR, else $XDG_RUNTIME_DIR/int80, else <tmpdir>/int80-<uid>; mode 0700)
//     whose name carries a hash of this int80 tree (its root, version, the dist build, the
//     libc build, Node's version): a rebuilt tree never talks to a stale server.
//   - If nobody listens it starts one detached (`int80 cc-server`, output to a .log beside
//     the socket) and waits for it; if that fails, or the server dies mid-request, the CLI
//     compiles in-process as before: the server can make a compile faster, never fail it.
//   - The server (a light dispatcher) runs each request in one of up to two "lane" processes,
//     each holding its own loaded toolchain: two clients (`make -j2`) compile in parallel on
//     the 2 cores. A lane runs the very same cc() as the in-process path, in the request's
//     cwd with its INT80_* environment, and streams stdout/stderr back: output files,
//     diagnostics and exit status are the in-process path's.
//   - It exits after INT80_CC_SERVER_IDLE seconds without requests (default 600);
//     `int80 cc-server --stop` stops it; INT80_CC_SERVER=0 disables it (the CLI compiles
//     in-process; the programmatic API, compileCached, always does).
// Protocol: one JSON line per message. Client: {argv, cwd, env, tty} or {stop: true}.
// Server: {o: base64} (stdout bytes), {e: base64} (stderr bytes), then {exit: N} or
// {crash: message} (an exception the in-process path would have thrown), or {stopped: true}.
// Unlike ccache, the server does not cache outputs: it only keeps the compiler warm.

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (this file runs from dist/host/node/). */
const ROOT = path.resolve(HERE, '..', '..', '..');
const LANES = 2;
const DEFAULT_IDLE_SECONDS = 600;
const SECOND_LANE_IDLE_MS = 60_000;

/** The per-user directory of the sockets, created private (0700) and checked to be ours. */
export function serverDir(): string {
  const base = process.env.INT80_CC_SERVER_DIR ? path.resolve(process.env.INT80_CC_SERVER_DIR)
    : (process.env.XDG_RUNTIME_DIR ? path.join(process.env.XDG_RUNTIME_DIR, 'int80')
      : path.join(os.tmpdir(), `int80-${process.getuid ? process.getuid() : 'user'}`));
  fs.mkdirSync(base, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(base);
  if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid())) throw new Error(`${base}: not a directory of this user`);
  // ours is kept private; a directory the user named is theirs to set up
  if ((st.mode & 0o077) !== 0 && !process.env.INT80_CC_SERVER_DIR) fs.chmodSync(base, 0o700);
  return base;
}

/** What identifies this int80 tree's compiler: a server started from another build is not asked. */
function treeKey(): string {
  const h = createHash('sha256');
  h.update(ROOT + '\0' + process.version + '\0' + process.execPath + '\0');
  try { h.update(fs.readFileSync(path.join(ROOT, 'package.json'))); } catch { /* none */ }
  for (const f of ['node/cc.js', 'node/cc_options.js', 'node/cc_server.js', 'node/cli.js', 'cc/driver.js', 'cc/asm.js', 'cc/includes.js']) {
    try { const st = fs.statSync(path.join(ROOT, 'dist', 'host', f)); h.update(`${f} ${st.size} ${st.mtimeMs}\0`); } catch { h.update(`${f} -\0`); }
  }
  try { h.update(fs.readFileSync(path.join(ROOT, 'build', 'libc', 'stamp'))); } catch { h.update('no libc'); }
  return h.digest('hex').slice(0, 16);
}

export interface ServerPaths { dir: string; socket: string; lock: string; log: string }

export function serverPaths(): ServerPaths {
  const dir = serverDir();
  const base = path.join(dir, `cc-${treeKey()}`);
  return { dir, socket: base + '.sock', lock: base + '.lock', log: base + '.log' };
}

// ---------------------------------------------------------------------------
// The client (int80 cc in cli.ts)

interface Reply { o?: string; e?: string; exit?: number; crash?: string; stopped?: boolean; busy?: boolean }

/** Connects to the socket; null if nobody listens (no file, a stale file, refused). */
function connect(socket: string): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    const s = net.createConnection(socket);
    const fail = () => { s.destroy(); resolve(null); };
    s.once('error', fail);
    s.once('connect', () => { s.off('error', fail); resolve(s); });
  });
}

/** Sends one request and hands each reply line to onReply; resolves false if the connection ended without a final reply. */
function exchange(s: net.Socket, req: object, onReply: (r: Reply) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    let buf = '';
    let done = false;
    const finish = (ok: boolean) => { if (!done) { done = true; s.destroy(); resolve(ok); } };
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while (!done && (nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let r: Reply;
        try { r = JSON.parse(line) as Reply; } catch { finish(false); return; }
        if (onReply(r)) finish(true);
      }
    });
    s.on('error', () => finish(false));
    s.on('close', () => finish(false));
    s.write(JSON.stringify(req) + '\n');
  });
}

/** Starts a server detached from this process (its output to the log); it outlives us. */
function startServer(p: ServerPaths): void {
  const log = fs.openSync(p.log, 'a', 0o600);
  try {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'int80.js'), 'cc-server'], {
      // the server runs in /: it is told the directory we resolved
      detached: true, stdio: ['ignore', log, log], env: { ...process.env, INT80_CC_SERVER_DIR: p.dir }, cwd: '/',
    });
    child.on('error', () => { /* the client falls back */ });
    child.unref();
  } finally { fs.closeSync(log); }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connection to this tree's server, starting one if none listens; null if none can be had. */
async function serverConnection(p: ServerPaths): Promise<net.Socket | null> {
  let s = await connect(p.socket);
  if (s) return s;
  startServer(p);
  // The server listens before it loads anything; on a loaded machine Node's start takes seconds.
  const deadline = Date.now() + 30_000;
  for (let wait = 20; Date.now() < deadline; wait = Math.min(wait * 2, 200)) {
    await sleep(wait);
    s = await connect(p.socket);
    if (s) return s;
  }
  return null;
}

/**
 * `int80 cc argv` through the compile server: the exit status, with the server's output
 * written to our stdout/stderr; null when the server could not be used (the caller then
 * compiles in-process). Throws what the in-process compile would have thrown.
 */
export async function ccViaServer(argv: string[]): Promise<number | null> {
  let p: ServerPaths;
  try { p = serverPaths(); } catch { return null; }
  if (Buffer.byteLength(p.socket) > 100) return null; // past sockaddr_un's sun_path (108 bytes with the NUL)
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('INT80_') && v !== undefined) env[k] = v;
  const req = { argv, cwd: process.cwd(), env, tty: !!process.stderr.isTTY };
  for (let attempt = 0; attempt < 2; attempt++) {
    const s = await serverConnection(p);
    if (!s) return null;
    let result: Reply | null = null;
    const ok = await exchange(s, req, (r) => {
      if (r.o !== undefined) { process.stdout.write(Buffer.from(r.o, 'base64')); return false; }
      if (r.e !== undefined) { process.stderr.write(Buffer.from(r.e, 'base64')); return false; }
      if (r.busy) { result = r; return true; }
      if (r.exit !== undefined || r.crash !== undefined) { result = r; return true; }
      return false;
    });
    const res = result as Reply | null;
    if (ok && res && res.busy) { await sleep(100); continue; } // a server going away (idle, --stop): ask its successor
    if (!ok || !res) return null; // the server died: compile in-process
    if (res.crash !== undefined) throw new Error(res.crash);
    return res.exit as number;
  }
  return null;
}

/** `int80 cc-server --stop`: asks this tree's server to exit; 0 if one was stopped or none ran. */
export async function stopServer(): Promise<number> {
  const p = serverPaths();
  const s = await connect(p.socket);
  if (!s) { process.stderr.write('int80 cc-server: no server running\n'); return 0; }
  await exchange(s, { stop: true }, (r) => !!r.stopped);
  // it has closed its socket when it answered; wait for the lanes and the process to go
  for (let i = 0; i < 100 && fs.existsSync(p.socket); i++) await sleep(50);
  process.stderr.write('int80 cc-server: stopped\n');
  return 0;
}

/** `int80 cc-server --status`: 0 if this tree's server answers. */
export async function serverStatus(): Promise<number> {
  const p = serverPaths();
  const s = await connect(p.socket);
  if (s) s.destroy();
  process.stdout.write(s ? `running: ${p.socket}\n` : `not running (${p.socket})\n`);
  return s ? 0 : 1;
}

// ---------------------------------------------------------------------------
// The server: a dispatcher (no toolchain) and up to LANES lane processes

function idleSeconds(): number {
  const v = Number(process.env.INT80_CC_SERVER_IDLE);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_IDLE_SECONDS;
}

const log = (msg: string) => process.stderr.write(`${new Date().toISOString()} int80 cc-server[${process.pid}]: ${msg}\n`);

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

function listen(server: net.Server, socket: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (e: NodeJS.ErrnoException) => { server.off('listening', onListening); resolve(e); };
    const onListening = () => { server.off('error', onError); resolve(null); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(socket);
  });
}

/**
 * Binds the socket, unless another server of this tree already listens (then false).
 * A socket file nobody listens on (a killed server) is replaced under a lock file, so two
 * servers started at once by two clients never both bind.
 */
async function bind(server: net.Server, p: ServerPaths): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const e = await listen(server, p.socket);
    if (!e) return true;
    if (e.code !== 'EADDRINUSE') throw e;
    const other = await connect(p.socket);
    if (other) { other.destroy(); return false; }
    // stale: take the lock, look again, remove the file
    let fd: number;
    try { fd = fs.openSync(p.lock, 'wx', 0o600); } catch (le) {
      if ((le as NodeJS.ErrnoException).code !== 'EEXIST') throw le;
      let holder = 0;
      try { holder = Number(fs.readFileSync(p.lock, 'utf8')); } catch { /* gone */ }
      if (holder && !pidAlive(holder)) { try { fs.unlinkSync(p.lock); } catch { /* raced */ } }
      await sleep(50 + Math.random() * 100);
      continue;
    }
    try {
      fs.writeSync(fd, String(process.pid));
      const again = await connect(p.socket);
      if (again) { again.destroy(); return false; }
      try { fs.unlinkSync(p.socket); } catch { /* gone */ }
      const e2 = await listen(server, p.socket);
      if (!e2) return true;
      if (e2.code !== 'EADDRINUSE') throw e2;
    } finally {
      fs.closeSync(fd);
      try { fs.unlinkSync(p.lock); } catch { /* gone */ }
    }
  }
  return false;
}

interface Job { req: { argv: string[]; cwd: string; env: Record<string, string>; tty: boolean }; client: net.Socket; done: boolean }
interface Lane { child: ChildProcess; job: Job | null; idle?: NodeJS.Timeout; closing?: boolean }

/** `int80 cc-server`: serves until idle or stopped. */
export async function serve(): Promise<number> {
  const p = serverPaths();
  const lanes: Lane[] = [];
  const queue: Job[] = [];
  let closing = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let socketIno = 0;

  const send = (job: Job, r: Reply) => { if (!job.client.destroyed) job.client.write(JSON.stringify(r) + '\n'); };
  const busy = () => queue.length > 0 || lanes.some((l) => l.job);
  const armIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    if (!busy()) idleTimer = setTimeout(() => { log('idle: exiting'); shutdown(); }, idleSeconds() * 1000);
  };

  const finishJob = (lane: Lane, r: Reply) => {
    const job = lane.job;
    lane.job = null;
    // a second lane (half a gigabyte) goes when there has been nothing to run in parallel for a while
    if (lane !== lanes[0]) {
      lane.idle = setTimeout(() => { if (!lane.job) stopLane(lane); }, SECOND_LANE_IDLE_MS);
      lane.idle.unref();
    }
    if (job && !job.done) { job.done = true; send(job, r); job.client.end(); }
    dispatch();
  };

  const stopLane = (lane: Lane) => {
    lane.closing = true;
    if (lane.child.connected) lane.child.disconnect(); // it exits on disconnect
  };

  const newLane = (): Lane => {
    const child = fork(fileURLToPath(import.meta.url), ['lane'], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const lane: Lane = { child, job: null };
    child.on('message', (m: { o?: Uint8Array; e?: Uint8Array; exit?: number; crash?: string }) => {
      const job = lane.job;
      if (!job) return;
      if (m.o) send(job, { o: Buffer.from(m.o).toString('base64') });
      else if (m.e) send(job, { e: Buffer.from(m.e).toString('base64') });
      else if (m.exit !== undefined) finishJob(lane, { exit: m.exit });
      else if (m.crash !== undefined) finishJob(lane, { crash: m.crash });
    });
    child.on('exit', (code, sig) => {
      log(`lane ${child.pid} exited (${sig ?? code})`);
      lanes.splice(lanes.indexOf(lane), 1);
      // the client sees its connection close without a status and compiles in-process
      if (lane.job) { const job = lane.job; lane.job = null; job.done = true; job.client.destroy(); }
      dispatch();
    });
    lanes.push(lane);
    log(`lane ${child.pid} started`);
    return lane;
  };

  const dispatch = () => {
    if (closing) return;
    while (queue.length > 0) {
      const job = queue[0];
      if (job.client.destroyed) { queue.shift(); continue; }
      let lane = lanes.find((l) => !l.job && !l.closing);
      if (!lane && lanes.filter((l) => !l.closing).length < LANES) lane = newLane();
      if (!lane) break;
      queue.shift();
      lane.job = job;
      if (lane.idle) clearTimeout(lane.idle);
      lane.child.send({ req: job.req });
    }
    armIdle();
  };

  const server = net.createServer((client) => {
    let buf = '';
    client.setEncoding('utf8');
    client.on('error', () => { /* the client went away: its job is dropped or finishes unread */ });
    client.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let msg: { stop?: boolean; argv?: unknown; cwd?: unknown; env?: unknown; tty?: unknown };
      try { msg = JSON.parse(buf.slice(0, nl)); } catch { client.destroy(); return; }
      buf = '';
      client.removeAllListeners('data');
      if (closing) { client.end(JSON.stringify({ busy: true }) + '\n'); return; }
      if (msg.stop) { log('stop requested'); shutdown(() => client.end(JSON.stringify({ stopped: true }) + '\n')); return; }
      if (!Array.isArray(msg.argv) || typeof msg.cwd !== 'string') { client.destroy(); return; }
      const env: Record<string, string> = {};
      if (msg.env && typeof msg.env === 'object') {
        for (const [k, v] of Object.entries(msg.env as Record<string, unknown>)) if (k.startsWith('INT80_') && typeof v === 'string') env[k] = v;
      }
      queue.push({ req: { argv: msg.argv.map(String), cwd: msg.cwd, env, tty: !!msg.tty }, client, done: false });
      dispatch();
    });
  });

  function shutdown(then?: () => void): void {
    if (closing) return;
    closing = true;
    if (idleTimer) clearTimeout(idleTimer);
    // remove our socket file (only ours: a successor may have bound the name already)
    try { if (fs.statSync(p.socket).ino === socketIno) fs.unlinkSync(p.socket); } catch { /* gone */ }
    server.close();
    then?.();
    // queued clients get "busy" and ask the next server; running jobs finish first
    for (const job of queue.splice(0)) if (!job.done) { job.done = true; send(job, { busy: true }); job.client.end(); }
    const stopLanes = () => {
      if (lanes.some((l) => l.job)) { setTimeout(stopLanes, 50); return; }
      for (const l of lanes) stopLane(l);
      setTimeout(() => process.exit(0), 2000).unref();
    };
    stopLanes();
  }

  if (!(await bind(server, p))) { log('another server already listens: exiting'); server.close(); return 0; }
  try { socketIno = fs.statSync(p.socket).ino; } catch { /* raced: shutdown leaves the file */ }
  log(`listening on ${p.socket} (idle timeout ${idleSeconds()} s)`);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => { log(`${sig}: exiting`); shutdown(); });
  newLane(); // load the toolchain now, before the first request arrives
  armIdle();
  await new Promise<void>((resolve) => server.on('close', resolve));
  return 0;
}

// ---------------------------------------------------------------------------
// A lane: runs cc() for one request at a time, as `int80 cc` in the request's cwd would

async function lane(): Promise<void> {
  const ccmod = await import('./cc.js');
  let current = false;
  // Everything cc writes goes to the client (clang's output, diagnostics, INT80_CC_TIMES).
  const capture = (key: 'o' | 'e') => (chunk: string | Uint8Array, enc?: unknown, cb?: unknown): boolean => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof enc === 'string' ? enc as BufferEncoding : 'utf8') : Buffer.from(chunk);
    if (current && bytes.length) process.send!({ [key]: bytes });
    else if (bytes.length) fs.writeSync(2, bytes); // between requests: the server's log
    const done = typeof enc === 'function' ? enc : cb;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  };
  process.stdout.write = capture('o') as typeof process.stdout.write;
  process.stderr.write = capture('e') as typeof process.stderr.write;
  process.on('disconnect', () => process.exit(0));
  // warm: load the toolchain and check the libc before the first request
  void ccmod.prefetchToolchain().catch(() => { /* the first request reports it */ });
  let chain = Promise.resolve();
  process.on('message', (m: { req: Job['req'] }) => {
    chain = chain.then(async () => {
      const { argv, cwd, env } = m.req;
      for (const k of Object.keys(process.env)) if (k.startsWith('INT80_') && !(k in env)) delete process.env[k];
      Object.assign(process.env, env);
      // tests/host/cc_server.test.js: a lane that dies mid-request (the client compiles in-process)
      if (env.INT80_CC_SERVER_TEST_CRASH === '1') process.exit(70);
      current = true;
      let reply: { exit?: number; crash?: string };
      try {
        process.chdir(cwd);
        reply = { exit: await ccmod.cc(argv) };
      } catch (e) {
        reply = { crash: e instanceof Error ? e.message : String(e) };
      }
      current = false;
      try { process.chdir('/'); } catch { /* stays */ }
      process.send!(reply);
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]) && process.argv[2] === 'lane') {
  lane().catch((e) => { process.stderr.write(`lane: ${e instanceof Error ? e.stack : e}\n`); process.exit(1); });
}

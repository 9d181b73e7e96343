// The compile section of `npm run bench` (issue #16): how long a user waits for
// int80's compiler, and what V8's optimizing tier costs when a module is compiled.
// Every figure is the wall time of a fresh `int80` process (what a user sees),
// median of `reps` runs after one warm-up run (libc already built).
//   - cc hello.c, cold:      `int80 cc hello.c -o hello` with INT80_CC_SERVER=0 (each process
//                            loads the toolchain)
//   - cc hello.c, warm:      the same through the compile server (started by the warm-up run,
//                            in a private socket directory, stopped at the end) (goal <= 1.5 s)
//   - run hello.c (cached):  `int80 run hello.c` with the compiled module cached (goal <= 0.5 s)
//   - 15-file library:       `int80 cc -c` of 15 files as two clients at once, then the link,
//                            cold and warm
//   - V8 compile of a module: the baseline policy (lazy Liftoff) against int80's
//     (eager TurboFan) for the kernel, a bench program and a large generated program.
// INT80_CC_TIMES=1 gives each cc run's stages (toolchain load, clang, link,
// asyncify, optimize): the table shows their medians, so it says what dominates.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

function timedRun(cmd, argv, opts = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

function stages(stderr) {
  const m = /int80 cc: times: (.*)/.exec(stderr);
  const out = {};
  if (m) for (const part of m[1].split(", ")) { const [k, v] = part.split(" "); out[k] = Number(v) * 1000; }
  return out;
}

/** 15 library files with a few real functions each, and a main that calls them all. */
function writeLibrary(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < 15; i++) {
    const f = path.join(dir, `lib${String(i).padStart(2, "0")}.c`);
    fs.writeFileSync(f, `#include <stdio.h>
#include <string.h>
#include <stdlib.h>
struct item${i} { char name[32]; int weight; };
static int cmp${i}(const void *a, const void *b) { return ((const struct item${i} *)a)->weight - ((const struct item${i} *)b)->weight; }
int lib${i}_sort(int n) {
	struct item${i} *v = calloc((size_t)n, sizeof *v);
	if (!v) return -1;
	for (int k = 0; k < n; k++) { snprintf(v[k].name, sizeof v[k].name, "item-%d-%d", ${i}, k); v[k].weight = (k * ${i + 7}) % 101; }
	qsort(v, (size_t)n, sizeof *v, cmp${i});
	int r = v[0].weight + (int)strlen(v[n - 1].name);
	free(v);
	return r;
}
unsigned lib${i}_hash(const char *s) { unsigned h = ${2166136261 + i}u; while (*s) h = (h ^ (unsigned char)*s++) * 16777619u; return h; }
int lib${i}_parse(const char *s) { int sum = 0; char buf[64]; strncpy(buf, s, sizeof buf - 1); buf[63] = 0;
	for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) sum += atoi(t); return sum; }
`);
    files.push(f);
  }
  const main = path.join(dir, "main.c");
  let text = "#include <stdio.h>\n";
  for (let i = 0; i < 15; i++) text += `int lib${i}_sort(int); unsigned lib${i}_hash(const char *); int lib${i}_parse(const char *);\n`;
  text += "int main(void) {\n\tunsigned t = 0;\n";
  for (let i = 0; i < 15; i++) text += `\tt += (unsigned)lib${i}_sort(10) + lib${i}_hash("x") + (unsigned)lib${i}_parse("1,2,3");\n`;
  text += '\tprintf("%u\\n", t);\n\treturn 0;\n}\n';
  fs.writeFileSync(main, text);
  return { files, main };
}

/** A large program: many distinct functions (a parser-like switch each), for V8's compile cost. */
function writeLarge(file, nfuncs) {
  let text = "#include <stdio.h>\n#include <string.h>\n";
  for (let i = 0; i < nfuncs; i++) {
    text += `__attribute__((noinline)) int f${i}(const char *s, int n) {
	int acc = ${i};
	for (int k = 0; k < n; k++) {
		switch ((s[k] + ${i}) & 15) {
		case 0: acc = acc * 31 + k; break; case 1: acc ^= acc >> 3; break; case 2: acc += s[k] * ${i % 97}; break;
		case 3: acc -= k << 2; break; case 4: acc = (acc << 5) | (acc >> 27); break; case 5: acc += ${i} ^ k; break;
		case 6: if (acc & 1) acc = acc / 3; else acc = acc * 3 + 1; break; case 7: acc ^= (int)strlen(s + k); break;
		default: acc += (s[k] ^ ${i & 255}) * (k + 1); break;
		}
	}
	return acc;
}
`;
  }
  text += "int (*const table[])(const char *, int) = {";
  for (let i = 0; i < nfuncs; i++) text += `f${i},`;
  text += `};\nint main(int argc, char **argv) {\n\tint t = 0;\n\tfor (int i = 0; i < ${nfuncs}; i++) t += table[i](argv[0], (int)strlen(argv[0]));\n\tprintf("%d\\n", t);\n\treturn 0;\n}\n`;
  fs.writeFileSync(file, text);
}

/** Compiles a .wasm in a fresh process with one tier policy; returns ms of the compile alone. */
async function v8Compile(root, wasm, tier) {
  const script = `import { compileModule } from ${JSON.stringify(path.join(root, "dist", "host", "node", "io.js"))};
import fs from "node:fs";
const b = fs.readFileSync(${JSON.stringify(wasm)});
const t0 = performance.now(); compileModule(b, ${JSON.stringify(tier)}); console.log(performance.now() - t0);`;
  const r = await timedRun(process.execPath, ["--input-type=module", "-e", script]);
  return Number(r.stdout.trim());
}

export async function compileSection({ root, out, reps, quick, compileCached }) {
  const int80 = path.join(root, "bin", "int80.js");
  const dir = path.join(out, "compile");
  fs.mkdirSync(dir, { recursive: true });
  // cold: every int80 cc is a fresh process that loads the toolchain (INT80_CC_SERVER=0);
  // warm: int80 cc hands the compile to a compile server (host/node/cc_server.ts) in a
  // private socket directory, started by a warm-up call and stopped at the end
  const sockDir = fs.mkdtempSync(path.join(dir, "server-"));
  const cold = { ...process.env, INT80_CC_TIMES: "1", INT80_CC_SERVER: "0" };
  const warm = { ...process.env, INT80_CC_TIMES: "1", INT80_CC_SERVER: "1", INT80_CC_SERVER_DIR: sockDir, INT80_CC_SERVER_IDLE: "600" };
  try {
    return await measure({ root, dir, int80, reps, quick, compileCached, cold, warm });
  } finally {
    await timedRun(process.execPath, [int80, "cc-server", "--stop"], { env: warm });
    // and any other server this section started (a rebuild during the run changes the
    // socket's name): by the pids in their logs
    for (const f of fs.readdirSync(sockDir).filter((n) => n.endsWith(".log"))) {
      for (const m of fs.readFileSync(path.join(sockDir, f), "utf8").matchAll(/cc-server\[(\d+)\]: listening/g)) {
        try { process.kill(Number(m[1]), "SIGTERM"); } catch { /* gone */ }
      }
    }
    fs.rmSync(sockDir, { recursive: true, force: true });
  }
}

async function measure({ root, dir, int80, reps, quick, compileCached, cold, warm }) {
  const rows = [];
  const n = quick ? 1 : reps;
  const stageMed = (list) => {
    const keys = [...new Set(list.flatMap((s) => Object.keys(s)))];
    return keys.map((k) => `${k} ${(median(list.map((s) => s[k] ?? 0)) / 1000).toFixed(2)}`).join(", ");
  };

  // 1. int80 cc hello.c, cold and warm (the libc is built; one warm-up run each)
  const hello = path.join(dir, "hello.c");
  fs.writeFileSync(hello, '#include <stdio.h>\nint main(void) { printf("hello, world\\n"); return 0; }\n');
  for (const [label, env] of [["cold: a fresh toolchain", cold], ["warm: compile server", warm]]) {
    const samples = [], st = [];
    for (let i = 0; i <= n; i++) {
      const r = await timedRun(process.execPath, [int80, "cc", hello, "-o", path.join(dir, "hello")], { env });
      if (r.code !== 0) throw new Error(`int80 cc hello.c failed: ${r.stderr}`);
      if (i > 0) samples.push(r.ms), st.push(stages(r.stderr));
    }
    rows.push({ name: `int80 cc hello.c (${label})`, ms: median(samples), goal: env === warm ? 1500 : null, parts: stageMed(st) });
  }

  // 2. int80 run hello.c, the module already in the cache
  await compileCached(hello);
  const runs = [];
  for (let i = 0; i <= n; i++) {
    const r = await timedRun(process.execPath, [int80, "run", hello]);
    if (r.code !== 0 || !r.stdout.includes("hello, world")) throw new Error(`int80 run hello.c failed: ${r.stderr}`);
    if (i > 0) runs.push(r.ms);
  }
  rows.push({ name: "int80 run hello.c (cached)", ms: median(runs), goal: 500, parts: "node start, kernel and program compile (eager TurboFan), run" });

  // 3. a 15-file library: compiled as two parallel clients (make -j2 on 2 cores), then linked
  const lib = writeLibrary(path.join(dir, "lib15"));
  const halves = [lib.files.slice(0, 8), lib.files.slice(8)];
  for (const [label, env] of [["cold", cold], ["warm", warm]]) {
    const libSamples = [], linkSamples = [], libStages = [], linkStages = [];
    for (let i = 0; i < (quick ? 1 : Math.min(reps, 3)); i++) {
      const t0 = performance.now();
      const rs = await Promise.all(halves.map((h) => timedRun(process.execPath, [int80, "cc", "-O2", "-c", ...h], { env, cwd: path.join(dir, "lib15") })));
      for (const r of rs) if (r.code !== 0) throw new Error(`int80 cc -c failed: ${r.stderr}`);
      libSamples.push(performance.now() - t0);
      libStages.push(...rs.map((r) => stages(r.stderr)));
      const objs = lib.files.map((f) => path.basename(f).replace(/\.c$/, ".o"));
      const l = await timedRun(process.execPath, [int80, "cc", "-O2", "main.c", ...objs, "-o", "prog"], { env, cwd: path.join(dir, "lib15") });
      if (l.code !== 0) throw new Error(`int80 cc (link) failed: ${l.stderr}`);
      linkSamples.push(l.ms);
      linkStages.push(stages(l.stderr));
    }
    rows.push({ name: `15-file library, cc -O2 -c, 2 clients at once (${label})`, ms: median(libSamples), goal: null, parts: `per client: ${stageMed(libStages)}` });
    rows.push({ name: `main.c + 15 objects, compile and link -O2 (${label})`, ms: median(linkSamples), goal: null, parts: stageMed(linkStages) });
  }

  // 4. V8's compile of a module: baseline (lazy Liftoff) vs optimizing (eager TurboFan)
  const large = path.join(dir, "large.c");
  writeLarge(large, quick ? 300 : 3000);
  const modules = [
    ["kernel.wasm", path.join(root, "build", "kernel.wasm")],
    ["sha256 (bench)", await compileCached(path.join(root, "bench", "sha256.c"), { cflags: ["-O2"] })],
    [`large.c (${quick ? 300 : 3000} functions)`, await compileCached(large, { cflags: ["-O2"] })],
  ];
  const v8rows = [];
  for (const [name, file] of modules) {
    const base = [], opt = [];
    for (let i = 0; i < n; i++) {
      base.push(await v8Compile(root, file, "baseline"));
      opt.push(await v8Compile(root, file, "optimizing"));
    }
    v8rows.push({ name, bytes: fs.statSync(file).size, baseline: median(base), optimizing: median(opt) });
  }

  const fmtS = (ms) => (ms / 1000).toFixed(2);
  const lines = [
    "| compile step | wall time (s) | goal | stages (median s) |",
    "| --- | ---: | --- | --- |",
    ...rows.map((r) => `| ${r.name} | ${fmtS(r.ms)} | ${r.goal === null ? "" : `<= ${fmtS(r.goal)} ${r.ms <= r.goal ? "met" : "NOT met"}`} | ${r.parts} |`),
    "",
    "| module | size | V8 baseline (lazy Liftoff), ms | V8 optimizing (eager TurboFan), ms |",
    "| --- | ---: | ---: | ---: |",
    ...v8rows.map((r) => `| ${r.name} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.baseline.toFixed(1)} | ${r.optimizing.toFixed(1)} |`),
  ];
  return { rows, v8rows, text: lines.join("\n") };
}

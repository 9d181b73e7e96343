#!/usr/bin/env node
// Compiles the benchmark programs with int80 cc (through the compile cache) and prints
// their module paths as JSON, one per job, in order. bench/run.mjs runs this as a child
// process before measuring: the C compiler is a 75 MB Wasm module whose hot functions V8
// keeps optimizing on background threads for seconds after a compile, which would share
// the 2 cores with the measured programs if it lived in the runner's own process.
//   node bench/build.mjs '[["bench/strlen.c", ["-O2"]], ...]'
import { compileCached } from "../dist/host/node/cc.js";

const jobs = JSON.parse(process.argv[2] ?? "[]");
const paths = [];
for (const [src, cflags] of jobs) paths.push(await compileCached(src, { cflags }));
process.stdout.write(JSON.stringify(paths));

#!/usr/bin/env node
// Builds int80's libc (build/libc/: libint80.a,
// libint80-direct.a). Needs `tsc -p host` first (uses dist/host/node/cc.js).
import { buildLibc } from '../dist/host/node/cc.js';
process.exitCode = await buildLibc();

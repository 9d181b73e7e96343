#!/usr/bin/env node
import { main, drainStdio } from "../dist/host/node/cli.js";

main(process.argv.slice(2)).then(
  // what a pipe has not taken yet would be lost by process.exit
  async (code) => { await drainStdio(); process.exit(code); },
  (e) => {
    // a bad input (a file that is not an int80 program, a failed compile) is one line;
    // INT80_DEBUG=1 shows the stack
    console.error(process.env.INT80_DEBUG ? (e instanceof Error ? e.stack : e) : `int80: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);

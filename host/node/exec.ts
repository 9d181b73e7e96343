// execve(2)'s loader on Node: a path names a file of the host's file system, relative to
// the run's working directory. A .wasm is read and compiled, a .c is compiled through
// the cache (as `int80 run prog.c`); anything else is refused as Linux refuses a file it
// cannot execute. Unlike Linux, ELF binaries and #! scripts are not run (ENOEXEC):
// there is no /bin/sh, so system() and popen() are not there either.
import fs from "node:fs";
import { compileModule } from "./io.js";
import { limitMemory, DEFAULT_MEMORY_LIMIT } from "../memlimit.js";

const ENOENT = 2, ENOEXEC = 8, EACCES = 13, ENOTDIR = 20;

/** Compiled modules by path and modification time: a second exec of a program is quick. */
const cache = new Map<string, Promise<WebAssembly.Module>>();

export function nodeLoadProgram(cflags: string[] = [], memoryLimit = DEFAULT_MEMORY_LIMIT): (path: string) => number | Promise<WebAssembly.Module> {
  return (file: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === "ENOTDIR" ? -ENOTDIR : code === "EACCES" ? -EACCES : -ENOENT;
    }
    if (!st.isFile()) return -EACCES; // a directory or a device: may_open's EACCES
    const isC = file.endsWith(".c");
    if (!isC && !file.endsWith(".wasm")) return st.mode & 0o111 ? -ENOEXEC : -EACCES;
    const key = `${file}\0${st.mtimeMs}\0${cflags.join(" ")}\0${memoryLimit}`;
    let m = cache.get(key);
    if (!m) {
      m = (async () => {
        let wasm = file;
        if (isC) {
          const { compileCached } = await import("./cc.js");
          wasm = await compileCached(file, { cflags });
        }
        // as `int80 run`'s own programs (run.ts loadModule): the memory capped at
        // --memory, compiled at the optimizing tier
        return compileModule(limitMemory(new Uint8Array(fs.readFileSync(wasm)), memoryLimit) as Uint8Array<ArrayBuffer>);
      })();
      m.catch(() => cache.delete(key));
      cache.set(key, m);
    }
    return m;
  };
}

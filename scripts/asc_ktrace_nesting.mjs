// asc transform: --ktrace nesting derived from the call structure.
//
// A tracepoint is one line in the function it names (`ktrace("tcp_v4_connect")`, see
// assembly/kernel/trace.ts). It carries no level: the level is the number of traced
// functions on the kernel's call stack when it fires. This transform keeps that count.
// Right after compiling, before Binaryen optimizes (and inlines) anything, every function
// whose body calls the tracepoint's slow path (`ktrace_hit`) is renamed `NAME~traced` and
// NAME becomes a wrapper:
//
//   ktrace_depth += 1;  r = NAME~traced(args...);  ktrace_depth -= 1;  return r;
//
// so every return path of the traced function is covered without touching its code, and
// adding a tracepoint never means numbering it. The optimizer then inlines the body back
// into the wrapper (one call site), leaving two global updates per traced call.
// The int 0x80 entry resets the count (assembly/index.ts), so a kernel oops that unwound
// past a wrapper cannot leave it skewed for the next call.
import { Transform } from "assemblyscript/transform";

const HIT = "assembly/kernel/trace/ktrace_hit";
const DEPTH = "assembly/kernel/trace/ktrace_depth";

export default class KtraceNesting extends Transform {
  afterCompile(module) {
    const b = this.binaryen;
    const hitCall = `(call $${HIT}`;
    if (!module.getFunction(HIT)) return;
    if (!module.getGlobal(DEPTH)) throw new Error(`ktrace nesting: global ${DEPTH} not found`);
    const traced = [];
    for (let i = 0, n = module.getNumFunctions(); i < n; i++) {
      const info = b.getFunctionInfo(module.getFunctionByIndex(i));
      if (info.module || info.name === HIT || !info.body) continue; // imports, the hit itself
      if (b.emitText(info.body).includes(hitCall)) traced.push(info);
    }
    for (const info of traced) {
      const inner = `${info.name}~traced`;
      module.removeFunction(info.name);
      module.addFunction(inner, info.params, info.results, info.vars, info.body);
      const params = b.expandType(info.params);
      const args = params.map((t, k) => module.local.get(k, t));
      const depth = (delta) => module.global.set(DEPTH,
        module.i32.add(module.global.get(DEPTH, b.i32), module.i32.const(delta)));
      const call = module.call(inner, args, info.results);
      const body = info.results === b.none
        ? module.block(null, [depth(1), call, depth(-1)], b.none)
        : module.block(null, [
            depth(1),
            module.local.set(params.length, call),
            depth(-1),
            module.local.get(params.length, info.results),
          ], info.results);
      module.addFunction(info.name, info.params, info.results,
        info.results === b.none ? [] : [info.results], body);
    }
  }
}

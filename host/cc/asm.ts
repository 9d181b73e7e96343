// int80 cc: inline i386 system calls, translated to the int80 trap before clang.
//
// Teaching material and old libcs (uClibc's _syscallN, Linux's own 2.4-era
// <asm/unistd.h>) make system calls with GCC extended asm:
//
//   asm volatile("int $0x80" : "=a"(ret) : "0"(__NR_write), "b"(fd), "c"(buf), "d"(n) : "memory");
//   asm volatile("mov $0,%%ebx\n\t" "mov $0xd,%%eax\n\t" "int $0x80\n\t" "mov %%eax,%0\n\t" : "=m"(tt));
//
// A wasm32 program has no i386 registers, so before clang sees a source file
// every such statement is rewritten into C that does the same through the one
// door every other syscall uses, the linux.int80(eax, ebx, ecx, edx, esi,
// edi, ebp) import (libc: __int80_asm_trap, which returns eax exactly as the
// instruction leaves it: the raw result, -errno on failure, errno untouched).
// The registers become local variables; the template is executed
// instruction by instruction at compile time into assignments:
//
//   supported instructions  int $0x80 (or $128); mov/movl SRC, DST where SRC is
//                           $imm, a register or an operand (%0, %[name]) and DST
//                           a register or an operand; xor/xorl %r, %r (same
//                           register: zero); push/pushl %r, pop/popl %r; nop
//   registers               eax ebx ecx edx esi edi ebp
//   constraints             a b c d S D (registers), "0".."9" (matching),
//                           r q g m i n (any operand), with = + & modifiers
//   clobbers                anything ("memory", "cc", registers) is accepted
//
// Inputs are evaluated once, before the first instruction (as GCC loads them);
// register outputs ("=a"(ret)) are stored after the last one; a `mov %eax, %0`
// to a memory operand stores at that point. The replacement text keeps the
// statement's line count (backslash continuations too, for asm in macros), so
// diagnostics and __LINE__ keep their lines. Any other assembly becomes a
// `_Static_assert(0, ...)` at the statement's position, so clang reports it as
// one error at file:line, only if that code is compiled (asm for other
// architectures under #ifdef stays harmless).

const REGS = ['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp'] as const;
type Reg = (typeof REGS)[number];
const CONSTRAINT_REG: Record<string, Reg> = { a: 'eax', b: 'ebx', c: 'ecx', d: 'edx', S: 'esi', D: 'edi' };
const SUPPORTED = 'int80 cc translates inline asm that makes i386 system calls: int $0x80 with "a","b","c","d","S","D" '
  + 'constraints, and mov/movl/xor/push/pop of eax..ebp from immediates or operands around it (see docs/cc.md)';

interface Operand { name?: string; constraint: string; expr: string; output: boolean }

/** A source file with its inline i386 syscalls translated; `count` statements were rewritten. */
export interface AsmResult { text: string; count: number }

const ASM_KEYWORD = /\b(?:__asm__|__asm|asm)\b/;

/** Translates every asm statement in `src`; text without one is returned as is. */
export function translateInlineAsm(src: string): AsmResult {
  if (!ASM_KEYWORD.test(src)) return { text: src, count: 0 };
  let out = '';
  let count = 0;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    // comments and literals are copied untouched
    if (c === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); const end = e < 0 ? n : e; out += src.slice(i, end); i = end; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); const end = e < 0 ? n : e + 2; out += src.slice(i, end); i = end; continue; }
    if (c === '"' || c === "'") { const end = skipLiteral(src, i); out += src.slice(i, end); i = end; continue; }
    if (/[A-Za-z_]/.test(c) && (i === 0 || !/[A-Za-z0-9_]/.test(src[i - 1]))) {
      let j = i;
      while (j < n && /[A-Za-z0-9_]/.test(src[j])) j++;
      const word = src.slice(i, j);
      if (word === 'asm' || word === '__asm__' || word === '__asm') {
        const stmt = parseAsmStatement(src, j);
        if (stmt) {
          const original = src.slice(i, stmt.end);
          const replacement = stmt.label ? original : translateStatement(stmt.template, stmt.sections, stmt.basic);
          if (!stmt.label) count++;
          out += stmt.label ? original : replacement + keepLines(original);
          i = stmt.end;
          continue;
        }
      }
      out += word;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return { text: out, count };
}

/** The newlines of the replaced text, with their backslash continuations (asm inside a #define). */
function keepLines(original: string): string {
  let s = '';
  for (let k = 0; k < original.length; k++) {
    if (original[k] === '\n') s += k > 0 && original[k - 1] === '\\' ? ' \\\n' : '\n';
  }
  return s;
}

function skipLiteral(src: string, i: number): number {
  const q = src[i];
  let j = i + 1;
  while (j < src.length && src[j] !== q) {
    if (src[j] === '\\') j++;
    else if (src[j] === '\n') break;
    j++;
  }
  return Math.min(j + 1, src.length);
}

function skipSpace(src: string, i: number): number {
  for (;;) {
    while (i < src.length && /\s/.test(src[i])) i++;
    if (src[i] === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (src[i] === '\\' && src[i + 1] === '\r' && src[i + 2] === '\n') { i += 3; continue; }
    if (src.startsWith('/*', i)) { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; continue; }
    return i;
  }
}

interface AsmStatement { template: string; sections: string[]; basic: boolean; label: boolean; end: number }

/** After the asm keyword: qualifiers, then ( template : outputs : inputs : clobbers ). */
function parseAsmStatement(src: string, i: number): AsmStatement | null {
  i = skipSpace(src, i);
  for (;;) {
    const m = /^(volatile|__volatile__|__volatile|inline|__inline__|goto)\b/.exec(src.slice(i, i + 16));
    if (!m) break;
    i = skipSpace(src, i + m[1].length);
  }
  if (src[i] !== '(') return null;
  // find the matching parenthesis
  let depth = 0;
  let j = i;
  for (; j < src.length; j++) {
    const c = src[j];
    if (c === '"' || c === "'") { j = skipLiteral(src, j) - 1; continue; }
    if (c === '(') depth++;
    else if (c === ')') { depth--; if (depth === 0) break; }
  }
  if (j >= src.length) return null;
  const inner = src.slice(i + 1, j);
  const parts = splitTop(inner, ':');
  // the template: adjacent string literals
  const t = parts[0];
  let template = '';
  let k = skipSpace(t, 0);
  while (k < t.length) {
    if (t[k] !== '"') return { template: '', sections: ['\u0000' + t.trim()], basic: parts.length === 1, label: false, end: j + 1 };
    const e = skipLiteral(t, k);
    template += unescapeC(t.slice(k + 1, e - 1));
    k = skipSpace(t, e);
  }
  const basic = parts.length === 1;
  // an asm label (`int x asm("name");`): one bare symbol name, no operands
  const label = basic && /^[A-Za-z_.$][\w.$]*$/.test(template) && !/^(nop|hlt|int3|cli|sti|pause|leave|ret)$/.test(template);
  return { template, sections: parts.slice(1), basic, label, end: j + 1 };
}

function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' } as Record<string, string>)[e] ?? e;
  });
}

/** Splits at `sep` outside parentheses, brackets and literals. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") { i = skipLiteral(s, i) - 1; continue; }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === sep && depth === 0) { out.push(s.slice(last, i)); last = i + 1; }
  }
  out.push(s.slice(last));
  return out;
}

function parseOperands(section: string | undefined, output: boolean): Operand[] | string {
  if (section === undefined || section.trim() === '') return [];
  const ops: Operand[] = [];
  for (const raw of splitTop(section, ',')) {
    const m = /^\s*(?:\[\s*(\w+)\s*\])?\s*"([^"]*)"\s*\(([\s\S]*)\)\s*$/.exec(raw.replace(/\\\r?\n/g, ' '));
    if (!m) return `cannot read the operand '${raw.trim()}'`;
    ops.push({ name: m[1], constraint: m[2], expr: m[3].trim(), output });
  }
  return ops;
}

function fail(why: string): string {
  const msg = `int80 cc: unsupported inline assembly: ${why}. ${SUPPORTED}`.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `({ _Static_assert(0, "${msg}"); })`;
}

/** One asm statement as C (a statement expression), or a _Static_assert naming what is not supported. */
export function translateStatement(template: string, sections: string[], basic: boolean): string {
  if (sections.length > 0 && sections[0].startsWith('\u0000')) return fail(`the template is not a string literal (${sections[0].slice(1)})`);
  const outs = parseOperands(sections[0], true);
  if (typeof outs === 'string') return fail(outs);
  const ins = parseOperands(sections[1], false);
  if (typeof ins === 'string') return fail(ins);
  if (sections.length > 3) return fail('asm goto labels');
  const ops = [...outs, ...ins];
  const stmts: string[] = [];
  const regVar = (r: Reg) => `__int80_${r}`;
  // inputs: evaluated once, before the template runs
  const opValue: string[] = [];
  const opReg: Array<Reg | undefined> = [];
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    let c = op.constraint.replace(/[=+&%]/g, '');
    let reg: Reg | undefined;
    if (/^\d$/.test(c)) {
      const tied = Number(c);
      if (tied >= outs.length) return fail(`matching constraint "${c}" names no output`);
      reg = opReg[tied];
      c = '';
    } else {
      for (const ch of c) if (CONSTRAINT_REG[ch]) reg = CONSTRAINT_REG[ch];
      if (!reg && !/^[rqgmionVX]+$/.test(c)) return fail(`the constraint "${op.constraint}"`);
    }
    opReg.push(reg);
    if (!op.output || op.constraint.includes('+')) {
      const v = `__int80_in${k}`;
      stmts.push(`int ${v} = (int)(long)(${op.expr});`);
      opValue.push(v);
    } else opValue.push('0');
  }
  const regs = REGS.map((r) => `${regVar(r)} = 0`).join(', ');
  stmts.unshift(`extern int __int80_asm_trap(int, int, int, int, int, int, int); int ${regs}; (void)__int80_eax;`);
  // registers named by input constraints (a matching input ties to its output's register)
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    const reg = /^\d$/.test(op.constraint) ? opReg[Number(op.constraint)] : opReg[k];
    if (!op.output || op.constraint.includes('+')) {
      if (reg) stmts.push(`${regVar(reg)} = ${opValue[k]};`);
      else if (/^\d$/.test(op.constraint)) opValue[Number(op.constraint)] = opValue[k];
    }
  }
  // the template, instruction by instruction
  const operandRef = (s: string): number | string => {
    const m = /^%(?:\[(\w+)\]|(\d))$/.exec(s);
    if (!m) return `'${s}'`;
    if (m[2] !== undefined) { const k = Number(m[2]); return k < ops.length ? k : `%${k} (there are ${ops.length} operands)`; }
    const k = ops.findIndex((o) => o.name === m[1]);
    return k >= 0 ? k : `%[${m[1]}] (no operand has that name)`;
  };
  const regOf = (s: string): Reg | undefined => {
    const m = (basic ? /^%(\w+)$/ : /^%%(\w+)$/).exec(s);
    return m && (REGS as readonly string[]).includes(m[1]) ? (m[1] as Reg) : undefined;
  };
  const immOf = (s: string): string | undefined => {
    const m = /^\$(-?(?:0x[0-9a-fA-F]+|0[0-7]*|[1-9]\d*))$/.exec(s);
    return m ? `(int)${m[1]}` : undefined;
  };
  const stack: string[] = [];
  let traps = 0;
  const lines = template.split(/[\n;]/).map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l.length > 0);
  for (const line of lines) {
    const m = /^([a-z]+)\s*(.*)$/.exec(line);
    if (!m) return fail(`'${line}'`);
    const [, mnem, rest] = m;
    const args = rest.length ? splitTop(rest, ',').map((a) => a.trim()) : [];
    if (mnem === 'int' && args.length === 1 && (args[0] === '$0x80' || args[0] === '$128')) {
      stmts.push(`__int80_eax = __int80_asm_trap(${REGS.map(regVar).join(', ')});`);
      traps++;
      continue;
    }
    if (mnem === 'nop' && args.length === 0) continue;
    if ((mnem === 'mov' || mnem === 'movl') && args.length === 2) {
      const [src, dst] = args;
      let value: string | undefined = immOf(src);
      const srcReg = regOf(src);
      if (srcReg) value = regVar(srcReg);
      if (value === undefined) {
        const k = operandRef(src);
        if (typeof k === 'string') return fail(`the source ${k} in '${line}'`);
        value = ops[k].output && !ops[k].constraint.includes('+') ? `(int)(long)(${ops[k].expr})` : opValue[k];
        if (/^[in]+$/.test(ops[k].constraint)) return fail(`'${line}': an "i" operand is written $%N`);
      }
      const dstReg = regOf(dst);
      if (dstReg) { stmts.push(`${regVar(dstReg)} = ${value};`); continue; }
      const k = operandRef(dst);
      if (typeof k === 'string') return fail(`the destination ${k} in '${line}'`);
      if (!ops[k].output) return fail(`'${line}' stores into the input operand ${dst}`);
      stmts.push(`(${ops[k].expr}) = (__typeof__(${ops[k].expr}))(${value});`);
      continue;
    }
    if ((mnem === 'xor' || mnem === 'xorl') && args.length === 2 && regOf(args[0]) && args[0] === args[1]) {
      stmts.push(`${regVar(regOf(args[0]) as Reg)} = 0;`);
      continue;
    }
    if ((mnem === 'push' || mnem === 'pushl') && args.length === 1 && regOf(args[0])) {
      const v = `__int80_saved${stack.length}`;
      stmts.push(`int ${v} = ${regVar(regOf(args[0]) as Reg)};`);
      stack.push(v);
      continue;
    }
    if ((mnem === 'pop' || mnem === 'popl') && args.length === 1 && regOf(args[0])) {
      const v = stack.pop();
      if (!v) return fail(`'${line}' pops what was not pushed`);
      stmts.push(`${regVar(regOf(args[0]) as Reg)} = ${v};`);
      continue;
    }
    return fail(`the instruction '${line}'`);
  }
  if (traps === 0) return fail('there is no int $0x80 in the template');
  if (stack.length) return fail('a push without its pop');
  // register outputs, after the last instruction
  for (let k = 0; k < outs.length; k++) {
    const reg = opReg[k];
    if (reg) stmts.push(`(${ops[k].expr}) = (__typeof__(${ops[k].expr}))${regVar(reg)};`);
    else if (/[rq]/.test(ops[k].constraint) && !lines.some((l) => new RegExp(`%${k}\\b|%\\[${ops[k].name ?? '\\0'}\\]`).test(l)))
      return fail(`the output ${k} ("${ops[k].constraint}") is never written`);
  }
  return `({ ${stmts.join(' ')} })`;
}

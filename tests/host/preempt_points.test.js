// Where the preemption points go (host/cc/driver.ts instrumentPreemption): every function
// with a loop gets a budget check, except the libc's string functions (NO_PREEMPT), whose
// loops are bounded by their arguments and call nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import binaryen from 'binaryen';
import { instrumentPreemption, NO_PREEMPT } from '../../dist/host/cc/driver.js';

const loopFn = (name) => `
 (func $${name} (param $p i32) (param $n i32) (result i32)
  (loop $l
   (local.set $p (i32.add (local.get $p) (i32.const 1)))
   (br_if $l (i32.lt_u (local.get $p) (local.get $n))))
  (local.get $p))`;

function instrumented(names) {
  const mod = binaryen.parseText(`(module (memory 1) ${names.map(loopFn).join('')}
    ${names.map((n) => `(export "${n}" (func $${n}))`).join(' ')})`);
  const out = instrumentPreemption(binaryen, mod);
  mod.dispose();
  const text = out.emitText();
  out.dispose();
  // each function's text, by name
  const fns = {};
  for (const n of [...names, '__int80_point']) {
    const at = text.search(new RegExp(`\\(func \\$${n}\\s`));
    const end = text.indexOf('\n )', at);
    fns[n] = text.slice(at, end);
  }
  return fns;
}

test('a loop in a user function gets a preemption point; the libc string functions do not', () => {
  const fns = instrumented(['spin', 'memcmp', 'strlen', 'memcpy']);
  // the point is one function the instrumented ones call (driver.ts: no unwinding call
  // under an `if` of their own, whose condition asyncify would keep in a local)
  assert.match(fns.spin, /call \$__int80_point/);
  assert.doesNotMatch(fns.spin, /call \$__int80_preempt/);
  assert.match(fns.__int80_point, /call \$__int80_preempt/);
  for (const n of ['memcmp', 'strlen', 'memcpy']) {
    assert.ok(NO_PREEMPT.has(n));
    assert.doesNotMatch(fns[n], /__int80_preempt|__int80_budget/, n);
  }
});

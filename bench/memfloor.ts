// This machine's memory floor for a statevector pass: the time per amplitude of one in-place
// read + write of a 2^n-amplitude complex f64 state (16 bytes each) with no arithmetic, in WASM
// SIMD (v128 loads and stores, the kernels' own instructions), on 1 or 2 threads over a shared
// memory — the figure a gate kernel on that many threads cannot beat. The module is a few lines
// of WebAssembly text assembled by binaryen (a dev dependency), not a library kernel: it computes
// nothing, so it has no reference twin.

import binaryen from 'binaryen';
import { Worker } from 'node:worker_threads';

const WAT = `(module
 (import "env" "memory" (memory 1 65536 shared))
 (func (export "pass") (param $p i32) (param $end i32)
  (loop $l
   (v128.store offset=0 (local.get $p) (v128.load offset=16 (local.get $p)))
   (v128.store offset=16 (local.get $p) (v128.load offset=0 (local.get $p)))
   (local.set $p (i32.add (local.get $p) (i32.const 32)))
   (br_if $l (i32.lt_u (local.get $p) (local.get $end))))))`;

/** The helper thread: runs `pass` over the slice the main thread posts in the control block. */
const HELPER = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctl } = workerData;
const c = new Int32Array(ctl);
const pass = new WebAssembly.Instance(module, { env: { memory } }).exports.pass;
let seen = 0;
for (;;) {
  while (Atomics.load(c, 0) === seen) {}
  seen = Atomics.load(c, 0);
  if (c[1] < 0) break;
  pass(c[1], c[2]);
  Atomics.store(c, 3, seen);
}`;

function assemble(): WebAssembly.Module {
  const m = binaryen.parseText(WAT);
  m.setFeatures(binaryen.Features.All);
  const bytes = m.emitBinary();
  m.dispose();
  return new WebAssembly.Module(new Uint8Array(bytes));
}

/**
 * Median ns per amplitude of one in-place read + write pass over 2^n amplitudes on `threads`
 * threads (1 or 2), after warm-up; `reps` timed passes.
 */
export async function memoryFloor(n: number, threads: 1 | 2, reps = 15): Promise<number> {
  const module = assemble();
  const bytes = 16 * 2 ** n;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1, maximum: 65536, shared: true });
  const pass = (new WebAssembly.Instance(module, { env: { memory } }).exports as { pass(p: number, end: number): void }).pass;
  new Float64Array(memory.buffer, 0, bytes / 8).fill(0.5);
  const st = 0, half = st + bytes / 2;
  const c = new Int32Array(new SharedArrayBuffer(16));
  const worker = threads === 2 ? new Worker(HELPER, { eval: true, workerData: { module, memory, ctl: c.buffer } }) : undefined;
  let seq = 0;
  const run = () => {
    if (worker === undefined) { pass(st, st + bytes); return; }
    seq++;
    c[1] = half; c[2] = st + bytes;
    Atomics.store(c, 0, seq);
    pass(st, half);
    while (Atomics.load(c, 3) !== seq) { /* spin: the helper is busy on its half */ }
  };
  try {
    for (let w = 0; w < 3; w++) run();
    const ts: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = process.hrtime.bigint();
      run();
      ts.push(Number(process.hrtime.bigint() - t0) / 2 ** n);
    }
    return ts.sort((a, b) => a - b)[ts.length >> 1];
  } finally {
    if (worker !== undefined) {
      c[1] = -1;
      Atomics.store(c, 0, seq + 1);
      await worker.terminate();
    }
  }
}

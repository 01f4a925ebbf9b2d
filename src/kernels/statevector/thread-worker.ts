// One helper thread of a threaded statevector (threads.ts): instantiates the shared-memory build
// on the simulator's memory and runs svRunSlice on the slice of the state the main thread hands it,
// through a control block of Int32 slots (Atomics wait/notify, no messages on the hot path).
// Node only.

import { workerData } from 'node:worker_threads';
import { CTL, SPIN_MS } from './threads-ctl.js';

interface Data { readonly module: WebAssembly.Module; readonly memory: WebAssembly.Memory; readonly ctl: SharedArrayBuffer }

const { module, memory, ctl } = workerData as Data;
const c = new Int32Array(ctl);
const svRunSlice = (new WebAssembly.Instance(module, { env: { memory } }).exports as { svRunSlice: (...a: number[]) => void }).svRunSlice;
Atomics.store(c, CTL.READY, 1);
Atomics.notify(c, CTL.READY);
let seen = 0;
for (;;) {
  // Spin a little before sleeping (see SPIN_MS), and whatever wakes the thread, go on only when
  // SEQ has changed: a wake-up is not a new run (the main thread's notify for a run the helper
  // already took by spinning can arrive after it has finished and gone to sleep; re-running
  // those slots would apply the part twice).
  const until = performance.now() + SPIN_MS;
  for (let i = 1; Atomics.load(c, CTL.SEQ) === seen; i++) {
    if ((i & 255) === 0 && performance.now() > until) Atomics.wait(c, CTL.SEQ, seen);
  }
  seen = Atomics.load(c, CTL.SEQ);
  if (Atomics.load(c, CTL.CMD) === -1) break;
  try {
    svRunSlice(c[CTL.ST], c[CTL.N], c[CTL.OPS], c[CTL.COUNT], c[CTL.PARAMS], c[CTL.SCRATCH], c[CTL.BLOCK], c[CTL.WORK], c[CTL.HI]);
    c[CTL.ERR] = 0;
  } catch {
    c[CTL.ERR] = 1;
  }
  Atomics.store(c, CTL.DONE, seen);
  Atomics.notify(c, CTL.DONE);
}

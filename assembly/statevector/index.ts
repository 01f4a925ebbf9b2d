// The statevector kernels' export list (re-exported by assembly/index.ts). Every name starts
// with `sv`; pointers are byte offsets into the module's memory, allocated by the host.

export { svRun, svRunSlice, svWorkBytes } from "./run";
export { svNorm2, svProbabilities, svProbOne, svExpectDiag, svInner, svPauliInner, svPauliApply } from "./kernels";
export { quboCost as svQuboCost, costLevels as svCostLevels, markBelow as svMarkBelow } from "./cost";
export { collapse as svCollapse, sampleSorted as svSampleSorted } from "./measure";

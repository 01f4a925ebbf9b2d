// The placement kernel's export list (re-exported by assembly/index.ts). Every name starts with
// `pl`; pointers are byte offsets into the module's memory, allocated by the host
// (src/kernels/placement/wasm.ts).

export { plRun } from "./chain";

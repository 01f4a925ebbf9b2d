// The samplers for Node: the portable API plus a registry on the Node context (WASM builds from
// the package, worker pools, build hash in manifests). src/index.ts re-exports this.

export * from './core.js';
export { getSampler, nodeContext, polish, samplers } from './node.js';

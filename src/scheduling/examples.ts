// The built-in example: about 200 pods of a microservice application on 40 mixed nodes in three
// zones with a few GPU nodes, generated from a fixed seed (not read from a file), so the demo,
// the CLI and the tests all see the same instance.

import { generateInstance, type Instance } from './generators.js';

/** The seed of the built-in example. */
export const BUILTIN_SEED = 2021;

/** ≈200 pods, 40 nodes, 3 zones, GPU nodes; identical on every call. */
export function builtinExample(): Instance {
  return generateInstance({ pods: 200, nodes: 40, zones: 3, gpu: true, seed: BUILTIN_SEED });
}

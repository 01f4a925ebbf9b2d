// The solver registry: names → Solver functions, fixed at module load (no runtime mutation, so
// tests cannot depend on registration order). A new solver is one line here.

import { bfdSolver, ffdSolver } from '../baselines/binpack.js';
import { greedyMostSolver, greedySolver } from '../baselines/greedy.js';
import { spreadSolver } from '../baselines/spread.js';
import { pimcSolver } from './pimc.js';
import { milpSolver } from './milp.js';
import { qaoaSolver } from './qaoa.js';
import { quboSolver } from './qubo.js';
import { saSolver } from './sa.js';
import type { Solver } from './types.js';

/** Every registered solver by name. */
export const SOLVERS: Readonly<Record<string, Solver>> = Object.freeze({
  greedy: greedySolver,
  'greedy-most': greedyMostSolver,
  ffd: ffdSolver,
  bfd: bfdSolver,
  spread: spreadSolver,
  sa: saSolver,
  milp: milpSolver,
  qubo: quboSolver,
  pimc: pimcSolver,
  qaoa: qaoaSolver,
});

/** The registered solver names. */
export const SOLVER_NAMES: readonly string[] = Object.freeze(Object.keys(SOLVERS));

export type { Solver, SolverOptions, SolverResult, TaskRunner } from './types.js';

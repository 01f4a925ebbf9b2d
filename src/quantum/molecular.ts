// Qubit Hamiltonians in the JSON form of the molecular datasets: `terms` of {pauli: "X0 Y1 Z3",
// coeff} (sparse labels; "" is the identity), `n_qubits`, and `n_electrons` when given. Files
// differ in two ways this loader makes explicit rather than guessing silently:
// - energy convention: some hold the ELECTRONIC energy only (`energy_convention` says so, with
//   `nuclear_repulsion_hartree`), others the total (`constant_term_includes`); `toTotal` is the
//   constant to add to an eigenvalue for the total energy;
// - electron count: taken from `n_electrons`, else from the `molecule` formula (H2 → 2, LiH → 4).
// The Hartree–Fock reference is the basis state of lowest diagonal energy with n_electrons bits
// set (orbital orderings differ between files, so no fixed bit pattern is assumed); when every
// qubit would be occupied (reduced parity encodings) it is the lowest diagonal state overall.

import { checkInteger } from '../validate.js';
import { PauliSum, popcount } from './observable.js';

/** A loaded molecular Hamiltonian. */
export interface MolecularHamiltonian {
  readonly hamiltonian: PauliSum;
  readonly nQubits: number;
  readonly nElectrons: number | undefined;
  /** Add to an eigenvalue for the total energy (the nuclear repulsion for electronic-only files, else 0). */
  readonly toTotal: number;
  /** The exact ground energy the file states, in the Hamiltonian's own convention, when it states one. */
  readonly exactGround: number | undefined;
  /** The Hartree–Fock reference basis state (see the module comment). */
  readonly reference: number;
}

const Z: Record<string, number> = { H: 1, He: 2, Li: 3, Be: 4, B: 5, C: 6, N: 7, O: 8, F: 9, Ne: 10, Na: 11 };

/** Electrons of a neutral molecule from a formula like "H2", "LiH", "H4" (undefined if unknown). */
export function electronsOf(formula: string): number | undefined {
  let total = 0;
  for (const m of formula.matchAll(/([A-Z][a-z]?)(\d*)|(.)/g)) {
    if (m[3] !== undefined || Z[m[1]] === undefined) return undefined;
    total += Z[m[1]] * (m[2] ? Number(m[2]) : 1);
  }
  return total > 0 ? total : undefined;
}

/** The reference state: lowest ⟨x|H|x⟩ over basis states with `electrons` bits set (or all states). */
export function hartreeFockReference(h: PauliSum, n: number, electrons?: number): number {
  let best = -1, bestE = Infinity;
  const restrict = electrons !== undefined && electrons < n;
  for (let x = 0; x < 2 ** n; x++) {
    if (restrict && popcount(x) !== electrons) continue;
    const e = h.diagonalValue(x);
    if (e < bestE - 1e-12) (bestE = e), (best = x);
  }
  return best;
}

/** Reads a molecular Hamiltonian from its parsed JSON (every field checked and named). */
export function molecularHamiltonian(json: unknown): MolecularHamiltonian {
  if (json === null || typeof json !== 'object') throw new TypeError('hamiltonian JSON must be an object');
  const j = json as Record<string, unknown>;
  const n = checkInteger('json.n_qubits', j.n_qubits, 1, 30);
  if (!Array.isArray(j.terms)) throw new TypeError('json.terms must be an array of {pauli, coeff}');
  const hamiltonian = PauliSum.fromTerms(j.terms.map((t, k) => {
    const term = t as Record<string, unknown>;
    if (term === null || typeof term !== 'object') throw new TypeError(`json.terms[${k}] must be an object`);
    return { pauli: term.pauli as string, coeff: term.coeff as number };
  }), n);
  const nElectrons = j.n_electrons !== undefined ? checkInteger('json.n_electrons', j.n_electrons, 0, n) : typeof j.molecule === 'string' ? electronsOf(j.molecule) : undefined;
  const electronic = typeof j.energy_convention === 'string' && /electronic only/i.test(j.energy_convention);
  const toTotal = electronic ? Number(j.nuclear_repulsion_hartree ?? NaN) : 0;
  if (!Number.isFinite(toTotal)) throw new RangeError('json.nuclear_repulsion_hartree must be a number for an electronic-only Hamiltonian');
  const exact = [j.exact_ground_energy_N_sector, j.exact_ground_electronic_all_sectors_computed_here, j.exact_ground_energy_all_sectors].find((v) => typeof v === 'number') as number | undefined;
  return { hamiltonian, nQubits: n, nElectrons, toTotal, exactGround: exact, reference: hartreeFockReference(hamiltonian, n, nElectrons) };
}

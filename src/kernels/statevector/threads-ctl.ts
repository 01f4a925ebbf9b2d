// Slots of the control block shared by threads.ts and thread-worker.ts (Int32 each).
export const CTL = { SEQ: 0, CMD: 1, ST: 2, N: 3, OPS: 4, COUNT: 5, PARAMS: 6, SCRATCH: 7, BLOCK: 8, WORK: 9, DONE: 10, ERR: 11, READY: 12, HI: 13, SIZE: 16 } as const;

/**
 * How long a thread spins on the control block before it sleeps in Atomics.wait (ms). A sleeping
 * vCPU can take a few hundred µs to wake, as long as a whole gate on a 2^20 state; spinning for
 * 1 ms after each run keeps the hand-off at a few µs while gates follow each other.
 */
export const SPIN_MS = 1;

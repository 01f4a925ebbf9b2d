// Slots of the control block shared by threads.ts and thread-worker.ts (Int32 each).
export const CTL = { SEQ: 0, CMD: 1, ST: 2, N: 3, OPS: 4, COUNT: 5, PARAMS: 6, SCRATCH: 7, BLOCK: 8, WORK: 9, DONE: 10, ERR: 11, READY: 12, SIZE: 16 } as const;

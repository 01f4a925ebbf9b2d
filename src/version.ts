// The engine version, reported in `qsched info` and in reproducibility manifests.
export const VERSION = '0.1.0';

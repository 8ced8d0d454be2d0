import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sweepConfigSchema } from '../config';
import type { FrontierPoint } from '../sweep-types';
import type { NewRun } from './store';
import type { SampleRecords } from './types';

/** Test support for the run store: a fresh workspace, a run to create, a frontier point, per-sample records. */
export const tmpWorkspace = () => mkdtempSync(path.join(os.tmpdir(), 'leenet-runs-'));

export const newRun: NewRun = {
  config: sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1] }),
  backend: 'wasm',
  dataset: 'mnist',
  backbone: 'mnist-small',
  status: 'running',
};

export const frontierPoint: FrontierPoint = {
  policy: 'leenet',
  param: 0.5,
  split: 'test',
  accuracy: 0.98,
  cost: 0.4,
  speedup: 2.5,
  exitFractions: [0.6, 0.4],
  exitAccuracy: [0.99, null],
};

/** Four test samples, two exits (stage1 and the final classifier), two α values. */
export const sampleRecords = (): SampleRecords => ({
  split: 'test',
  index: [10, 11, 12, 13],
  label: [1, 2, 1, 0],
  exits: [
    { name: 'stage1', prediction: [1, 0, 1, 0], confidence: [0.9, 0.8, 0.7, 0.6] },
    { name: 'final', prediction: [1, 2, 2, 0], confidence: [0.99, 0.98, 0.97, 0.96] },
  ],
  alphas: [0, 1],
  exitTaken: [
    [1, 1, 1, 1],
    [0, 0, 1, 0],
  ],
  gateScores: [[[0.1, 0.2, 0.3, 0.4]], [[0.9, 0.8, 0.3, 0.7]]],
});

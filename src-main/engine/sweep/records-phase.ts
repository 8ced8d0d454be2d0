import type { SampleRecords } from '../runs/types';
import type { SplitFeatures } from '../train/feature-cache';
import { round4 } from '../util/round';
import type { SweepData } from './data-phase';
import { PhaseProgress } from './phase-progress';
import type { SeedsOutcome } from './seeds-phase';
import type { SweepContext } from './sweep-context';
import type { SweepRecord } from './sweep-record';

/** The per-sample records (every exit's prediction and confidence, each α's exit taken) and the frontier, on disk. */
export async function recordsPhase(ctx: SweepContext, record: SweepRecord, data: SweepData, test: SplitFeatures, exitLayers: string[], seeds: SeedsOutcome): Promise<void> {
  const progress = new PhaseProgress(ctx.emit, 'save', 'Writing the run folder');
  const testS = seeds.first.testSummaries;
  const records: SampleRecords = {
    split: 'test',
    index: Array.from(data.split.test),
    label: Array.from(test.labels),
    exits: [...exitLayers, 'final'].map((name, k) => ({
      name,
      prediction: Array.from(testS[k].prediction),
      confidence: Array.from(testS[k].maxProb, round4),
    })),
    alphas: [...record.alphasDone],
    exitTaken: seeds.exitTaken,
    gateScores: seeds.gateScores,
  };
  await record.writeSamples(records);
  await record.writeFrontier();
  ctx.timings.save = progress.seconds();
}

import { initBackend } from '../backend';
import { forwardBatchSize } from '../backbones/preprocess';
import type { SweepConfig } from '../config';
import type { SweepEvent, SweepOptions, SweepResult } from '../sweep-types';
import { StoppedError } from '../train/fit-loop';
import { defaultCacheDir } from '../util/paths';
import { backboneOrigin, backbonePhase } from './backbone-phase';
import { dataPhase } from './data-phase';
import { featuresPhase } from './features-phase';
import { recordsPhase } from './records-phase';
import { runtimePhase } from './runtime-phase';
import { seedsPhase } from './seeds-phase';
import { sweepSpec, type SweepContext } from './sweep-context';
import { SweepRecord } from './sweep-record';
import { transferPhase } from './transfer-phase';
import { errorMessage } from '../util/error-message';

/**
 * One LEENet sweep, end to end, as phases: data → backbone → features (one pass caches every exit) → transfer →
 * runtime (timing images) → per seed: heads, classic rules, gates per α → records. Each phase takes what the ones
 * before it made and writes its own timing. Cancellation via `options.signal` stops at the next batch and keeps
 * every finished α; a resumed run reads its features and checkpoint back instead of recomputing them.
 */
export async function runSweep(config: SweepConfig, options: SweepOptions): Promise<SweepResult> {
  const emit = (e: SweepEvent) => options.onEvent?.(e);
  const backend = await initBackend(options.backend);
  const spec = sweepSpec(config);
  const record = await SweepRecord.open(config, options, backend.name, emit);
  const ctx: SweepContext = { config, spec, batchSize: forwardBatchSize(spec.input), cacheDir: options.cacheDir ?? defaultCacheDir(), emit, signal: options.signal, timings: record.timings, until: options.until, timeRuntime: options.timeRuntime };
  const cleanup: (() => void)[] = [];
  try {
    const data = await dataPhase(ctx, options.dataset);
    const { split } = data;
    await record.save({ classNames: data.dataset.classNames, splitSizes: { train: split.train.length, val: split.val.length, test: split.test.length } });
    const backbone = await backbonePhase(ctx, data);
    cleanup.push(() => backbone.model.dispose());
    await record.save({ provision: await backboneOrigin(backbone.provision) });
    const features = await featuresPhase(ctx, data, backbone);
    const deployed = await transferPhase(ctx, backbone, features);
    cleanup.push(() => deployed.dispose());
    const runtime = await runtimePhase(ctx, data, deployed.model, backbone.exitLayers);
    cleanup.push(() => runtime.dispose());
    const seeds = await seedsPhase(ctx, record, backbone, deployed, features, runtime);
    await recordsPhase(ctx, record, data, features.test, backbone.exitLayers, seeds);
    await record.save({ status: 'finished', summary: record.summary });
    return record.result('finished');
  } catch (e) {
    if (e instanceof StoppedError) {
      await record.writeFrontier();
      await record.save({ status: 'stopped' });
      return record.result('stopped');
    }
    // What finished stays readable: the frontier so far, beside the failed run's message.
    await record.writeFrontier().catch(() => undefined);
    await record.save({ status: 'failed', error: errorMessage(e) }).catch(() => undefined);
    throw e;
  } finally {
    // Newest first: the classifier layer and timing inputs before the backbone they belong to.
    for (const dispose of cleanup.reverse()) dispose();
  }
}

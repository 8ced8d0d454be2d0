import { printedHelp } from './command-args';
import { describeBackend, initBackend } from '../engine/backend';
import { describeEstimate, estimateRun } from '../engine/backbones/estimate';
import { writeLosses } from '../engine/runs/loss-log';
import { defaultWorkspace } from '../engine/runs/store';
import { loadDataset } from '../engine/data/load-dataset';
import { DATASET_ARCHIVES } from '../engine/data/dataset-archives';
import type { ImageDataset } from '../engine/data/types';
import { backboneSpec } from '../engine/backbones/catalog';
import { imageSizeFor } from '../engine/backbones/preprocess';
import { defaultCacheDir } from '../engine/util/paths';
import { runSweep } from '../engine/sweep/run-sweep';
import type { SweepConfig } from '../engine/config';
import type { SweepEvent, SweepOptions, SweepResult } from '../engine/sweep-types';
import type { QueueSplit } from '../../src-shared/api/queue-split';
import { QueueSubmitter } from '../queue/queue-submitter';
import type { BatchedEvent } from '../worker/protocol';
import { newRunId } from '../engine/runs/run-id';
import { renameRun } from '../engine/runs/store';
import { exitReportText, latencyText, frontierTable, summaryText } from './frontier-table';
import { lossRecorder } from './loss-recorder';
import { progressPrinter } from './progress-bar';
import { parseSweepArgs, SWEEP_USAGE } from './sweep-args';
import { errorMessage } from '../engine/util/error-message';

export async function sweepCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, SWEEP_USAGE)) return 0;
  const cmd = parseSweepArgs(argv);
  if (cmd.queue) return submitAndPrint(cmd.config, cmd.queue, { workspace: cmd.workspace ?? defaultWorkspace(), name: cmd.name }, cmd.json);
  const dataset = await printEstimate(cmd.config, cmd.backend, cmd.cacheDir);
  return runAndPrint(cmd.config, { workspace: cmd.workspace ?? defaultWorkspace(), backend: cmd.backend, cacheDir: cmd.cacheDir, dataset, name: cmd.name }, cmd.json);
}

/**
 * Runs a sweep (new or resumed) with a progress bar, Ctrl-C stopping it after the current batch, and prints what
 * `leenet sweep` prints: the frontier, exits, latency and who-wins tables, or one JSON object.
 */
export async function runAndPrint(config: SweepConfig, options: Omit<SweepOptions, 'onEvent' | 'signal'>, json: boolean): Promise<number> {
  const progress = progressPrinter();
  const losses = lossRecorder();
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nStopping after the current batch (Ctrl-C again to quit now)…\n');
    process.off('SIGINT', onSigint);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const onEvent = (e: SweepEvent) => {
      progress.onEvent(e);
      losses.onEvent(e);
    };
    const result = await runSweep(config, { ...options, onEvent, signal: controller.signal });
    progress.stop();
    // Curves are a convenience (as in the window's host): failing to save them never fails the run.
    const log = losses.finish();
    if (log.length) await writeLosses(options.workspace, result.runId, log).catch((e: unknown) => process.stderr.write(`Loss curves not saved: ${errorMessage(e)}\n`));
    return printResult(result, json);
  } finally {
    progress.stop();
    losses.finish();
    process.off('SIGINT', onSigint);
  }
}

/**
 * `leenet sweep --queue` (and `leenet resume --queue`: an existing run, its folder sent along): the sweep runs on the
 * queue's workers; progress, Ctrl-C and the printout as here.
 */
export async function submitAndPrint(config: SweepConfig, queue: { url: string; split: QueueSplit }, options: { workspace: string; name?: string; runId?: string; resume?: boolean }, json: boolean): Promise<number> {
  const progress = progressPrinter();
  const submitter = new QueueSubmitter({ url: queue.url, workspace: options.workspace, split: queue.split });
  const runId = options.runId ?? newRunId(config.backbone);
  const onSigint = () => {
    process.stderr.write('\nStopping the run on its worker after the current batch (Ctrl-C again to quit now)…\n');
    process.off('SIGINT', onSigint);
    process.once('SIGINT', () => process.exit(130));
    submitter.stop(runId);
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await submitter.run({ jobId: runId, config, workspace: options.workspace, resume: options.resume }, (events) => events.forEach((e) => progress.onEvent(sweepEventOf(e))), { name: options.name });
    progress.stop();
    if (outcome.status === 'failed') throw new Error(outcome.message);
    if (outcome.status === 'detached' || outcome.status === 'filled' || !outcome.result) {
      process.stdout.write(`Run ${runId} was stopped before a worker started it.\n`);
      return 130;
    }
    if (options.name) await renameRun(options.workspace, runId, options.name);
    return printResult(outcome.result, json);
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    await submitter.close();
  }
}

/** A batch of events from a worker as the progress printer reads single events. */
function sweepEventOf(e: BatchedEvent): SweepEvent {
  return e.type === 'progress' ? { type: 'progress', phase: e.phase, done: e.done, total: e.total, ...(e.etaSeconds !== null && { etaSeconds: e.etaSeconds }) } : e;
}

/** What `leenet sweep` prints at the end: the frontier, exits, latency and who-wins tables, or one JSON object. */
function printResult(result: SweepResult, json: boolean): number {
  if (json) {
    const { runId, dir, backend, dataset, backbone, exits, points, timings, status, exitReports, summary, latency } = result;
    process.stdout.write(`${JSON.stringify({ runId, dir, status, backend, dataset, backbone, exits, exitReports, summary, latency, points, timings })}\n`);
  } else {
    const parts = [frontierTable(result.points, result.exits)];
    if (result.exitReports.length) parts.push(exitReportText(result.exitReports));
    if (result.latency) parts.push(latencyText(result.latency, result.exits));
    if (result.summary) parts.push(summaryText(result.summary));
    process.stdout.write(`${parts.join('\n\n')}\n\nRun ${result.runId} (${result.status}) saved in ${result.dir}\n`);
    process.stdout.write(`Backend ${result.backend}; ${Object.entries(result.timings).map(([k, v]) => `${k} ${v.toFixed(1)}s`).join(', ')}\n`);
  }
  return result.status === 'finished' ? 0 : 130;
}

/** Whether a missing copy of this dataset is downloaded by the sweep (the official archives), rather than an error. */
const downloadable = (spec: string) => spec.split(':')[0] in DATASET_ARCHIVES;

/**
 * Time and memory before the run starts; a failed estimate never blocks the sweep (which then says what is wrong).
 * Returns the dataset when it was already on disk, loaded as the sweep loads it, so the sweep does not read it again.
 * A dataset that is not there and will not be downloaded is the one error, said once.
 */
async function printEstimate(config: SweepConfig, backend: string | undefined, cacheDir: string | undefined): Promise<ImageDataset | undefined> {
  let dataset: ImageDataset | undefined;
  const spec = backboneSpec(config.backbone);
  try {
    // The data tells the split, so whether trained weights ship or are cached; without it the estimate still comes.
    dataset = await loadDataset(config.dataset, { download: false, imageSize: imageSizeFor(spec.preprocess, spec.input) });
  } catch (e) {
    if (!downloadable(config.dataset)) throw e;
  }
  try {
    process.stderr.write(`${describeBackend(await initBackend(backend))}\n`);
    process.stderr.write(`${describeEstimate(await estimateRun(config, { cacheDir: cacheDir ?? defaultCacheDir(), dataset }))}\n`);
  } catch (e) {
    process.stderr.write(`No estimate: ${errorMessage(e)}\n`);
  }
  return dataset;
}

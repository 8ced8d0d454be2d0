import { UnrecoverableError, WaitingChildrenError, WaitingError, type Job as BullJob, type Queue } from 'bullmq';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { POLICY_BUNDLE_FILE, decodePolicyBundle, readPolicyBundle, writePolicyBundle } from '../engine/runs/policy-bundle';
import { getRun, runDir, updateRun } from '../engine/runs/store';
import { readLosses, writeLosses } from '../engine/runs/loss-log';
import { appendLossRecord } from '../engine/runs/loss-record';
import { addTimings, timingsSince, type Timings } from '../engine/runs/timings';
import { alphaOfSeries } from '../../src-shared/api/loss-series';
import { lastTime, placeAlphaLosses } from './alpha-losses';
import { fencedSet, jobFence, LockLostError } from './job-lock';
import { mergeGateModels } from '../engine/sweep/checkpoint';
import { jobIds, readJob, STATE_TTL_SECONDS, stateKeys, readAlphaReport, type AlphaJobData, type AlphaReport, type ShardJobData, type SweepJobData, type SweepJobResult } from './job-data';
import { runEngine, stopRequested, type EngineRun, type WorkerEnv } from './job-engine';
import { restoreState } from './restore-state';

/** A child job's options: it fails its sweep when it fails for good, and retries once on another worker first. */
const childOptions = (bull: BullJob, jobId: string) => ({ jobId, attempts: 2, failParentOnFailure: true, parent: { id: bull.id!, queue: bull.queueQualifiedName }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } });

/** Whether the α values fan out: LEENet-loss gates train one model per α; the other targets share one. */
export function fansOut(data: SweepJobData): boolean {
  return data.fanOutAlphas && data.config.gateTarget === 'leenet' && data.config.alphas.length > 1;
}

/**
 * A sweep job, in steps that each leave the run's state in Redis: `shards` (the feature pass cut over free
 * workers), `run` (the sweep — up to its gates when the α values fan out), `finish` (the α jobs' gate models taken
 * in, the run resumed to its end). Any worker can take any step, and a killed one's step is taken over.
 */
export async function processSweep(env: WorkerEnv, queue: Queue, bull: BullJob, token: string, signal?: AbortSignal): Promise<SweepJobResult> {
  const lock = { token, signal };
  const data = readJob('sweep', bull.data);
  const { runId } = data;
  if (data.step === 'shards') {
    await bull.updateData({ ...data, step: 'run' } satisfies SweepJobData);
    if (data.featureShards > 1 && !(await stopRequested(env, runId))) {
      env.log(`${runId}: feature pass cut into ${data.featureShards} shards.`);
      const of = data.featureShards;
      await queue.addBulk(Array.from({ length: of }, (_, index) => ({ name: 'shard', data: { runId, config: data.config, shard: { index, of } } satisfies ShardJobData, opts: childOptions(bull, jobIds.shard(bull.id!, index, of)) })));
      if (await bull.moveToWaitingChildren(token)) throw new WaitingChildrenError();
    }
    return processSweep(env, queue, bull, token, signal);
  }
  // A step taken over from a worker that died between adding its children and waiting for them waits for them now.
  if (await bull.moveToWaitingChildren(token)) throw new WaitingChildrenError();
  const status = await restoreState(env, runId);
  if (status === 'finished') return { status: 'finished', worker: env.name };
  if (status === 'failed') throw new UnrecoverableError(`Run ${runId} had failed on an earlier worker.`);
  if (data.step === 'run') {
    const until = fansOut(data) ? 'gates' : undefined;
    const run = await runEngine(env, bull, { jobId: runId, config: data.config, workspace: env.workspace, resume: status !== null, until }, { child: false, keepState: true, lock });
    if (until && run.outcome.status === 'stopped' && !run.stoppedBy) {
      await bull.updateData({ ...data, step: 'finish', timings: run.outcome.result?.timings ?? {} } satisfies SweepJobData);
      env.log(`${runId}: heads trained; ${data.config.alphas.length} α values fan out.`);
      await queue.addBulk(data.config.alphas.map((alpha, index) => ({ name: 'alpha', data: { runId, config: data.config, alpha } satisfies AlphaJobData, opts: childOptions(bull, jobIds.alpha(bull.id!, index)) })));
      if (await bull.moveToWaitingChildren(token)) throw new WaitingChildrenError();
      return processSweep(env, queue, bull, token, signal);
    }
    return settle(env, bull, token, run);
  }
  // finish: every α job has left its gate model and its report in Redis.
  const dir = runDir(env.workspace, runId);
  const bundle = await readPolicyBundle(dir);
  const reports: AlphaReport[] = [];
  for (const index of data.config.alphas.keys()) {
    const bytes = await env.redis.getBuffer(stateKeys.gates(runId, index));
    if (bytes) mergeGateModels(bundle, decodePolicyBundle(bytes, `α job ${index} of ${runId}`));
    reports.push(readAlphaReport(await env.redis.get(stateKeys.alphaReport(runId, index))));
  }
  await writePolicyBundle(dir, bundle);
  await takeInAlphaReports(env.workspace, runId, data.config.alphas, data.timings ?? {}, reports);
  const run = await runEngine(env, bull, { jobId: runId, config: data.config, workspace: env.workspace, resume: true }, { child: false, keepState: true, lock });
  const result = await settle(env, bull, token, run);
  await env.redis.del(...data.config.alphas.flatMap((_, index) => [stateKeys.gates(runId, index), stateKeys.alphaReport(runId, index)]));
  return result;
}

/** The job's ending from the engine's: done, handed back to the queue (SIGTERM), or failed for good. */
export async function settle(env: WorkerEnv, bull: BullJob, token: string, run: EngineRun): Promise<SweepJobResult> {
  const { outcome } = run;
  if (outcome.status === 'failed') {
    // A run that threw fails the same way anywhere; a dead engine thread may be this machine's trouble.
    if (outcome.crashed) throw new Error(outcome.message);
    throw new UnrecoverableError(outcome.message);
  }
  // Taken over by another worker while this one stalled: nothing of this copy counts, and BullMQ refuses its ending.
  if (run.stoppedBy === 'lost') throw new Error(`${bull.name} ${bull.id}: lost its lock to another worker; this copy stopped.`);
  if (outcome.status === 'detached' || outcome.status === 'filled') throw new Error(`The engine thread ended a sweep as ${outcome.status}.`);
  if (outcome.status === 'stopped' && run.stoppedBy === 'hand-back') {
    await bull.moveToWait(token);
    throw new WaitingError();
  }
  return { status: outcome.status, worker: env.name };
}

/** An α job: the run's heads from its state, one α's gates trained, its gate model left in Redis for `finish`. */
export async function processAlpha(env: WorkerEnv, bull: BullJob, token: string, signal?: AbortSignal): Promise<SweepJobResult> {
  const data = readJob('alpha', bull.data);
  const index = data.config.alphas.findIndex((a) => a === data.alpha);
  if (await stopRequested(env, data.runId)) return { status: 'stopped', worker: env.name };
  const scratch = path.join(env.workspace, '+alpha-jobs', `${data.runId}-${index}`);
  // Whatever ends the job, its copy of the run goes: a refused or failed one would stay on the worker's disk.
  try {
    const status = await restoreState(env, data.runId, scratch);
    if (status !== 'stopped') throw new UnrecoverableError(`Run ${data.runId} has no heads checkpoint in Redis for its α jobs.`);
    const before = (await getRun(scratch, data.runId)).timings;
    const alpha = { index, of: data.config.alphas.length };
    const run = await runEngine(env, bull, { jobId: data.runId, config: { ...data.config, alphas: [data.alpha] }, workspace: scratch, resume: true, timeRuntime: false }, { child: true, keepState: false, alpha, lock: { token, signal } });
    const result = await settle(env, bull, token, run);
    if (run.outcome.status === 'finished') {
      // This job's own seconds (its copy of the run started from the heads' timings) and its gates' curves.
      const report: AlphaReport = { timings: timingsSince(before, run.outcome.result.timings), losses: run.losses.filter((r) => r.phase === 'gates') };
      const model = await readFile(path.join(runDir(scratch, data.runId), POLICY_BUNDLE_FILE));
      // Under the job's lock: a copy that stalled past it and woke after its engine finished writes nothing.
      const entries: [string, string | Buffer][] = [
        [stateKeys.gates(data.runId, index), model],
        [stateKeys.alphaReport(data.runId, index), JSON.stringify(report)],
      ];
      if (!(await fencedSet(env.redis, jobFence(bull, token), entries, STATE_TTL_SECONDS))) throw new LockLostError(`alpha ${bull.id}`);
    }
    return result;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The α jobs' reports into the run's folder before `finish` resumes it: its timings set to the heads' plus every α
 * job's, its loss log's gates to the α jobs' curves placed as a local sweep logs them. Set, not added: a `finish`
 * taken over from a dead worker finds its predecessor's counts in the state and must not count them twice.
 */
export async function takeInAlphaReports(workspace: string, runId: string, alphas: readonly number[], headsTimings: Timings, reports: AlphaReport[]): Promise<void> {
  await updateRun(workspace, runId, { timings: addTimings(headsTimings, ...reports.map((r) => r.timings)) });
  // An α whose job trained nothing (its gates were in the checkpoint of a run resumed after a stop) keeps the curves
  // the run has of it; the others get their jobs' curves, in place of any a dead `finish` left.
  const reported = new Set(alphas.filter((_, index) => reports[index]?.losses.length));
  const log = await readLosses(workspace, runId).catch(() => []);
  const losses = log.flatMap((r) => {
    if (r.phase !== 'gates') return [r];
    const kept = r.losses.filter((l) => !reported.has(alphaOfSeries(l.series)));
    return kept.length ? [{ ...r, losses: kept }] : [];
  });
  const timeBase = lastTime(log.filter((r) => r.phase !== 'gates'));
  for (const [index, report] of reports.entries()) for (const record of report.losses) appendLossRecord(losses, placeAlphaLosses(record, { index, of: reports.length }, timeBase));
  await writeLosses(workspace, runId, losses);
}

import { Job, Queue } from 'bullmq';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepConfigSchema, type SweepConfig } from '../engine/config';
import type { LossRecord } from '../engine/runs/loss-record';
import { getRun, listRuns } from '../engine/runs/store';
import { runSweep } from '../engine/sweep/run-sweep';
import type { FrontierPoint } from '../engine/sweep-types';
import type { QueueSplit } from '../../src-shared/api/queue-split';
import type { BatchedEvent } from '../worker/protocol';
import type { JobOutcome } from '../worker/worker-client';
import { QUEUE_NAME, QUEUE_PREFIX, queueTarget, redisOptions } from './connection';
import { QueueSubmitter } from './queue-submitter';
import { startRedis, type RedisServer } from './testing/redis-server';
import { startWorker, type WorkerProcess } from './testing/worker-process';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
/** What a run found, apart from what is measured on the machine that ran it (wall-clock early exit). */
const scored = (ps: FrontierPoint[]) => ps.filter((p) => p.policy !== 'oracle').map(({ runtime: _r, envelope: _e, ...p }) => p);
const tiny = (over: Record<string, unknown>): SweepConfig =>
  sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 0.5, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 20 }, ...over });

interface Submitted {
  runId: string;
  events: BatchedEvent[];
  outcome: Promise<JobOutcome>;
}

function submit(submitter: QueueSubmitter, workspace: string, runId: string, config: SweepConfig, split: QueueSplit, onEvent: (e: BatchedEvent) => void = () => undefined): Submitted {
  const events: BatchedEvent[] = [];
  const outcome = submitter.run({ jobId: runId, config, workspace }, (batch) => batch.forEach((e) => (events.push(e), onEvent(e))), { split });
  return { runId, events, outcome };
}

describe('sweeps on a real Redis with real worker processes', () => {
  let redis: RedisServer;
  const workers: WorkerProcess[] = [];
  const sharedCache = tmp('leenet-shared-cache-');
  const worker = (name: string, extra: string[] = []) => {
    const w = startWorker(['--queue', redis.url, '--workspace', tmp(`leenet-${name}-`), '--cache-dir', sharedCache, '--backend', 'wasm', '--lock-seconds', '5', ...extra]);
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    if (process.env.LEENET_DEBUG) workers.forEach((w, i) => process.stderr.write(`worker ${i}:\n${w.log()}\n`));
    await redis?.stop();
  });

  it('two workers, three sweeps, one worker SIGKILLed mid-run: all three come home equal to local runs', async () => {
    const [w1, w2] = [worker('w1'), worker('w2')];
    await Promise.all([w1.waitFor(/leenet worker .* 1 job at a time/), w2.waitFor(/leenet worker .* 1 job at a time/)]);
    const home = tmp('leenet-home-');
    // One submitter, each sweep spread its own way (as the workbench's Run on sends them).
    const submitter = new QueueSubmitter({ url: redis.url, workspace: home });
    const splits = { fanned: { featureShards: 2, fanOutAlphas: true }, whole: { featureShards: 1, fanOutAlphas: false } } satisfies Record<string, QueueSplit>;
    const configs = {
      // α fan-out after heads, and the feature pass cut into two shards.
      a: tiny({ seed: 3 }),
      // One job that trains five α one after another: the one its worker dies in.
      b: tiny({ seed: 4, alphas: [0, 0.25, 0.5, 0.75, 1], limit: 800, epochs: { backbone: 1, heads: 2, gates: 120 } }),
      // Shared P(correct)/P(safe) gates.
      c: tiny({ seed: 5, gateTarget: 'auto' }),
    };
    const queue = new Queue(QUEUE_NAME, { prefix: QUEUE_PREFIX, connection: redisOptions(queueTarget(redis.url)) });
    let killedAt = 0;
    let victim: WorkerProcess | null = null;
    const a = submit(submitter, home, 'dist-a', configs.a, splits.fanned);
    let alphasSeen = 0;
    const b = submit(submitter, home, 'dist-b', configs.b, splits.whole, (e) => {
      // Two α are done, the first surely checkpointed in Redis: kill its worker the hard way.
      if (killedAt || e.type !== 'point' || e.point.policy !== 'leenet' || e.point.curve || e.point.split !== 'test' || ++alphasSeen < 2) return;
      killedAt = Date.now();
      void (async () => {
        const jobs = await queue.getJobs(['active']);
        const running = jobs.find((j: Job) => j.id?.startsWith('dist-b.'));
        victim = [w1, w2].find((w) => running?.processedBy?.endsWith(`:${w.pid}`)) ?? null;
        victim?.kill('SIGKILL');
      })();
    });
    const c = submit(submitter, home, 'dist-c', configs.c, splits.fanned);
    const outcomes = await Promise.all([a.outcome, b.outcome, c.outcome]);
    expect(outcomes.map((o) => o.status)).toEqual(['finished', 'finished', 'finished']);
    expect(victim).not.toBeNull();
    const survivor = victim === w1 ? w2 : w1;
    const takeover = await survivor.waitFor(/Resuming dist-b|sweep dist-b\.\S+: started/);
    expect(takeover).toBeTruthy();
    // Taken up from its checkpoint, not from the start: the heads and at least the first α's gates were kept.
    expect(b.events).toContainEqual(expect.objectContaining({ type: 'log', message: expect.stringMatching(/^Resuming dist-b: its heads and [1-5] gate models? from its checkpoint/) }));
    process.stderr.write(`SIGKILL → dist-b taken over and resumed: ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill at the latest (lock 5 s)\n`);
    // The α values fanned out, and the feature pass was cut in shards that the sweep took in.
    const logs = w1.log() + w2.log();
    expect(logs).toMatch(/dist-a: heads trained; 3 α values fan out/);
    expect(logs).toMatch(/dist-a: shard 2 of 2: \d+ of \d+ batches computed here/);
    expect(a.events).toContainEqual(expect.objectContaining({ type: 'log', message: expect.stringMatching(/taken from shards other workers filled/) }));
    // The shards' progress reached the submitter as one feature pass, summed to its end.
    expect(a.events).toContainEqual({ type: 'phase', phase: 'features', message: 'Backbone pass, cut into 2 shards that free workers fill' });
    const from = a.events.findIndex((e) => e.type === 'phase' && e.message.includes('2 shards'));
    const to = a.events.findIndex((e, i) => i > from && e.type === 'phase');
    const shardPass = a.events.slice(from, to).filter((e) => e.type === 'progress');
    expect(shardPass.length).toBeGreaterThan(0);
    expect(shardPass.at(-1)).toMatchObject({ phase: 'features', done: expect.any(Number) });
    expect(shardPass.some((e) => e.type === 'progress' && e.done === e.total && e.total > 0)).toBe(true);

    // The α jobs' gates reached the submitter as one gates phase over the three α values, every α's curve in it.
    const fanned = a.events.findIndex((e) => e.type === 'phase' && e.phase === 'gates' && e.message.includes('fanned out'));
    expect(a.events[fanned]).toEqual({ type: 'phase', phase: 'gates', message: 'Training gates with the LEENet loss for 3 α values, fanned out over free workers' });
    const fannedEnd = a.events.findIndex((e, i) => i > fanned && e.type === 'phase');
    const alphaPass = a.events.slice(fanned, fannedEnd).filter((e) => e.type === 'progress');
    expect(new Set(alphaPass.map((e) => e.total)).size).toBe(1);
    expect(alphaPass.every((e) => e.phase === 'gates' && e.done <= e.total)).toBe(true);
    const gateSeries = (records: { losses: { series: string }[] }[]) => new Set(records.flatMap((r) => r.losses.map((l) => l.series)).filter((n) => n.startsWith('gate:')));
    expect(gateSeries(alphaPass)).toEqual(new Set(configs.a.alphas.map((x) => `gate:α=${x}`)));

    // Every run's folder is in the submitter's workspace, with its curves, and equal to a local run of its seeds.
    const runs = await listRuns(home);
    expect(runs.map((r) => r.id).sort()).toEqual(['dist-a', 'dist-b', 'dist-c']);
    const localCache = tmp('leenet-local-cache-');
    for (const [id, config, split] of [['dist-a', configs.a, splits.fanned], ['dist-b', configs.b, splits.whole], ['dist-c', configs.c, splits.fanned]] as const) {
      const remote = await getRun(home, id);
      expect(remote).toMatchObject({ status: 'finished', alphasDone: config.alphas, queue: { url: redis.url, ...split } });
      expect(existsSync(path.join(home, id, 'samples.json'))).toBe(true);
      // Its curves: every α's gates, whether they trained in its own job or in α jobs elsewhere.
      const losses = JSON.parse(readFileSync(path.join(home, id, 'losses.json'), 'utf8')) as LossRecord[];
      expect(config.gateTarget !== 'leenet' || config.alphas.every((x) => gateSeries(losses).has(`gate:α=${x}`)), id).toBe(true);
      expect(Object.keys(remote.timings), id).toEqual(expect.arrayContaining(['data', 'features', 'heads', 'baselines', 'gates']));
      const local = await runSweep(config, { workspace: tmp('leenet-local-'), cacheDir: localCache, backend: 'wasm' });
      expect(scored(remote.points)).toEqual(scored(local.points));
    }
    await Promise.all([submitter.close(), queue.close()]);
  }, 300_000);
});

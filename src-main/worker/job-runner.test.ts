import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../engine/config';
import type { SweepOptions, SweepResult } from '../engine/sweep-types';
import { createJobRunner, type Engine } from './job-runner';
import type { WorkerToHost } from './protocol';

const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0] });

function fakeEngine(run: (options: SweepOptions) => Promise<SweepResult['status']>): Engine {
  return {
    runSweep: async (c, options) => {
      const status = await run(options);
      return { runId: options.runId ?? '', status, dir: '', backend: 'fake', dataset: '', backbone: '', exits: [], points: [], timings: {}, config: c, exitReports: [], summary: null, latency: null };
    },
    probeBackend: async () => ({ name: 'fake', detail: 'none' }),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('createJobRunner', () => {
  it('throws on a message type it does not know', () => {
    const runner = createJobRunner(fakeEngine(async () => 'finished'), () => undefined);
    expect(() => runner.handle({ type: 'eval', code: 'process.exit()' })).toThrow(/unknown message type: "eval"/);
    expect(() => runner.handle(null)).toThrow(/unknown message type/);
  });

  it('turns a stop for its job (only) into the engine abort signal', async () => {
    const posted: WorkerToHost[] = [];
    const runner = createJobRunner(
      fakeEngine(async (options) => {
        options.onEvent?.({ type: 'log', message: 'working' });
        while (!options.signal?.aborted) await settle();
        return 'stopped';
      }),
      (m) => posted.push(m),
    );
    runner.handle({ type: 'start', jobId: 'a', seq: 1, config, workspace: '/ws' });
    runner.handle({ type: 'stop', jobId: 'other' });
    await settle();
    expect(posted.map((m) => m.type)).toEqual(['events']);
    runner.handle({ type: 'stop', jobId: 'a' });
    await settle();
    await settle();
    expect(posted.map((m) => m.type)).toEqual(['events', 'done']);
    expect(posted[1]).toMatchObject({ type: 'done', jobId: 'a', result: { status: 'stopped', runId: 'a' } });
  });

  it('stops a job whose host set the shared flag, without any message getting through', async () => {
    const posted: WorkerToHost[] = [];
    let flag = 0;
    const runner = createJobRunner(
      fakeEngine(async (options) => {
        for (let step = 0; step < 1000 && !options.signal?.aborted; step++) {
          options.onEvent?.({ type: 'progress', phase: 'gates', done: step, total: 1000 });
          if (step === 10) flag = 7;
          await Promise.resolve();
        }
        return options.signal?.aborted ? 'stopped' : 'finished';
      }),
      (m) => posted.push(m),
      { stopRequested: (seq) => flag === seq },
    );
    runner.handle({ type: 'start', jobId: 'a', seq: 7, config, workspace: '/ws' });
    await settle();
    expect(posted.at(-1)).toMatchObject({ type: 'done', result: { status: 'stopped' }, stats: { events: 12 } });
  });

  it('reports an engine error once and accepts the next job', async () => {
    const posted: WorkerToHost[] = [];
    let fail = true;
    const runner = createJobRunner(
      fakeEngine(async () => {
        if (fail) throw new Error('boom');
        return 'finished';
      }),
      (m) => posted.push(m),
    );
    runner.handle({ type: 'start', jobId: 'a', seq: 1, config, workspace: '/ws' });
    runner.handle({ type: 'start', jobId: 'b', seq: 2, config, workspace: '/ws' });
    await settle();
    expect(posted).toEqual([
      { type: 'failed', jobId: 'b', message: 'The worker is busy with a.' },
      { type: 'failed', jobId: 'a', message: 'boom', stats: { events: 0, messages: 0 } },
    ]);
    fail = false;
    runner.handle({ type: 'start', jobId: 'c', seq: 3, config, workspace: '/ws' });
    await settle();
    expect(posted.at(-1)).toMatchObject({ type: 'done', jobId: 'c' });
  });
});

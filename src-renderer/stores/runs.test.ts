import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import { RequestError } from '@api/envelope';
import type { RunEvent } from '@api/events';
import type { FrontierPoint, RunSummary } from '@api/models';
import { provideApi } from '../api/instance';
import { progressText } from '../live/live-run';
import { useLiveCurvesStore } from './live-curves';
import { useRunsStore } from './runs';

const summary = (id: string, status: RunSummary['status']): RunSummary => ({
  id,
  name: id,
  status,
  createdAt: '2026-01-01T00:00:00Z',
  dataset: 'mnist',
  backbone: 'mnist-small',
  backend: null,
  alphas: [0, 1],
  alphasDone: [],
  error: null,
});

let listed: RunSummary[];
let stopped: string[];
let emit: (e: RunEvent) => void;

beforeEach(() => {
  setActivePinia(createPinia());
  listed = [];
  stopped = [];
  const handlers = {
    'runs:list': async () => listed,
    'run:stop': async ({ runId }: { runId: string }) => {
      stopped.push(runId);
      return { stopping: true };
    },
    'runs:rename': async ({ runId, name }: { runId: string; name: string }) => ({ ...summary(runId, 'finished'), name }),
    'runs:delete': async ({ runId }: { runId: string }) => {
      if (runId === 'busy') throw new RequestError('Stop the run before you delete it.');
      return { deleted: true };
    },
    'run:start': async ({ config }: { config: unknown }) => {
      if ((config as { alphas: number[] }).alphas.length === 0) throw new RequestError('The run configuration has errors.', { alphas: 'Give at least one α.' });
      return { runId: 'new', position: 0 };
    },
  } as Partial<Handlers> as Handlers;
  const listeners = new Set<(payload: unknown) => void>();
  emit = (e) => listeners.forEach((l) => l(e));
  provideApi(
    createApi({
      invoke: (channel, params) => dispatchRequest(handlers, channel, params),
      subscribe: (_channel, listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    }),
  );
});

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('runs store', () => {
  it('starts a run, or keeps the field errors the host sent back', async () => {
    const runs = useRunsStore();
    expect(await runs.start({ alphas: [0] })).toBe('new');
    expect(await runs.start({ alphas: [] })).toBeNull();
    expect(runs.error).toBe('The run configuration has errors.');
    expect(runs.fieldErrors).toEqual({ alphas: 'Give at least one α.' });
  });

  it('stops the running sweep first, else the first queued one, and nothing when none is going', async () => {
    const runs = useRunsStore();
    await runs.stopActive();
    runs.runs = [summary('q1', 'queued'), summary('r1', 'running'), summary('q2', 'queued')];
    await runs.stopActive();
    runs.runs = [summary('f1', 'finished'), summary('q1', 'queued'), summary('q2', 'queued')];
    await runs.stopActive();
    expect(stopped).toEqual(['r1', 'q1']);
  });

  it('folds live events into one progress line and refreshes the list when a run changes state', async () => {
    const runs = useRunsStore();
    const off = runs.listen((frame) => frame());
    listed = [summary('r1', 'running')];
    emit({ type: 'started', runId: 'r1' });
    await flush();
    expect(runs.runs.map((r) => r.status)).toEqual(['running']);
    expect(runs.hasActive).toBe(true);
    emit({ type: 'phase', runId: 'r1', phase: 'gates', message: 'Training gates' });
    emit({ type: 'progress', runId: 'r1', phase: 'gates', done: 30, total: 120, etaSeconds: 9.2, losses: [{ series: 'gate:α=0', step: 30, loss: 0.2346 }] });
    expect(progressText(runs.live.r1)).toBe('gates · 30/120 (25%) · ETA 9 s · loss gate:α=0 0.235');
    for (let i = 0; i < 50; i++) emit({ type: 'log', runId: 'r1', message: `line ${i}` });
    expect(runs.live.r1.log).toHaveLength(20);
    const point: FrontierPoint = { policy: 'leenet', param: 0, split: 'test', accuracy: 0.9, cost: 0.5, speedup: 2, exitFractions: [1], exitAccuracy: [0.9] };
    emit({ type: 'point', runId: 'r1', point: { ...point, split: 'val' } });
    emit({ type: 'point', runId: 'r1', point });
    expect(runs.runs[0].alphasDone).toEqual([0]);
    listed = [summary('r1', 'finished')];
    emit({ type: 'finished', runId: 'r1', seconds: 3, points: 40 });
    await flush();
    expect(runs.runs[0].status).toBe('finished');
    off();
    emit({ type: 'log', runId: 'r1', message: 'after' });
    expect(runs.live.r1.log.at(-1)).toBe('line 49');
  });

  it('renames in place, returns the host’s message for a bad name, and deletes', async () => {
    const runs = useRunsStore();
    listed = [summary('r1', 'finished'), summary('busy', 'running')];
    await runs.refresh();
    expect(await runs.rename('r1', 'baseline')).toBeNull();
    expect(runs.runs[0].name).toBe('baseline');
    expect(await runs.rename('r1', '  ')).toBe('Give the run a name.');
    expect(await runs.remove('busy')).toBe(false);
    expect(runs.error).toBe('Stop the run before you delete it.');
    expect(await runs.remove('r1')).toBe(true);
    expect(runs.runs.map((r) => r.id)).toEqual(['busy']);
  });

  it('applies a frame of events together and feeds the live curves the same batch', async () => {
    const runs = useRunsStore();
    const frames: (() => void)[] = [];
    runs.listen((frame) => frames.push(frame));
    emit({ type: 'progress', runId: 'r1', phase: 'heads', done: 1, total: 4, etaSeconds: null, losses: [{ series: 'final', step: 1, loss: 2 }] });
    emit({ type: 'progress', runId: 'r1', phase: 'heads', done: 2, total: 4, etaSeconds: null, losses: [{ series: 'final', step: 2, loss: 1 }] });
    expect(runs.live.r1).toBeUndefined();
    expect(frames).toHaveLength(1);
    frames[0]();
    expect(runs.live.r1.done).toBe(2);
    expect(useLiveCurvesStore().snapshot?.groups[0].series[0].points).toHaveLength(2);
  });
});

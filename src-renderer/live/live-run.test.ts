import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@api/events';
import { applyRunEvent, emptyLiveRun, progressText } from './live-run';

const phase = (p: 'heads' | 'gates'): RunEvent => ({ type: 'phase', runId: 'r', phase: p, message: p });
const progress = (p: 'heads' | 'gates', done: number): RunEvent => ({ type: 'progress', runId: 'r', phase: p, done, total: 10, etaSeconds: 3, losses: [{ series: 'final', step: done, loss: 0.5 }] });

describe('live run', () => {
  it('dates each phase it enters, once, and marks one it joined under way', () => {
    let state = applyRunEvent(emptyLiveRun(), progress('heads', 4), 1000);
    state = applyRunEvent(state, progress('heads', 5), 2000);
    state = applyRunEvent(state, phase('gates'), 3000);
    state = applyRunEvent(state, progress('gates', 1), 4000);
    expect(state.entered).toEqual([
      { phase: 'heads', at: 1000, seenStart: false },
      { phase: 'gates', at: 3000, seenStart: true },
    ]);
  });

  it('says where the run is in one line', () => {
    const state = applyRunEvent(applyRunEvent(emptyLiveRun(), phase('heads'), 0), progress('heads', 4), 1);
    expect(progressText(state)).toBe('heads · 4/10 (40%) · ETA 3 s · loss final 0.500');
  });
});

import type { RunEvent } from '@api/events';
import type { Phase } from '@api/models';
import { durationText } from '@api/formats';

/** What the UI knows of a run while it is going: bounded, whatever its length. */
export interface LiveRun {
  phase: Phase | null;
  message: string;
  done: number;
  total: number;
  etaSeconds: number | null;
  /** Latest loss of each curve. */
  losses: Record<string, number>;
  points: number;
  /** Last log lines, newest last. */
  log: string[];
}

const LOG_LINES = 20;

export function emptyLiveRun(): LiveRun {
  return { phase: null, message: '', done: 0, total: 0, etaSeconds: null, losses: {}, points: 0, log: [] };
}

/** Folds one event into a run's live state (returns a new object, so the store's reactivity sees one change). */
export function applyRunEvent(state: LiveRun, event: RunEvent): LiveRun {
  switch (event.type) {
    case 'phase':
      return { ...state, phase: event.phase, message: event.message, done: 0, total: 0, etaSeconds: null, losses: {} };
    case 'progress': {
      const losses = { ...state.losses };
      for (const l of event.losses) losses[l.series] = l.loss;
      return { ...state, phase: event.phase, done: event.done, total: event.total, etaSeconds: event.etaSeconds, losses };
    }
    case 'point':
      return { ...state, points: state.points + 1 };
    case 'log':
      return { ...state, log: [...state.log, event.message].slice(-LOG_LINES) };
    case 'failed':
      return { ...state, message: event.message };
    default:
      return state;
  }
}

/** One line for the runs list: `gates · 120/300 (40%) · ETA 4 s · loss gate:α=0.5 0.231`. */
export function progressText(state: LiveRun): string {
  if (!state.phase) return state.message || 'waiting…';
  const parts: string[] = [state.phase];
  if (state.total > 0) parts.push(`${state.done}/${state.total} (${Math.floor((100 * state.done) / state.total)}%)`);
  if (state.etaSeconds !== null && state.done < state.total) parts.push(`ETA ${durationText(state.etaSeconds)}`);
  const latest = Object.entries(state.losses).at(-1);
  if (latest) parts.push(`loss ${latest[0]} ${latest[1].toFixed(3)}`);
  return parts.join(' · ');
}

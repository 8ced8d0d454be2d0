import type { RunEvent } from '@api/events';
import type { Phase } from '@api/models';
import { durationText } from '@api/formats';
import type { EnteredPhase } from '../view-models/sweep-eta';

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
  /** The phases entered, with when (this window's clock), for the whole sweep's ETA. */
  entered: EnteredPhase[];
}

const LOG_LINES = 20;
/** More than any sweep enters (seven phases, three per seed, at most ten seeds). */
const ENTERED_PHASES = 64;

export function emptyLiveRun(): LiveRun {
  return { phase: null, message: '', done: 0, total: 0, etaSeconds: null, losses: {}, points: 0, log: [], entered: [] };
}

/**
 * Folds one event into a run's live state (returns a new object, so the store's reactivity sees one change). `now`
 * (ms) dates a phase's start; progress of a phase whose start this window did not see (it opened mid-run) enters it too.
 */
export function applyRunEvent(state: LiveRun, event: RunEvent, now = Date.now()): LiveRun {
  switch (event.type) {
    case 'phase': {
      const entered = [...state.entered, { phase: event.phase, at: now, seenStart: true }].slice(-ENTERED_PHASES);
      return { ...state, phase: event.phase, message: event.message, done: 0, total: 0, etaSeconds: null, losses: {}, entered };
    }
    case 'progress': {
      const losses = { ...state.losses };
      for (const l of event.losses) losses[l.series] = l.loss;
      const joined = state.entered.at(-1)?.phase !== event.phase;
      const entered = joined ? [...state.entered, { phase: event.phase, at: now, seenStart: false }].slice(-ENTERED_PHASES) : state.entered;
      return { ...state, phase: event.phase, done: event.done, total: event.total, etaSeconds: event.etaSeconds, losses, entered };
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

import type { QueueStatus } from '@api/models';
import { DEFAULT_SPLIT, queueSplitSchema, type QueueSplit } from '@api/queue-split';
import { parseQueueUrl, queueKey, redactQueueUrl } from '@api/queue-url';
import type { SelectOption } from './options';

/** Where the next sweep runs: the Redis queues the user added, and the one chosen, or this machine. */
export interface RunOnSettings {
  /** Each queue's URL with its password hidden (`redis://:***@host`): the host keeps the password and fills it in. */
  queues: string[];
  /** The chosen queue's key (see queueKey); null is this machine. */
  choice: string | null;
  /** How a sweep sent to a queue is spread over its workers. */
  split: QueueSplit;
}

/** The select's value for this machine: empty, which no queue's key (a URL) can be. */
export const THIS_MACHINE = '';

export function emptyRunOn(): RunOnSettings {
  return { queues: [], choice: null, split: DEFAULT_SPLIT };
}

export type AddQueueResult = { ok: true; settings: RunOnSettings; key: string } | { ok: false; error: string };

/** Adds the typed queue and chooses it; a queue already listed gets the new URL in place (a changed password). */
export function addQueue(settings: RunOnSettings, text: string): AddQueueResult {
  const check = parseQueueUrl(text);
  if (!check.ok) return check;
  const { url } = check.target;
  const key = queueKey(url);
  const at = settings.queues.findIndex((q) => queueKey(q) === key);
  const queues = at < 0 ? [...settings.queues, url] : settings.queues.map((q, i) => (i === at ? url : q));
  return { ok: true, settings: { ...settings, queues, choice: key }, key };
}

/** Removing the chosen queue sends the next sweep back to this machine. */
export function removeQueue(settings: RunOnSettings, key: string): RunOnSettings {
  return { ...settings, queues: settings.queues.filter((q) => queueKey(q) !== key), choice: settings.choice === key ? null : settings.choice };
}

/** A key that names no saved queue (a select out of step with the list) chooses this machine rather than nothing. */
export function chooseRunOn(settings: RunOnSettings, key: string | null): RunOnSettings {
  const known = key !== null && settings.queues.some((q) => queueKey(q) === key);
  return { ...settings, choice: known ? key : null };
}

/** The chosen queue's URL for `run:start`, or null for this machine. */
export function chosenQueueUrl(settings: RunOnSettings): string | null {
  return settings.choice === null ? null : (settings.queues.find((q) => queueKey(q) === settings.choice) ?? null);
}

/**
 * Settings as stored, or none for nothing stored or junk. Hand-edited storage may hold a URL that is not one any
 * more, or the same queue twice: each queue goes through addQueue's own check, and what fails it is dropped; a split
 * that is not one (or none, from before it could be chosen) is the default.
 */
export function restoreRunOn(text: string | null): RunOnSettings {
  let saved: unknown = null;
  try {
    saved = text ? JSON.parse(text) : null;
  } catch {
    return emptyRunOn();
  }
  if (typeof saved !== 'object' || saved === null) return emptyRunOn();
  const { queues, choice, split } = saved as Record<string, unknown>;
  const savedSplit = queueSplitSchema.safeParse(split);
  let settings: RunOnSettings = { ...emptyRunOn(), split: savedSplit.success ? savedSplit.data : DEFAULT_SPLIT };
  for (const q of Array.isArray(queues) ? queues : []) {
    const added = typeof q === 'string' ? addQueue(settings, q) : null;
    if (added?.ok) settings = added.settings;
  }
  return chooseRunOn(settings, typeof choice === 'string' ? choice : null);
}

/** This machine, then each queue as its URL with the password hidden (but not whether it has one). */
export function runOnOptions(settings: RunOnSettings): SelectOption<string>[] {
  return [{ value: THIS_MACHINE, label: 'This machine' }, ...settings.queues.map((q) => ({ value: queueKey(q), label: redactQueueUrl(q) }))];
}

/** What the window knows of each queue it asked about, by key: the last answer, and the questions still out. */
export interface QueueChecks {
  statuses: Readonly<Record<string, QueueStatus>>;
  checking: readonly string[];
}

export interface StatusLine {
  text: string;
  /** A queue no sweep would leave soon: unreachable, or no worker on it. */
  warning: boolean;
}

/**
 * The line under Run on: the typed queue's once it has been checked (so Check answers where the user is looking),
 * else the chosen queue's last status; nothing for this machine or a queue never asked about.
 */
export function statusLine(checks: QueueChecks, choice: string | null, typedKey: string | null): StatusLine | null {
  const asked = (key: string | null): key is string => key !== null && (key in checks.statuses || checks.checking.includes(key));
  const key = asked(typedKey) ? typedKey : choice;
  if (!asked(key)) return null;
  if (checks.checking.includes(key)) return { text: `Checking ${key}…`, warning: false };
  const status = checks.statuses[key];
  return { text: key === choice ? status.message : `${key}: ${status.message}`, warning: !status.reachable || status.workers === 0 };
}

/** Run's text names the queue a sweep is sent to, so the button never hides that it leaves this machine. */
export function startLabel(choice: string | null): string {
  return choice === null ? 'Run' : `Submit to ${choice}`;
}

/** A run's "on redis://host:6379" chip, or null for a run on this machine. Redacted again: a password never shows. */
export function runsOnText(runsOn: string | null | undefined): string | null {
  return runsOn ? `on ${redactQueueUrl(runsOn)}` : null;
}

/** The hint under the split: what the shard count asks of the workers, and where the α go. */
export function splitHint(split: QueueSplit): string {
  const shards = split.featureShards > 1 ? `The feature pass is cut in ${split.featureShards} shards for free workers (their --cache-dir must be one shared path)` : 'One worker fills the feature pass';
  const alphas = split.fanOutAlphas ? 'each α trains on a free worker once the heads exist' : 'every α trains on one worker';
  return `${shards}; ${alphas}.`;
}

/** Where Resume takes a run up: this machine or a saved queue, by default where it ran (see resumeDefault). */
export interface ResumeTarget {
  /** The queue's URL for `run:resume` (its password hidden: the host fills it in); null for this machine. */
  url: string | null;
  title: string;
}

/** Where Resume sends a run unless told otherwise: the queue it ran on while that queue is saved, else this machine. */
export function resumeDefault(settings: RunOnSettings, runsOn: string | null | undefined): string {
  if (!runsOn) return THIS_MACHINE;
  const key = queueKey(runsOn);
  return settings.queues.some((q) => queueKey(q) === key) ? key : THIS_MACHINE;
}

/** Resume on `choice` (a saved queue's key, or THIS_MACHINE): the URL to send and the button's title saying where. */
export function resumeTargetOn(settings: RunOnSettings, runsOn: string | null | undefined, choice: string): ResumeTarget {
  const what = 'Go on from where it stopped: the backbone pass, the heads and every finished α are reused';
  const ranOn = runsOn ? queueKey(runsOn) : null;
  const url = choice === THIS_MACHINE ? null : (settings.queues.find((q) => queueKey(q) === choice) ?? null);
  if (url) return { url, title: `${what}. On the workers of ${choice}${choice === ranOn ? ', where it ran' : ''}; its folder goes along.` };
  if (!ranOn) return { url: null, title: `${what}. On this machine, where it ran.` };
  if (resumeDefault(settings, runsOn) === THIS_MACHINE) return { url: null, title: `${what}. On this machine: it ran on ${ranOn}, which is not under Run on any more (add it there to resume it on its workers).` };
  return { url: null, title: `${what}. On this machine (it ran on ${ranOn}).` };
}

/** Where Resume takes a run up when nobody chose: see resumeDefault. */
export function resumeTarget(settings: RunOnSettings, runsOn: string | null | undefined): ResumeTarget {
  return resumeTargetOn(settings, runsOn, resumeDefault(settings, runsOn));
}

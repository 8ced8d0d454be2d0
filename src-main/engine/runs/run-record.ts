import type { SweepConfig } from '../config';
import { RUN_STATUSES, type RunRecord, type RunStatus } from './types';
import { errorMessage } from '../util/error-message';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * run.json's text as a record of the run in folder `id`, or the reason it is not one. Only what every reader
 * relies on is required; lists missing from an older or hand-edited file read as empty.
 */
export function parseRunRecord(text: string, id: string): RunRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return errorMessage(e);
  }
  if (!isObject(value)) return 'not a JSON object';
  if (!RUN_STATUSES.includes(value.status as RunStatus)) return `unknown status ${JSON.stringify(value.status)}`;
  if (typeof value.createdAt !== 'string') return 'no createdAt time';
  if (!isObject(value.config)) return 'no config';
  const record = value as unknown as RunRecord;
  return {
    ...record,
    id,
    name: typeof value.name === 'string' && value.name ? value.name : id,
    updatedAt: typeof value.updatedAt === 'string' ? value.updatedAt : value.createdAt,
    backend: typeof value.backend === 'string' ? value.backend : '',
    dataset: typeof value.dataset === 'string' ? value.dataset : '',
    backbone: typeof value.backbone === 'string' ? value.backbone : '',
    exits: Array.isArray(value.exits) ? record.exits : [],
    classNames: Array.isArray(value.classNames) && value.classNames.every((c) => typeof c === 'string') ? record.classNames : undefined,
    alphasDone: Array.isArray(value.alphasDone) ? record.alphasDone : [],
    timings: isObject(value.timings) ? record.timings : {},
    seed: typeof value.seed === 'number' ? value.seed : 0,
    points: Array.isArray(value.points) ? record.points : [],
  };
}

/**
 * How a run folder whose run.json cannot be read is listed: failed, with the reason, so one broken run never hides
 * the others. Its config is empty — readers must not assume a listed run's config is complete.
 */
export function unreadableRun(id: string, reason: string, createdAt: string): RunRecord {
  return {
    id,
    name: id,
    status: 'failed',
    error: `run.json unreadable: ${reason}`,
    createdAt,
    updatedAt: createdAt,
    config: {} as SweepConfig,
    backend: '',
    dataset: '',
    backbone: '',
    exits: [],
    alphasDone: [],
    timings: {},
    seed: 0,
    points: [],
  };
}

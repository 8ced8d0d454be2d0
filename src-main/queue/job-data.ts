import { z } from 'zod';
import { MAX_FEATURE_SHARDS } from '../../src-shared/api/queue-split';
import { sweepConfigSchema, type SweepConfig } from '../engine/config';
import { isRunId } from '../engine/runs/run-id';
import { lossLogFault, type LossRecord } from '../engine/runs/loss-record';
import type { Timings } from '../engine/runs/timings';

/** BullMQ job names: the sweep itself, one α of a fanned-out sweep, one shard of a feature pass. */
export type JobKind = 'sweep' | 'alpha' | 'shard';

/** Where a sweep job is: its steps each end with the run's state back in Redis, so any worker can take the next. */
export type SweepStep = 'shards' | 'run' | 'finish';

export interface SweepJobData {
  runId: string;
  config: SweepConfig;
  /** Take the run up where its state in Redis (or the submitter's folder, sent with it) stopped. */
  resume: boolean;
  /** Fan the α values out over free workers once the heads are trained (LEENet-loss gates, 2+ α). */
  fanOutAlphas: boolean;
  /** Cut the feature pass into this many shards first (1: no shards); needs a cache dir every worker shares. */
  featureShards: number;
  step: SweepStep;
  /**
   * Fanned out: the run's timings when its heads were done. `finish` sets the run's to these plus its α jobs', so a
   * `finish` taken over from a dead worker does not count them twice.
   */
  timings?: Timings;
  /** Who submitted it, for a worker's log: host name and workspace. */
  from: string;
}

export interface AlphaJobData {
  runId: string;
  config: SweepConfig;
  alpha: number;
}

export interface ShardJobData {
  runId: string;
  config: SweepConfig;
  shard: { index: number; of: number };
}

const runId = z.string().refine(isRunId, 'not a run id');
const config = z.unknown().transform((c, ctx) => {
  const parsed = sweepConfigSchema.safeParse(c);
  if (!parsed.success) ctx.addIssue({ code: 'custom', message: `its sweep config is not valid here (${parsed.error.issues[0]?.message}): is this worker on an older leenet than the submitter?` });
  return parsed.success ? parsed.data : z.NEVER;
});

/** Seconds per phase, as a job carries them or an α job reports them. */
export const timingsSchema = z.record(z.string(), z.number());

/** What an α job leaves beside its gate model for `finish`: its own seconds, and its gates' loss log as it ran them. */
export interface AlphaReport {
  timings: Timings;
  losses: LossRecord[];
}

/** An α job's report as it came out of Redis; none (an α job of an older worker) or an unreadable one is empty. */
export function readAlphaReport(text: string | null): AlphaReport {
  const empty: AlphaReport = { timings: {}, losses: [] };
  if (!text) return empty;
  try {
    const parsed = z.object({ timings: timingsSchema, losses: z.unknown() }).parse(JSON.parse(text));
    return lossLogFault(parsed.losses) === null ? { timings: parsed.timings, losses: parsed.losses as LossRecord[] } : { ...empty, timings: parsed.timings };
  } catch {
    return empty;
  }
}

const SCHEMAS = {
  sweep: z.object({ runId, config, resume: z.boolean(), fanOutAlphas: z.boolean(), featureShards: z.number().int().min(1).max(MAX_FEATURE_SHARDS), step: z.enum(['shards', 'run', 'finish']), timings: timingsSchema.optional(), from: z.string() }),
  // An α job's gate model is filed under its α's index in the config: an α it does not have would be lost.
  alpha: z.object({ runId, config, alpha: z.number() }).superRefine((d, ctx) => {
    if (!d.config.alphas.includes(d.alpha)) ctx.addIssue({ code: 'custom', path: ['alpha'], message: `${d.alpha} is not one of the run's α values` });
  }),
  shard: z
    .object({ runId, config, shard: z.object({ index: z.number().int().min(0), of: z.number().int().min(1) }) })
    .superRefine((d, ctx) => {
      if (d.shard.index >= d.shard.of) ctx.addIssue({ code: 'custom', path: ['shard', 'index'], message: `${d.shard.index} is out of range for ${d.shard.of} shards` });
    }),
} as const;

export type JobData = { sweep: SweepJobData; alpha: AlphaJobData; shard: ShardJobData };

/** A job as it came out of Redis, checked: a malformed one fails with the reason instead of a worker crash. */
export function readJob<K extends JobKind>(kind: K, data: unknown): JobData[K] {
  const parsed = SCHEMAS[kind].safeParse(data);
  if (!parsed.success) throw new Error(`A ${kind} job that this worker cannot run: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'data'} ${i.message}`).join('; ')}.`);
  return parsed.data as JobData[K];
}

export function isJobKind(name: string): name is JobKind {
  // Own keys only: `in` would take "toString" or "constructor" for a job kind.
  return Object.hasOwn(SCHEMAS, name);
}

/** Job ids: the run's own id for its sweep job (a resubmission finds the same job), children named after it. */
export const jobIds = {
  sweep: (runId: string) => runId,
  alpha: (runId: string, index: number) => `${runId}.alpha-${index}`,
  shard: (runId: string, index: number, of: number) => `${runId}.shard-${index}-of-${of}`,
};

/** Redis keys beside BullMQ's own: a run's latest state, its α jobs' gate models and reports, and a stop request. */
export const stateKeys = {
  state: (runId: string) => `leenet:run:${runId}:state`,
  gates: (runId: string, index: number) => `leenet:run:${runId}:gates:${index}`,
  alphaReport: (runId: string, index: number) => `leenet:run:${runId}:alpha-report:${index}`,
  stop: (runId: string) => `leenet:run:${runId}:stop`,
};

/** How long anything a run leaves in Redis lives uncollected. */
export const STATE_TTL_SECONDS = 30 * 24 * 3600;

/** What a sweep job returns (small: it travels in BullMQ's event stream). Its run folder is in `stateKeys.state`. */
export interface SweepJobResult {
  status: 'finished' | 'stopped';
  worker: string;
}

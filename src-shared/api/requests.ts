import { z } from 'zod';
import type { EVENTS, RequestChannel } from './channels';
import type { MenuExportEvent, RunEvent } from './events';
import { queueSplitSchema } from './queue-split';
import type {
  AppInfo,
  BackboneInfo,
  CacheInfo,
  ConfigCheck,
  DatasetInfo,
  ExampleImage,
  ExportOutcome,
  LossRecord,
  ModelExportOutcome,
  RunBudget,
  RunDetail,
  RunEstimateInfo,
  ExitStats,
  RunSummary,
  SamplePage,
  QueueStatus,
} from './models';
import { SAMPLE_SORTS } from '../../src-main/engine/runs/sample-query';

const runId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'Not a run id.');
const budgetTarget = z
  .object({
    kind: z.enum(['speedup', 'ms', 'max-drop'], { message: 'The budget is a speedup, ms per image or an accuracy drop.' }),
    value: z.number({ message: 'The budget must be a number.' }).positive('The budget must be above 0.').finite(),
  })
  .strict();
const budgetPolicy = z.enum(['best', 'leenet', 'max-softmax', 'entropy', 'patience'], { message: 'Unknown policy.' }).default('best');
const none = z.undefined();

/**
 * Parameters are checked at the boundary of every host, so a handler only ever sees well-formed input. Configs are
 * taken as `unknown` here and checked with the engine's own schema by the handler, which reports one message per field.
 */
export const PARAMS = {
  'app:info': none,
  'catalog:backbones': none,
  'catalog:datasets': none,
  'config:validate': z.object({ config: z.unknown() }).strict(),
  'config:estimate': z.object({ config: z.unknown() }).strict(),
  'run:start': z
    .object({
      config: z.unknown(),
      name: z.string().trim().max(120).optional(),
      /** A Redis queue URL to submit to instead of running on this machine (checked by the handler). */
      queue: z.string().trim().max(2048).optional(),
      /** With `queue`: how the sweep is spread over the queue's workers (default DEFAULT_SPLIT). */
      split: queueSplitSchema.optional(),
    })
    .strict(),
  'run:stop': z.object({ runId }).strict(),
  /** `queue`: take the run up on that queue's workers (its folder goes along) instead of on this machine. */
  'run:resume': z.object({ runId, queue: z.string().trim().max(2048).optional(), split: queueSplitSchema.optional() }).strict(),
  'runs:list': none,
  'runs:get': z.object({ runId }).strict(),
  'runs:rename': z.object({ runId, name: z.string().trim().min(1, 'Give the run a name.').max(120, 'At most 120 characters.') }).strict(),
  'runs:delete': z.object({ runId }).strict(),
  'runs:samples': z
    .object({
      runId,
      alphaIndex: z.number().int().min(0),
      exit: z.number().int().min(0).optional(),
      correct: z.boolean().optional(),
      label: z.number().int().min(0).optional(),
      predicted: z.number().int().min(0).optional(),
      versus: z.enum(['learned-wrong', 'learned-right']).optional(),
      sort: z.enum(SAMPLE_SORTS).default('index'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  'runs:exit-stats': z.object({ runId, alphaIndex: z.number().int().min(0) }).strict(),
  'runs:examples': z.object({ runId, indices: z.array(z.number().int().min(0)).min(1).max(64) }).strict(),
  'runs:losses': z.object({ runId }).strict(),
  'runs:budget': z.object({ runId, target: budgetTarget, policy: budgetPolicy }).strict(),
  'export:model': z
    .object({
      runId,
      selector: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('budget'), target: budgetTarget, policy: budgetPolicy }).strict(),
        z.object({ kind: z.literal('alpha'), alpha: z.number().min(0).max(1), threshold: z.number().min(0).max(1).optional() }).strict(),
      ]),
    })
    .strict(),
  'export:chart': z.discriminatedUnion('format', [
    z.object({ format: z.literal('png'), name: z.string().min(1).max(200), dataUrl: z.string().startsWith('data:image/png;base64,') }).strict(),
    z.object({ format: z.literal('svg'), name: z.string().min(1).max(200), svg: z.string().min(1) }).strict(),
    // A run's frontier is written by the host; any other chart sends the CSV of what it draws.
    z
      .object({ format: z.literal('csv'), name: z.string().min(1).max(200), runId: runId.optional(), text: z.string().min(1).max(50_000_000).optional() })
      .strict()
      .refine((p) => (p.runId === undefined) !== (p.text === undefined), { message: 'Give either the run (its frontier) or the CSV text.' }),
  ]),
  'cache:info': none,
  'cache:clear': none,
  'queue:status': z.object({ url: z.string().trim().max(2048) }).strict(),
  'queue:remember': z.object({ url: z.string().trim().max(2048) }).strict(),
  'queue:forget': z.object({ url: z.string().trim().max(2048) }).strict(),
} as const satisfies Record<RequestChannel, z.ZodType>;

interface Returns {
  'app:info': AppInfo;
  'catalog:backbones': BackboneInfo[];
  'catalog:datasets': DatasetInfo[];
  'config:validate': ConfigCheck;
  'config:estimate': RunEstimateInfo;
  'run:start': { runId: string; position: number };
  'run:stop': { stopping: boolean };
  'run:resume': { runId: string; position: number };
  'runs:list': RunSummary[];
  'runs:get': RunDetail;
  'runs:rename': RunSummary;
  'runs:delete': { deleted: boolean };
  'runs:samples': SamplePage;
  'runs:exit-stats': ExitStats;
  'runs:examples': ExampleImage[];
  'runs:losses': LossRecord[];
  'runs:budget': RunBudget;
  'export:chart': ExportOutcome;
  'export:model': ModelExportOutcome;
  'cache:info': CacheInfo;
  'cache:clear': { freed: number };
  'queue:status': QueueStatus;
  /** The URL for the window to keep: its password (saved on the host) hidden. */
  'queue:remember': { url: string };
  'queue:forget': { forgotten: boolean };
}

/** The `{ params, return }` map: what a caller sends (defaults optional) and what every host answers. */
export type RequestMap = {
  [C in RequestChannel]: { params: z.input<(typeof PARAMS)[C]>; parsed: z.output<(typeof PARAMS)[C]>; return: Returns[C] };
};

export type RequestParams<C extends RequestChannel> = RequestMap[C]['params'];
export type ParsedParams<C extends RequestChannel> = RequestMap[C]['parsed'];
export type RequestReturn<C extends RequestChannel> = RequestMap[C]['return'];

interface EventPayloads {
  run: RunEvent;
  menuExport: MenuExportEvent;
}

/** Event channel → payload. */
export type EventMap = { [K in keyof typeof EVENTS as (typeof EVENTS)[K]]: EventPayloads[K] };

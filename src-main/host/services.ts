import { checkConfig } from '../../src-shared/api/check-config';
import { runHeadline } from '../../src-shared/api/run-headline';
import type { Handlers } from '../../src-shared/api/dispatch';
import { RequestError } from '../../src-shared/api/envelope';
import type { AppInfo, HostKind, RunDetail, RunSummary } from '../../src-shared/api/models';
import { exitStats, querySamples } from '../engine/runs/sample-query';
import { errorMessage } from '../engine/util/error-message';
import { defaultCacheDir } from '../engine/util/paths';
import type { RunRecord } from '../engine/runs/types';
import { createEventHub } from './event-hub';
import { cached } from '../engine/util/cached';
import { exportBytes, type SaveExport } from './exports';
import type { HostServices } from './host-services';
import { RunQueue, type JobWorker } from './run-queue';
import { folderRunStore, type RunStore } from './run-store';
import { runEngineTask, type TaskRunner } from '../worker/engine-tasks';
import { clearFeatureCache, featureCacheUsage } from '../engine/train/feature-cache-dir';
import { EXPORTS_DIR, exportName, freeFolder } from './model-exports';
import { describeRule } from '../engine/budget/budget-types';
import path from 'node:path';
import { recordedSplit, type QueueSplit } from '../../src-shared/api/queue-split';
import { queueStatus } from '../queue/queue-status';
import { queuePasswords, type SecretCipher } from './queue-passwords';
import { queuesView, remoteQueues } from './remote-queues';

export interface ServicesOptions {
  workspace: string;
  host: HostKind;
  version: string;
  worker: JobWorker;
  store?: RunStore;
  /** Where exports go (Electron: a save dialog). Without it the file goes back to the page to download. */
  saveExport?: SaveExport;
  /**
   * Where an exported model goes (Electron: a folder dialog; null = cancelled). Without it the host writes it under
   * the workspace's `exports/` folder and says where.
   */
  chooseModelFolder?: (suggestedName: string) => Promise<string | null>;
  /** Where budget searches and exports run (the apps: a worker thread each); default: in this thread. */
  runTask?: TaskRunner;
  /** tfjs backend request for runs (`$LEENET_BACKEND` otherwise). */
  backend?: string;
  cacheDir?: string;
  /** How saved queue passwords are encrypted (Electron: the OS keyring); without it they are kept readable by the owner only. */
  secrets?: SecretCipher;
}

/** Where the backbone came from, without the cache key and folder the run keeps for itself. */
function originOf(r: RunRecord): RunDetail['backboneOrigin'] {
  return r.provision ? { source: r.provision.source, trainSamples: r.provision.trainSamples, epochs: r.provision.epochs, testAccuracy: r.provision.testAccuracy } : null;
}

function summarise(r: RunRecord): RunSummary {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    createdAt: r.createdAt,
    dataset: r.dataset,
    backbone: r.backbone,
    backend: r.backend || null,
    alphas: r.config.alphas ?? [],
    alphasDone: r.alphasDone,
    error: r.error ?? null,
    backboneOrigin: originOf(r),
    headline: r.status === 'finished' ? runHeadline(r) : null,
    runsOn: r.queue?.url ?? null,
  };
}

function detail(r: RunRecord, live?: RunSummary): RunDetail {
  return {
    ...summarise(r),
    ...live,
    config: r.config,
    exits: r.exits,
    classNames: r.classNames ?? [],
    points: r.points,
    timings: r.timings,
    hasSamples: r.status === 'finished',
    exitReports: r.exitReports ?? [],
    summary: r.summary ?? null,
    latency: r.latency ?? null,
    splitSizes: r.splitSizes ?? null,
    backboneOrigin: originOf(r),
  };
}

const SPLIT_WITHOUT_QUEUE = 'Shards and α fan-out spread a sweep over a queue\'s workers: choose a queue under Run on, or leave them out.';

/**
 * Every request, implemented once against the run store and the worker queue. Electron IPC, the WebSocket server
 * and the tests all serve exactly these handlers.
 */
export function createHostServices(options: ServicesOptions): HostServices {
  const events = createEventHub();
  const store = options.store ?? folderRunStore(options.workspace);
  const local = new RunQueue({ worker: options.worker, store, events, backend: options.backend, cacheDir: options.cacheDir });
  const queues = remoteQueues({ workspace: options.workspace, store, events });
  const queue = queuesView(local, queues);
  const passwords = queuePasswords(options.workspace, options.secrets ?? null);
  const catalog = cached((_: 'catalog') => runTask({ kind: 'catalog' }));
  const runTask = options.runTask ?? runEngineTask;
  const samples = cached((runId: string) => store.samples(runId), 2);
  let backend: Pick<AppInfo, 'backend' | 'backendError'> | null = null;

  const requireRun = async (runId: string): Promise<RunRecord> => {
    const record = await store.get(runId);
    if (!record) throw new RequestError(`There is no run "${runId}".`);
    return record;
  };
  /** A finished run's per-sample records with its exits' costs and class count, for an α it has. */
  const recordsOf = async (runId: string, alphaIndex: number) => {
    const [run, records] = await Promise.all([requireRun(runId), samples(runId).catch((e: unknown) => Promise.reject(new RequestError(errorMessage(e))))]);
    if (!records.exitTaken[alphaIndex]) throw new RequestError(`This run has ${records.alphas.length} α values; there is no index ${alphaIndex}.`);
    const classes = run.classNames?.length || Math.max(...records.label) + 1;
    return { records, costs: run.exits.map((e) => e.cost), classes };
  };
  const ensureIdle = (runId: string, action: string) => {
    if (queue.isActive(runId)) throw new RequestError(`Stop the run before you ${action} it.`);
  };

  /**
   * Where a run goes: the queue the request names (checked, with its saved password when the window sent it hidden),
   * or this machine (null) when it names none.
   */
  const queueFor = async (url: string | undefined, split: QueueSplit | undefined): Promise<RunQueue | null> => {
    if (url === undefined || url === '') {
      if (split) throw new RequestError(SPLIT_WITHOUT_QUEUE, { split: SPLIT_WITHOUT_QUEUE });
      return null;
    }
    return queues.get(await passwords.complete(url));
  };

  const handlers = {
    'app:info': async () => {
      if (!backend?.backend) {
        const report = await options.worker.backend(options.backend);
        backend = { backend: report.info, ...(report.error && { backendError: report.error }) };
      }
      return { host: options.host, version: options.version, workspace: options.workspace, ...backend };
    },
    'catalog:backbones': async () => (await catalog('catalog')).backbones,
    'catalog:datasets': async () => (await catalog('catalog')).datasets,
    'config:validate': async ({ config }) => checkConfig(config),
    'config:estimate': async ({ config }) => {
      const check = checkConfig(config);
      if (!check.ok) throw new RequestError('The run configuration has errors.', check.errors);
      return runTask({ kind: 'estimate', config: check.config, cacheDir: options.cacheDir ?? defaultCacheDir(), backend: options.backend }).catch((e: Error) =>
        Promise.reject(new RequestError(e.message)),
      );
    },
    'run:start': async ({ config, name, queue: url, split }) => {
      const check = checkConfig(config);
      if (!check.ok) throw new RequestError('The run configuration has errors.', check.errors);
      return ((await queueFor(url, split)) ?? local).enqueue(check.config, name || undefined, split);
    },
    'run:stop': async ({ runId }) => ({ stopping: queue.stop(runId) }),
    'run:resume': async ({ runId, queue: url, split }) => {
      const record = await requireRun(runId);
      if (record.status === 'finished') throw new RequestError('This run has finished: there is nothing to resume.');
      if (queue.isActive(runId) || record.status === 'running' || record.status === 'queued') throw new RequestError('This run is still going.');
      const check = checkConfig(record.config);
      if (!check.ok) throw new RequestError('This run\'s config is not valid any more: start a new sweep instead.', check.errors);
      const remote = await queueFor(url, split);
      // Spread as the request says, else as it was when it last ran on a queue.
      return (remote ?? local).resume({ id: record.id, name: record.name, createdAt: record.createdAt, config: check.config }, remote ? (split ?? recordedSplit(record.queue)) : undefined);
    },
    'runs:list': async () => {
      const live = queue.active();
      const stored = (await store.list()).map(summarise);
      const merged = [...live, ...stored.filter((r) => !live.some((l) => l.id === r.id))];
      return merged.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    'runs:get': async ({ runId }) => {
      const live = queue.find(runId);
      const record = await store.get(runId);
      if (record) return detail(record, live ? { ...live.summary, backend: record.backend || null } : undefined);
      if (!live) throw new RequestError(`There is no run "${runId}".`);
      return { ...live.summary, config: live.config, exits: [], classNames: [], points: [], timings: {}, hasSamples: false, exitReports: [], summary: null, latency: null, backboneOrigin: null, splitSizes: null };
    },
    'runs:rename': async ({ runId, name }) => {
      // While a run is queued or going, its worker owns run.json: the name is written when the run ends.
      const live = queue.rename(runId, name);
      if (live) return live;
      return summarise(await store.rename(runId, name).catch((e: Error) => Promise.reject(new RequestError(e.message))));
    },
    'runs:delete': async ({ runId }) => {
      ensureIdle(runId, 'delete');
      await requireRun(runId);
      await store.remove(runId);
      samples.forget(runId);
      return { deleted: true };
    },
    'runs:samples': async ({ runId, ...query }) => {
      const { records, costs } = await recordsOf(runId, query.alphaIndex);
      const page = querySamples(records, { ...query, costs });
      return { total: page.total, offset: query.offset, rows: page.items };
    },
    'runs:exit-stats': async ({ runId, alphaIndex }) => {
      const { records, costs, classes } = await recordsOf(runId, alphaIndex);
      return exitStats(records, alphaIndex, classes, costs);
    },
    'runs:examples': async ({ runId, indices }) => {
      const { config } = await requireRun(runId);
      return runTask({ kind: 'examples', config, indices }).catch((e: Error) => Promise.reject(new RequestError(e.message)));
    },
    'runs:losses': async ({ runId }) => {
      await requireRun(runId);
      return store.losses(runId).catch((e: Error) => Promise.reject(new RequestError(e.message)));
    },
    'runs:budget': async ({ runId, target, policy }) => {
      await requireRun(runId);
      return runTask({ kind: 'budget', workspace: options.workspace, runId, target, policy, backend: options.backend }).catch((e: Error) => Promise.reject(new RequestError(e.message)));
    },
    'export:model': async ({ runId, selector }) => {
      const record = await requireRun(runId);
      if (record.status !== 'finished') throw new RequestError('Only a finished run can be exported.');
      const name = exportName(record, selector);
      const dir = options.chooseModelFolder ? await options.chooseModelFolder(name) : await freeFolder(path.join(options.workspace, EXPORTS_DIR), name);
      if (!dir) return { path: null, rule: '', validation: null, test: null };
      const r = await runTask({ kind: 'export', workspace: options.workspace, runId, selector, outDir: dir, cacheDir: options.cacheDir, backend: options.backend }).catch((e: Error) =>
        Promise.reject(new RequestError(e.message)),
      );
      return { path: r.outDir, rule: describeRule(r.point), validation: r.point.validation, test: r.point.test };
    },
    'cache:info': async () => {
      const usage = await featureCacheUsage(options.cacheDir ?? defaultCacheDir());
      return { dir: usage.dir, bytes: usage.bytes, stores: usage.stores.length, capBytes: usage.capBytes };
    },
    'cache:clear': async () => {
      // A sweep reads and writes its stores while it runs.
      if (local.active().length) throw new RequestError('Stop the running sweeps first: they are using the feature cache.');
      return { freed: await clearFeatureCache(options.cacheDir ?? defaultCacheDir()) };
    },
    'queue:status': async ({ url }) => queueStatus(await passwords.complete(url)),
    'queue:remember': async ({ url }) => ({ url: await passwords.remember(url) }),
    'queue:forget': async ({ url }) => {
      await passwords.forget(url);
      return { forgotten: true };
    },
    'export:chart': async (params) => {
      const points = params.format === 'csv' && params.runId ? (await requireRun(params.runId)).points : [];
      const file = exportBytes(params, points);
      if (!options.saveExport) return { path: null, download: { fileName: file.fileName, mimeType: file.mimeType, base64: file.bytes.toString('base64') } };
      return { path: await options.saveExport(file.fileName, file.bytes), download: null };
    },
  } satisfies Handlers;

  void queues.takeUpSubmissions().catch((e: unknown) => events.emit({ channel: 'event:run', payload: { type: 'log', runId: '', message: `Runs out on queues could not be listed: ${errorMessage(e)}` } }));
  return { handlers, events, close: () => queue.close() };
}

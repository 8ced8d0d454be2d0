import { EVENTS, type EventChannel, type RequestChannel } from './channels';
import { unwrap, type Envelope } from './envelope';
import type { EventMap, RequestParams, RequestReturn } from './requests';

/** What a host's pipe must offer the client: preload IPC, a WebSocket, or an in-process call in tests. */
export interface Transport {
  invoke(channel: RequestChannel, params: unknown): Promise<Envelope<unknown>>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

/** The UI's method names for each request channel. */
export const METHODS = {
  appInfo: 'app:info',
  listBackbones: 'catalog:backbones',
  listDatasets: 'catalog:datasets',
  validateConfig: 'config:validate',
  estimateRun: 'config:estimate',
  startRun: 'run:start',
  stopRun: 'run:stop',
  resumeRun: 'run:resume',
  listRuns: 'runs:list',
  getRun: 'runs:get',
  renameRun: 'runs:rename',
  deleteRun: 'runs:delete',
  querySamples: 'runs:samples',
  exitStats: 'runs:exit-stats',
  exampleImages: 'runs:examples',
  runLosses: 'runs:losses',
  searchBudget: 'runs:budget',
  exportChart: 'export:chart',
  exportModel: 'export:model',
  cacheInfo: 'cache:info',
  clearCache: 'cache:clear',
  queueStatus: 'queue:status',
  rememberQueue: 'queue:remember',
  forgetQueue: 'queue:forget',
} as const satisfies Record<string, RequestChannel>;

type Method<C extends RequestChannel> = undefined extends RequestParams<C>
  ? (params?: RequestParams<C>) => Promise<RequestReturn<C>>
  : (params: RequestParams<C>) => Promise<RequestReturn<C>>;

export type RequestMethods = { [M in keyof typeof METHODS]: Method<(typeof METHODS)[M]> };

type Subscribe<E extends EventChannel> = (listener: (event: EventMap[E]) => void) => () => void;

export interface EventMethods {
  /** Every run event; returns the unsubscribe. */
  onRunEvent: Subscribe<typeof EVENTS.run>;
  /** The application menu's Export PNG / SVG / CSV (Electron only). */
  onMenuExport: Subscribe<typeof EVENTS.menuExport>;
}

/**
 * The contract as the UI sees it: one typed method per request, one subscription per event. The preload bridge
 * exposes exactly this object as `window.leenet`; the WebSocket client builds the same object over its socket.
 */
export function createApi(transport: Transport): RequestMethods & EventMethods {
  const requests = Object.fromEntries(
    Object.entries(METHODS).map(([method, channel]) => [
      method,
      async (params?: unknown) => unwrap(await transport.invoke(channel, params)),
    ]),
  ) as RequestMethods;
  const subscribe =
    <E extends EventChannel>(channel: E): Subscribe<E> =>
    (listener) =>
      transport.subscribe(channel, (payload) => listener(payload as EventMap[E]));
  return { ...requests, onRunEvent: subscribe(EVENTS.run), onMenuExport: subscribe(EVENTS.menuExport) };
}

export type LeenetApi = ReturnType<typeof createApi>;

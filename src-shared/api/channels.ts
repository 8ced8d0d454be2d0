/**
 * Every channel name the UI and a host exchange, grouped by domain. Hosts register handlers domain by domain, so a
 * new request lands in exactly one place; the type test in `contract.test.ts` keeps hosts and this list in step.
 */
export const REQUESTS = {
  app: {
    info: 'app:info',
  },
  catalog: {
    backbones: 'catalog:backbones',
    datasets: 'catalog:datasets',
  },
  config: {
    validate: 'config:validate',
    estimate: 'config:estimate',
  },
  run: {
    start: 'run:start',
    stop: 'run:stop',
    resume: 'run:resume',
  },
  runs: {
    list: 'runs:list',
    get: 'runs:get',
    rename: 'runs:rename',
    remove: 'runs:delete',
    samples: 'runs:samples',
    exitStats: 'runs:exit-stats',
    examples: 'runs:examples',
    losses: 'runs:losses',
    budget: 'runs:budget',
  },
  export: {
    chart: 'export:chart',
    model: 'export:model',
  },
  cache: {
    info: 'cache:info',
    clear: 'cache:clear',
  },
  queue: {
    status: 'queue:status',
    remember: 'queue:remember',
    forget: 'queue:forget',
  },
} as const;

export const EVENTS = {
  run: 'event:run',
  menuExport: 'event:menu-export',
} as const;

type Values<T> = T[keyof T];
export type RequestDomain = keyof typeof REQUESTS;
export type RequestChannel = { [D in RequestDomain]: Values<(typeof REQUESTS)[D]> }[RequestDomain];
export type EventChannel = Values<typeof EVENTS>;

export const REQUEST_CHANNELS: readonly RequestChannel[] = Object.values(REQUESTS).flatMap((d) => Object.values(d));
export const EVENT_CHANNELS: readonly EventChannel[] = Object.values(EVENTS);

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}

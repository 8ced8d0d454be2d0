import { describe, expect, expectTypeOf, it } from 'vitest';
import { EVENT_CHANNELS, EVENTS, REQUEST_CHANNELS, REQUESTS, type EventChannel, type RequestChannel } from './channels';
import { createApi, METHODS, type LeenetApi, type Transport } from './client';
import { dispatchRequest, type Handlers } from './dispatch';
import { LeenetError, RequestError, type Envelope } from './envelope';
import type { RunEvent } from './events';
import { PARAMS, type EventMap, type RequestMap } from './requests';

/** A host that answers every request with a canned value: the smallest complete `Handlers`. */
function cannedHandlers(): Handlers {
  const notHere = () => Promise.reject(new RequestError('not in this test'));
  return {
    'app:info': async () => ({ host: 'test', version: '0', workspace: '/ws', backend: null }),
    'catalog:backbones': async () => [],
    'catalog:datasets': async () => [{ name: 'mnist', description: 'digits', needsDir: false, images: [28, 28, 1] }],
    'config:validate': notHere,
    'config:estimate': notHere,
    'run:start': async () => ({ runId: 'r1', position: 0 }),
    'run:stop': async ({ runId }) => ({ stopping: runId === 'r1' }),
    'run:resume': async ({ runId }) => ({ runId, position: 0 }),
    'runs:list': async () => [],
    'runs:get': notHere,
    'runs:rename': async () => {
      throw new RequestError('Bad name.', { name: 'Too short.' });
    },
    'runs:delete': async () => ({ deleted: true }),
    'runs:samples': async ({ offset, limit }) => ({ total: 0, offset, rows: Array(0).fill(limit) }),
    'runs:exit-stats': async () => ({ cells: [], confusions: [], softmaxThreshold: null }),
    'runs:examples': async () => [],
    'runs:losses': async () => [],
    'runs:budget': notHere,
    'export:chart': async () => ({ path: null, download: null }),
    'export:model': async () => ({ path: null, rule: '', validation: null, test: null }),
    'cache:info': async () => ({ dir: '/cache/features', bytes: 0, stores: 0, capBytes: 1 }),
    'cache:clear': async () => ({ freed: 0 }),
    'queue:status': async () => ({ url: 'redis://host:6379', reachable: true, workers: 1, waiting: 0, active: 0, message: '1 worker' }),
    'queue:remember': async ({ url }) => ({ url }),
    'queue:forget': async () => ({ forgotten: true }),
  };
}

describe('the contract, at the type level', () => {
  it('has one handler per channel, one parameter schema per channel and one UI method per channel', () => {
    expectTypeOf<keyof Handlers>().toEqualTypeOf<RequestChannel>();
    expectTypeOf<keyof RequestMap>().toEqualTypeOf<RequestChannel>();
    expectTypeOf<keyof typeof PARAMS>().toEqualTypeOf<RequestChannel>();
    expectTypeOf<(typeof METHODS)[keyof typeof METHODS]>().toEqualTypeOf<RequestChannel>();
    expectTypeOf<keyof EventMap>().toEqualTypeOf<EventChannel>();
    expectTypeOf<EventMap[typeof EVENTS.run]>().toEqualTypeOf<RunEvent>();
  });

  it('refuses a host that misses or adds a channel', () => {
    const { 'runs:delete': _dropped, ...missing } = cannedHandlers();
    // @ts-expect-error runs:delete is missing
    const incomplete: Handlers = missing;
    // @ts-expect-error runs:archive is not a channel
    const extra = { ...cannedHandlers(), 'runs:archive': async () => null } satisfies Handlers;
    expect([incomplete, extra]).toHaveLength(2);
  });

  it('types each method from its channel', () => {
    expectTypeOf<LeenetApi['stopRun']>().parameter(0).toEqualTypeOf<{ runId: string }>();
    expectTypeOf<LeenetApi['listRuns']>().returns.resolves.toEqualTypeOf<RequestMap['runs:list']['return']>();
    expectTypeOf<ReturnType<LeenetApi['onRunEvent']>>().toEqualTypeOf<() => void>();
  });
});

describe('the contract, at run time', () => {
  it('lists every channel once, and every UI method names a distinct channel', () => {
    expect(new Set(REQUEST_CHANNELS).size).toBe(REQUEST_CHANNELS.length);
    expect([...Object.values(METHODS)].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(Object.keys(PARAMS).sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(EVENT_CHANNELS).toEqual(Object.values(EVENTS));
    expect(Object.keys(REQUESTS)).toEqual(['app', 'catalog', 'config', 'run', 'runs', 'export', 'cache', 'queue']);
  });

  it('dispatches a request with its parameters checked and defaults filled', async () => {
    const handlers = cannedHandlers();
    expect(await dispatchRequest(handlers, 'runs:samples', { runId: 'r1', alphaIndex: 0 })).toEqual({
      ok: true,
      value: { total: 0, offset: 0, rows: [] },
    });
    expect(await dispatchRequest(handlers, 'run:stop', { runId: 'r1' })).toEqual({ ok: true, value: { stopping: true } });
  });

  it('refuses an unknown channel, bad parameters and extra fields with one message per field', async () => {
    const handlers = cannedHandlers();
    expect(await dispatchRequest(handlers, 'fs:readFile', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { message: 'Unknown request "fs:readFile".' },
    });
    const bad = await dispatchRequest(handlers, 'runs:samples', { runId: '../etc', alphaIndex: -1, sneaky: 1 });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.fields).toEqual({
      runId: 'Not a run id.',
      alphaIndex: expect.any(String),
      '(config)': expect.stringMatching(/sneaky/),
    });
    const params = await dispatchRequest(handlers, 'catalog:backbones', { extra: true });
    expect(params.ok).toBe(false);
  });

  it('turns a RequestError into fields and any other error into its message', async () => {
    const handlers = { ...cannedHandlers(), 'runs:list': () => Promise.reject(new Error('disk gone')) };
    expect(await dispatchRequest(handlers, 'runs:rename', { runId: 'r1', name: 'x' })).toEqual({
      ok: false,
      error: { message: 'Bad name.', fields: { name: 'Too short.' } },
    });
    expect(await dispatchRequest(handlers, 'runs:list', undefined)).toEqual({ ok: false, error: { message: 'disk gone' } });
  });

  it('builds the UI object over any transport, unwrapping envelopes and returning unsubscribes', async () => {
    const handlers = cannedHandlers();
    const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
    const transport: Transport = {
      invoke: (channel, params) => dispatchRequest(handlers, channel, params),
      subscribe: (channel, listener) => {
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set.add(listener));
        return () => set.delete(listener);
      },
    };
    const api = createApi(transport);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(METHODS), 'onMenuExport', 'onRunEvent'].sort());
    expect(await api.listDatasets()).toHaveLength(1);
    expect(await api.startRun({ config: {} })).toEqual({ runId: 'r1', position: 0 });
    const error = await api.renameRun({ runId: 'r1', name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeenetError);
    expect((error as LeenetError).fields).toEqual({ name: 'Too short.' });

    const seen: RunEvent[] = [];
    const off = api.onRunEvent((e) => seen.push(e));
    const emit = (e: RunEvent) => listeners.get(EVENTS.run)?.forEach((l) => l(e));
    emit({ type: 'started', runId: 'r1' });
    off();
    emit({ type: 'started', runId: 'r2' });
    expect(seen).toEqual([{ type: 'started', runId: 'r1' }]);
  });

  it('keeps envelopes plain data so they survive structured clone and JSON', () => {
    const envelope: Envelope<number> = { ok: true, value: 1 };
    expect(structuredClone(envelope)).toEqual(JSON.parse(JSON.stringify(envelope)));
  });
});

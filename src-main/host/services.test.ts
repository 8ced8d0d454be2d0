import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type LeenetApi } from '../../src-shared/api/client';
import { dispatchRequest } from '../../src-shared/api/dispatch';
import { LeenetError } from '../../src-shared/api/envelope';
import type { RunEvent } from '../../src-shared/api/events';
import { ScriptedWorker } from './fixtures/scripted-worker';
import type { HostServices } from './host-services';
import { saveToFolder } from './exports';
import { createHostServices } from './services';

const CONFIG = { dataset: 'mnist', backbone: 'mnist-small', alphas: [0], limit: 200 };

let workspace: string;
let exportsDir: string;
let worker: ScriptedWorker;
let services: HostServices;
let api: LeenetApi;
let events: RunEvent[];

/** The in-process host: the same handlers Electron and the WebSocket serve, called through the UI's own client. */
beforeEach(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'leenet-services-'));
  exportsDir = path.join(workspace, '.exports');
  worker = new ScriptedWorker();
  services = createHostServices({ workspace, host: 'test', version: '0.0.0', worker, saveExport: saveToFolder(exportsDir) });
  api = createApi({
    invoke: (channel, params) => dispatchRequest(services.handlers, channel, params),
    subscribe: (channel, listener) => services.events.subscribe((e) => e.channel === channel && listener(e.payload)),
  });
  events = [];
  api.onRunEvent((e) => events.push(e));
});

afterEach(async () => {
  await services.close();
  await rm(workspace, { recursive: true, force: true });
});

const idle = async () => {
  for (let i = 0; i < 50 && !events.some((e) => ['finished', 'failed', 'stopped'].includes(e.type)); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('host services', () => {
  it('answers app info with the worker backend and validates configs with one message per field', async () => {
    expect(await api.appInfo()).toEqual({ host: 'test', version: '0.0.0', workspace, backend: { name: 'fake', detail: 'scripted' } });
    expect(await api.validateConfig({ config: CONFIG })).toMatchObject({ ok: true, config: { head: 'linear' } });
    expect(await api.validateConfig({ config: { ...CONFIG, alphas: [3] } })).toEqual({ ok: false, errors: { 'alphas.0': 'α must be ≤ 1.' } });
    const refused = await api.startRun({ config: { ...CONFIG, backbone: 'vgg' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LeenetError);
    expect((refused as LeenetError).fields).toEqual({ backbone: expect.stringMatching(/^Unknown backbone/) });
    expect(worker.jobs).toHaveLength(0);
  });

  it('estimates a run before it starts, and refuses an invalid config field by field', async () => {
    const estimate = await api.estimateRun({ config: { ...CONFIG, alphas: [0, 0.5, 1] } });
    expect(estimate.seconds).toBeGreaterThan(0);
    expect(estimate.bytes).toBeGreaterThan(0);
    expect(estimate.images.test).toBe(200);
    expect(estimate.images.train + estimate.images.val).toBe(200);
    expect(Object.keys(estimate.phases).length).toBeGreaterThan(0);
    const refused = await api.estimateRun({ config: { ...CONFIG, limit: 3 } }).catch((e: unknown) => e);
    expect((refused as LeenetError).fields).toEqual({ limit: 'Limit must be at least 20.' });
  });

  it('runs a job, forwards its events with the run id, names it and lists it', async () => {
    const { runId, position } = await api.startRun({ config: CONFIG, name: 'first look' });
    expect(position).toBe(0);
    await idle();
    expect(events.map((e) => e.type)).toEqual(['queued', 'started', 'phase', 'progress', 'point', 'finished']);
    expect(events.every((e) => e.runId === runId)).toBe(true);
    expect(worker.jobs[0]).toMatchObject({ jobId: runId, workspace, config: { limit: 200, head: 'linear' } });
    const [listed] = await api.listRuns();
    expect(listed).toMatchObject({ id: runId, name: 'first look', status: 'finished', alphasDone: [0] });
    // The runs list carries a finished run's headline (its α point has no envelope flag: it counts) and its backbone's origin.
    expect(listed).toMatchObject({ headline: { accuracy: 0.9, speedup: null, exits: [] }, backboneOrigin: null });
    expect(await api.getRun({ runId })).toMatchObject({ hasSamples: true, points: [{ param: 0 }] });
    // Its loss curves were saved with it, to be drawn again after a restart.
    expect(await api.runLosses({ runId })).toEqual([{ phase: 'gates', total: 2, losses: [{ series: 'gate:α=0', step: 1, loss: 0.5 }] }]);
    await expect(api.runLosses({ runId: 'nope' })).rejects.toThrow(/no run/);
  });

  it('queues runs one at a time and stops a queued one without running it', async () => {
    worker.script = ['hold'];
    const a = await api.startRun({ config: CONFIG });
    const b = await api.startRun({ config: CONFIG });
    const c = await api.startRun({ config: CONFIG });
    expect([a.position, b.position, c.position]).toEqual([0, 1, 2]);
    expect((await api.listRuns()).map((r) => [r.id, r.status])).toEqual(
      expect.arrayContaining([
        [a.runId, 'running'],
        [b.runId, 'queued'],
        [c.runId, 'queued'],
      ]),
    );
    expect(await api.stopRun({ runId: b.runId })).toEqual({ stopping: true });
    expect(events).toContainEqual({ type: 'stopped', runId: b.runId, alphasDone: 0 });
    await expect(api.deleteRun({ runId: a.runId })).rejects.toThrow(/Stop the run/);
    worker.releaseHeld();
    await services.close();
    expect(worker.jobs.map((j) => j.jobId)).toEqual([a.runId]);
  });

  it('stops the running job, keeps its finished α and a name given while it ran', async () => {
    worker.script = ['hold'];
    const { runId } = await api.startRun({ config: CONFIG });
    await new Promise((r) => setTimeout(r, 20));
    // Renamed while running: the worker owns run.json until the end, so the name lands there afterwards.
    expect(await api.renameRun({ runId, name: 'renamed live' })).toMatchObject({ name: 'renamed live', status: 'running' });
    expect(await api.stopRun({ runId })).toEqual({ stopping: true });
    await idle();
    expect(events.at(-1)).toEqual({ type: 'stopped', runId, alphasDone: 1 });
    expect(await api.getRun({ runId })).toMatchObject({ status: 'stopped', alphasDone: [0], name: 'renamed live' });

    // Resumed under its own id and name; the worker is told to take it up, not to start afresh.
    events = [];
    expect(await api.resumeRun({ runId })).toEqual({ runId, position: 0 });
    await idle();
    expect(worker.jobs.at(-1)).toMatchObject({ jobId: runId, resume: true });
    expect(await api.getRun({ runId })).toMatchObject({ status: 'finished', name: 'renamed live' });
    await expect(api.resumeRun({ runId })).rejects.toThrow(/has finished: there is nothing to resume/);
    await expect(api.resumeRun({ runId: 'nope' })).rejects.toThrow(/no run "nope"/);
  });

  it('records a failure and a crash before the run folder existed, then runs the next job', async () => {
    worker.script = ['fail', 'crash', 'finish'];
    const failed = await api.startRun({ config: CONFIG });
    const crashed = await api.startRun({ config: CONFIG });
    const next = await api.startRun({ config: CONFIG });
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'finished'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(events.filter((e) => ['failed', 'finished'].includes(e.type))).toEqual([
      { type: 'failed', runId: failed.runId, message: 'boom' },
      { type: 'failed', runId: crashed.runId, message: 'The training worker exited unexpectedly (code 3).' },
      expect.objectContaining({ type: 'finished', runId: next.runId }),
    ]);
    expect(await api.getRun({ runId: crashed.runId })).toMatchObject({ status: 'failed', error: expect.stringMatching(/exited/), dataset: 'mnist' });
  });

  it('renames, pages samples with filters, exports and deletes a finished run', async () => {
    const { runId } = await api.startRun({ config: CONFIG });
    await idle();
    expect(await api.renameRun({ runId, name: '  tidy  ' })).toMatchObject({ name: 'tidy' });
    const page = await api.querySamples({ runId, alphaIndex: 0, exit: 0, limit: 2 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.index)).toEqual([7, 8]);
    expect(page.rows[0]).toMatchObject({ exitTaken: 0, correct: true, gate: 0.9, perExit: [{ prediction: 1 }, { prediction: 1 }] });
    expect((await api.querySamples({ runId, alphaIndex: 0, correct: false })).total).toBe(0);
    await expect(api.querySamples({ runId, alphaIndex: 4 })).rejects.toThrow(/no index 4/);
    // The run's own exit costs reach the max-softmax comparison and the exit × class table.
    expect((await api.querySamples({ runId, alphaIndex: 0, versus: 'learned-wrong', sort: 'confidently-wrong' })).total).toBe(0);
    const stats = await api.exitStats({ runId, alphaIndex: 0 });
    expect(stats.cells.flat().reduce((a, c) => a + c.n, 0)).toBe(page.total + (await api.querySamples({ runId, alphaIndex: 0, exit: 1 })).total);
    expect(stats.softmaxThreshold).toEqual(expect.any(Number));
    await expect(api.exitStats({ runId, alphaIndex: 4 })).rejects.toThrow(/no index 4/);

    const csv = await api.exportChart({ format: 'csv', name: 'frontier', runId });
    expect(csv).toEqual({ path: path.join(exportsDir, 'frontier.csv'), download: null });
    expect(await readFile(csv.path!, 'utf8')).toMatch(/^policy,param,split/);
    const png = await api.exportChart({ format: 'png', name: '../../evil', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' });
    expect(png.path).toBe(path.join(exportsDir, 'evil.png'));
    expect((await api.exportChart({ format: 'csv', name: 'frontier', runId })).path).toMatch(/frontier \(1\)\.csv$/);
    // Any other chart sends the CSV of what it draws; one source or the other, never both or neither.
    const losses = await api.exportChart({ format: 'csv', name: 'run-losses', text: 'series,step,loss\nfinal,1,2.3\n' });
    expect(await readFile(losses.path!, 'utf8')).toBe('series,step,loss\nfinal,1,2.3\n');
    const oneSource = { fields: { '(config)': 'Give either the run (its frontier) or the CSV text.' } };
    await expect(api.exportChart({ format: 'csv', name: 'x', runId, text: 'a' })).rejects.toMatchObject(oneSource);
    await expect(api.exportChart({ format: 'csv', name: 'x' })).rejects.toMatchObject(oneSource);


    const browser = createHostServices({ workspace, host: 'browser', version: '0', worker });
    const download = await dispatchRequest(browser.handlers, 'export:chart', { format: 'svg', name: 'chart', svg: '<svg/>' });
    expect(download).toEqual({ ok: true, value: { path: null, download: { fileName: 'chart.svg', mimeType: 'image/svg+xml', base64: 'PHN2Zy8+' } } });

    // A run without kept exit outputs: the budget and the export say what to do, and write nothing.
    await expect(api.searchBudget({ runId, target: { kind: 'speedup', value: 2 } })).rejects.toThrow(/keeps no exit outputs.*Run the sweep again/);
    await expect(api.exportModel({ runId, selector: { kind: 'alpha', alpha: 0 } })).rejects.toThrow(/keeps no exit outputs/);
    await expect(api.searchBudget({ runId, target: { kind: 'speedup', value: -2 } })).rejects.toMatchObject({ fields: { 'target.value': 'The budget must be above 0.' } });
    await expect(api.searchBudget({ runId: 'nope', target: { kind: 'ms', value: 2 } })).rejects.toThrow(/no run "nope"/);

    expect(await api.deleteRun({ runId })).toEqual({ deleted: true });
    expect(await api.listRuns()).toEqual([]);
    await expect(api.getRun({ runId })).rejects.toThrow(/no run/);
  });

  it('reports the feature cache and clears it', async () => {
    const cacheDir = path.join(workspace, '.cache');
    const cacheServices = createHostServices({ workspace, host: 'test', version: '0', worker, cacheDir });
    const store = path.join(cacheDir, 'features', 'abc');
    await mkdir(store, { recursive: true });
    await writeFile(path.join(store, 'exit0.f32'), new Uint8Array(4096));
    const info = await dispatchRequest(cacheServices.handlers, 'cache:info', undefined);
    expect(info).toMatchObject({ ok: true, value: { dir: path.join(cacheDir, 'features'), stores: 1, bytes: 4096, capBytes: 20 * 1024 ** 3 } });
    expect(await dispatchRequest(cacheServices.handlers, 'cache:clear', undefined)).toEqual({ ok: true, value: { freed: 4096 } });
    expect(await dispatchRequest(cacheServices.handlers, 'cache:info', undefined)).toMatchObject({ value: { stores: 0, bytes: 0 } });
    await cacheServices.close();
  });

  it('lists the engine catalog of backbones and datasets with their options', async () => {
    const backbones = await api.listBackbones();
    expect(backbones.find((b) => b.name === 'mnist-small')).toMatchObject({ input: [28, 28, 1], exits: ['stem', 'stage1_relu1', 'stage1', 'stage2', 'stage3'] });
    expect(backbones.every((b) => b.params > 0)).toBe(true);
    expect((await api.listDatasets()).find((d) => d.name === 'mnist')).toEqual(expect.objectContaining({ needsDir: false }));
  });

  it('draws example images of the samples a run tested on', async () => {
    const { runId } = await api.startRun({ config: CONFIG });
    await idle();
    const images = await api.exampleImages({ runId, indices: [0, 1] });
    expect(images.map((i) => [i.index, i.label, i.className])).toEqual([
      [0, 7, '7'],
      [1, 2, '2'],
    ]);
    expect(images[0].dataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });
});

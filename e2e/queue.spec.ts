import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis, type RedisServer } from '../src-main/queue/testing/redis-server';
import { startWorker, type WorkerProcess } from '../src-main/queue/testing/worker-process';
import { serve, type Served } from './serve-fixture';
import { fillTinyRun } from './tiny-run';

const PASSWORD = 'e2e-pa55';

/**
 * "Run on" a queue, from the window: a real redis-server with a password on a free loopback port, a real `leenet
 * worker` process, browser mode serving a fresh workspace. The run streams in as a local one does and its folder
 * comes home; the password stays with the host.
 */
test.describe('Run on a Redis queue', () => {
  let redis: RedisServer;
  let worker: WorkerProcess;
  let served: Served;
  /** The queue as the window shows it, password hidden, and its place (the select's value). */
  let shown: string;
  let key: string;

  test.beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
    shown = redis.url.replace(`:${PASSWORD}@`, ':***@');
    key = redis.url.replace(`:${PASSWORD}@`, '');
    const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
    worker = startWorker(['--queue', redis.url, '--workspace', tmp('leenet-e2e-worker-'), '--cache-dir', tmp('leenet-e2e-worker-cache-'), '--backend', 'wasm']);
    await worker.waitFor(/1 job at a time/);
    served = await serve();
  });
  test.afterAll(async () => {
    worker?.kill('SIGKILL');
    await served?.stop();
    await redis?.stop();
  });

  test('add a queue, check it, split and submit a sweep; it streams in and its folder comes home', async ({ page }) => {
    await page.goto(served.url);
    await fillTinyRun(page, 'on the queue');

    await test.step('a bad URL is explained, an unreachable queue is named as such', async () => {
      await page.getByTestId('queue-url').fill('localhost:6379');
      await expect(page.getByTestId('queue-url-error')).toContainText('starts with redis:// or rediss://');
      await expect(page.getByTestId('queue-add')).toBeDisabled();
      await page.getByTestId('queue-url').fill('redis://127.0.0.1:1');
      await page.getByTestId('queue-check').click();
      await expect(page.getByTestId('queue-status')).toContainText(/unreachable \(connect ECONNREFUSED/);
    });

    await test.step('the real queue: one worker, and the Start button says where the run goes', async () => {
      await page.getByTestId('queue-url').fill(redis.url);
      await page.getByTestId('queue-add').click();
      await expect(page.getByTestId('run-on')).toHaveValue(key);
      await expect(page.getByTestId('queue-status')).toContainText('1 worker');
      await expect(page.getByTestId('start-run')).toHaveText(`Submit to ${key}`);
      // The password is the host's to keep (owner-only, in the workspace); the window's storage has none.
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(PASSWORD);
      const kept = path.join(served.workspace, 'queue-passwords.json');
      expect(readFileSync(kept, 'utf8')).toContain(PASSWORD);
      expect(statSync(kept).mode & 0o777).toBe(0o600);
    });

    await test.step('the split: a shard count that is not one is explained and holds Submit back; 2 shards are sent', async () => {
      await expect(page.getByTestId('queue-split-message')).toContainText('One worker fills the feature pass; each α trains on a free worker');
      await page.getByTestId('queue-shards').fill('0');
      await expect(page.getByTestId('queue-split-message')).toHaveText('Between 1 and 256 (got 0).');
      await expect(page.getByTestId('start-run')).toBeDisabled();
      await page.getByTestId('queue-shards').fill('2');
      await expect(page.getByTestId('queue-split-message')).toContainText('cut in 2 shards');
      await expect(page.getByTestId('start-run')).toBeEnabled();
      await expect(page.getByTestId('queue-fan-out')).toBeChecked();
    });

    await test.step('submitted: it streams in like a local run, says where it runs, and finishes', async () => {
      await page.getByTestId('start-run').click();
      const row = page.getByTestId('run-row').filter({ hasText: 'on the queue' });
      await expect(row.getByTestId('runs-on')).toContainText(shown);
      await expect(row).toHaveAttribute('data-status', 'finished', { timeout: 180_000 });
    });

    await test.step('the folder is in this workspace, with the worker that ran it', async () => {
      const runs = readFileSync(path.join(served.workspace, 'queue-submissions.json'), 'utf8');
      expect(JSON.parse(runs)).toEqual([]);
      const id = readdirSync(served.workspace).find((d) => existsSync(path.join(served.workspace, d, 'run.json')));
      expect(id).toBeTruthy();
      const record = JSON.parse(readFileSync(path.join(served.workspace, id!, 'run.json'), 'utf8')) as { status: string; name: string; queue: { url: string; worker: string } };
      expect(record).toMatchObject({ status: 'finished', name: 'on the queue', queue: { url: shown, worker: expect.stringMatching(/:\d+$/), featureShards: 2, fanOutAlphas: true } });
      expect(worker.log()).toMatch(/feature pass cut into 2 shards/);
      expect(existsSync(path.join(served.workspace, id!, 'samples.json'))).toBe(true);
      await page.getByTestId('run-row').filter({ hasText: 'on the queue' }).getByTestId('open-run').click();
      await expect(page.getByTestId('runs-on').last()).toContainText(shown);
    });

    await test.step('a run stopped on the queue resumes there from the sidebar, and finishes', async () => {
      const started = (worker.log().match(/sweep \S+: started/g) ?? []).length;
      await fillTinyRun(page, 'stopped and resumed');
      // Long enough in its gates that the Stop lands while it runs.
      await page.getByTestId('run-gateEpochs').fill('150');
      await page.getByTestId('start-run').click();
      const row = page.getByTestId('run-row').filter({ hasText: 'stopped and resumed' });
      // Stopped once a worker has it: the run's folder is then the worker's to send home.
      await expect.poll(() => (worker.log().match(/sweep \S+: started/g) ?? []).length, { timeout: 60_000 }).toBeGreaterThan(started);
      await row.getByTestId('stop-run').click();
      await expect(row).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
      await expect(row.getByTestId('runs-on')).toContainText(shown);
      await expect(row.getByTestId('resume-run')).toHaveAttribute('title', new RegExp(`On the workers of ${key}, where it ran`));
      await row.getByTestId('resume-run').click();
      await expect(row).toHaveAttribute('data-status', 'finished', { timeout: 180_000 });
      await expect(row.getByTestId('runs-on')).toContainText(shown);
    });

    await test.step('a run stopped on this machine resumes on the queue picked beside Resume', async () => {
      await fillTinyRun(page, 'moved to the queue');
      await page.getByTestId('run-on').selectOption('');
      await page.getByTestId('run-gateEpochs').fill('150');
      await page.getByTestId('start-run').click();
      const row = page.getByTestId('run-row').filter({ hasText: 'moved to the queue' });
      await expect(row).toHaveAttribute('data-status', 'running');
      await row.getByTestId('stop-run').click();
      await expect(row).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
      await expect(row.getByTestId('runs-on')).toHaveCount(0);
      await expect(row.getByTestId('resume-on')).toHaveValue('');
      await expect(row.getByTestId('resume-run')).toHaveAttribute('title', /On this machine, where it ran\.$/);
      await row.getByTestId('resume-on').selectOption(key);
      await expect(row.getByTestId('resume-run')).toHaveAttribute('title', new RegExp(`On the workers of ${key}; its folder goes along\\.$`));
      await row.getByTestId('resume-run').click();
      await expect(row).toHaveAttribute('data-status', 'finished', { timeout: 180_000 });
      await expect(row.getByTestId('runs-on')).toContainText(shown);
    });
  });
});

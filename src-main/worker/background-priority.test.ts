import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ENGINE_NICE, runAsBackgroundThread } from './background-priority';
import { threadNice } from './fixtures/thread-nice';

describe('engine thread priority', () => {
  it.runIf(process.platform === 'linux')('lowers only the worker thread that asks, not the process it lives in', async () => {
    const mainBefore = threadNice();
    const worker = new Worker(new URL('./fixtures/priority-probe.mjs', import.meta.url));
    const report = await new Promise<{ before: number; lowered: boolean; after: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(report).toEqual({ before: mainBefore, lowered: mainBefore < ENGINE_NICE, after: Math.max(mainBefore, ENGINE_NICE) });
    expect(threadNice()).toBe(mainBefore);
  });

  it('leaves other systems alone, where a nice value would slow the whole app', () => {
    expect(runAsBackgroundThread('darwin')).toBe(false);
    expect(runAsBackgroundThread('win32')).toBe(false);
  });
});

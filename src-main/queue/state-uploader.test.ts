import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../engine/config';
import { createRun, getRun } from '../engine/runs/store';
import { queueTarget, redisOptions } from './connection';
import { stateKeys } from './job-data';
import { unpackRunFolder } from './run-folder-bundle';
import { fencedSet, LockLostError } from './job-lock';
import { stateUploader } from './state-uploader';
import { startRedis, type RedisServer } from './testing/redis-server';

const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0], limit: 200 });

/** A run's state written only under its job's lock (real redis-server): a stalled worker cannot overwrite it. */
describe('the state uploader, fenced by the job lock', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redisOptions(queueTarget(redis.url)));
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  async function run(): Promise<{ workspace: string; id: string }> {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'leenet-upload-'));
    const { id } = await createRun(workspace, { config, backend: 'wasm', dataset: 'mnist', backbone: 'mnist-small', status: 'running' });
    return { workspace, id };
  }

  it('writes while the lock is this worker’s; once another holds it, refuses, says so once, and writes nothing more', async () => {
    const { workspace, id } = await run();
    const lockKey = `test:${id}:lock`;
    await client.set(lockKey, 'mine');
    let told = 0;
    const uploader = stateUploader(client, workspace, id, [], () => undefined, { lockKey, token: 'mine' }, () => told++);
    await uploader.final();
    const first = await client.getBuffer(stateKeys.state(id));
    expect(first).not.toBeNull();

    // Another worker took the job over (its token in the lock) and wrote its own state.
    await client.set(lockKey, 'theirs');
    await client.set(stateKeys.state(id), 'the other worker’s state');
    await expect(uploader.final()).rejects.toThrow(LockLostError);
    uploader.soon(0);
    await new Promise((r) => setTimeout(r, 50));
    await expect(uploader.final()).rejects.toThrow(/lost the job's lock/);
    expect(await client.get(stateKeys.state(id))).toBe('the other worker’s state');
    expect(told).toBe(1);

    // What was written under the lock is the run's folder.
    const home = mkdtempSync(path.join(os.tmpdir(), 'leenet-upload-home-'));
    await unpackRunFolder(home, id, first!);
    expect((await getRun(home, id)).id).toBe(id);
  });

  it('a lock that lapsed (no key) is not this worker’s either', async () => {
    const { workspace, id } = await run();
    const uploader = stateUploader(client, workspace, id, [], () => undefined, { lockKey: `test:${id}:lock`, token: 'mine' });
    await expect(uploader.final()).rejects.toThrow(LockLostError);
    expect(await client.exists(stateKeys.state(id))).toBe(0);
  });

  it('fencedSet sets all its keys under the lock, and none once another worker holds it', async () => {
    const fence = { lockKey: 'test:fenced:lock', token: 'mine' };
    await client.set(fence.lockKey, 'mine');
    expect(await fencedSet(client, fence, [['test:a', 'A'], ['test:b', Buffer.from('B')]], 60)).toBe(true);
    expect([await client.get('test:a'), await client.get('test:b')]).toEqual(['A', 'B']);
    // With the TTL asked for, as the other keys a run leaves in Redis.
    expect(await client.ttl('test:b')).toBeGreaterThan(0);
    await client.set(fence.lockKey, 'theirs');
    expect(await fencedSet(client, fence, [['test:a', 'A2'], ['test:b', 'B2']], 60)).toBe(false);
    expect([await client.get('test:a'), await client.get('test:b')]).toEqual(['A', 'B']);
  });
});

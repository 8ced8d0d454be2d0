import { mkdir, mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearFeatureCache, evictFeatureStores, featureCacheCap, featureCacheUsage, touchStore } from './feature-cache-dir';

/** A store folder of `kb` kilobytes, last used `ago` seconds back. */
async function store(cacheDir: string, name: string, kb: number, ago: number): Promise<string> {
  const dir = path.join(cacheDir, 'features', name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'exit0.f32'), new Uint8Array(kb * 1024));
  await touchStore(dir);
  const when = new Date(Date.now() - ago * 1000);
  await utimes(path.join(dir, 'last-used'), when, when);
  return dir;
}

describe('the feature cache folder', () => {
  it('reports its size per store, newest first', async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'leenet-fc-'));
    await store(cache, 'old', 30, 300);
    await store(cache, 'new', 10, 5);
    const usage = await featureCacheUsage(cache, 1e9);
    expect(usage.stores.map((s) => s.name)).toEqual(['new', 'old']);
    expect(usage.bytes).toBeGreaterThanOrEqual(40 * 1024);
    expect((await featureCacheUsage(path.join(cache, 'none'))).bytes).toBe(0);
  });

  it('evicts least recently used stores down to its cap, never one in use', async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'leenet-fc-'));
    const oldest = await store(cache, 'a-oldest', 40, 500);
    await store(cache, 'b-older', 40, 400);
    await store(cache, 'c-newer', 40, 10);
    // Cap of 90 KB: one 40 KB store must go; the oldest is in use, so the next oldest does.
    const freed = await evictFeatureStores(cache, [oldest], 90 * 1024);
    expect(freed).toBeGreaterThanOrEqual(40 * 1024);
    expect((await readdir(path.join(cache, 'features'))).sort()).toEqual(['a-oldest', 'c-newer']);
    // Using a store again makes it the newest.
    await touchStore(path.join(cache, 'features', 'a-oldest'));
    expect((await featureCacheUsage(cache)).stores[0].name).toBe('a-oldest');
  });

  it('clears everything and says how much it freed; the cap comes from the environment', async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'leenet-fc-'));
    await store(cache, 'x', 20, 1);
    expect(await clearFeatureCache(cache)).toBeGreaterThanOrEqual(20 * 1024);
    expect((await featureCacheUsage(cache)).stores).toEqual([]);
    expect(featureCacheCap({ LEENET_FEATURE_CACHE_GB: '2' })).toBe(2 * 1024 ** 3);
    expect(featureCacheCap({ LEENET_FEATURE_CACHE_GB: 'lots' })).toBe(20 * 1024 ** 3);
  });
});

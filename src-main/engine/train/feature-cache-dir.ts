import { readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { featureStoreKey } from './feature-store';

/** Where feature stores live under the cache folder: one sub-folder per (weights, data, split, exits, pooling). */
export const FEATURES_DIR = 'features';
const LAST_USED = 'last-used';
/** Default cap on the feature cache: `LEENET_FEATURE_CACHE_GB` overrides it. */
export const DEFAULT_CAP_GB = 20;

/** What decides a backbone pass's features, and so names its store. */
export interface PassKey {
  /** The backbone's weights (its provision key). */
  backbone: string;
  dataset: string;
  role: string;
  exitLayers: string[];
  pooling: string;
  grid: number;
  keepRaw: boolean;
  transfer: boolean;
}

/**
 * Where a backbone pass is kept, or undefined when it is not: every pass is kept (shared by later runs, resumed
 * after a stop) except the flattened activations of flatten gates on cheap inputs, gigabytes to write for a pass
 * that costs less to redo than to read back.
 */
export function passStoreDir(cacheDir: string, key: PassKey, indices: Int32Array, pass: { convHeads: boolean; forwardBatch: number; streamed: boolean }): string | undefined {
  const cheapFlatten = key.keepRaw && !pass.convHeads && pass.forwardBatch >= 256 && !pass.streamed;
  return cheapFlatten ? undefined : path.join(cacheDir, FEATURES_DIR, featureStoreKey({ ...key }, indices));
}

export function featureCacheCap(env: NodeJS.ProcessEnv = process.env): number {
  const gb = Number(env.LEENET_FEATURE_CACHE_GB);
  return (Number.isFinite(gb) && gb > 0 ? gb : DEFAULT_CAP_GB) * 1024 ** 3;
}

export interface CacheUsage {
  dir: string;
  bytes: number;
  stores: { name: string; bytes: number; lastUsed: number }[];
  capBytes: number;
}

async function folderBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const e of entries) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? await folderBytes(p) : await stat(p).then((s) => s.size, () => 0);
  }
  return total;
}

/** Marks a store as just used, for least-recently-used eviction. */
export async function touchStore(storeDir: string): Promise<void> {
  const file = path.join(storeDir, LAST_USED);
  const now = new Date();
  await utimes(file, now, now).catch(() => writeFile(file, ''));
}

/** Every store in the feature cache with its size and when it was last used (newest first). */
export async function featureCacheUsage(cacheDir: string, capBytes = featureCacheCap()): Promise<CacheUsage> {
  const dir = path.join(cacheDir, FEATURES_DIR);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const stores = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => {
        const p = path.join(dir, e.name);
        const lastUsed = await stat(path.join(p, LAST_USED)).then((s) => s.mtimeMs, () => stat(p).then((s) => s.mtimeMs, () => 0));
        return { name: e.name, bytes: await folderBytes(p), lastUsed };
      }),
  );
  stores.sort((a, b) => b.lastUsed - a.lastUsed);
  return { dir, bytes: stores.reduce((a, s) => a + s.bytes, 0), stores, capBytes };
}

/**
 * Deletes least-recently-used stores until the cache fits its cap; stores in `keep` (those the current sweep
 * reads) are never deleted, even if they alone exceed it. Returns the bytes freed.
 */
export async function evictFeatureStores(cacheDir: string, keep: readonly string[] = [], capBytes = featureCacheCap()): Promise<number> {
  const usage = await featureCacheUsage(cacheDir, capBytes);
  const keepNames = new Set(keep.map((k) => path.basename(k)));
  let total = usage.bytes;
  let freed = 0;
  for (const s of [...usage.stores].reverse()) {
    if (total <= capBytes) break;
    if (keepNames.has(s.name)) continue;
    await rm(path.join(usage.dir, s.name), { recursive: true, force: true });
    total -= s.bytes;
    freed += s.bytes;
  }
  return freed;
}

/** Empties the feature cache (every later sweep recomputes its backbone pass once). Returns the bytes freed. */
export async function clearFeatureCache(cacheDir: string): Promise<number> {
  const usage = await featureCacheUsage(cacheDir);
  await rm(usage.dir, { recursive: true, force: true });
  return usage.bytes;
}

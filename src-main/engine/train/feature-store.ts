import { createHash } from 'node:crypto';
import { open, mkdir, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One row-major [n, dim] array of the feature pass, as it is kept on disk (`<name>.f32`). */
export interface StoredArray {
  name: string;
  dim: number;
  data: Float32Array;
}

interface StoreMeta {
  v: number;
  n: number;
  batchSize: number;
  arrays: { name: string; dim: number }[];
  /** Batches written completely. */
  done: number;
}

const VERSION = 1;

/** A cache folder name for everything that decides the features: backbone weights, data, samples, exits, pooling. */
export function featureStoreKey(parts: Record<string, unknown>, indices: Int32Array): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: VERSION, ...parts }));
  h.update(new Uint8Array(indices.buffer, indices.byteOffset, indices.byteLength));
  return h.digest('hex').slice(0, 24);
}

/**
 * The feature pass written to disk batch by batch, so a pass over an ImageNet-size split (hours on a CPU) survives
 * a stop or a crash and is paid once: a later pass with the same key reads the finished batches back and goes on
 * from the first missing one. Rows of a half-written batch are cut off on resume.
 */
export class FeatureStore {
  private constructor(
    private readonly dir: string,
    private meta: StoreMeta,
  ) {}

  static async open(dir: string, arrays: Omit<StoredArray, 'data'>[], n: number, batchSize: number): Promise<FeatureStore> {
    await mkdir(dir, { recursive: true });
    const fresh: StoreMeta = { v: VERSION, n, batchSize, arrays: arrays.map(({ name, dim }) => ({ name, dim })), done: 0 };
    const old = await readFile(path.join(dir, 'meta.json'), 'utf8').then((s) => JSON.parse(s) as StoreMeta, () => null);
    const same = old && old.v === VERSION && old.n === n && old.batchSize === batchSize && JSON.stringify(old.arrays) === JSON.stringify(fresh.arrays);
    const store = new FeatureStore(dir, same ? old : fresh);
    const rows = Math.min(n, store.meta.done * batchSize);
    for (const a of fresh.arrays) {
      const file = path.join(dir, `${a.name}.f32`);
      if (rows === 0) await writeFile(file, new Uint8Array(0));
      else await truncate(file, rows * a.dim * 4);
    }
    if (!same) await store.saveMeta();
    return store;
  }

  /** Batches already on disk. */
  get done(): number {
    return this.meta.done;
  }

  /** Reads the finished batches into the arrays (rows 0 … done·batchSize). */
  async load(arrays: StoredArray[]): Promise<number> {
    const rows = Math.min(this.meta.n, this.meta.done * this.meta.batchSize);
    if (rows === 0) return 0;
    for (const a of arrays) {
      const bytes = await readFile(path.join(this.dir, `${a.name}.f32`));
      if (bytes.length < rows * a.dim * 4) throw new Error(`Feature cache ${this.dir} is damaged (${a.name}.f32 is short): delete the folder.`);
      a.data.set(new Float32Array(bytes.buffer, bytes.byteOffset, rows * a.dim).slice(), 0);
    }
    return this.meta.done;
  }

  /** Appends batch `b`'s rows of every array, then records the batch as done. */
  async append(b: number, chunks: Float32Array[]): Promise<void> {
    if (b !== this.meta.done) throw new Error(`Feature cache: batch ${b} written out of order (expected ${this.meta.done}).`);
    for (const [k, a] of this.meta.arrays.entries()) {
      const fh = await open(path.join(this.dir, `${a.name}.f32`), 'a');
      try {
        await fh.write(new Uint8Array(chunks[k].buffer, chunks[k].byteOffset, chunks[k].byteLength));
      } finally {
        await fh.close();
      }
    }
    this.meta.done = b + 1;
    await this.saveMeta();
  }

  private async saveMeta(): Promise<void> {
    const tmp = path.join(this.dir, `meta.json.tmp-${process.pid}`);
    await writeFile(tmp, JSON.stringify(this.meta));
    await rename(tmp, path.join(this.dir, 'meta.json'));
  }

  static async remove(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }
}

import { createHash } from 'node:crypto';
import { open, mkdir, readFile, rename, rm, truncate, writeFile, type FileHandle } from 'node:fs/promises';
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

function readMeta(dir: string): Promise<StoreMeta | null> {
  return readFile(path.join(dir, 'meta.json'), 'utf8').then((s) => JSON.parse(s) as StoreMeta, () => null);
}

function sameLayout(old: StoreMeta | null, fresh: StoreMeta): old is StoreMeta {
  return old !== null && old.v === VERSION && old.n === fresh.n && old.batchSize === fresh.batchSize && JSON.stringify(old.arrays) === JSON.stringify(fresh.arrays);
}

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
    const old = await readMeta(dir);
    const same = sameLayout(old, fresh);
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

  /**
   * Another process's store, read-only: null unless it holds exactly this layout, so a store written for other
   * samples, another batch size or other arrays is never read. Nothing on disk is changed.
   */
  static async reader(dir: string, arrays: Omit<StoredArray, 'data'>[], n: number, batchSize: number): Promise<FeatureStore | null> {
    const fresh: StoreMeta = { v: VERSION, n, batchSize, arrays: arrays.map(({ name, dim }) => ({ name, dim })), done: 0 };
    const old = await readMeta(dir);
    return sameLayout(old, fresh) ? new FeatureStore(dir, old) : null;
  }

  /** Re-reads how many batches are done, for a store another process may still be writing. */
  async refresh(): Promise<number> {
    const now = await readMeta(this.dir);
    this.meta = { ...this.meta, done: sameLayout(now, this.meta) ? now.done : 0 };
    return this.meta.done;
  }

  /** Batch b's rows of every array, in the store's order: what `append` wrote for it. */
  async readBatch(b: number): Promise<Float32Array[]> {
    const { n, batchSize } = this.meta;
    const rows = Int32Array.from({ length: Math.min(n, (b + 1) * batchSize) - b * batchSize }, (_, i) => b * batchSize + i);
    return Promise.all(this.meta.arrays.map((a) => this.readRows(a.name, rows)));
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

  /** Rows finished on disk: what `readRows` may read. */
  get rows(): number {
    return Math.min(this.meta.n, this.meta.done * this.meta.batchSize);
  }

  /**
   * Reads rows `idx` (in that order) of one stored array into a new row-major [idx.length, dim] array, for
   * training from arrays too large for memory. Runs of consecutive rows are one read each, so a sequential pass
   * costs a read per batch rather than per row.
   */
  async readRows(name: string, idx: ArrayLike<number>): Promise<Float32Array> {
    const array = this.meta.arrays.find((a) => a.name === name);
    if (!array) throw new Error(`Feature cache ${this.dir} has no array '${name}'.`);
    // Checked before any read starts, so a bad row never leaves reads running on a closed file.
    for (let i = 0; i < idx.length; i++) {
      if (!(idx[i] >= 0 && idx[i] < this.rows)) throw new Error(`Feature cache ${this.dir}: row ${idx[i]} of '${name}' is not on disk.`);
    }
    const rowBytes = array.dim * 4;
    const out = new Float32Array(idx.length * array.dim);
    const bytes = new Uint8Array(out.buffer);
    const fh = await open(path.join(this.dir, `${name}.f32`), 'r');
    try {
      const reads: Promise<void>[] = [];
      for (let i = 0; i < idx.length; ) {
        const first = idx[i];
        let run = 1;
        while (i + run < idx.length && idx[i + run] === first + run) run++;
        const at = i * rowBytes;
        reads.push(readFully(fh, bytes.subarray(at, at + run * rowBytes), first * rowBytes, this.dir, name));
        i += run;
      }
      await Promise.all(reads);
    } finally {
      await fh.close();
    }
    return out;
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

/** fh.read may return fewer bytes than asked (large reads are split): read until the slice is full. */
async function readFully(fh: FileHandle, into: Uint8Array, position: number, dir: string, name: string): Promise<void> {
  let got = 0;
  while (got < into.length) {
    const { bytesRead } = await fh.read(into, got, into.length - got, position + got);
    if (bytesRead === 0) throw new Error(`Feature cache ${dir} is damaged (${name}.f32 is short): delete the folder.`);
    got += bytesRead;
  }
}

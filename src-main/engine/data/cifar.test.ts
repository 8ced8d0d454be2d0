import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCifar10, loadCifar100 } from './cifar';
import { cifarPixelsCHW, cifarRecords, writeCifar10 } from './cifar-fixtures';
import { tmpDir } from './idx-fixtures';
import { loadDataset } from './load-dataset';

describe('CIFAR-10 binary', () => {
  it('reads five training batches and the test batch, pixels moved from CHW planes to HWC', async () => {
    const dir = tmpDir();
    writeCifar10(dir, 4, 6);
    const ds = await loadDataset(`cifar10:${dir}`, { download: false });
    expect(ds).toMatchObject({ name: 'CIFAR-10', height: 32, width: 32, channels: 3 });
    expect(ds.classNames[9]).toBe('truck');
    expect(ds.train.count).toBe(20);
    expect(ds.test?.count).toBe(6);
    expect(Array.from(ds.train.labels.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(ds.train.shape).toEqual([32, 32, 3]);
    // Sample 7 of the train set: pixel (y=2, x=5), channel 1 (green) is CHW plane 1 at 2·32+5.
    const chw = cifarPixelsCHW(7, 7);
    expect(ds.train.images[7 * 3072 + (2 * 32 + 5) * 3 + 1]).toBe(chw[1024 + 2 * 32 + 5]);
    expect(ds.test!.labels[1]).toBe(7);
  });

  it('accepts the folder holding the files as well as its parent', () => {
    const dir = tmpDir();
    const root = writeCifar10(dir, 1, 1);
    expect(loadCifar10(root).train.count).toBe(5);
  });

  it('refuses a truncated batch with its size and record arithmetic', () => {
    const dir = tmpDir();
    const root = writeCifar10(dir, 3, 2);
    const file = path.join(root, 'data_batch_3.bin');
    writeFileSync(file, cifarRecords([[1], [2], [3]]).subarray(0, 3 * 3073 - 100));
    expect(() => loadCifar10(dir)).toThrow(`${file} is truncated or not a CIFAR binary file: 9119 bytes is not a whole number of 3073-byte records (2 whole, 2973 bytes left over).`);
  });

  it('refuses labels outside the classes and says which record', () => {
    const dir = tmpDir();
    const root = writeCifar10(dir, 2, 2);
    writeFileSync(path.join(root, 'test_batch.bin'), cifarRecords([[3], [12]]));
    expect(() => loadCifar10(dir)).toThrow(/test_batch\.bin: record 1 has label 12, but there are only 10 classes/);
  });

  it('names the missing file, and offline the folder it looked in', async () => {
    const dir = tmpDir();
    expect(() => loadCifar10(dir)).toThrow(`No CIFAR-10 in ${dir}`);
    await expect(loadDataset(`cifar10:${dir}`, { download: false })).rejects.toThrow(/expected test_batch\.bin and data_batch_1\.\.5\.bin/);
  });
});

describe('CIFAR-100 binary', () => {
  it('reads coarse and fine label bytes and uses the fine label', () => {
    const dir = tmpDir();
    const root = path.join(dir, 'cifar-100-binary');
    mkdirSync(root);
    writeFileSync(path.join(root, 'train.bin'), cifarRecords([[1, 55], [19, 99], [0, 3]]));
    writeFileSync(path.join(root, 'test.bin'), cifarRecords([[4, 42]]));
    writeFileSync(path.join(root, 'fine_label_names.txt'), Array.from({ length: 100 }, (_, i) => `fine${i}`).join('\n'));
    const ds = loadCifar100(dir);
    expect(Array.from(ds.train.labels)).toEqual([55, 99, 3]);
    expect(ds.test!.labels[0]).toBe(42);
    expect(ds.classNames[99]).toBe('fine99');
    expect(ds.train.images[3072 + 0]).toBe(cifarPixelsCHW(99, 1)[0]);
  });

  it('a CIFAR-10 file passed as CIFAR-100 fails on its record size', () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'train.bin'), cifarRecords([[1], [2]]));
    writeFileSync(path.join(dir, 'test.bin'), cifarRecords([[1, 2]]));
    expect(() => loadCifar100(dir)).toThrow(/train\.bin is truncated or not a CIFAR binary file: 6146 bytes is not a whole number of 3074-byte records/);
  });
});

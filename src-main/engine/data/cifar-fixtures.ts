import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CIFAR10_TRAIN } from './cifar';

/** A deterministic 32×32 RGB picture per class: each class has its own colour and stripe direction, plus noise. */
export function cifarPixelsCHW(label: number, sample: number): Uint8Array {
  const px = new Uint8Array(3072);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const stripe = (label % 2 === 0 ? x : y) % (2 + (label % 5)) === 0 ? 80 : 0;
        const base = (((label * 37 + c * 91) % 200) + stripe + ((sample * 13 + x * 7 + y * 3 + c) % 23)) % 256;
        px[c * 1024 + y * 32 + x] = base;
      }
    }
  }
  return px;
}

/** CIFAR binary records: `labelBytes` label bytes (CIFAR-100: coarse, fine), then the CHW pixels. */
export function cifarRecords(labels: number[][], offset = 0): Uint8Array {
  const record = labels[0].length + 3072;
  const out = new Uint8Array(labels.length * record);
  labels.forEach((ls, i) => {
    out.set(ls, i * record);
    out.set(cifarPixelsCHW(ls[ls.length - 1], offset + i), i * record + ls.length);
  });
  return out;
}

/** A CIFAR-10 binary folder (cifar-10-batches-bin/) with `perBatch` images per training batch and `test` test images. */
export function writeCifar10(dir: string, perBatch: number, test: number, classes = 10): string {
  const root = path.join(dir, 'cifar-10-batches-bin');
  mkdirSync(root, { recursive: true });
  CIFAR10_TRAIN.forEach((f, b) => writeFileSync(path.join(root, f), cifarRecords(Array.from({ length: perBatch }, (_, i) => [(b * perBatch + i) % classes]), b * perBatch)));
  writeFileSync(path.join(root, 'test_batch.bin'), cifarRecords(Array.from({ length: test }, (_, i) => [(i * 7) % classes]), 10_000));
  writeFileSync(path.join(root, 'batches.meta.txt'), 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n');
  return root;
}

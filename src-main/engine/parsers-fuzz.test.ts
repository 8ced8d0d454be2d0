import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle } from './budget/bundle-fixtures';
import { readCifarRecords } from './data/cifar';
import { cifarRecords } from './data/cifar-fixtures';
import { decodeImage } from './data/decode-image';
import { DatasetError } from './data/errors';
import { idxBytes, tmpDir } from './data/idx-fixtures';
import { parseIdx } from './data/idx';
import { jpegBytes, pngBytes } from './data/image-fixtures';
import { BundleError, decodePolicyBundle, encodePolicyBundle } from './runs/policy-bundle';
import { parseRunRecord } from './runs/run-record';
import { Rng } from './util/rng';
import { encodeSafetensors, parseSafetensors, SafetensorsError } from './weights/safetensors';

/** Rounds per parser: enough to reach the header, length and body checks, bounded so the suite stays quick. */
const ROUNDS = 300;

/** A mutated copy of `seed`: bytes flipped, cut short, grown with noise, or a slice moved — one or several at once. */
function mutate(seed: Uint8Array, rng: Rng): Uint8Array {
  let out = Uint8Array.from(seed);
  for (let m = 0, count = 1 + rng.int(3); m < count; m++) {
    const kind = rng.int(5);
    if (kind === 0 && out.length) for (let i = 0, n = 1 + rng.int(8); i < n; i++) out[rng.int(out.length)] = rng.int(256);
    else if (kind === 1) out = out.subarray(0, rng.int(out.length + 1));
    else if (kind === 2) out = Uint8Array.from([...out, ...Array.from({ length: rng.int(64) }, () => rng.int(256))]);
    else if (kind === 3 && out.length > 8) {
      // Header fields are where parsers trust numbers: hit the first bytes hardest.
      const at = rng.int(Math.min(out.length, 24));
      out[at] = [0, 1, 0x7f, 0x80, 0xff][rng.int(5)];
    } else out = Uint8Array.from({ length: rng.int(200) }, () => rng.int(256));
  }
  return out;
}

/** Every input either parses or throws one of `allowed`: no TypeError, RangeError or hang from inside a parser. */
function fuzz(name: string, seeds: Uint8Array[], parse: (bytes: Uint8Array) => unknown, allowed: (new (...a: never[]) => Error)[], rounds = ROUNDS): void {
  const rng = new Rng(name.length * 7919);
  let refused = 0;
  for (let round = 0; round < rounds; round++) {
    const input = mutate(seeds[round % seeds.length], rng);
    try {
      parse(input);
    } catch (e) {
      refused++;
      const ok = allowed.some((type) => e instanceof type);
      if (!ok) throw new Error(`${name}, round ${round} (${input.length} bytes): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
  // The mutations must actually reach the error paths.
  expect(refused).toBeGreaterThan(rounds / 4);
}

describe('parsers under random and mutated input', () => {
  it('IDX', () => {
    const seeds = [idxBytes([3, 4, 4], Uint8Array.from({ length: 48 }, (_, i) => i)), idxBytes([5], Uint8Array.of(1, 2, 3, 4, 5))];
    fuzz('idx', seeds, (b) => parseIdx(b, 'fuzz.idx'), [DatasetError]);
  });

  it('CIFAR binary', () => {
    const dir = tmpDir('leenet-fuzz-cifar-');
    const seeds = [cifarRecords([[1], [2]])];
    let i = 0;
    fuzz('cifar', seeds, (b) => {
      const file = path.join(dir, `batch-${i++}.bin`);
      writeFileSync(file, b);
      return readCifarRecords([file], 1, 0, 10);
    }, [DatasetError]);
  });

  it('safetensors', () => {
    const seeds = [encodeSafetensors({ w: { dtype: 'F32', shape: [2, 3], values: [1, 2, 3, 4, 5, 6] }, b: { dtype: 'F16', shape: [2], values: [0.5, 1] } }, { note: 'x' })];
    fuzz('safetensors', seeds, (b) => {
      const f = parseSafetensors(b, 'fuzz.safetensors');
      for (const name of f.entries.keys()) f.read(name);
    }, [SafetensorsError]);
  });

  it('policy bundles', () => {
    const seeds = [encodePolicyBundle(bundle())];
    // A whole run's outputs per round: fewer rounds, the same mutations.
    fuzz('bundle', seeds, (b) => decodePolicyBundle(b, 'fuzz.safetensors'), [SafetensorsError, BundleError], 60);
  });

  it('run.json', () => {
    const good = JSON.stringify({ status: 'finished', createdAt: '2026-01-01T00:00:00Z', config: { dataset: 'mnist' }, points: [], alphasDone: [0] });
    const rng = new Rng(11);
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const text = new TextDecoder().decode(mutate(new TextEncoder().encode(good), rng));
      // Never throws: a reason string for what is not a run record, a record with every list present otherwise.
      const r = parseRunRecord(text, 'fuzz');
      if (typeof r === 'string') refused++;
      else expect(Array.isArray(r.points) && Array.isArray(r.alphasDone) && Array.isArray(r.exits)).toBe(true);
    }
    expect(refused).toBeGreaterThan(ROUNDS / 4);
  });

  it('JPEG and PNG decoding', () => {
    fuzz('images', [jpegBytes(8, 6, 120), pngBytes(7, 5, 200)], (b) => decodeImage(b, 'fuzz.img'), [DatasetError]);
  });
});

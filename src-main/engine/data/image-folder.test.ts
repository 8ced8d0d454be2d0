import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchOf, materialise } from './batches';
import { decodeImage } from './decode-image';
import { tmpDir } from './idx-fixtures';
import { jpegBytes, pictureRGBA, pngBytes, writeImageFolder } from './image-fixtures';
import { loadImageFolder } from './image-folder';
import { IMAGENETTE_CLASSES, loadImagenette } from './imagenette';
import { loadDataset } from './load-dataset';
import { centreCropGeometry, resizeAndCentreCrop, resizeImage } from './resize';

const size = { resize: 20, crop: 16, channels: 3 as const };

describe('image decoding', () => {
  it('decodes PNG exactly and JPEG closely, alpha dropped', () => {
    const rgba = pictureRGBA(12, 10, 40);
    const png = decodeImage(pngBytes(12, 10, 40), 'a.png');
    expect(png).toMatchObject({ width: 12, height: 10, channels: 3 });
    expect(Array.from(png.data.subarray(0, 3))).toEqual(Array.from(rgba.subarray(0, 3)));
    const jpg = decodeImage(jpegBytes(12, 10, 40, 100), 'a.jpg');
    const centre = (5 * 12 + 6) * 3;
    expect(Math.abs(jpg.data[centre] - 200)).toBeLessThan(12);
    const grey = decodeImage(pngBytes(12, 10, 40), 'a.png', 1);
    expect(grey.data.length).toBe(120);
  });

  it('names corrupt, truncated and unknown files', () => {
    const j = jpegBytes(16, 16, 1);
    expect(() => decodeImage(j.subarray(0, j.length / 2), 'cut.jpg')).toThrow(/^cut\.jpg is corrupt or truncated: /);
    const p = pngBytes(16, 16, 1);
    expect(() => decodeImage(p.subarray(0, p.length - 10), 'cut.png')).toThrow(/^cut\.png is corrupt or truncated: /);
    expect(() => decodeImage(Buffer.from('GIF89a....'), 'x.gif')).toThrow('x.gif is neither a JPEG nor a PNG (first bytes 47 49 46 38).');
  });
});

describe('resize and centre crop', () => {
  it("matches torchvision's geometry on many sizes: truncated long side, crop offset rounded half to even", () => {
    // As torchvision computes it: new_long = int(256 * long / short); crop_top = int(round((size - 224) / 2.0)),
    // Python's round taking a half to the even integer.
    const pyRound = (x: number) => (Number.isInteger(x - 0.5) ? (Math.floor(x) % 2 === 0 ? Math.floor(x) : Math.ceil(x)) : Math.round(x));
    let halves = 0;
    for (let h = 224; h < 900; h += 7) {
      for (let w = 224; w < 900; w += 11) {
        const [short, long] = h <= w ? [h, w] : [w, h];
        const newLong = Math.trunc((256 * long) / short);
        const [rh, rw] = h <= w ? [256, newLong] : [newLong, 256];
        if ((rh - 224) % 2 === 1 || (rw - 224) % 2 === 1) halves++;
        expect(centreCropGeometry(h, w, 256, 224)).toEqual({ rh, rw, top: pyRound((rh - 224) / 2), left: pyRound((rw - 224) / 2) });
      }
    }
    expect(halves).toBeGreaterThan(100);
    // The case that was off by one: a 500×375 photo becomes 341×256 and its crop starts at column 58, not 59.
    expect(centreCropGeometry(375, 500, 256, 224)).toEqual({ rh: 256, rw: 341, top: 16, left: 58 });
  });

  it('keeps a constant image constant and averages when shrinking', () => {
    const flat = new Uint8Array(30 * 20 * 3).fill(77);
    expect(new Set(resizeImage(flat, 20, 30, 3, 7, 11))).toEqual(new Set([77]));
    // A 1-pixel checkerboard shrunk 4× averages to mid-grey instead of aliasing to black or white.
    const board = Uint8Array.from({ length: 16 * 16 }, (_, i) => ((i % 16) + Math.floor(i / 16)) % 2 ? 255 : 0);
    for (const v of resizeImage(board, 16, 16, 1, 4, 4)) expect(Math.abs(v - 127.5)).toBeLessThan(2);
  });

  it('resizes the shorter side and cuts the centre', () => {
    // 40 wide, 20 high: shorter side 20 → 10, so 20×10, then the centre 10×10 (columns 5..14).
    const img = Uint8Array.from({ length: 20 * 40 }, (_, i) => ((i % 40) < 10 || (i % 40) >= 30 ? 255 : 0));
    const out = resizeAndCentreCrop(img, 20, 40, 1, 10, 10);
    expect(out.length).toBe(100);
    // Only the crop's outermost columns touch the blurred edge of the white bands.
    for (let y = 0; y < 10; y++) for (let x = 1; x < 9; x++) expect(out[y * 10 + x]).toBeLessThan(5);
    expect(out[0]).toBeGreaterThan(out[1]);
  });
});

describe('ImageFolder', () => {
  it('a folder of class folders is one split: sorted classes, JPEG and PNG, decoded per batch at the crop size', async () => {
    const dir = tmpDir('leenet-if-');
    writeImageFolder(dir, ['zebra', 'apple', 'mango'], 3);
    writeFileSync(path.join(dir, 'apple', 'notes.txt'), 'not an image');
    const ds = await loadDataset(`imagefolder:${dir}`, { imageSize: size });
    expect(ds.classNames).toEqual(['apple', 'mango', 'zebra']);
    expect(ds.test).toBeUndefined();
    expect(ds.train.count).toBe(9);
    expect(ds.train.images.length).toBe(0);
    expect(Array.from(ds.train.labels)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const batch = await batchOf(ds.train, Int32Array.from([8, 0]));
    expect(batch.set.images.length).toBe(2 * 16 * 16 * 3);
    expect(Array.from(batch.set.labels)).toEqual([2, 0]);
    // The centre of every picture is its bright square: red ≈ 200.
    expect(Math.abs(batch.set.images[(8 * 16 + 8) * 3] - 200)).toBeLessThan(15);
    const all = await materialise(ds.train, Int32Array.from([1, 2, 3]), 2);
    expect(all.set.count).toBe(3);
    expect(Array.from(all.idx)).toEqual([0, 1, 2]);
  });

  it('train/ + val/ are two splits with the training classes', () => {
    const dir = tmpDir('leenet-if-');
    writeImageFolder(path.join(dir, 'train'), ['a', 'b'], 2, '.jpg');
    writeImageFolder(path.join(dir, 'val'), ['a', 'b'], 1, '.jpg');
    const ds = loadImageFolder(dir, size);
    expect(ds.train.count).toBe(4);
    expect(ds.test?.count).toBe(2);
    expect(ds.test?.shape).toEqual([16, 16, 3]);
  });

  it('a val class the training split lacks, an empty folder and a corrupt image are named', async () => {
    const dir = tmpDir('leenet-if-');
    writeImageFolder(path.join(dir, 'train'), ['a'], 1);
    writeImageFolder(path.join(dir, 'test'), ['a', 'q'], 1);
    expect(() => loadImageFolder(dir, size)).toThrow(`${path.join(dir, 'test', 'q')} is a class the training split does not have (its classes: a).`);
    const empty = tmpDir('leenet-if-');
    mkdirSync(path.join(empty, 'cls'));
    expect(() => loadImageFolder(empty, size)).toThrow(/holds no JPEG or PNG images/);
    const bad = tmpDir('leenet-if-');
    writeImageFolder(bad, ['a'], 2);
    const file = path.join(bad, 'a', 'a_0.JPEG');
    writeFileSync(file, jpegBytes(40, 30, 0).subarray(0, 300));
    const ds = loadImageFolder(bad, size);
    await expect(batchOf(ds.train, Int32Array.from([0]))).rejects.toThrow(`${file} is corrupt or truncated`);
  });
});

describe('Imagenette', () => {
  it('reads imagenette2-320/{train,val}/<wnid> with readable names and ImageNet indices', async () => {
    const dir = tmpDir('leenet-inette-');
    const wnids = IMAGENETTE_CLASSES.map((c) => c.wnid);
    writeImageFolder(path.join(dir, 'imagenette2-320', 'train'), wnids, 1);
    writeImageFolder(path.join(dir, 'imagenette2-320', 'val'), wnids.slice(0, 3), 1);
    const ds = await loadDataset(`imagenette:${dir}`, { imageSize: size, download: false });
    expect(ds.name).toBe('Imagenette');
    expect(ds.classNames[0]).toBe('tench');
    expect(ds.classNames[9]).toBe('parachute');
    expect(ds.imagenetIndex).toEqual([0, 217, 482, 491, 497, 566, 569, 571, 574, 701]);
    expect(ds.test?.count).toBe(3);
  });

  it('refuses folders that are not Imagenette classes', () => {
    const dir = tmpDir('leenet-inette-');
    writeImageFolder(path.join(dir, 'train'), ['n01440764', 'cats'], 1);
    expect(() => loadImagenette(dir, size)).toThrow(/not Imagenette classes: cats/);
  });
});

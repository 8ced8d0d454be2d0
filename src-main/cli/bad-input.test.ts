import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeCifar10 } from '../engine/data/cifar-fixtures';
import { writeMnistLayout } from '../engine/data/idx-fixtures';
import { MNIST_LAYOUT_FILES } from '../engine/data/mnist';
import { jpegBytes } from '../engine/data/image-fixtures';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'leenet.mjs');
const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

/**
 * One row per kind of bad input a user can point the command line at: what they do, and what the one line they get
 * must say. Every row also checks: exit code not 0, exactly one line on stderr starting `leenet:`, no stack trace,
 * and no run folder left behind in the workspace.
 */
/** The rows' runs are made by hand: a folder as a finished run left it, with one file damaged. */
function handEditedRun(workspace: string, id: string, files: Record<string, string>): string {
  mkdirSync(path.join(workspace, id), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(workspace, id, name), text);
  return id;
}
const finishedRunJson = JSON.stringify({ status: 'finished', createdAt: '2026-12-01T00:00:00Z', config: { dataset: 'mnist', backbone: 'mnist-small', alphas: [0] }, points: [], alphasDone: [0] });

const ROWS: { name: string; args: (dir: string, workspace: string) => string[]; says: RegExp; command?: string }[] = [
  { name: 'a dataset folder that does not exist', args: () => ['--dataset', 'fashion-mnist:/no/such/folder'], says: /\/no\/such\/folder does not exist/ },
  { name: 'an image folder that does not exist', args: () => ['--dataset', 'imagefolder:/no/such/images', '--backbone', 'resnet20'], says: /Image folder \/no\/such\/images does not exist/ },
  {
    name: 'IDX files cut short',
    args: (dir) => {
      writeMnistLayout(dir, 30);
      truncateSync(path.join(dir, MNIST_LAYOUT_FILES.trainImages), 1000);
      return ['--dataset', `fashion-mnist:${dir}`];
    },
    says: /train-images-idx3-ubyte is truncated: expected 23520 bytes/,
  },
  {
    name: 'IDX labels that disagree with the images',
    args: (dir) => {
      writeMnistLayout(dir, 30, { trainLabels: 29 });
      return ['--dataset', `fashion-mnist:${dir}`];
    },
    says: /holds 30 images but .* holds 29 labels: the files do not belong together/,
  },
  {
    name: 'a CIFAR batch that is not whole records',
    args: (dir) => {
      const root = writeCifar10(dir, 4, 4);
      appendFileSync(path.join(root, 'data_batch_2.bin'), Buffer.from([1, 2, 3]));
      return ['--dataset', `cifar10:${dir}`, '--backbone', 'resnet20'];
    },
    says: /data_batch_2\.bin is truncated or not a CIFAR binary file/,
  },
  {
    name: 'an image folder with a broken JPEG among odd files',
    args: (dir) => {
      for (const c of ['cat', 'dog']) mkdirSync(path.join(dir, c));
      for (let i = 0; i < 6; i++) writeFileSync(path.join(dir, 'dog', `d${i}.jpg`), jpegBytes(28, 28, 40 * i));
      for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, 'cat', `c${i}.jpg`), jpegBytes(28, 28, 30 * i));
      writeFileSync(path.join(dir, 'cat', 'broken.jpg'), jpegBytes(28, 28, 100).subarray(0, 60));
      writeFileSync(path.join(dir, 'dog', 'notes.txt'), 'not a picture');
      return ['--dataset', `imagefolder:${dir}`, '--backbone', 'mnist-small', '--epochs', 'backbone=1,heads=1,gates=1'];
    },
    says: /broken\.jpg/,
  },
  {
    name: 'a tfjs model folder that does not exist',
    args: () => ['--backbone', 'tfjs:/no/model', '--exits', 'a'],
    says: /tfjs:\/no\/model: cannot read \/no\/model\/model\.json/,
  },
  {
    name: 'weights that are not safetensors',
    args: (dir) => {
      const file = path.join(dir, 'weights.safetensors');
      writeFileSync(file, 'this is not a weights file');
      return ['--backbone', 'resnet20', '--dataset', `cifar10:${path.dirname(writeCifar10(dir, 4, 4))}`, '--weights', file];
    },
    says: /weights\.safetensors is truncated or not a safetensors file/,
  },
  {
    name: 'a tfjs model folder whose model.json is not a model',
    args: (dir) => {
      writeFileSync(path.join(dir, 'model.json'), '{"hello": 1}');
      return ['--backbone', `tfjs:${dir}`, '--exits', 'a'];
    },
    says: /model\.json is not a tfjs LayersModel/,
  },
  {
    name: 'budget on a run whose run.json was edited into nonsense',
    command: 'budget',
    args: (_dir, ws) => [handEditedRun(ws, 'r-broken', { 'run.json': '{"status": "finish' }), '--speedup', '2'],
    says: /Run "r-broken": run\.json unreadable: /,
  },
  {
    name: 'budget on a run whose kept outputs are damaged',
    command: 'budget',
    args: (_dir, ws) => [handEditedRun(ws, 'r-damaged', { 'run.json': finishedRunJson, 'policy.safetensors': 'garbage' }), '--speedup', '2'],
    says: /r-damaged\/policy\.safetensors is not a safetensors file: only 7 bytes/,
  },
  {
    name: 'export on a run from before outputs were kept',
    command: 'export',
    args: (dir, ws) => [handEditedRun(ws, 'r-old', { 'run.json': finishedRunJson }), '--alpha', '0', '--out', path.join(dir, 'model')],
    says: /keeps no exit outputs \(policy\.safetensors\).*Run the sweep again/,
  },
  {
    name: 'resume on a finished run',
    command: 'resume',
    args: (_dir, ws) => [handEditedRun(ws, 'r-done', { 'run.json': finishedRunJson })],
    says: /has finished: there is nothing to resume/,
  },
  {
    name: 'predict with a folder that is not a model',
    command: 'predict',
    args: (dir) => ['--model', dir, '--dataset', 'mnist'],
    says: /is not an exported early-exit model \(cannot read leenet-model\.json: ENOENT\)/,
  },
];

function leenet(command: string, args: string[], workspace: string) {
  const common = command === 'sweep' ? ['--limit', '40', '--alphas', '0'] : [];
  const ws = command === 'predict' ? [] : ['--workspace', workspace];
  return spawnSync(process.execPath, [bin, command, ...args, ...ws, ...common], {
    encoding: 'utf8',
    env: { ...process.env, LEENET_CACHE: tmp('leenet-cache-'), LEENET_BACKEND: 'wasm' },
  });
}

describe('bad input on the command line: one clear line, no stack, nothing left behind', () => {
  it.each(ROWS)('$name', ({ args, says, command }) => {
    const workspace = tmp('leenet-ws-');
    const r = leenet(command ?? 'sweep', args(tmp('leenet-bad-'), workspace), workspace);
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('leenet:'));
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(says);
    // Said once: not again by the estimate before the run ("No estimate: …").
    expect(r.stderr.split('\n').filter((l) => says.test(l)), r.stderr).toHaveLength(1);
    if (process.env.SHOW_LINES) console.log(lines[0]);
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/);
    // A run that never got its data leaves a failed run with the reason, never an empty or half-made folder; the
    // hand-made runs are as they were.
    for (const id of readdirSync(workspace)) expect(readdirSync(path.join(workspace, id))).toContain('run.json');
    expect(readdirSync(workspace).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

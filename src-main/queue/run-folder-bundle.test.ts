import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { newRun } from '../engine/runs/run-fixtures';
import { atomicWriteFile } from '../engine/runs/atomic-write';
import { createRun, getRun } from '../engine/runs/store';
import { packRunFolder, unpackRunFolder } from './run-folder-bundle';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

/** Every file under `dir`, by its path relative to it, with its bytes. */
function tree(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (rel: string) => {
    for (const d of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, d.name);
      if (d.isDirectory()) walk(p);
      else out[p] = readFileSync(path.join(dir, p));
    }
  };
  walk('');
  return out;
}

/** A run folder as the engine leaves one: run.json, binary and text files, a subfolder. */
async function makeRun(workspace: string): Promise<string> {
  const { id } = await createRun(workspace, newRun);
  const dir = path.join(workspace, id);
  writeFileSync(path.join(dir, 'policy.safetensors'), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)));
  writeFileSync(path.join(dir, 'frontier.csv'), 'policy,param\nleenet,0.5\n');
  mkdirSync(path.join(dir, 'exports', 'deep'), { recursive: true });
  writeFileSync(path.join(dir, 'exports', 'deep', 'empty.bin'), Buffer.alloc(0));
  return id;
}

/** A gzip'd tar of `entries` (paths relative to `cwd`) as an attacker might build one. */
async function archive(cwd: string, entries: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of tar.c({ gzip: true, cwd, portable: true, preservePaths: true }, entries) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('run folder bundles', () => {
  it('pack → unpack gives every file back byte for byte; run.json only loses the pid', async () => {
    const source = tmp('leenet-pack-');
    const id = await makeRun(source);
    const before = tree(path.join(source, id));
    const home = tmp('leenet-unpack-');
    const dir = await unpackRunFolder(home, id, await packRunFolder(source, id));
    expect(dir).toBe(path.join(home, id));
    const after = tree(dir);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const file of Object.keys(before)) if (file !== 'run.json') expect(after[file].equals(before[file]), file).toBe(true);
    const { pid, updatedAt: _u, ...kept } = JSON.parse(before['run.json'].toString()) as Record<string, unknown>;
    expect(pid).toBe(process.pid);
    const { updatedAt: _v, ...back } = JSON.parse(after['run.json'].toString()) as Record<string, unknown>;
    expect(back).toEqual(kept);
    expect(readdirSync(home)).toEqual([id]);
  });

  it('replaces an existing folder whole, and applies status and queue patches', async () => {
    const source = tmp('leenet-pack-');
    const id = await makeRun(source);
    const bytes = await packRunFolder(source, id);
    const home = tmp('leenet-unpack-');
    mkdirSync(path.join(home, id));
    writeFileSync(path.join(home, id, 'stale.bin'), 'left from an older copy');
    writeFileSync(path.join(home, id, 'frontier.csv'), 'old');
    await unpackRunFolder(home, id, bytes, { status: 'stopped', queue: { url: 'redis://127.0.0.1:6379', worker: 'box:42' } });
    expect(Object.keys(tree(path.join(home, id))).sort()).toEqual(Object.keys(tree(path.join(source, id))).sort());
    expect(readFileSync(path.join(home, id, 'frontier.csv'), 'utf8')).toBe('policy,param\nleenet,0.5\n');
    const record = await getRun(home, id);
    expect(record).toMatchObject({ status: 'stopped', queue: { url: 'redis://127.0.0.1:6379', worker: 'box:42' } });
    expect(record.pid).toBeUndefined();
  });

  describe('refuses, leaving the workspace as it was', () => {
    /** A workspace with a run in it, and a way to see that nothing in it changed. */
    async function victim() {
      const home = tmp('leenet-victim-');
      const id = await makeRun(home);
      const snapshot = tree(home);
      return {
        home,
        id,
        untouched() {
          const now = tree(home);
          expect(Object.keys(now).sort()).toEqual(Object.keys(snapshot).sort());
          for (const [file, bytes] of Object.entries(snapshot)) expect(now[file].equals(bytes), file).toBe(true);
          expect(readdirSync(home).filter((n) => n.startsWith('+incoming-'))).toEqual([]);
        },
      };
    }

    it('an entry above the run folder (../evil)', async () => {
      const { home, id, untouched } = await victim();
      const src = tmp('leenet-evil-');
      mkdirSync(path.join(src, 'sub', id), { recursive: true });
      writeFileSync(path.join(src, 'evil'), 'escaped');
      writeFileSync(path.join(src, 'sub', id, 'run.json'), readFileSync(path.join(home, id, 'run.json')));
      const bytes = await archive(path.join(src, 'sub'), ['../evil', id]);
      await expect(unpackRunFolder(home, id, bytes)).rejects.toThrow(`outside ${id}/: refused`);
      untouched();
      expect(readdirSync(path.dirname(home))).not.toContain('evil');
    });

    it("another run's folder in the archive (other-run/run.json)", async () => {
      const { home, id, untouched } = await victim();
      const src = tmp('leenet-evil-');
      for (const run of [id, 'other-run']) {
        mkdirSync(path.join(src, run));
        writeFileSync(path.join(src, run, 'run.json'), readFileSync(path.join(home, id, 'run.json')));
      }
      await expect(unpackRunFolder(home, id, await archive(src, [id, 'other-run']))).rejects.toThrow(/holds 2 entries outside .*: refused/);
      untouched();
    });

    it('a symbolic link inside the run folder that points out of it', async () => {
      const { home, id, untouched } = await victim();
      const src = tmp('leenet-evil-');
      mkdirSync(path.join(src, id));
      writeFileSync(path.join(src, id, 'run.json'), readFileSync(path.join(home, id, 'run.json')));
      // Resolved inside the archive's root, so tar lets it through: it would point at the workspace itself.
      symlinkSync('..', path.join(src, id, 'workspace'));
      await expect(unpackRunFolder(home, id, await archive(src, [id]))).rejects.toThrow(`holds ${id}/workspace (SymbolicLink): a run folder has only files and folders; refused.`);
      untouched();
    });

    it('an archive without run.json', async () => {
      const { home, id, untouched } = await victim();
      const src = tmp('leenet-evil-');
      mkdirSync(path.join(src, id));
      writeFileSync(path.join(src, id, 'frontier.csv'), 'x');
      await expect(unpackRunFolder(home, id, await archive(src, [id]))).rejects.toThrow(`The run's archive has no ${id}/run.json: it is not a run folder.`);
      untouched();
    });

    it('bytes that are not an archive', async () => {
      const { home, id, untouched } = await victim();
      await expect(unpackRunFolder(home, id, Buffer.from('not a tar.gz at all'))).rejects.toThrow();
      untouched();
    });

    it('a run id that could name anything else', async () => {
      const { home, id, untouched } = await victim();
      const bytes = await packRunFolder(home, id);
      for (const bad of ['..', '../x', 'a/b', '', '+incoming-x']) {
        await expect(unpackRunFolder(home, bad, bytes)).rejects.toThrow(/Invalid run id/);
        await expect(packRunFolder(home, bad)).rejects.toThrow(/Invalid run id/);
      }
      untouched();
    });
  });
});

describe('packing a run folder the engine is writing', () => {
  it("packs each file whole and leaves out atomic writes' temp files (tar on the live folder failed on both, and crashed the worker on an unheard stream error)", async () => {
    const workspace = tmp('leenet-live-');
    const id = await makeRun(workspace);
    const dir = path.join(workspace, id);
    // The engine checkpointing meanwhile: run.json and frontier.csv rewritten through their temp files, over and over.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) await Promise.all([atomicWriteFile(path.join(dir, 'run.json'), readFileSync(path.join(dir, 'run.json'))), atomicWriteFile(path.join(dir, 'frontier.csv'), `policy,param\nleenet,${i}\n`)]);
    })();
    try {
      for (let i = 0; i < 150; i++) {
        const bytes = await packRunFolder(workspace, id);
        const names: string[] = [];
        await new Promise<void>((resolve, reject) => {
          const list = tar.t({ onReadEntry: (e) => names.push(e.path) });
          list.on('end', resolve).on('error', reject);
          list.end(bytes);
        });
        expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
        // Every file whole, as of one moment.
        const home = tmp('leenet-live-home-');
        await unpackRunFolder(home, id, bytes);
        expect((await getRun(home, id)).id).toBe(id);
        expect(readFileSync(path.join(home, id, 'frontier.csv'), 'utf8')).toMatch(/^policy,param\nleenet,(\d+|0\.5)\n$/);
      }
    } finally {
      writing = false;
      await writer;
    }
  }, 60_000);

  it('keeps empty folders', async () => {
    const workspace = tmp('leenet-pack-');
    const id = await makeRun(workspace);
    mkdirSync(path.join(workspace, id, 'empty'));
    const home = tmp('leenet-unpack-');
    await unpackRunFolder(home, id, await packRunFolder(workspace, id));
    expect(readdirSync(path.join(home, id, 'empty'))).toEqual([]);
  });
});

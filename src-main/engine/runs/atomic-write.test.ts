import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWriteFile } from './atomic-write';
import { tmpWorkspace } from './run-fixtures';

describe('atomicWriteFile', () => {
  it('replaces the file whole and leaves no temp file', async () => {
    const dir = tmpWorkspace();
    const file = path.join(dir, 'run.json');
    writeFileSync(file, 'old');
    await atomicWriteFile(file, '{"new": true}');
    await atomicWriteFile(path.join(dir, 'bytes.bin'), Uint8Array.from([1, 2, 3]));
    expect(readFileSync(file, 'utf8')).toBe('{"new": true}');
    expect(Array.from(readFileSync(path.join(dir, 'bytes.bin')))).toEqual([1, 2, 3]);
    expect(readdirSync(dir).sort()).toEqual(['bytes.bin', 'run.json']);
  });

  it('readers racing many writers only ever see a whole file', async () => {
    const dir = tmpWorkspace();
    const file = path.join(dir, 'run.json');
    const versions = Array.from({ length: 30 }, (_, k) => JSON.stringify({ k, pad: 'x'.repeat(50_000 + k) }));
    await atomicWriteFile(file, versions[0]);
    let reads = 0;
    const writes = Promise.all(versions.map((v) => atomicWriteFile(file, v)));
    let done = false;
    void writes.then(() => (done = true));
    while (!done) {
      expect(versions).toContain(readFileSync(file, 'utf8'));
      reads++;
      await new Promise((r) => setImmediate(r));
    }
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['run.json']);
  });

  it('a failed write leaves the old file and no temp file', async () => {
    const dir = tmpWorkspace();
    const file = path.join(dir, 'target');
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'x');
    // Renaming a file over a non-empty folder fails on every platform.
    await expect(atomicWriteFile(file, 'data')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['target']);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('an unwritable folder is reported, not half-written', async () => {
    const dir = tmpWorkspace();
    chmodSync(dir, 0o500);
    await expect(atomicWriteFile(path.join(dir, 'f'), 'x')).rejects.toThrow(/EACCES/);
    chmodSync(dir, 0o700);
    expect(readdirSync(dir)).toEqual([]);
  });
});

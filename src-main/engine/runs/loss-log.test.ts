import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLosses, writeLosses } from './loss-log';
import { appendLossRecord, type LossRecord } from './loss-record';

const rec = (step: number): LossRecord => ({ phase: 'gates', total: 100, losses: [{ series: 'gate:α=0', step, loss: 1 / step }] });

describe('loss log', () => {
  it('stays bounded by thinning evenly, keeping the newest report', () => {
    const log: LossRecord[] = [];
    for (let s = 1; s <= 9; s++) appendLossRecord(log, rec(s), 8);
    expect(log.map((r) => r.losses[0].step)).toEqual([2, 4, 6, 8, 9]);
  });

  it('round-trips through losses.json; a run without one has none; a damaged one is named', async () => {
    const w = mkdtempSync(path.join(os.tmpdir(), 'leenet-losses-'));
    mkdirSync(path.join(w, 'run-a'));
    mkdirSync(path.join(w, 'run-b'));
    await writeLosses(w, 'run-a', [rec(1), rec(2)]);
    expect(await readLosses(w, 'run-a')).toEqual([rec(1), rec(2)]);
    expect(await readLosses(w, 'run-b')).toEqual([]);
    writeFileSync(path.join(w, 'run-b', 'losses.json'), '[{"phase":"gates","total":1,"losses":[{"series":3}]}]');
    await expect(readLosses(w, 'run-b')).rejects.toThrow(/Loss curves of run "run-b" are damaged .*report 0 has a malformed loss/);
    writeFileSync(path.join(w, 'run-b', 'losses.json'), '[{"pha');
    await expect(readLosses(w, 'run-b')).rejects.toThrow(/damaged/);
  });
});

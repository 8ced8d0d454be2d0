import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps tfjs and blocking file reads out of the hosts' event loops, checked on a probe file. */
describe('host code stays off tfjs and synchronous file reads', () => {
  const probe = "import * as tf from '@tensorflow/tfjs';\nimport { readFileSync } from 'node:fs';\nexport const x = [tf, readFileSync];\n";

  it.each(['src-main/host/probe.ts', 'src-main/electron/probe.ts', 'src-main/server/probe.ts'])('%s: both imports refused', async (filePath) => {
    const [result] = await new ESLint().lintText(probe, { filePath });
    const messages = result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/worker thread/);
    expect(messages[1]).toMatch(/node:fs\/promises/);
  });

  it('the worker may use both', async () => {
    const [result] = await new ESLint().lintText(probe, { filePath: 'src-main/worker/probe.ts' });
    expect(result.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('engine tasks in a fresh process', () => {
  it.each(['catalog', 'examples'])('%s picks its backend first, so tfjs never prints its cpu banner', (kind) => {
    const task = kind === 'catalog' ? { kind } : { kind, config: { dataset: 'mnist', backbone: 'mnist-small' }, indices: [0] };
    const script = `const { runEngineTask } = await import('./src-main/worker/engine-tasks.ts'); const r = await runEngineTask(${JSON.stringify(task)}); console.log('tasks-ok', JSON.stringify(r).length);`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LEENET_BACKEND: '' } });
    expect(out.stderr).not.toMatch(/Error/);
    expect(out.stdout).toMatch(/tasks-ok [1-9]/);
    expect(out.stdout + out.stderr).not.toContain('looks like you are running TensorFlow.js in Node.js');
  });
});

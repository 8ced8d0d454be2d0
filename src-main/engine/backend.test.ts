import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKEND_REQUESTS, initBackend, parseBackendRequest } from './backend';

const require = createRequire(import.meta.url);
function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
// On users' machines the native bindings may exist; here (no libtensorflow download) they never do.
const nativeInstalled = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('parseBackendRequest', () => {
  it('accepts every backend name, ignoring case and spaces', () => {
    for (const name of BACKEND_REQUESTS) expect(parseBackendRequest(` ${name.toUpperCase()} `)).toBe(name);
  });

  it('rejects anything else with a one-line message that lists the valid names', () => {
    expect(() => parseBackendRequest('gpu')).toThrow("Unknown tfjs backend 'gpu': expected one of auto, node-gpu, node, wasm, cpu");
    try {
      parseBackendRequest('webgl');
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('initBackend', () => {
  it.skipIf(nativeInstalled)('auto falls through the absent native packages to wasm and says why', async () => {
    const info = await initBackend('auto');
    expect(info).toMatchObject({ name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', request: 'auto' });
    expect(typeof info.simd).toBe('boolean');
    expect(info.kernels).toContain('Conv2DBackpropFilter');
    expect(info.tried.map((t) => t.package)).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    for (const t of info.tried) {
      expect(t.error).toContain(t.package);
      expect(t.error).not.toContain('\n');
    }
    expect(tf.getBackend()).toBe('wasm');
  });

  it('returns the same info on a second call and does not re-register kernels', async () => {
    const first = await initBackend('wasm');
    const ours = tf.getKernel('Conv2DBackpropFilter', 'wasm')!;
    const sentinel: tf.KernelConfig = { ...ours };
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    tf.registerKernel(sentinel);
    try {
      expect(await initBackend('wasm')).toBe(first);
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(sentinel);
    } finally {
      tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
      tf.registerKernel(ours);
    }
  });

  it("activates cpu on request, and switches back when asked for wasm again", async () => {
    const cpu = await initBackend('cpu');
    expect(cpu).toEqual({ name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', request: 'cpu', kernels: [], tried: [] });
    expect(tf.getBackend()).toBe('cpu');
    await initBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it.skipIf(nativeInstalled)('an explicit native request that cannot be met throws, naming the package and the cause', async () => {
    const err = await initBackend('node').catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe("tfjs backend 'node' unavailable: @tensorflow/tfjs-node is not installed");
    expect((err as Error).message).not.toContain('\n');
    await expect(initBackend('node-gpu')).rejects.toThrow(/@tensorflow\/tfjs-node-gpu/);
  });

  it('rejects an unknown name', async () => {
    await expect(initBackend('tpu')).rejects.toThrow(/expected one of auto, node-gpu, node, wasm, cpu/);
  });

  it('honours LEENET_BACKEND when no request is given', async () => {
    vi.stubEnv('LEENET_BACKEND', 'cpu');
    expect((await initBackend()).name).toBe('cpu');
    vi.stubEnv('LEENET_BACKEND', 'WASM');
    expect((await initBackend()).request).toBe('wasm');
    vi.stubEnv('LEENET_BACKEND', 'cuda');
    await expect(initBackend()).rejects.toThrow(/^LEENET_BACKEND: Unknown tfjs backend 'cuda'/);
    vi.stubEnv('LEENET_BACKEND', '');
    expect((await initBackend()).request).toBe('auto');
  });

  it('initialises wasm with its gradient kernels inside a worker_thread', async () => {
    // The worker loads TypeScript the way bin/leenet.mjs does: tsx's ESM hooks registered in that thread
    // ('tsx/esm/api' resolves from the working directory, the repo root under vitest).
    const boot = `import('tsx/esm/api')
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./backend/worker-fixture.ts', import.meta.url).href)}); })`;
    const worker = new Worker(boot, { eval: true });
    try {
      const reply = await new Promise<{ name: string; kernels: string[]; grad: number[] }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(reply.name).toBe('wasm');
      expect(reply.kernels).toContain('Conv2DBackpropFilter');
      // d/dW Σ conv(ones, W) with 'same' padding on 5×5 = the number of output pixels each tap reaches: 16, 20 or 25.
      expect(reply.grad).toEqual([16, 16, 20, 20, 16, 16, 20, 20, 25, 25, 20, 20, 16, 16, 20, 20, 16, 16]);
    } finally {
      await worker.terminate();
    }
  });
});

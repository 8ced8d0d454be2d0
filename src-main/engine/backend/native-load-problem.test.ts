import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeBackend, probeNativeBackend } from '../backend';
import { CUDA_REQUIREMENT, nativeLoadProblem } from './native-load-problem';

const GPU = '@tensorflow/tfjs-node-gpu';

/** A project folder whose node_modules holds a stand-in tfjs-node-gpu loading `binding` as its native addon. */
function projectWith(binding: Buffer | null): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'leenet-native-'));
  if (binding) {
    const pkg = path.join(root, 'node_modules', GPU);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: GPU, version: '4.22.0', main: 'index.js' }));
    writeFileSync(path.join(pkg, 'index.js'), "process.dlopen({ exports: {} }, require('path').join(__dirname, 'tfjs_binding.node'));\n");
    writeFileSync(path.join(pkg, 'tfjs_binding.node'), binding);
  }
  return path.join(root, 'index.js');
}

describe('why a native backend did not load', () => {
  it('says a package is not installed', async () => {
    const error = await probeNativeBackend('node-gpu', projectWith(null));
    expect(error).toBe(`tfjs backend 'node-gpu' unavailable: ${GPU} is not installed`);
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('names the CUDA library the dynamic loader could not find (a real dlopen failure)', async () => {
    // A real native addon from the toolchain, made to need libcudnn.so.8 in place of libgcc_s.so.1 (same length),
    // as tfjs-node-gpu's binding needs CUDA's libraries: the loader then fails exactly as on a machine without cuDNN.
    const addon = createRequire(import.meta.url).resolve('lightningcss-linux-x64-gnu/lightningcss.linux-x64-gnu.node');
    const bytes = readFileSync(addon);
    const at = bytes.indexOf('libgcc_s.so.1');
    expect(at).toBeGreaterThan(0);
    bytes.write('libcudnn.so.8', at, 'latin1');
    const error = await probeNativeBackend('node-gpu', projectWith(bytes));
    expect(error).toBe(`tfjs backend 'node-gpu' unavailable: ${GPU} is installed, but the CUDA libraries it needs are missing or the wrong version: libcudnn.so.8 (it needs ${CUDA_REQUIREMENT})`);
  });

  it('tells a missing libtensorflow (a failed download) and other loader failures apart', () => {
    expect(nativeLoadProblem(GPU, 'libtensorflow.so.2: cannot open shared object file: No such file or directory')).toMatch(/without its libtensorflow .*`npm rebuild @tensorflow\/tfjs-node-gpu`/);
    expect(nativeLoadProblem(GPU, 'libcublasLt.so.11: cannot open shared object file: No such file or directory\nlibcudart.so.11.0: cannot open shared object file')).toMatch(/missing or the wrong version: libcublasLt\.so\.11, libcudart\.so\.11\.0/);
    expect(nativeLoadProblem('@tensorflow/tfjs-node', 'libstdc++.so.6: cannot open shared object file: No such file or directory')).toBe('@tensorflow/tfjs-node is installed, but the loader cannot find libstdc++.so.6');
    expect(nativeLoadProblem('@tensorflow/tfjs-node', 'Error: something else\n    at stack')).toBe('@tensorflow/tfjs-node did not load: Error: something else');
  });

  it('says in one line which backend runs and why the faster ones do not', () => {
    const line = describeBackend({ name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', request: 'auto', simd: true, kernels: [], tried: [{ package: GPU, error: `${GPU} is not installed` }, { package: '@tensorflow/tfjs-node', error: '@tensorflow/tfjs-node is not installed' }] });
    expect(line).toBe(`tfjs backend: WebAssembly with SIMD — ${GPU} is not installed; @tensorflow/tfjs-node is not installed.`);
    expect(describeBackend({ name: 'tensorflow', package: GPU, request: 'auto', kernels: [], tried: [] })).toBe(`tfjs backend: native TensorFlow (${GPU}).`);
  });
});

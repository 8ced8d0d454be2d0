/**
 * Times the project's wasm gradient kernels against the stock wasm kernel they replace (if any) and the cpu
 * backend. Not a test: run by hand with `npx tsx src-main/engine/backend/bench-wasm-grads.ts [--no-cpu]`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../backend';
import { randomValues } from './testing';

type Shape4 = [number, number, number, number];
/** Builds its inputs on the active backend and returns the call to time. */
type Prepare = () => { run: () => tf.Tensor; inputs: tf.Tensor[] };

// Taken before initBackend registers the project's kernels over them.
const stock = new Map(['Conv2DBackpropInput', 'MaxPoolGrad'].map((k) => [k, tf.getKernel(k, 'wasm')]));

async function timeOn(backend: string, prepare: Prepare, reps: number, kernel?: tf.KernelConfig): Promise<string> {
  await tf.setBackend(backend);
  const ours = kernel && tf.getKernel(kernel.kernelName, 'wasm');
  if (kernel) {
    tf.registerKernel(kernel);
    // Kernels unregistered before the backend initialised never had their setup (wasm function lookup) run.
    kernel.setupFunc?.(tf.backend());
  }
  const { run, inputs } = prepare();
  try {
    run().dispose();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run().dispose();
    return ((performance.now() - t0) / reps).toFixed(1).padStart(8);
  } finally {
    tf.dispose(inputs);
    if (kernel && ours) tf.registerKernel(ours);
  }
}

function convCase(xShape: Shape4, fShape: Shape4, strides: number) {
  const dyShape = tf.backend_util.computeConv2DInfo(xShape, fShape, strides, 1, 'same').outShape;
  const attrs = { strides, pad: 'same', dataFormat: 'NHWC' };
  return {
    label: `x=${JSON.stringify(xShape)} f=${JSON.stringify(fShape)} s=${strides} same`,
    filter: (): ReturnType<Prepare> => {
      const x = tf.tensor4d(randomValues(xShape, 1), xShape);
      const dy = tf.tensor4d(randomValues(dyShape, 2), dyShape);
      const run = () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy },
        { ...attrs, filterShape: fShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return { run, inputs: [x, dy] };
    },
    input: (): ReturnType<Prepare> => {
      const dy = tf.tensor4d(randomValues(dyShape, 2), dyShape);
      const filter = tf.tensor4d(randomValues(fShape, 3), fShape);
      const run = () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter },
        { ...attrs, inputShape: xShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return { run, inputs: [dy, filter] };
    },
  };
}

function maxPoolGradCase(xShape: Shape4): Prepare {
  return () => {
    const x = tf.tensor4d(randomValues(xShape, 4), xShape);
    const y = tf.maxPool(x, 2, 2, 'valid');
    const dy = tf.onesLike(y);
    const run = () => tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y },
      { filterSize: 2, strides: 2, pad: 'valid' } as unknown as tf.NamedAttrMap) as tf.Tensor;
    return { run, inputs: [x, y, dy] };
  };
}

const noCpu = process.argv.includes('--no-cpu');
tf.env().set('IS_TEST', true); // quiets the cpu backend's "use tfjs-node" banner
const info = await initBackend('wasm');
console.log(`wasm simd=${info.simd}; ms per call:            ours | stock wasm |      cpu`);
for (const c of [convCase([64, 28, 28, 16], [3, 3, 16, 16], 1), convCase([64, 14, 14, 32], [3, 3, 32, 32], 1),
  convCase([64, 28, 28, 16], [3, 3, 16, 32], 2)]) {
  const cpu = noCpu ? '       -' : await timeOn('cpu', c.filter, 1);
  console.log(`${c.label.padEnd(44)} Conv2DBackpropFilter ${await timeOn('wasm', c.filter, 10)} |          - | ${cpu}`);
  console.log(`${c.label.padEnd(44)} Conv2DBackpropInput  ${await timeOn('wasm', c.input, 10)} | ${(await timeOn('wasm', c.input, 3, stock.get('Conv2DBackpropInput'))).padStart(10)} |`);
}
const px: Shape4 = [64, 28, 28, 16];
console.log(`${`x=${JSON.stringify(px)} 2x2 s2 valid`.padEnd(44)} MaxPoolGrad          ${await timeOn('wasm', maxPoolGradCase(px), 10)} | ${(await timeOn('wasm', maxPoolGradCase(px), 10, stock.get('MaxPoolGrad'))).padStart(10)} |`);

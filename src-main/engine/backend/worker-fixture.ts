/** Run inside a worker_thread by backend.test.ts: wasm must initialise there too (wasm path resolution). */
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../backend';

const info = await initBackend('wasm');
const grad = tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 5, 5, 2]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')));
const g = grad(tf.ones([3, 3, 2, 1]));
parentPort?.postMessage({ name: info.name, kernels: info.kernels, grad: Array.from(g.dataSync()) });

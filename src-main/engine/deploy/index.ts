/**
 * The deployable early-exit model for users' own code: load a folder written by `leenet export` and predict.
 *
 *   const model = await loadEarlyExitModel('models/mnist-2x');
 *   const [p] = await model.predict([{ data: pixels, height: 28, width: 28, channels: 1 }]);
 *   // p = { classIndex, className, confidence, exit, exitName }
 *   model.dispose();
 */
export { loadEarlyExitModel, ModelFolderError, type EarlyExitPrediction, type LoadedEarlyExitModel, type RawImage } from './load-early-exit-model';
export type { EarlyExitManifest } from './manifest';

/** What tfjs-node-gpu 4.x (TensorFlow 2.9) needs from the machine; the README's GPU section says the same. */
export const CUDA_REQUIREMENT = 'CUDA 11.2 and cuDNN 8.1 (NVIDIA driver ≥ 450)';

const CUDA_LIBRARY = /^lib(cuda|cudart|cudnn|cublas|cublasLt|cufft|curand|cusolver|cusparse|nvinfer|nvrtc)/;

/**
 * Why a native tfjs package did not load, in words a user can act on: not installed; installed without its
 * libtensorflow (its download failed); or the shared libraries the loader could not find, named — for CUDA ones
 * with the versions tfjs-node-gpu needs.
 */
export function nativeLoadProblem(pkg: string, message: string): string {
  if (/Cannot find (module|package)/.test(message) && message.includes(pkg)) return `${pkg} is not installed`;
  const missing = [...new Set([...message.matchAll(/([\w.+-]+\.(?:so(?:\.[\d.]+)?|dylib|dll))\s*:\s*cannot open shared object file/g)].map((m) => m[1]))];
  const cuda = missing.filter((lib) => CUDA_LIBRARY.test(lib));
  if (cuda.length) return `${pkg} is installed, but the CUDA libraries it needs are missing or the wrong version: ${cuda.join(', ')} (it needs ${CUDA_REQUIREMENT})`;
  if (missing.some((lib) => lib.startsWith('libtensorflow')) || /tensorflow\.dll/i.test(message)) {
    return `${pkg} is installed without its libtensorflow (the download during npm install failed): run \`npm rebuild ${pkg}\` where it can reach storage.googleapis.com`;
  }
  if (missing.length) return `${pkg} is installed, but the loader cannot find ${missing.join(', ')}`;
  const first = message.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
  return `${pkg} did not load: ${first.slice(0, 300)}`;
}

import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nativeLoadProblem } from './backend/native-load-problem';
import { registerWasmGradKernels } from './backend/register-wasm-kernels';
import { errorMessage } from './util/error-message';

export const BACKEND_REQUESTS = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendRequest = (typeof BACKEND_REQUESTS)[number];
type ConcreteRequest = Exclude<BackendRequest, 'auto'>;

export interface BackendInfo {
  /** tfjs backend name: 'tensorflow' | 'wasm' | 'cpu'. */
  name: string;
  /** npm package that provides it, e.g. '@tensorflow/tfjs-node-gpu'. */
  package: string;
  request: BackendRequest;
  /** wasm only: whether the SIMD build was loaded. */
  simd?: boolean;
  /** Kernels of the project's own registered for this backend (wasm only). */
  kernels: string[];
  /** Backends tried before this one ('auto'), with why each failed (`error`: the words a user can act on). */
  tried: { package: string; error: string }[];
}

const BACKEND_NAMES: Record<string, string> = { tensorflow: 'native TensorFlow', wasm: 'WebAssembly', cpu: 'plain JavaScript (slow)' };

/** Which backend runs and why the faster ones do not: "WebAssembly with SIMD — @tensorflow/tfjs-node is not installed". */
export function backendReason(info: BackendInfo): string {
  const name = `${BACKEND_NAMES[info.name] ?? info.name}${info.simd ? ' with SIMD' : info.name === 'wasm' ? ' without SIMD' : ''}`;
  const via = info.name === 'tensorflow' ? ` (${info.package})` : '';
  return `${name}${via}${info.tried.length ? ` — ${info.tried.map((t) => t.error).join('; ')}` : ''}`;
}

/** One line for the log, in place of TensorFlow.js's own banners. */
export function describeBackend(info: BackendInfo): string {
  return `tfjs backend: ${backendReason(info)}.`;
}

interface Candidate {
  request: ConcreteRequest;
  package: string;
  /** Loads the package (resolved from `resolveFrom`, default this module) and activates its backend; throws with the cause on failure. */
  activate: (resolveFrom?: string) => Promise<Pick<BackendInfo, 'name' | 'simd' | 'kernels'>>;
}

const CANDIDATES: readonly Candidate[] = [
  { request: 'node-gpu', package: '@tensorflow/tfjs-node-gpu', activate: (from) => activateNative('@tensorflow/tfjs-node-gpu', from) },
  { request: 'node', package: '@tensorflow/tfjs-node', activate: (from) => activateNative('@tensorflow/tfjs-node', from) },
  { request: 'wasm', package: '@tensorflow/tfjs-backend-wasm', activate: activateWasm },
  { request: 'cpu', package: '@tensorflow/tfjs-backend-cpu', activate: activateCpu },
];

export function parseBackendRequest(s: string): BackendRequest {
  const v = s.trim().toLowerCase();
  if ((BACKEND_REQUESTS as readonly string[]).includes(v)) return v as BackendRequest;
  throw new Error(`Unknown tfjs backend '${s}': expected one of ${BACKEND_REQUESTS.join(', ')}`);
}

/**
 * Loads a native tfjs package as `initBackend` would, resolving it from `resolveFrom` (a file URL or path), and says
 * why it failed in the words `describeBackend` uses; null when it loaded. For diagnosis and tests: the backend it
 * activates is not remembered.
 */
export async function probeNativeBackend(request: 'node-gpu' | 'node', resolveFrom: string): Promise<string | null> {
  try {
    await resolveRequest(request, resolveFrom);
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

/** One resolution per request and process: native packages are imported and kernels registered only once. */
const resolved = new Map<BackendRequest, Promise<BackendInfo>>();

/**
 * Activates the best available tfjs backend and says which one it is. `request` defaults to env LEENET_BACKEND,
 * else 'auto' (tfjs-node-gpu → tfjs-node → wasm → cpu). An explicit request that cannot be met throws.
 * Calling again with the same request returns the same info, re-activating its backend if another was set since.
 */
export async function initBackend(request?: BackendRequest | string): Promise<BackendInfo> {
  const fromEnv = request === undefined && !!process.env.LEENET_BACKEND;
  let req: BackendRequest;
  try {
    req = parseBackendRequest(request ?? (process.env.LEENET_BACKEND || 'auto'));
  } catch (err) {
    throw fromEnv ? new Error(`LEENET_BACKEND: ${errorMessage(err)}`) : err;
  }
  let pending = resolved.get(req);
  if (!pending) {
    pending = resolveRequest(req);
    resolved.set(req, pending);
    // A failed resolution is not remembered: the caller may fix the cause (e.g. install a package) and retry.
    pending.catch(() => resolved.delete(req));
  }
  const info = await pending;
  if (tf.getBackend() !== info.name) await setBackendOrThrow(info.name);
  return info;
}

async function resolveRequest(req: BackendRequest, resolveFrom?: string): Promise<BackendInfo> {
  const tried: BackendInfo['tried'] = [];
  for (const candidate of CANDIDATES) {
    if (req !== 'auto' && candidate.request !== req) continue;
    try {
      const active = await candidate.activate(resolveFrom);
      return { ...active, package: candidate.package, request: req, tried };
    } catch (err) {
      const error = candidate.request.startsWith('node') ? nativeLoadProblem(candidate.package, errorMessage(err)) : `${candidate.package}: ${oneLine(err)}`;
      if (req !== 'auto') throw new Error(`tfjs backend '${req}' unavailable: ${error}`, { cause: err });
      tried.push({ package: candidate.package, error });
    }
  }
  // cpu ships inside @tensorflow/tfjs, so this only happens if even that is broken.
  throw new Error(`No tfjs backend could be activated: ${tried.map((t) => `${t.package}: ${t.error}`).join('; ')}`);
}

async function activateNative(pkg: string, resolveFrom = import.meta.url): Promise<Pick<BackendInfo, 'name' | 'kernels'>> {
  // TensorFlow's C++ INFO lines (CPU features, oneDNN) are noise here; its warnings (a CUDA library it could not
  // load) are kept.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';
  // Resolved at run time, so TypeScript and bundlers never look for optional packages that may be absent.
  await import(pathToFileURL(createRequire(resolveFrom).resolve(pkg)).href);
  await setBackendOrThrow('tensorflow');
  return { name: 'tensorflow', kernels: [] };
}

async function activateWasm(): Promise<Pick<BackendInfo, 'name' | 'simd' | 'kernels'>> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Without explicit paths the .wasm files are looked up next to the running bundle, not the package. Paths can
  // only be set before the backend initialises (setWasmPaths throws after), e.g. if other code activated it first.
  if (!tf.findBackend('wasm')) wasm.setWasmPaths(wasmDistDir() + path.sep);
  const kernels = registerWasmGradKernels();
  await setBackendOrThrow('wasm');
  return { name: 'wasm', simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') === true, kernels };
}

async function activateCpu(): Promise<Pick<BackendInfo, 'name' | 'kernels'>> {
  await setBackendOrThrow('cpu');
  silenceCpuNodeBanner();
  return { name: 'cpu', kernels: [] };
}

function wasmDistDir(): string {
  // createRequire resolves the same way under tsx, vitest and worker_threads; main is dist/tf-backend-wasm.node.js.
  return path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
}

async function setBackendOrThrow(name: string): Promise<void> {
  // tfjs logs an init failure as a warning and resolves false; turn that into an error the caller can record.
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') failed to initialise the backend`);
}

/**
 * The cpu backend prints a "Hi, looks like you are running TensorFlow.js in Node.js" banner on its first write when
 * IS_NODE is set. initBackend reports the choice (and why faster backends failed) itself, so make that first write
 * here with IS_NODE briefly off.
 */
function silenceCpuNodeBanner(): void {
  const env = tf.env();
  const isNode = env.getBool('IS_NODE');
  env.set('IS_NODE', false);
  try {
    tf.scalar(0).dispose();
  } finally {
    env.set('IS_NODE', isNode);
  }
}

function oneLine(err: unknown): string {
  const message = errorMessage(err);
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 500);
}

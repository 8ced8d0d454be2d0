/**
 * Where the worker's code lives: next to the bundled main (`out/main/worker.js`, an electron-vite entry) when this
 * module itself was bundled, otherwise the TypeScript source behind a tsx bootstrap.
 */
export function workerEntryUrl(moduleUrl: string = import.meta.url): URL {
  const fromSource = /\.(ts|mts)$/.test(new URL(moduleUrl).pathname);
  return fromSource ? new URL('./tsx-entry.mjs', moduleUrl) : new URL('./worker.js', moduleUrl);
}

import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { APP_CSP, DEV_CSP } from './src-main/host/csp';

const here = import.meta.dirname;

/** The dev server injects styles inline and needs its HMR socket: loosen the page's CSP there, and only there. */
function devCsp(): Plugin {
  return {
    name: 'leenet:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(APP_CSP, DEV_CSP),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(here, 'out/main'),
      rollupOptions: {
        // The training worker is its own entry: `out/main/worker.js`, beside the app's `index.js` that spawns it.
        input: {
          index: resolve(here, 'src-main/electron/main.ts'),
          worker: resolve(here, 'src-main/worker/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(here, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(here, 'src-main/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(here, 'src-renderer'),
    // The renderer reaches the engine only through the contract: `@api/…` is `src-shared/api/…`.
    resolve: { alias: { '@api': resolve(here, 'src-shared/api') } },
    plugins: [vue(), devCsp()],
    build: {
      outDir: resolve(here, 'out/renderer'),
      rollupOptions: { input: resolve(here, 'src-renderer/index.html') },
    },
  },
});

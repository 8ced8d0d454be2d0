import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

// The hosts' event loops (Electron's main process, the browser-mode server) serve the window: tfjs and blocking
// file reads belong in the worker threads (src-main/worker), never here.
const SYNC_FS = ['readFileSync', 'writeFileSync', 'readdirSync', 'statSync', 'lstatSync', 'existsSync', 'accessSync', 'openSync', 'readSync', 'mkdirSync', 'rmSync', 'copyFileSync', 'renameSync', 'appendFileSync'];
const hostImports = {
  patterns: [{ group: ['@tensorflow/*'], message: 'tfjs runs in a worker thread: send the host an engine task (src-main/worker/engine-tasks.ts).' }],
  paths: ['fs', 'node:fs'].map((name) => ({ name, importNames: SYNC_FS, message: 'Use node:fs/promises: a synchronous read blocks the window.' })),
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'coverage/', 'test-results/', 'playwright-report/', 'resources/weights/'] },
  ...tseslint.configs.strict,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-main/host/**/*.ts', 'src-main/electron/**/*.ts', 'src-main/server/**/*.ts'],
    ignores: ['**/*.test.ts', '**/fixtures/**'],
    rules: { 'no-restricted-imports': ['error', hostImports] },
  },
  {
    // The window knows the engine only through the contract.
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/src-main/**'], message: 'Import the contract as @api/… (src-shared/api); the engine is not the renderer\'s to import.' }] }] },
  },
);

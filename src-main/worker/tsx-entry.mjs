// Running from source (tsx, vitest, `leenet serve`): a worker does not inherit the parent's tsx loader, so register
// it here before loading the TypeScript entry. Built apps start `out/main/worker.js` directly instead.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./index.ts', import.meta.url).href);

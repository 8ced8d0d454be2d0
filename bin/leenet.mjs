#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx leenet` works straight after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/index.ts');

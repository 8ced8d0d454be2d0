import { randomBytes } from 'node:crypto';

/**
 * Ids name folders, so they may hold no separator, no `..`, and nothing a file system rewrites (Windows drops a
 * trailing dot): letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit or `_`/`-`.
 */
const ID_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9_-])?$/;

const MAX_BACKBONE_PART = 40;

/** Sortable and readable: `2026-11-23T21-46-50-mnist-small-a1b2` (UTC time, backbone, 4 random hex digits). */
export function newRunId(backbone: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  const model = backbone.replace(/[^A-Za-z0-9-]/g, '').replace(/^-+|-+$/g, '').slice(0, MAX_BACKBONE_PART) || 'run';
  return `${stamp}-${model}-${randomBytes(2).toString('hex')}`;
}

export function isRunId(id: string): boolean {
  return ID_PATTERN.test(id) && !id.includes('..');
}

/** Every path the store builds goes through this, so no id can reach outside the workspace. */
export function assertRunId(id: string): void {
  if (typeof id !== 'string' || !isRunId(id)) throw new Error(`Invalid run id "${String(id)}".`);
}

import { randomBytes } from 'node:crypto';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Sortable and readable: `2026-11-23T21-46-50-mnist-small-a1b2`. */
export function newRunId(backbone: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  return `${stamp}-${backbone.replace(/[^A-Za-z0-9-]/g, '')}-${randomBytes(2).toString('hex')}`;
}

/** Ids name folders: anything that could leave the workspace (separators, `..`) is refused. */
export function assertRunId(id: string): void {
  if (!ID_PATTERN.test(id) || id.includes('..')) throw new Error(`Invalid run id "${id}".`);
}

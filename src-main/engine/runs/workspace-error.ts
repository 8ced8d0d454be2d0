/** Why a workspace folder cannot hold runs, in words, from the error a file operation gave (null: not such an error). */
const REASONS: Record<string, string> = {
  EEXIST: 'is a file, not a folder',
  ENOTDIR: 'is inside a file, not a folder',
  EACCES: 'is not writable by you',
  EPERM: 'is not writable by you',
  EROFS: 'is on a read-only disk',
  ENOSPC: 'is on a full disk',
  EDQUOT: 'is over your disk quota',
};

/**
 * A workspace that cannot be written: one sentence saying which folder, what is wrong, and what to do. Other errors
 * come back unchanged.
 */
export function workspaceError(e: unknown, workspace: string): Error {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code];
  if (!reason) return e instanceof Error ? e : new Error(String(e));
  return new Error(`The workspace ${workspace} ${reason} (${code}): choose another folder with --workspace DIR or LEENET_WORKSPACE${code === 'ENOSPC' || code === 'EDQUOT' ? ', or free some space' : ''}. Saved runs are untouched.`);
}

import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSelector } from '../engine/deploy/run-export';
import type { RunRecord } from '../engine/runs/types';

/** Browser mode's exported models go under the workspace (the page cannot show a folder dialog on the host). */
export { EXPORTS_FOLDER as EXPORTS_DIR } from '../engine/runs/store';

/** A folder name that says what was exported: the run and the operating point. */
export function exportName(run: Pick<RunRecord, 'id'>, selector: ExportSelector): string {
  const point =
    selector.kind === 'alpha'
      ? `alpha-${selector.alpha}${selector.threshold !== undefined ? `-t${selector.threshold}` : ''}`
      : `${selector.policy && selector.policy !== 'best' ? `${selector.policy}-` : ''}${selector.target.kind}-${selector.target.value}`;
  return `${run.id}-${point}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** `dir/name`, or `dir/name-2`, `-3`, … : the first that does not exist yet, so no earlier export is replaced. */
export async function freeFolder(dir: string, name: string): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = path.join(dir, i === 1 ? name : `${name}-${i}`);
    const taken = await access(candidate).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
}

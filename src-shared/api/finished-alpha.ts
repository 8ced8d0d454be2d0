import type { FrontierPoint } from '../../src-main/engine/sweep-types';

/** The α of a learned-gate test operating point — one finished α as runs count them — or null for every other point (threshold-sweep points included). */
export function finishedAlpha(p: FrontierPoint): number | null {
  return p.policy === 'leenet' && p.split === 'test' && !p.curve ? p.param : null;
}

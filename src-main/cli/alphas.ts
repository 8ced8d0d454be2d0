import { alphaRange } from '../engine/alpha-range';

/**
 * Parses α as a list (`0,0.3,0.6`) or a range `start:stop:step` with stop included (`0:1:0.1` → 11 values).
 * Throws a one-line message on anything else.
 */
export function parseAlphas(text: string): number[] {
  const s = text.trim();
  const num = (part: string): number => {
    const v = Number(part);
    if (part.trim() === '' || !Number.isFinite(v)) throw new Error(`--alphas: "${part}" is not a number.`);
    return v;
  };
  let values: number[];
  if (s.includes(':')) {
    const parts = s.split(':');
    if (parts.length !== 3) throw new Error('--alphas: a range is start:stop:step, e.g. 0:1:0.1.');
    const [start, stop, step] = parts.map(num);
    const range = alphaRange(start, stop, step);
    if ('error' in range) throw new Error(`--alphas: ${range.error}`);
    values = range;
  } else {
    values = s.split(',').map(num);
  }
  for (const v of values) if (v < 0 || v > 1) throw new Error(`--alphas: α must lie in [0, 1], got ${v}.`);
  return values;
}

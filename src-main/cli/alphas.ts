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
    if (step <= 0) throw new Error('--alphas: the step of a range must be > 0.');
    if (stop < start) throw new Error('--alphas: a range needs start ≤ stop.');
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > 101) throw new Error('--alphas: at most 101 values.');
    values = Array.from({ length: count }, (_, i) => Math.round((start + i * step) * 1e9) / 1e9);
  } else {
    values = s.split(',').map(num);
  }
  for (const v of values) if (v < 0 || v > 1) throw new Error(`--alphas: α must lie in [0, 1], got ${v}.`);
  return values;
}

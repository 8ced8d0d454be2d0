/** The most α values one sweep takes (the schema, the CLI and the form all hold to it). */
export const MAX_ALPHAS = 101;

/** α values are kept to 6 decimals: 0.1 steps give 0.3, not 0.30000000000000004. */
export const roundAlpha = (x: number): number => Math.round(x * 1e6) / 1e6;

/** start, start + step, … up to stop (included), or the message saying why that is not a range. */
export function alphaRange(start: number, stop: number, step: number): number[] | { error: string } {
  if (!(step > 0)) return { error: 'Step must be greater than 0.' };
  if (stop < start) return { error: 'Stop must not be below start.' };
  const count = Math.floor((stop - start) / step + 1e-9) + 1;
  if (count > MAX_ALPHAS) return { error: `That range has ${count} values; at most ${MAX_ALPHAS}.` };
  return Array.from({ length: count }, (_, i) => roundAlpha(start + i * step));
}

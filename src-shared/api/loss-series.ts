/** `gate:α=0.3`, `gate-ce:α=0.3` → 0.3; NaN for a curve that is not one α's (`gate:P(correct)`). */
export function alphaOfSeries(series: string): number {
  const at = series.indexOf('α=');
  return at < 0 ? Number.NaN : Number(series.slice(at + 2));
}

/** What the synced crosshair needs of a chart's dataset: its x values in order, and whether it takes part. */
export interface CrosshairDataset {
  xs: ArrayLike<number>;
  /** Drawn and named in tooltips (a raw curve behind its smoothed line does not take part). */
  tracked: boolean;
}

/** Index of the x nearest to `x` in ascending `xs` (binary search); -1 when empty. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  if (!xs.length) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
}

/**
 * The point each tracked curve has at `x` (the nearest one), as TensorBoard's tooltip lists every run at a step.
 * A curve that does not reach `x` (more than `slack` beyond its ends: with wall time, an α trained earlier or later)
 * is left out.
 */
export function crosshairItems(datasets: readonly CrosshairDataset[], x: number, slack: number): { datasetIndex: number; index: number }[] {
  const items: { datasetIndex: number; index: number }[] = [];
  datasets.forEach((d, datasetIndex) => {
    if (!d.tracked || !d.xs.length) return;
    if (x < d.xs[0] - slack || x > d.xs[d.xs.length - 1] + slack) return;
    items.push({ datasetIndex, index: nearestIndex(d.xs, x) });
  });
  return items;
}

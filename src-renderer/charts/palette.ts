import type { FrontierPoint } from '@api/models';

/**
 * The colours of every chart, in one place. Each one reads on the light and the dark chart surface alike (contrast
 * at least 3:1 against both: see palette.test.ts), so the themes share them and only axes, grid and surface change.
 */

/** Distinct colours for series that are not policies (the loss charts' heads): Tableau 10, slightly deepened. */
export const PALETTE = ['#2563eb', '#d97706', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#9333ea', '#ea580c'];

export function colourAt(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Each policy's colour on the frontier, its α points and threshold sweeps included. */
export const POLICY_COLOURS: Readonly<Record<FrontierPoint['policy'], string>> = {
  leenet: '#2563eb',
  'max-softmax': '#d97706',
  entropy: '#7c3aed',
  patience: '#db2777',
  fixed: '#64748b',
  oracle: '#16a34a',
};

/**
 * Other runs' learned gates drawn over the open run (dashed): cyan, red, lime and magenta, hues no policy uses, so an
 * overlay never reads as one of the open run's policies.
 */
export const OVERLAY_COLOURS: readonly string[] = ['#0891b2', '#dc2626', '#65a30d', '#c026d3'];

export function overlayColour(i: number): string {
  return OVERLAY_COLOURS[i % OVERLAY_COLOURS.length];
}

// Viridis at five stops: ordered, colour-blind safe, readable on light and dark.
const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The i-th of n ordered curves (one per α), from dark violet (smallest α) to yellow (largest), as `#rrggbb`. */
export function sequentialColour(i: number, n: number): string {
  const t = n <= 1 ? 0 : Math.min(Math.max(i / (n - 1), 0), 1) * 0.9;
  const pos = t * (VIRIDIS.length - 1);
  const k = Math.min(Math.floor(pos), VIRIDIS.length - 2);
  const f = pos - k;
  const rgb = VIRIDIS[k].map((c, j) => Math.round(c + f * (VIRIDIS[k + 1][j] - c)));
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** `#rrggbb` at the given opacity, for raw curves drawn faded behind their smoothed line. */
export function faded(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export interface ChartColours {
  text: string;
  grid: string;
  surface: string;
}

/** An axis with its title, ticks and grid in the theme's colours. */
export function themedAxis(title: string, c: ChartColours) {
  return { title: { display: true, text: title, color: c.text }, ticks: { color: c.text }, grid: { color: c.grid } };
}

/** Axis and grid colours per theme; charts recompute their options when the theme changes. */
export function axisColours(dark: boolean): ChartColours {
  // `surface` matches --surface in styles.css: the chart background painted into exports.
  return dark ? { text: '#c2c9d4', grid: 'rgba(230, 233, 238, 0.12)', surface: '#171c23' } : { text: '#475467', grid: 'rgba(16, 24, 40, 0.08)', surface: '#ffffff' };
}

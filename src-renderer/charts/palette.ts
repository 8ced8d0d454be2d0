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

/** One step of the exit × class heatmap: accuracies from `from` up take `fill`, and the count on it is drawn in `ink`. */
export interface AccuracyStep {
  from: number;
  fill: string;
  ink: string;
}

const DARK_INK = '#101828';
const LIGHT_INK = '#ffffff';

/**
 * The heatmap's accuracy ramp, best first: a calm blue just off the surface where an exit does well, warming through
 * amber to red where it fails, so the cells worth a look carry the most ink in either theme. Blue → amber → red reads
 * without red-green vision, and each step is darker (light theme) or brighter (dark theme) than the one before, so it
 * stays ordered in greyscale too (palette.test.ts). Steps, not a gradient: most cells sit above 90 %, where a linear
 * 0–100 % gradient shows no difference.
 */
export const ACCURACY_RAMP: Readonly<Record<'light' | 'dark', readonly AccuracyStep[]>> = {
  light: [
    { from: 0.99, fill: '#e6eef8', ink: DARK_INK },
    { from: 0.95, fill: '#f6ecd0', ink: DARK_INK },
    { from: 0.9, fill: '#f9d49a', ink: DARK_INK },
    { from: 0.8, fill: '#f3a562', ink: DARK_INK },
    { from: 0.5, fill: '#dc6a3c', ink: DARK_INK },
    { from: 0, fill: '#b42318', ink: LIGHT_INK },
  ],
  dark: [
    { from: 0.99, fill: '#1f2b3a', ink: LIGHT_INK },
    { from: 0.95, fill: '#37321f', ink: LIGHT_INK },
    { from: 0.9, fill: '#5c4418', ink: LIGHT_INK },
    { from: 0.8, fill: '#8c5518', ink: LIGHT_INK },
    { from: 0.5, fill: '#b5512a', ink: LIGHT_INK },
    { from: 0, fill: '#f0685a', ink: DARK_INK },
  ],
};

/** The ramp step an accuracy (0…1) falls in. */
export function accuracyStep(accuracy: number, dark: boolean): AccuracyStep {
  const ramp = ACCURACY_RAMP[dark ? 'dark' : 'light'];
  return ramp.find((s) => accuracy >= s.from) ?? ramp[ramp.length - 1];
}

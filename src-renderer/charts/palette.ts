/** Distinct colours that stay readable on light and dark backgrounds (Tableau 10, slightly deepened). */
export const PALETTE = ['#2563eb', '#d97706', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#9333ea', '#ea580c'];

export function colourAt(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Colours for overlaid runs: the half of the palette the frontier's own policies do not use. */
export function overlayColour(i: number): string {
  return PALETTE[5 + (i % 5)];
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

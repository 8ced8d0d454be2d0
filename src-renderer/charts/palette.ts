import type { FrontierPoint } from '@api/models';

/**
 * The colours of every chart, in one place. Each one reads on the light and the dark chart surface alike (contrast
 * at least 3:1 against both: see palette.test.ts), so the themes share them and only axes, grid and surface change.
 */

/** Distinct colours for series that are not policies or α (the loss charts' heads): Tableau 10, slightly deepened. */
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

/**
 * The i-th of n ordered curves (one per α), cool to warm: blue (smallest α) through teal, green, olive, orange and red
 * to purple (largest). An ordered scale must also read on both chart surfaces, which pins every colour's luminance to a
 * narrow band (3:1 against white and against the dark surface); within it the hue carries the order, and lightness
 * steps up and down by a little from one α to the next so that neighbours differ at a glance (palette.test.ts).
 */
export function alphaColour(i: number, n: number): string {
  const t = n <= 1 ? 0 : Math.min(Math.max(i / (n - 1), 0), 1);
  const hue = ALPHA_HUES[0] + t * (ALPHA_HUES[1] - ALPHA_HUES[0]);
  const lightness = ALPHA_LIGHTNESS + (n > 1 ? (i % 2 ? 1 : -1) * ALPHA_LIGHTNESS_STEP : 0);
  return oklchHex(lightness, ALPHA_CHROMA, hue);
}

/** OKLCH hue of the smallest and the largest α, in degrees (blue → purple, the long way round through green and red). */
const ALPHA_HUES = [265, -25] as const;
const ALPHA_LIGHTNESS = 0.6;
const ALPHA_LIGHTNESS_STEP = 0.04;
const ALPHA_CHROMA = 0.17;

/** An OKLCH colour as `#rrggbb`, its chroma lowered until it fits sRGB (hue and lightness stay). */
function oklchHex(l: number, chroma: number, hueDegrees: number): string {
  let c = chroma;
  let rgb = oklchToLinearRgb(l, c, hueDegrees);
  while (c > 0 && rgb.some((x) => x < 0 || x > 1)) {
    c = Math.max(0, c - 0.005);
    rgb = oklchToLinearRgb(l, c, hueDegrees);
  }
  const encode = (x: number) => {
    const v = Math.min(Math.max(x, 0), 1);
    return Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
  };
  return `#${rgb.map((x) => encode(x).toString(16).padStart(2, '0')).join('')}`;
}

/** Björn Ottosson's OKLab → linear sRGB. */
function oklchToLinearRgb(l: number, c: number, hueDegrees: number): [number, number, number] {
  const h = (hueDegrees * Math.PI) / 180;
  const a = c * Math.cos(h);
  const b = c * Math.sin(h);
  const l3 = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m3 = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s3 = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l3 - 3.3077115913 * m3 + 0.2309699292 * s3,
    -1.2684380046 * l3 + 2.6097574011 * m3 - 0.3413193965 * s3,
    -0.0041960863 * l3 - 0.7034186147 * m3 + 1.707614701 * s3,
  ];
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

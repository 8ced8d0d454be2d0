/** Distinct colours that stay readable on light and dark backgrounds (Tableau 10, slightly deepened). */
export const PALETTE = ['#2563eb', '#d97706', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#9333ea', '#ea580c'];

export function colourAt(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** `#rrggbb` at the given opacity, for raw curves drawn faded behind their smoothed line. */
export function faded(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Axis and grid colours per theme; charts recompute their options when the theme changes. */
export function axisColours(dark: boolean): { text: string; grid: string } {
  return dark ? { text: '#c2c9d4', grid: 'rgba(230, 233, 238, 0.12)' } : { text: '#475467', grid: 'rgba(16, 24, 40, 0.08)' };
}

import { describe, expect, it } from 'vitest';
import { ACCURACY_RAMP, accuracyStep, alphaColour, axisColours, colourAt, faded, OVERLAY_COLOURS, overlayColour, PALETTE, POLICY_COLOURS } from './palette';

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
/** WCAG relative luminance and contrast ratio. */
const luminance = (hex: string) => {
  const [r, g, b] = rgb(hex).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((c, i) => c - rgb(b)[i]));
/** CIE76 colour difference: about 2 is just noticeable, above 10 two lines read as different colours. */
const lab = (hex: string) => {
  const [r, g, b] = rgb(hex).map((c) => c / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [x, y, z] = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883].map(f);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
};
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((c, i) => c - lab(b)[i]));

const policies = Object.values(POLICY_COLOURS);
const THEMES = [false, true].map((dark) => ({ name: dark ? 'dark' : 'light', ...axisColours(dark) }));

describe('palette', () => {
  it('gives every policy its own colour, and overlaid runs colours no policy has', () => {
    expect(new Set(policies).size).toBe(policies.length);
    expect(new Set(OVERLAY_COLOURS).size).toBe(OVERLAY_COLOURS.length);
    for (const o of OVERLAY_COLOURS) expect(policies).not.toContain(o);
    // However many runs are overlaid.
    for (let i = 0; i < 12; i++) expect(policies).not.toContain(overlayColour(i));
  });

  it('keeps overlays and policies far enough apart to tell at a glance, not just unequal', () => {
    for (const o of OVERLAY_COLOURS) for (const p of [...policies, ...OVERLAY_COLOURS.filter((x) => x !== o)]) expect(distance(o, p), `${o} vs ${p}`).toBeGreaterThan(70);
  });

  it.each(THEMES)('reads on the $name surface, and no series takes the colour of its text or surface', ({ surface, text }) => {
    for (const c of [...policies, ...OVERLAY_COLOURS]) {
      expect(contrast(c, surface), c).toBeGreaterThanOrEqual(3);
      expect([surface, text]).not.toContain(c);
    }
  });

  it.each(THEMES)('draws every loss curve readably on the $name surface: heads and each of up to 21 α', ({ surface, text }) => {
    const alphas = [1, 2, 3, 5, 11, 21].flatMap((n) => Array.from({ length: n }, (_, i) => alphaColour(i, n)));
    for (const c of [...PALETTE, ...alphas]) {
      expect(contrast(c, surface), c).toBeGreaterThanOrEqual(3);
      expect([surface, text]).not.toContain(c);
    }
  });

  it('tells neighbouring α apart at a glance (CIELAB ΔE), with 11 α and with 21', () => {
    for (const [n, least] of [
      [3, 40],
      [5, 30],
      [11, 20],
      [21, 10],
    ]) {
      const colours = Array.from({ length: n }, (_, i) => alphaColour(i, n));
      expect(new Set(colours).size, `${n} α`).toBe(n);
      for (let i = 1; i < n; i++) expect(deltaE(colours[i - 1], colours[i]), `${n} α: ${colours[i - 1]} vs ${colours[i]}`).toBeGreaterThan(least);
    }
  });

  it('orders α from cool to warm: the smallest α is blue, the largest purple-red', () => {
    const [r0, , b0] = rgb(alphaColour(0, 11));
    const [r1, , b1] = rgb(alphaColour(10, 11));
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(r0);
    expect(b1).toBeLessThan(b0);
    expect(alphaColour(0, 1)).toMatch(/^#[0-9a-f]{6}$/);
    expect(alphaColour(3, 11)).not.toBe(alphaColour(3, 5));
  });

  it('cycles and fades', () => {
    expect(colourAt(PALETTE.length)).toBe(PALETTE[0]);
    expect(faded('#2563eb', 0.25)).toBe('rgba(37, 99, 235, 0.25)');
  });

  it.each(THEMES)('steps the accuracy ramp in order on the $name surface, every count legible on its cell', ({ name, surface }) => {
    const ramp = ACCURACY_RAMP[name as 'light' | 'dark'];
    const lights = ramp.map((s) => luminance(s.fill));
    // Worse accuracy, more ink: darker on the light surface, brighter on the dark one.
    for (let i = 1; i < ramp.length; i++) {
      expect(ramp[i].from).toBeLessThan(ramp[i - 1].from);
      if (name === 'light') expect(lights[i]).toBeLessThan(lights[i - 1]);
      else expect(lights[i]).toBeGreaterThan(lights[i - 1]);
    }
    for (const s of ramp) {
      expect(contrast(s.ink, s.fill), s.fill).toBeGreaterThanOrEqual(4.5);
      expect(s.fill).not.toBe(surface);
    }
    expect(ramp[ramp.length - 1].from).toBe(0);
  });

  it('puts an accuracy in its step, bounds included', () => {
    expect(accuracyStep(1, false)).toBe(ACCURACY_RAMP.light[0]);
    expect(accuracyStep(0.99, false)).toBe(ACCURACY_RAMP.light[0]);
    expect(accuracyStep(0.9899, false)).toBe(ACCURACY_RAMP.light[1]);
    expect(accuracyStep(0.5, true)).toBe(ACCURACY_RAMP.dark[4]);
    expect(accuracyStep(0, true)).toBe(ACCURACY_RAMP.dark[5]);
  });
});

import { describe, expect, it } from 'vitest';
import { ACCURACY_RAMP, accuracyStep, axisColours, colourAt, faded, OVERLAY_COLOURS, overlayColour, PALETTE, POLICY_COLOURS, sequentialColour } from './palette';

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

  it('orders α curves from violet to yellow-green, never the palest yellow', () => {
    expect(sequentialColour(0, 5)).toBe('#440154');
    expect(sequentialColour(0, 1)).toBe('#440154');
    expect(sequentialColour(4, 5)).not.toBe('#fde725');
    expect(new Set([0, 1, 2, 3, 4].map((i) => sequentialColour(i, 5))).size).toBe(5);
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

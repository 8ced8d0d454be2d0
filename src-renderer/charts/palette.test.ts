import { describe, expect, it } from 'vitest';
import { colourAt, faded, overlayColour, PALETTE, sequentialColour } from './palette';

describe('palette', () => {
  it('orders α curves from violet to yellow-green, never the palest yellow', () => {
    expect(sequentialColour(0, 5)).toBe('#440154');
    expect(sequentialColour(0, 1)).toBe('#440154');
    expect(sequentialColour(4, 5)).not.toBe('#fde725');
    expect(new Set([0, 1, 2, 3, 4].map((i) => sequentialColour(i, 5))).size).toBe(5);
    expect(overlayColour(0)).toBe(PALETTE[5]);
  });

  it('cycles and fades', () => {
    expect(colourAt(PALETTE.length)).toBe(PALETTE[0]);
    expect(faded('#2563eb', 0.25)).toBe('rgba(37, 99, 235, 0.25)');
  });
});

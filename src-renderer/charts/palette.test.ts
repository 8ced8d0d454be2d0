import { describe, expect, it } from 'vitest';
import { colourAt, faded, PALETTE } from './palette';

describe('palette', () => {
  it('cycles and fades', () => {
    expect(colourAt(PALETTE.length)).toBe(PALETTE[0]);
    expect(faded('#2563eb', 0.25)).toBe('rgba(37, 99, 235, 0.25)');
  });
});

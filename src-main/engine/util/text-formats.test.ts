import { describe, expect, it } from 'vitest';
import { csvField, csvText } from './csv';
import { durationText, roughDurationText } from './duration-text';

describe('csv', () => {
  it('quotes only what needs it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
    expect(csvText(['x', 'y'], [[1, 'a,b']])).toBe('x,y\n1,"a,b"\n');
  });
});

describe('durationText', () => {
  it('rounds once, so 119.6 s is 2 min 00 s, not 1 min 60 s', () => {
    expect(durationText(119.6)).toBe('2 min 00 s');
    expect(durationText(59.4)).toBe('59 s');
    expect(durationText(3599.7)).toBe('1 h 00 min');
    expect(durationText(-3)).toBe('0 s');
    expect(durationText(7385)).toBe('2 h 03 min');
  });

  it('keeps estimates rough', () => {
    expect(roughDurationText(0.2)).toBe('1 s');
    expect(roughDurationText(700)).toBe('12 min');
    expect(roughDurationText(12240)).toBe('3.4 h');
  });
});

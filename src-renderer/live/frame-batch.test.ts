import { describe, expect, it } from 'vitest';
import { frameBatcher } from './frame-batch';

describe('frameBatcher', () => {
  it('hands over everything pushed before a frame in one call, in order', () => {
    const frames: (() => void)[] = [];
    const flushed: number[][] = [];
    const push = frameBatcher<number>((items) => flushed.push(items), (cb) => frames.push(cb));
    [1, 2, 3].forEach(push);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    push(4);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(flushed).toEqual([[1, 2, 3], [4]]);
  });
});

import { describe, expect, it } from 'vitest';
import { splitColumns } from './hidden-columns';

describe('hidden columns', () => {
  it('leaves out a column where every row says "—" or nothing, and names it', () => {
    const rows = [
      ['a', '—', '1', ''],
      ['b', '—', '—', ''],
    ];
    expect(splitColumns(['policy', 'acc@25', 'acc@50', 'note'], rows)).toEqual({ shown: [0, 2], hidden: ['acc@25', 'note'] });
  });

  it('keeps every column of a table without rows', () => {
    expect(splitColumns(['x', 'y'], [])).toEqual({ shown: [0, 1], hidden: [] });
  });
});

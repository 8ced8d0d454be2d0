import { NO_FIGURE } from './format';

/**
 * The columns of a table worth showing: a column where every row says "—" (or nothing) tells the reader nothing
 * but takes room, so it goes, and the table says which went. A table without rows keeps every column.
 */
export function splitColumns<C>(columns: readonly C[], rows: readonly (readonly string[])[]): { shown: number[]; hidden: C[] } {
  const empty = (i: number) => rows.length > 0 && rows.every((r) => (r[i] ?? NO_FIGURE) === NO_FIGURE || r[i] === '');
  const shown = columns.map((_, i) => i).filter((i) => !empty(i));
  return { shown, hidden: columns.filter((_, i) => empty(i)) };
}

import { overlayColour } from '../charts/palette';

/**
 * Each run's colour, the same in the runs list and in every chart that draws it. Runs take the overlay colours in the
 * order they were made, so a new run never repaints the ones before it, and runs made one after another differ.
 */
export function runColours(runs: readonly { id: string; createdAt: string }[]): Record<string, string> {
  const oldestFirst = [...runs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return Object.fromEntries(oldestFirst.map((r, i) => [r.id, overlayColour(i)]));
}

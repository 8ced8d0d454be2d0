/**
 * Which curves of a chart are hidden, by legend key (`α=0.3`, `stage1`), as W&B's and TensorBoard's legends do it: a
 * click shows only that curve, a click on the curve already shown alone brings every curve back, and a click with
 * Shift or Ctrl (⌘) hides or shows just that one. Keys of other charts in `hidden` are left as they are, so charts that
 * share keys (the gate charts share their α) can share one list.
 */
export function legendClick(hidden: readonly string[], keys: readonly string[], key: string, toggleOne: boolean): string[] {
  if (toggleOne) return hidden.includes(key) ? hidden.filter((k) => k !== key) : [...hidden, key];
  const mine = new Set(keys);
  const others = hidden.filter((k) => !mine.has(k));
  const visible = keys.filter((k) => !hidden.includes(k));
  const isolated = visible.length === 1 && visible[0] === key;
  return isolated ? others : [...others, ...keys.filter((k) => k !== key)];
}

/** The legend's tooltip: what a click does. */
export function legendHint(mac: boolean): string {
  return `Click: show only this curve (click again for all) · ${mac ? 'Shift- or ⌘-click' : 'Shift- or Ctrl-click'}: hide or show just this one`;
}

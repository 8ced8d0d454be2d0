/** `0, 0.5, 1` or `0 0.5 1` → numbers; anything unreadable becomes NaN so the schema names the bad entry. */
export function parseAlphas(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter((s) => s.length > 0)
    .map((s) => (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : Number.NaN));
}

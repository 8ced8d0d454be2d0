/** RFC 4180: a field quoted only when it holds a comma, quote or line break, quotes inside doubled; null is empty. */
export function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Header and rows as CSV. Lines end in `\n` rather than RFC 4180's CRLF: every CSV reader accepts it and line-based
 * tools like it better.
 */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

/** What to show for anything thrown: an Error's message, else its string form (a rejected string, a DOMException). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

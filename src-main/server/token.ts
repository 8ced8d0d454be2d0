import { randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time, so the token cannot be guessed a character at a time from response timings. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const TOKEN_COOKIE = 'leenet_token';

/** The token from `?token=` or, for the page's own assets and reloads, from the cookie set when the page loaded. */
export function requestToken(url: URL, cookieHeader: string | undefined): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return null;
}

import { APP_CSP } from '../host/csp';

/** The same policy as the Electron window's, plus what only an HTTP header can say (framing). */
export const BROWSER_CSP = `${APP_CSP}; frame-ancestors 'none'`;

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': BROWSER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

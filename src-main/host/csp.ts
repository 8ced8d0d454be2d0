/**
 * The renderer's Content-Security-Policy, for both hosts: only the app's own scripts and styles, images also from
 * data:/blob: URLs (charts, dataset thumbnails), no plugins, no forms, no <base>. `src-renderer/index.html` carries
 * it in a meta tag so it also holds for `file://` pages, which no response header reaches; a test keeps them equal.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Only for the Vite dev server: it injects styles inline and talks to its HMR socket. Never used by a built app or
 * by browser mode.
 */
export const DEV_CSP = APP_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws:");

/**
 * Whether `url` is the app's own page: the same file for a packaged app (`file://…/index.html`, any hash or query),
 * the same origin for the dev server. Anything else — other files, other sites — is not the app.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(url);
    b = new URL(appUrl);
  } catch {
    return false;
  }
  if (b.protocol === 'file:') return a.protocol === 'file:' && a.host === b.host && a.pathname === b.pathname;
  return a.origin === b.origin;
}

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { APP_CSP, hardenSession, type SessionLike } from './csp';

describe('content security policy', () => {
  it('is the same in the renderer page as in the main process', async () => {
    const html = await readFile(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(APP_CSP);
    expect(APP_CSP).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('is added to every response and every permission request is denied', () => {
    let onHeaders: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null = null;
    let onPermission: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null;
    hardenSession({
      webRequest: { onHeadersReceived: (l) => void (onHeaders = l) },
      setPermissionRequestHandler: (h) => void (onPermission = h),
    });
    let headers: Record<string, string[]> | undefined;
    onHeaders!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [APP_CSP] });
    let granted: boolean | undefined;
    onPermission!(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });
});

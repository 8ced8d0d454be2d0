import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-url';
import { guardNavigation, type GuardedContents } from './navigation-guard';

const APP = 'file:///opt/leenet/out/renderer/index.html';

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' }) => void (openHandler = handler),
  }) as unknown as GuardedContents & EventEmitter;
  const attempt = (event: string, url = '') => {
    let prevented = false;
    emitter.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, attempt, open: (url: string) => openHandler?.({ url }) };
}

describe('navigation guard', () => {
  it('keeps the window on the app page and blocks new windows and webviews', () => {
    const { contents, attempt, open } = fakeContents();
    guardNavigation(contents, (url) => isAppUrl(url, APP));
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', `${APP}#/runs`)).toBe(false);
    expect(attempt('will-attach-webview')).toBe(true);
    expect(open('https://example.org')).toEqual({ action: 'deny' });
  });

  it('recognises the app page by file path or dev-server origin only', () => {
    expect(isAppUrl(`${APP}?x=1`, APP)).toBe(true);
    expect(isAppUrl('file:///opt/leenet/out/renderer/other.html', APP)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/App.vue', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from './window-options';

describe('the window', () => {
  it('runs the renderer isolated, sandboxed and without Node', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    });
  });

  it('starts hidden (shown on first paint) with those preferences', () => {
    const options = mainWindowOptions('/p.cjs', '/icon.png');
    expect(options).toMatchObject({ show: false, icon: '/icon.png', webPreferences: { sandbox: true, contextIsolation: true } });
    expect(mainWindowOptions('/p.cjs')).not.toHaveProperty('icon');
  });
});

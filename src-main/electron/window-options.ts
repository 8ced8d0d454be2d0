import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The renderer gets no Node, no Electron and no access outside its sandbox: everything it may do goes through the
 * preload's `window.leenet`. Each flag is spelled out, even where it is Electron's default, so a change is reviewed.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
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
  };
}

export function mainWindowOptions(preload: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'LEENet workbench',
    // Shown once the first paint is ready, so the window never flashes white.
    show: false,
    backgroundColor: '#f6f7f9',
    ...(icon && { icon }),
    webPreferences: secureWebPreferences(preload),
  };
}

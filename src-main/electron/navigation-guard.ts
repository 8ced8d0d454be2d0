/** The parts of `WebContents` the guard touches, so tests can hand in a plain emitter. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * No page may take the window anywhere but the app itself, open new windows or embed webviews: a link or a script
 * that tried would otherwise run with the preload's bridge.
 */
export function guardNavigation(contents: GuardedContents, isAllowed: (url: string) => boolean): void {
  const stay = (event: { preventDefault(): void; url: string }) => {
    if (!isAllowed(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

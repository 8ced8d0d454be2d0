import { isAppUrl } from './app-url';

/** What an IPC event says about its sender (Electron's `IpcMainInvokeEvent`, or a test's plain object). */
export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface FrameGuard {
  /** Marks a window's contents as the app's own. */
  trust(contents: { id: number; once(event: 'destroyed', listener: () => void): unknown }): void;
  owns(contents: { id: number }): boolean;
  /** Only the top frame of a window the app created, showing the app's page, may call the contract. */
  isTrusted(event: SenderInfo): boolean;
}

export function createFrameGuard(appUrl: string): FrameGuard {
  const trusted = new Set<number>();
  return {
    trust(contents) {
      trusted.add(contents.id);
      contents.once('destroyed', () => trusted.delete(contents.id));
    },
    owns: (contents) => trusted.has(contents.id),
    isTrusted(event) {
      const frame = event.senderFrame;
      return trusted.has(event.sender.id) && frame !== null && frame.parent === null && isAppUrl(frame.url, appUrl);
    },
  };
}

import type { ExportFormat } from './models';

export type ShortcutAction = 'run' | 'stop' | `export-${ExportFormat}`;

/**
 * Every keyboard shortcut, in Electron's accelerator syntax. The Electron menu registers the exports; the page
 * handles all of them itself in browser mode (and run/stop in both hosts).
 */
export const SHORTCUTS: Record<ShortcutAction, string> = {
  run: 'CmdOrCtrl+Enter',
  stop: 'CmdOrCtrl+.',
  'export-png': 'CmdOrCtrl+E',
  'export-svg': 'CmdOrCtrl+Shift+E',
  'export-csv': 'CmdOrCtrl+Alt+E',
};

export const SHORTCUT_LABELS: Record<ShortcutAction, string> = {
  run: 'Run the sweep in the form',
  stop: 'Stop the running sweep',
  'export-png': 'Export the active chart as PNG',
  'export-svg': 'Export the active chart as SVG',
  'export-csv': 'Export the active chart’s data as CSV',
};

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether a key press is the accelerator (`CmdOrCtrl` = ⌘ on macOS, Ctrl elsewhere). */
export function matchesAccelerator(accelerator: string, press: KeyPress, isMac: boolean): boolean {
  const parts = accelerator.split('+');
  const key = parts.pop()!.toLowerCase();
  const wants = new Set(parts.map((p) => p.toLowerCase()));
  const primary = isMac ? press.metaKey : press.ctrlKey;
  const other = isMac ? press.ctrlKey : press.metaKey;
  return (
    press.key.toLowerCase() === key &&
    primary === wants.has('cmdorctrl') &&
    !other &&
    press.shiftKey === wants.has('shift') &&
    press.altKey === wants.has('alt')
  );
}

export function shortcutFor(press: KeyPress, isMac: boolean): ShortcutAction | null {
  const hit = (Object.keys(SHORTCUTS) as ShortcutAction[]).find((action) => matchesAccelerator(SHORTCUTS[action], press, isMac));
  return hit ?? null;
}

/** `CmdOrCtrl+Shift+E` → `Ctrl+Shift+E` (or `⌘⇧E` on macOS), for tooltips and the help. */
export function shortcutText(accelerator: string, isMac: boolean): string {
  if (!isMac) return accelerator.replace('CmdOrCtrl', 'Ctrl');
  return accelerator.replace('CmdOrCtrl+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}

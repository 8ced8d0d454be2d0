import { useEventListener } from '@vueuse/core';
import type { ExportFormat } from '@api/models';
import { shortcutFor, type ShortcutAction } from '@api/shortcuts';
import { useChartsStore } from '../stores/charts';
import { useAppStore } from '../stores/app';
import { useRunsStore } from '../stores/runs';
import { useSetupStore } from '../stores/setup';

export const IS_MAC = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

const EXPORTS: Partial<Record<ShortcutAction, ExportFormat>> = { 'export-png': 'png', 'export-svg': 'svg', 'export-csv': 'csv' };

/**
 * The shortcuts of @api/shortcuts on the window while the component that asks lives (VueUse's useEventListener):
 * run, stop, and export the chart last touched. In Electron the menu owns the export accelerators and sends them as
 * menu events, so the keys leave them alone there.
 */
export function useShortcuts(): void {
  const app = useAppStore();
  const setup = useSetupStore();
  const runs = useRunsStore();
  const charts = useChartsStore();

  function perform(action: ShortcutAction): void {
    const format = EXPORTS[action];
    if (format) void charts.exportChart(format);
    else if (action === 'run') void setup.start();
    else if (action === 'stop') void runs.stopActive();
  }

  useEventListener(window, 'keydown', (event: KeyboardEvent) => {
    const action = shortcutFor(event, IS_MAC);
    if (!action || (app.transport === 'electron' && EXPORTS[action])) return;
    event.preventDefault();
    perform(action);
  });
}

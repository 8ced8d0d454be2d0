import type { MenuItemConstructorOptions } from 'electron';
import type { ExportFormat } from '../../src-shared/api/models';
import { SHORTCUTS } from '../../src-shared/api/shortcuts';

export const EXPORT_ACCELERATORS: Record<ExportFormat, string> = {
  png: SHORTCUTS['export-png'],
  svg: SHORTCUTS['export-svg'],
  csv: SHORTCUTS['export-csv'],
};

export interface MenuOptions {
  isMac: boolean;
  appName: string;
  /** Devtools and reload only while developing. */
  isPackaged: boolean;
  /** The renderer owns the chart, so an export is a request to it; it answers with `export:chart`. */
  onExport: (format: ExportFormat) => void;
  onOpenWorkspace: () => void;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const exportItem = (format: ExportFormat): MenuItemConstructorOptions => ({
    id: `export-${format}`,
    label: `Export ${format.toUpperCase()}…`,
    accelerator: EXPORT_ACCELERATORS[format],
    click: () => options.onExport(format),
  });
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      exportItem('png'),
      exportItem('svg'),
      exportItem('csv'),
      { type: 'separator' },
      { label: 'Open Workspace Folder', click: options.onOpenWorkspace },
      { type: 'separator' },
      options.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(options.isPackaged ? [] : ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(options.isMac ? [{ label: options.appName, role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}

import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../src-shared/api/models';
import { EXPORT_ACCELERATORS, menuTemplate } from './menu';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

describe('application menu', () => {
  it('has Export PNG / SVG / CSV with distinct accelerators, each sending its format', () => {
    const sent: ExportFormat[] = [];
    const template = menuTemplate({ isMac: false, appName: 'LEENet', isPackaged: true, onExport: (f) => sent.push(f), onOpenWorkspace: () => undefined });
    const exports = items(template).filter((i) => i.id?.startsWith('export-'));
    expect(exports.map((i) => [i.label, i.accelerator])).toEqual([
      ['Export PNG…', 'CmdOrCtrl+E'],
      ['Export SVG…', 'CmdOrCtrl+Shift+E'],
      ['Export CSV…', 'CmdOrCtrl+Alt+E'],
    ]);
    expect(new Set(Object.values(EXPORT_ACCELERATORS)).size).toBe(3);
    for (const item of exports) (item.click as () => void)();
    expect(sent).toEqual(['png', 'svg', 'csv']);
  });

  it('offers devtools only while developing, and the app menu only on macOS', () => {
    const roles = (isMac: boolean, isPackaged: boolean) =>
      items(menuTemplate({ isMac, appName: 'LEENet', isPackaged, onExport: () => undefined, onOpenWorkspace: () => undefined })).map((i) => i.role);
    expect(roles(false, true)).not.toContain('toggleDevTools');
    expect(roles(false, false)).toContain('toggleDevTools');
    expect(roles(true, true)).toContain('appMenu');
    expect(roles(false, true)).not.toContain('appMenu');
  });
});

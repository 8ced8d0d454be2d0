import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session, shell } from 'electron';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EVENTS } from '../../src-shared/api/channels';
import type { ExportFormat } from '../../src-shared/api/models';
import { defaultWorkspace } from '../engine/runs/workspace';
import { createAppServices } from '../host/app-services';
import { isAppUrl } from './app-url';
import { DEV_CSP } from '../host/csp';
import { APP_CSP, hardenSession } from './csp';
import { forwardEvents } from './forward-events';
import { createFrameGuard } from './frame-guard';
import { registerIpcHandlers } from './ipc-handlers';
import { menuTemplate } from './menu';
import { guardNavigation } from './navigation-guard';
import { dialogChooseModelFolder, dialogSaveExport } from './save-dialog';
import { osSecrets } from './os-secrets';
import { mainWindowOptions } from './window-options';

// Built layout: out/main/index.js beside out/preload/index.cjs and out/renderer/index.html.
const here = path.dirname(fileURLToPath(import.meta.url));
const preload = path.join(here, '..', 'preload', 'index.cjs');
const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(path.join(here, '..', 'renderer', 'index.html')).href;
const icon = path.join(here, '..', '..', 'resources', 'icon.png');
const workspace = process.env.LEENET_WORKSPACE ?? defaultWorkspace();
// Both entries are built side by side; naming the worker here keeps that true wherever the bundler puts shared code.
const workerEntry = new URL('./worker.js', import.meta.url);
process.env.LEENET_RESOURCES ??= path.join(here, '..', '..', 'resources');

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

// Every webContents, including any the app did not mean to create, is held to the app's own page.
app.on('web-contents-created', (_event, contents) => guardNavigation(contents, (url) => isAppUrl(url, appUrl)));

const frames = createFrameGuard(appUrl);
let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preload, icon));
  frames.trust(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(appUrl);
  return window;
}

function sendExport(format: ExportFormat): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (target && frames.owns(target.webContents)) target.webContents.send(EVENTS.menuExport, { format });
}

async function start(): Promise<void> {
  await app.whenReady();
  await mkdir(workspace, { recursive: true });
  hardenSession(session.defaultSession, process.env.ELECTRON_RENDERER_URL ? DEV_CSP : APP_CSP);
  const services = createAppServices({
    workspace,
    host: 'electron',
    version: app.getVersion(),
    workerEntry,
    saveExport: dialogSaveExport(dialog, () => mainWindow, () => app.getPath('documents')),
    chooseModelFolder: dialogChooseModelFolder(dialog, () => mainWindow, () => app.getPath('documents')),
    secrets: osSecrets(safeStorage),
  });
  registerIpcHandlers(ipcMain, services.handlers, frames.isTrusted, (channel, event) =>
    console.warn(`leenet: refused ${channel} from ${event.senderFrame?.url ?? 'a closed frame'}`),
  );
  forwardEvents(services.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents).filter(frames.owns));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        isMac: process.platform === 'darwin',
        appName: app.name,
        isPackaged: app.isPackaged,
        onExport: sendExport,
        onOpenWorkspace: () => void shell.openPath(workspace),
      }),
    ),
  );
  mainWindow = createWindow();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    // Let a running job stop cleanly so its run folder is consistent, then quit for real.
    closing = true;
    event.preventDefault();
    void services.close().finally(() => app.quit());
  });
}

start().catch((e: unknown) => {
  dialog.showErrorBox('LEENet workbench could not start', e instanceof Error ? (e.stack ?? e.message) : String(e));
  app.exit(1);
});

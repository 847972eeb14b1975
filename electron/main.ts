import { app, BrowserWindow, dialog, Menu } from 'electron';
import { join } from 'node:path';
import { showApprovalNotifications } from './approval-notifications';
import { startCoreProcess, type CoreBridge } from './core-bridge';
import { registerIpc } from './ipc-adapter';
import { APP_ORIGIN } from './ipc-channels';
import { registerRendererScheme, serveRenderer } from './renderer-protocol';
import { hardenApp, hardenSession } from './security';
import { loadWindowState, rememberWindowState } from './window-state';

// Built layout: dist/electron/{main,preload,core-process}.cjs beside dist/renderer/.
const buildDir = __dirname;
let mainWindow: BrowserWindow | null = null;
let core: CoreBridge | null = null;

// Tests and side-by-side installs point the app at another data folder.
if (process.env.CAMPAIGN_DESK_DATA_DIR) app.setPath('userData', process.env.CAMPAIGN_DESK_DATA_DIR);
registerRendererScheme();
hardenApp();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
}

async function start(): Promise<void> {
  hardenSession();
  serveRenderer(join(buildDir, '..', 'renderer'));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'windowMenu' },
    ]),
  );
  try {
    core = await startCoreProcess(join(buildDir, 'core-process.cjs'), app.getPath('userData'), app.getVersion());
  } catch (error) {
    return fail(error);
  }
  registerIpc(core, () => mainWindow);
  showApprovalNotifications(core, () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

function createWindow(): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(stateFile);
  mainWindow = new BrowserWindow({
    ...state,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Campaign Desk',
    backgroundColor: '#f6f7f9',
    // Spelled out here, not spread from a constant, so reviewers and Electronegativity see each flag.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: true,
      // Middle-click must not open links in new windows (window.open is denied as well).
      disableBlinkFeatures: 'Auxclick',
      // Our own preload, bundled with the app: it exposes only the contract's two verbs via contextBridge.
      preload: join(buildDir, 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK
    },
  });
  if (state.maximized) mainWindow.maximize();
  rememberWindowState(mainWindow, stateFile);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

function fail(error: unknown): void {
  dialog.showErrorBox('Campaign Desk could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => core?.stop());

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { isAbsolute } from 'node:path';
import { calls, isCallName, type CallResult } from '../shared/contract';
import type { CoreBridge } from './core-bridge';
import { APP_ORIGIN, CALL_CHANNEL, EVENT_CHANNEL, REGISTER_FILE_CHANNEL } from './ipc-channels';

/**
 * Electron's thin adapter: checks that the call comes from our own window and page, validates the
 * payload against the contract, and hands it to the core. The core validates again and decides
 * access; this layer only makes sure nothing foreign gets that far.
 */
export function registerIpc(core: CoreBridge, mainWindow: () => BrowserWindow | null): void {
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, payload: unknown): Promise<CallResult> => {
    if (!isTrustedSender(event, mainWindow())) {
      return { ok: false, error: { code: 'FORBIDDEN_ROLE', message: 'Refused: the request did not come from Campaign Desk.' } };
    }
    if (!isCallName(name)) return { ok: false, error: { code: 'UNKNOWN_CALL', message: 'That action does not exist.' } };
    const input = calls[name].input.safeParse(payload ?? {});
    if (!input.success) {
      return { ok: false, error: { code: 'VALIDATION_FAILED', message: `Invalid request: ${input.error.issues[0]?.message ?? 'malformed'}` } };
    }
    return core.call(name, input.data);
  });
  ipcMain.handle(REGISTER_FILE_CHANNEL, async (event, path: unknown): Promise<CallResult> => {
    if (!isTrustedSender(event, mainWindow())) {
      return { ok: false, error: { code: 'FORBIDDEN_ROLE', message: 'Refused: the request did not come from Campaign Desk.' } };
    }
    if (typeof path !== 'string' || path.length > 4096 || !isAbsolute(path)) {
      return { ok: false, error: { code: 'UPLOAD_NOT_FOUND', message: 'That file cannot be opened from here. Save it on this computer and choose it again.' } };
    }
    return core.registerFile(path);
  });
  core.onEvent((deskEvent) => {
    const window = mainWindow();
    if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, deskEvent);
  });
}

function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  if (!window || event.sender !== window.webContents) return false;
  const frameUrl = event.senderFrame?.url ?? '';
  return frameUrl.startsWith(`${APP_ORIGIN}/`);
}

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { CallResult, DeskBridge, DeskEvent } from '../shared/contract';
import { CALL_CHANNEL, EVENT_CHANNEL, REGISTER_FILE_CHANNEL } from './ipc-channels';

// Exposes exactly the contract's two verbs; the renderer never sees ipcRenderer itself.
const desk: DeskBridge = {
  call: (name, payload) => ipcRenderer.invoke(CALL_CHANNEL, name, payload),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, deskEvent: DeskEvent) => listener(deskEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('desk', desk);

// A file the user picked or dropped reaches the core by its path, which only the preload can read
// (webUtils); the renderer gets an opaque upload id back, never a path it could choose itself.
contextBridge.exposeInMainWorld('deskFiles', {
  register: (file: File): Promise<CallResult> => ipcRenderer.invoke(REGISTER_FILE_CHANNEL, webUtils.getPathForFile(file)),
});

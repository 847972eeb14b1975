import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DeskBridge, DeskEvent } from '../shared/contract';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels';

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

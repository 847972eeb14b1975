/** The only two IPC channels: one request/response for contract calls, one push for events. */
export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';
/** The origin the renderer is served from inside Electron (see `registerRendererProtocol`). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://campaign-desk';

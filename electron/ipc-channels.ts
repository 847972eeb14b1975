/** The IPC channels: one request/response for contract calls, one push for events, and one to hand a picked file to the core. */
export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';
export const REGISTER_FILE_CHANNEL = 'desk:register-file';
/** The origin the renderer is served from inside Electron (see `registerRendererProtocol`). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://campaign-desk';

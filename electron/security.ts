import { app, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './ipc-channels';

/** No remote content, no navigation away, no new windows, no webviews, no permissions we do not use. */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export function hardenSession(): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, permission, grant) => grant(permission === 'notifications'));
  defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');
  // Anything that is not our own protocol (http, https, file, ws…) never leaves the renderer. Blob and
  // data URLs are made by our own page (CSV exports are blob downloads), so they stay allowed.
  const local = [`${APP_ORIGIN}/`, `blob:${APP_ORIGIN}/`, 'data:', 'devtools://'];
  defaultSession.webRequest.onBeforeRequest((details, respond) => respond({ cancel: !local.some((prefix) => details.url.startsWith(prefix)) }));
}

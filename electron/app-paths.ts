import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Campaign Desk';

/** The same per-user folder Electron's `app.getPath('appData')` names, for hosts without Electron. */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'win32':
      return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support');
    default:
      return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  }
}

export function browserHostDataDir(): string {
  return join(appDataDir(), PRODUCT_NAME, 'browser-host');
}

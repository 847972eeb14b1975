// `npm start`: build, then launch Campaign Desk in Electron. Where the Electron binary is missing and
// cannot be fetched (offline machines, CI), say so in one line and serve the same app to a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureNativeFor } from './native-modules.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const forceBrowser = process.argv.includes('--browser');
const passThrough = process.argv.slice(2).filter((arg) => arg !== '--browser');

const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;

if (!run(process.execPath, ['build/scripts/build.mjs'])) process.exit(1);

const electronBinary = forceBrowser ? null : findElectronBinary();
if (electronBinary) {
  ensureNativeFor('electron');
  const child = spawn(electronBinary, ['.', ...passThrough], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceBrowser) {
    console.log('Electron binary not available (its download failed or is blocked here): serving Campaign Desk to your browser instead.');
  }
  ensureNativeFor('node');
  const child = spawn(process.execPath, ['dist/browser-host/browser-host.mjs', ...passThrough], { cwd: root, stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

function findElectronBinary() {
  const resolvePath = () => {
    try {
      const path = require('electron');
      return typeof path === 'string' && existsSync(path) ? path : null;
    } catch {
      return null;
    }
  };
  const installed = resolvePath();
  if (installed) return installed;
  // The package's own download runs on demand rather than at `npm install`, so an install never
  // fails on a machine that cannot reach the download host (see package.json allowScripts).
  const installer = `${root}/node_modules/electron/install.js`;
  if (!existsSync(installer)) return null;
  const fetched = spawnSync(process.execPath, [installer], { cwd: `${root}/node_modules/electron`, stdio: 'ignore', timeout: 180_000 });
  return fetched.status === 0 ? resolvePath() : null;
}

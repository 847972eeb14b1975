// better-sqlite3 is a native addon: Electron needs it built for Electron's ABI, plain Node (tests,
// the browser host) for Node's. A marker beside the binary records which one is there, and the
// other is rebuilt only when the target changes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const marker = `${root}/node_modules/better-sqlite3/build/Release/.campaign-desk-target`;

export function ensureNativeFor(target) {
  const wanted = target === 'electron' ? 'electron' : `node-${process.versions.modules}`;
  const current = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : loadsInNode() ? `node-${process.versions.modules}` : 'unknown';
  if (current === wanted) return;
  console.log(`Rebuilding better-sqlite3 for ${target === 'electron' ? 'Electron' : 'Node.js'} (a minute or two, once)…`);
  const result =
    target === 'electron'
      ? spawnSync('npx', ['electron-builder', 'install-app-deps'], { cwd: root, stdio: 'inherit' })
      : spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Could not rebuild better-sqlite3 for ${target}.`);
  writeFileSync(marker, wanted);
}

function loadsInNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'ignore' });
  return probe.status === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureNativeFor(process.argv[2] ?? 'node');

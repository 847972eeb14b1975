/**
 * Doyensec's Electronegativity over the Electron side and the renderer together (its global checks,
 * such as "is there a CSP" or "is navigation limited", need to see both). Fails on any HIGH or MEDIUM
 * finding; LOW findings are printed, and each is explained where it is raised (`eng-disable` comments
 * carry the reason). It runs offline: the check for newer Electron releases reports no connectivity.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('../..', import.meta.url));
const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
const workDir = mkdtempSync(join(tmpdir(), 'desk-electronegativity-'));
const scanDir = join(workDir, 'app');
const report = join(workDir, 'findings.csv');
cpSync(join(root, 'electron'), join(scanDir, 'electron'), { recursive: true });
cpSync(join(root, 'renderer'), join(scanDir, 'renderer'), { recursive: true, filter: (source) => !source.endsWith('vite.config.ts') });

const run = spawnSync('npx', ['electronegativity', '-i', scanDir, '-r', '-e', electronVersion, '-o', report, '-v', 'false'], { cwd: root, encoding: 'utf8' });
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}

interface Finding {
  check: string;
  severity: string;
  file: string;
  location: string;
  description: string;
}
const findings: Finding[] = readFileSync(report, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const cells = [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => (m[1] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return { check: cells[0] ?? '', severity: cells[1] ?? '', file: cells[3] ?? '', location: cells[4] ?? '', description: cells[6] ?? '' };
  })
  .filter((finding) => finding.check !== '');
rmSync(workDir, { recursive: true, force: true });

const blocking = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
for (const f of findings) console.log(`${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location} — ${f.description}`);
console.log(`Electronegativity (Electron ${electronVersion}): ${blocking.length} high/medium, ${findings.length - blocking.length} low or informational`);
process.exit(blocking.length === 0 ? 0 : 1);

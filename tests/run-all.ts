/**
 * `npm test`: every layer in order (typecheck of both configs, lint, format, build, unit + integration,
 * end-to-end), each counted, then one closing line `N passed, N failed, N skipped`.
 * Layers keep running after a failure so one run shows everything that is broken.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${root}/test-results/summary`;
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const layers: Array<{ name: string } & Tally> = [];

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function check(name: string, command: string, args: string[]): boolean {
  const ok = run(command, args);
  layers.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
  return ok;
}

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
  numFailedTestSuites: z.number(),
});
const playwrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
  errors: z.array(z.unknown()).optional(),
});

function tallyFrom<T>(file: string, schema: z.ZodType<T>, toTally: (report: T) => Tally, exitedOk: boolean): Tally {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const tally = toTally(schema.parse(JSON.parse(readFileSync(file, 'utf8'))));
  // A runner that failed without a failing test (a crash, a broken suite file) still counts as one failure.
  return !exitedOk && tally.failed === 0 ? { ...tally, failed: 1 } : tally;
}

const npx = 'npx';
check('typecheck (node: electron, sandbox, shared, tests)', npx, ['tsc', '-p', 'tsconfig.json']);
check('typecheck (web: renderer, shared)', npx, ['tsc', '-p', 'renderer/tsconfig.json']);
check('lint', npx, ['eslint', '--max-warnings', '0', '.']);
check('format (Prettier: printWidth 160, see .prettierrc.json)', npx, ['prettier', '--check', '.']);
check('security scan (Electronegativity: no high or medium finding)', npx, ['tsx', 'tests/security/electronegativity-scan.ts']);
const built = check('build', process.execPath, ['build/scripts/build.mjs']);

const vitestJson = `${resultsDir}/vitest.json`;
const vitestOk = run(npx, ['vitest', 'run', '--config', 'tests/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
layers.push({
  name: 'unit + integration (vitest)',
  ...tallyFrom(
    vitestJson,
    vitestReport,
    (r) => ({
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0),
      skipped: r.numPendingTests + r.numTodoTests,
    }),
    vitestOk,
  ),
});

if (built) {
  const playwrightJson = `${root}/test-results/e2e-report.json`;
  rmSync(playwrightJson, { force: true });
  const e2eOk = run(npx, ['playwright', 'test', '--config', 'tests/playwright.config.ts']);
  layers.push({
    name: 'end-to-end (playwright)',
    ...tallyFrom(
      playwrightJson,
      playwrightReport,
      (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected + (r.errors?.length ?? 0), skipped: r.stats.skipped }),
      e2eOk,
    ),
  });
} else {
  layers.push({ name: 'end-to-end (playwright): not run, the build failed', passed: 0, failed: 1, skipped: 0 });
}

const total = layers.reduce((sum, layer) => ({ passed: sum.passed + layer.passed, failed: sum.failed + layer.failed, skipped: sum.skipped + layer.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
console.log('\nSummary by layer:');
for (const layer of layers) console.log(`  ${layer.name}: ${layer.passed} passed, ${layer.failed} failed, ${layer.skipped} skipped`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 ? 0 : 1);

/**
 * `npm run bench`: builds, then runs every `tests/bench/*.bench.ts` one after another (never in
 * parallel: they measure the machine), each printing its own figures and ratios.
 * `npm run bench -- sms phone` runs only those; BENCH_SCALE shrinks the data sets.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(`${root}/tests/bench`)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
    `BENCH_SCALE=${process.env.BENCH_SCALE ?? '1'}`,
);
if (spawnSync(process.execPath, ['build/scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync('npx', ['tsx', `tests/bench/${bench}`], { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);

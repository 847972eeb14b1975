/**
 * Wave plan and cost estimate for a million recipients in 40 zones with 3 variants: grouping the
 * recipient columns, planning the waves, pricing them and checking throughput.
 * Target (issue 8): cost estimate + wave plan ≤ 1 s for 1M recipients.
 * Run: npx tsx tests/bench/plan.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { checkBudget } from '../../shared/budget';
import { costLinesFromPlan, estimateCost } from '../../shared/pricing';
import { checkThroughput, groupRecipients, KALEYRA_GUIDANCE_RATE, planWaves } from '../../shared/schedule';
import { BENCH_RATE_CARD, generateAudience } from './gen/audience';
import { createRandom } from '../support/random';
import { scaled } from './gen/random';
import { describeTiming, timeRuns } from './gen/timing';

const COUNT = scaled(1_000_000);
const RUNS = 7;
const columns = generateAudience(createRandom(0xbea7), COUNT);

let summary = '';
const total = timeRuns(RUNS, () => {
  const { groups } = groupRecipients(columns);
  const plan = planWaves({
    audience: groups,
    target: { kind: 'local', localDate: '2026-12-01', localTime: '10:00' },
    now: '2026-11-20T06:00:00Z',
    fallbackZone: 'Asia/Kolkata',
  });
  const estimate = estimateCost(costLinesFromPlan(groups, plan), BENCH_RATE_CARD);
  const throughput = checkThroughput(plan.waves, KALEYRA_GUIDANCE_RATE);
  const budget = checkBudget({
    account: { type: 'assigned', balance: { minor: 100_000_000, currency: 'INR' } },
    needed: estimate.total,
    recipients: estimate.recipients,
    waves: estimate.byWave,
    variants: estimate.byVariant,
  });
  const placed = plan.waves.reduce((sum, wave) => sum + wave.recipients, 0);
  const unscheduled = plan.unscheduled.reduce((sum, entry) => sum + entry.recipients, 0);
  if (placed + unscheduled !== COUNT) throw new Error(`lost recipients: ${placed} + ${unscheduled} ≠ ${COUNT}`);
  summary =
    `${groups.length} groups → ${plan.waves.length} waves, ${unscheduled} unscheduled, ` +
    `${estimate.units.toLocaleString('en-US')} units, total ${estimate.total.minor / 100} ${estimate.currency}, ` +
    `${throughput.overflowing.length} waves overflow at 50k/5 min, budget ${budget.fits ? 'fits' : `short by ${budget.shortfall.minor / 100}`}`;
});

const grouping = timeRuns(RUNS, () => groupRecipients(columns));
const { groups } = groupRecipients(columns);
const planning = timeRuns(RUNS, () =>
  estimateCost(
    costLinesFromPlan(
      groups,
      planWaves({
        audience: groups,
        target: { kind: 'local', localDate: '2026-12-01', localTime: '10:00' },
        now: '2026-11-20T06:00:00Z',
        fallbackZone: 'Asia/Kolkata',
      }),
    ),
    BENCH_RATE_CARD,
  ),
);

console.log(`Wave plan + cost — ${COUNT.toLocaleString('en-US')} recipients, 40 zones, 3 variants`);
console.log(`  ${summary}`);
console.log(`  group recipient columns:          ${describeTiming(grouping)}`);
console.log(`  plan + cost estimate (groups):    ${describeTiming(planning)}`);
console.log(`  end to end (group, plan, cost, throughput, budget): ${describeTiming(total)} (target ≤ 1000 ms)`);

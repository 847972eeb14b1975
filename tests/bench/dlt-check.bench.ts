/**
 * The DLT check of a personalised promotional campaign: every Indian recipient's own text matched
 * against its template (shared/dlt/compliance.ts), as the message step's whole-audience check and
 * the launch's refusal run it. One in fifty names overflows its 30-character variable.
 * Run: npx tsx tests/bench/dlt-check.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { checkDltCompliance, type DltCheckedMessage } from '../../shared/dlt/compliance';
import type { DltRegistryView } from '../../shared/dlt/registry';
import { createRandom } from '../support/random';
import { scaled } from './gen/random';
import { describeTiming, perSecond, timeRuns } from './gen/timing';

const COUNT = scaled(1_000_000);
const RUNS = 5;
const TEMPLATE = '1107161234567890001';
const registry: DltRegistryView = {
  entityId: '1101456789012345678',
  headers: [{ header: '567890', category: 'promotional' }],
  templates: [
    {
      templateId: TEMPLATE,
      name: 'Festive',
      header: '567890',
      category: 'promotional',
      text: 'Hi {#var#}, the Acme festive sale is on: {#var#} off in store and online till Sunday. Reply STOP to opt out.',
      slots: 2,
    },
  ],
};
const random = createRandom(0xd17);
const FIRST = ['Asha', 'Ravi', 'Meera', 'Imran', 'Arjun', 'Kavya', 'Dev', 'Priya', 'Sanjay', 'Lakshmi'];
const noon = Date.parse('2026-12-02T06:30:00Z');
const messages: DltCheckedMessage[] = Array.from({ length: COUNT }, (_, i) => {
  const name = random.next() < 0.02 ? 'Venkatanarasimharajuvaripeta Subrahmanyam' : `${FIRST[i % FIRST.length] ?? 'Asha'} ${i}`;
  const discount = `${5 + (i % 40)}%`;
  return {
    variant: 0,
    body: `Hi ${name}, the Acme festive sale is on: ${discount} off in store and online till Sunday. Reply STOP to opt out.`,
    recipients: [`+9198${String(10_000_000 + i).slice(-8)}`],
    leavesAtMs: noon,
  };
});

let failing = 0;
const timing = timeRuns(RUNS, () => {
  const report = checkDltCompliance(
    { registry, senderId: '567890', routeType: 'promotional', variants: [{ language: 'en', dltTemplateId: TEMPLATE }] },
    messages,
  );
  failing = report.failingRecipients;
});
console.log(
  `DLT check, ${COUNT.toLocaleString('en-US')} personalised texts (${failing.toLocaleString('en-US')} failing): ` +
    `${describeTiming(timing)}, ${perSecond(COUNT, timing.medianMs)} texts/s`,
);

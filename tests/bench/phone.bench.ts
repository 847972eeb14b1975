/**
 * normalizePhone vs a bare libphonenumber-js `parsePhoneNumber` + `isValid` loop on the same
 * numbers (20 countries, mixed formats). normalizePhone also finds zones and explains
 * rejections, so the ratio shows what that costs on top of parsing.
 * Run: npx tsx tests/bench/phone.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizePhone } from '../../shared/phone';
import { generatePhoneInputs } from './gen/phones';
import { createRandom } from '../support/random';
import { scaled } from './gen/random';
import { describeTiming, perSecond, summarize, timeRuns } from './gen/timing';

const COUNT = scaled(1_000_000);
const RUNS = 3;
const inputs = generatePhoneInputs(createRandom(0xfade), COUNT);

let peerValid = 0;
let ours = 0;
let withZones = 0;
const peerSamples: number[] = [];
const oursSamples: number[] = [];
// Alternate the two run by run so both see the same machine load.
for (let run = 0; run < RUNS; run++) {
  peerSamples.push(
    timeRuns(1, () => {
      peerValid = 0;
      for (const { text, defaultCountry } of inputs) if (parsePhoneNumberFromString(text, defaultCountry)?.isValid()) peerValid++;
    }).medianMs,
  );
  oursSamples.push(
    timeRuns(1, () => {
      ours = 0;
      withZones = 0;
      for (const { text, defaultCountry } of inputs) {
        const result = normalizePhone(text, defaultCountry);
        if (result.ok) {
          ours++;
          if (result.zones.length > 0) withZones++;
        }
      }
    }).medianMs,
  );
}
const peer = summarize(peerSamples);
const mine = summarize(oursSamples);

// normalizePhone also reads "00…" as international whatever the default country, so it may accept more.
if (ours < peerValid) {
  console.error(`normalizePhone accepted ${ours} numbers but libphonenumber-js accepts ${peerValid}`);
  process.exit(1);
}

console.log(`Phone numbers — ${COUNT.toLocaleString('en-US')} inputs, 20 countries, mixed formats`);
console.log(`  parsePhoneNumber+isValid: ${describeTiming(peer)} → ${perSecond(COUNT, peer.medianMs)} numbers/s, ${peerValid.toLocaleString('en-US')} valid`);
console.log(
  `  normalizePhone:           ${describeTiming(mine)} → ${perSecond(COUNT, mine.medianMs)} numbers/s, ` +
    `${ours.toLocaleString('en-US')} valid, ${withZones.toLocaleString('en-US')} with zones`,
);
console.log(`  normalizePhone takes ${(mine.medianMs / peer.medianMs).toFixed(2)}× the time of the bare parse`);

/**
 * analyzeSms vs Twilio's sms-segments-calculator on the same personalised messages, plus
 * analyzeSms alone on a million messages. Asserts both agree on every compared message.
 * Run: npx tsx tests/bench/sms.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import { analyzeSms, countSmsSegments } from '../../shared/sms';
import { generateMessages } from './gen/messages';
import { createRandom } from '../support/random';
import { scaled } from './gen/random';
import { describeTiming, perSecond, summarize, timeRuns } from './gen/timing';

const PEER_MESSAGES = scaled(5_000);
const MILLION = scaled(1_000_000);
const RUNS = 7;

const random = createRandom(0x5e9);
const messages = generateMessages(random, MILLION);
const peerSample = messages.slice(0, PEER_MESSAGES);

let mismatches = 0;
for (const text of peerSample) {
  const theirs = new SegmentedMessage(text);
  const mine = analyzeSms(text);
  if (theirs.encodingName !== mine.encoding || theirs.segmentsCount !== mine.segments) {
    mismatches++;
    if (mismatches <= 5) console.error('MISMATCH', JSON.stringify(text), theirs.encodingName, theirs.segmentsCount, mine);
  }
}
if (mismatches > 0) {
  console.error(`${mismatches} of ${peerSample.length} messages differ from the peer`);
  process.exit(1);
}

let sink = 0;
// Peer and ours alternate run by run so both see the same machine load.
const repeats = Math.max(1, Math.round(200_000 / peerSample.length));
const peerSamples: number[] = [];
const oursSamples: number[] = [];
for (let run = 0; run < RUNS; run++) {
  peerSamples.push(
    timeRuns(1, () => {
      for (const text of peerSample) sink += new SegmentedMessage(text).segmentsCount;
    }).medianMs,
  );
  // Our run repeats the same messages so it lasts long enough to time precisely.
  oursSamples.push(
    timeRuns(1, () => {
      for (let round = 0; round < repeats; round++) for (const text of peerSample) sink += analyzeSms(text).segments;
    }).medianMs,
  );
}
const peerTiming = summarize(peerSamples);
const oursOnSample = summarize(oursSamples);
const oursOnMillion = timeRuns(RUNS, () => {
  for (const text of messages) sink += analyzeSms(text).segments;
});

const countOnMillion = timeRuns(RUNS, () => {
  for (const text of messages) sink += countSmsSegments(text);
});

const peerRate = (peerSample.length * 1000) / peerTiming.medianMs;
const ourRate = (peerSample.length * repeats * 1000) / oursOnSample.medianMs;
const unicodeShare = messages.filter((text) => analyzeSms(text).encoding === 'UCS-2').length / messages.length;

console.log(
  `SMS segments — ${peerSample.length.toLocaleString('en-US')} personalised messages, ${(unicodeShare * 100).toFixed(0)}% UCS-2, identical results on all`,
);
console.log(`  sms-segments-calculator: ${describeTiming(peerTiming)} → ${perSecond(peerSample.length, peerTiming.medianMs)} msg/s`);
console.log(
  `  analyzeSms (same messages ×${repeats}): ${describeTiming(oursOnSample)} → ${perSecond(peerSample.length * repeats, oursOnSample.medianMs)} msg/s`,
);
const bestRatio = (peerSample.length * repeats) / oursOnSample.minMs / (peerSample.length / peerTiming.minMs);
console.log(`  ratio: ${(ourRate / peerRate).toFixed(0)}× the peer on medians, ${bestRatio.toFixed(0)}× on best runs (target ≥ 500×)`);
console.log(
  `  analyzeSms on ${messages.length.toLocaleString('en-US')} messages: ${describeTiming(oursOnMillion)} → ` +
    `${perSecond(messages.length, oursOnMillion.medianMs)} msg/s`,
);
console.log(
  `  countSmsSegments on ${messages.length.toLocaleString('en-US')} messages: ${describeTiming(countOnMillion)} → ` +
    `${perSecond(messages.length, countOnMillion.medianMs)} msg/s`,
);
if (sink < 0) console.log(sink);

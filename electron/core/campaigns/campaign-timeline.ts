import { TIMELINE_BUCKET_MINUTES, TIMELINE_MAX_BUCKETS, type CampaignTimeline, type TimelineBucket } from '../../../shared/calls/campaign-timeline';
import type { CampaignProgressRepository, TimelineTally } from '../store/campaign-progress-repository';
import type { CampaignRecord } from '../store/campaigns-repository';
import { isoAt, MINUTE } from '../time';

type BucketMinutes = CampaignTimeline['bucketMinutes'];

/** The smallest bucket size that spans `spanMs` in at most TIMELINE_MAX_BUCKETS buckets (the largest otherwise). */
export function bucketMinutesFor(spanMs: number): BucketMinutes {
  return TIMELINE_BUCKET_MINUTES.find((minutes) => Math.floor(spanMs / (minutes * MINUTE)) + 1 <= TIMELINE_MAX_BUCKETS) ?? 1440;
}

/**
 * The stored delivery timeline of a launched campaign (or one wave): messages handed to the API
 * and final statuses per bucket, from the launch (a wave: its first send) to the last event.
 * Messages the API holds for a later time count as sent only once that time has come.
 * Counted in SQL at a size guessed from the outbox's range (a row per hundred messages), then
 * merged into larger buckets if statuses arrived later than that range covers — every size
 * divides the next, and buckets are aligned to the epoch, so merging is exact.
 */
export function campaignTimeline(progress: CampaignProgressRepository, record: CampaignRecord, waveNo: number | null, nowMs: number): CampaignTimeline {
  const scope = { campaignId: record.id, waveNo, nowMs };
  const range = progress.sentRange(scope);
  if (range === null) return { bucketMinutes: 1, buckets: [] };
  const launchedMs = record.launchedAtMs ?? range.firstMs;
  const startMs = waveNo === null ? Math.min(launchedMs, range.firstMs) : range.firstMs;
  let minutes = bucketMinutesFor(range.lastMs - startMs);
  let tallies = progress.timeline(scope, minutes * MINUTE);
  const lastMs = Math.max(range.lastMs, ...tallies.map((tally) => (tally.bucket + 1) * minutes * MINUTE - 1));
  const wider = bucketMinutesFor(lastMs - startMs);
  if (wider !== minutes) {
    tallies = merge(tallies, minutes, wider);
    minutes = wider;
  }
  return { bucketMinutes: minutes, buckets: denseBuckets(tallies, Math.floor(startMs / (minutes * MINUTE)), minutes * MINUTE) };
}

/** Tallies of buckets of `fromMinutes` summed into buckets of `toMinutes` (a multiple of it). */
function merge(tallies: readonly TimelineTally[], fromMinutes: number, toMinutes: number): TimelineTally[] {
  const merged = new Map<string, TimelineTally>();
  for (const tally of tallies) {
    const bucket = Math.floor((tally.bucket * fromMinutes) / toMinutes);
    const key = `${bucket}:${tally.kind}`;
    const existing = merged.get(key);
    if (existing) existing.messages += tally.messages;
    else merged.set(key, { ...tally, bucket });
  }
  return [...merged.values()];
}

/** Every bucket from the first to the last, empty ones included, so the chart's time axis is even. */
function denseBuckets(tallies: readonly TimelineTally[], startBucket: number, bucketMs: number): TimelineBucket[] {
  const first = Math.min(startBucket, ...tallies.map((tally) => tally.bucket));
  const last = Math.max(first, ...tallies.map((tally) => tally.bucket));
  const buckets: TimelineBucket[] = [];
  for (let bucket = first; bucket <= last; bucket++) buckets.push({ startUtc: isoAt(bucket * bucketMs), sent: 0, delivered: 0, undelivered: 0, notSent: 0 });
  for (const tally of tallies) {
    const target = buckets[tally.bucket - first];
    if (target) target[tally.kind] += tally.messages;
  }
  return buckets;
}

import { z } from 'zod';
import { campaignId } from './campaigns';
import { isoInstant } from './common';
import { defineCall, defineFeature } from './define';

/** Bucket sizes the timeline picks from, in minutes: the smallest that keeps it within TIMELINE_MAX_BUCKETS. */
export const TIMELINE_BUCKET_MINUTES = [1, 5, 15, 60, 360, 1440] as const;
export const TIMELINE_MAX_BUCKETS = 120;

export const timelineBucket = z.strictObject({
  startUtc: isoInstant,
  /** Messages handed to the API in this bucket (at their send time when the API held them for later). */
  sent: z.number().int(),
  delivered: z.number().int(),
  undelivered: z.number().int(),
  /** Not sent by the API (a cancelled scheduled message is not counted). */
  notSent: z.number().int(),
});
export type TimelineBucket = z.infer<typeof timelineBucket>;

export const campaignTimeline = z.strictObject({
  bucketMinutes: z.union(TIMELINE_BUCKET_MINUTES.map((minutes) => z.literal(minutes))),
  /** Every bucket from the first to the last event, empty ones included; counts per bucket, not cumulative. */
  buckets: z.array(timelineBucket),
});
export type CampaignTimeline = z.infer<typeof campaignTimeline>;

export const campaignTimelineCalls = {
  /** The stored delivery timeline of a launched campaign of the active profile, or of one of its waves. */
  'campaigns.timeline': defineCall({
    input: z.strictObject({ id: campaignId, waveNo: z.number().int().min(1).optional() }),
    output: campaignTimeline,
    access: 'anyone',
  }),
};

export const campaignTimelineFeature = defineFeature({ calls: campaignTimelineCalls });

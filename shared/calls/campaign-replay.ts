import { z } from 'zod';
import { MessageStatusGroup } from '../message-status';
import { audienceId } from './audiences';
import { campaignId } from './campaigns';
import { defineCall, defineFeature } from './define';

/** The per-recipient statuses a finished campaign's messages end in, which a replay may pick from. */
export const replayStatus = z.enum(MessageStatusGroup.replayable);
export type ReplayStatus = z.infer<typeof replayStatus>;

/** How each status reads in names and labels ("… — replay (undelivered)"). */
export const REPLAY_STATUS_LABELS: Record<ReplayStatus, string> = {
  UnDelivered: 'undelivered',
  NotSent: 'not sent',
  Failed: 'failed',
  rejected: 'refused',
  cancelled: 'cancelled',
  Delivered: 'delivered',
  Sent: 'sent, no report',
};

const replayStatuses = z
  .array(replayStatus)
  .min(1, 'Choose at least one delivery status to replay')
  .max(replayStatus.options.length)
  .refine((list) => new Set(list).size === list.length, 'Each status may be chosen once');

export const replayInfo = z.strictObject({
  /** The finished campaign this draft replays; null for an ordinary campaign. */
  replayOf: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  statuses: z.array(replayStatus),
  /** Recipients in the replay's audience; null for an ordinary campaign. */
  recipients: z.number().int().nullable(),
});
export type ReplayInfo = z.infer<typeof replayInfo>;

export const replayCalls = {
  /**
   * From a completed or cancelled campaign: in one transaction, a new audience of the recipients
   * whose message ended in one of `statuses` (all their fields copied) and a new draft copying the
   * campaign's sender, route, variants, quiet hours, fallback zone and budget, to send now.
   */
  'campaigns.replay': defineCall({
    input: z.strictObject({ id: campaignId, statuses: replayStatuses, name: z.string().trim().min(1, 'Give the replay a name').max(120).optional() }),
    output: z.strictObject({ id: campaignId, name: z.string(), audienceId, recipients: z.number().int() }),
    access: 'anyone',
  }),
  /** What the editor's banner says about a replay draft ("Replay of X to N recipients"). */
  'campaigns.replayInfo': defineCall({ input: z.strictObject({ id: campaignId }), output: replayInfo, access: 'anyone' }),
};

export const replayFeature = defineFeature({ calls: replayCalls });

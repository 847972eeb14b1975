import type { CampaignView } from '../../../shared/calls/campaigns';

export type SectionId = 'message' | 'schedule' | 'budget' | 'monitor';

/**
 * The step a campaign opens on: a new draft on Message; an existing draft on the first step that
 * still needs something (Message: audience, sender ID, a written message; Schedule: when to send),
 * else Budget and launch; anything launched on Monitor. Never "whichever tab was used last".
 */
export function openingStep(campaign: Pick<CampaignView, 'status' | 'audienceId' | 'senderId' | 'variants' | 'schedule'>, isNew: boolean): SectionId {
  if (campaign.status !== 'draft') return 'monitor';
  if (isNew) return 'message';
  const messageReady =
    campaign.audienceId !== null &&
    campaign.senderId.trim() !== '' &&
    campaign.variants.length > 0 &&
    campaign.variants.every((variant) => variant.body.trim() !== '');
  if (!messageReady) return 'message';
  if (campaign.schedule === null) return 'schedule';
  return 'budget';
}

/**
 * The idempotency reference of one outbox request, sent in `ref_custom`. It names the campaign
 * and the wave (Kaleyra's reports show it) and is unique per account for ever, because the
 * campaign id is a random UUID: the API deduplicates on it, so a request sent twice goes once.
 */
export const REFERENCE_PREFIX = 'cd:';

export function campaignReference(campaignId: string, waveNo: number, requestNo: number): string {
  return `${REFERENCE_PREFIX}${campaignId}:w${waveNo}:r${requestNo}`;
}

export function isCampaignReference(reference: string): boolean {
  return reference.startsWith(REFERENCE_PREFIX);
}

import type { SmsLogEntry } from '../../../shared/kaleyra/sms';
import { parseMajorToMinor } from '../../../shared/money';
import { REFERENCE_PREFIX } from '../outbox/references';
import type { SpendMessageLine } from '../store/spend-log-repository';

/** What the spend dashboard needs to know about one message, folded from its log lines. */
export type MessageFacts = SpendMessageLine;

const CAMPAIGN_REFERENCE = new RegExp(`^${REFERENCE_PREFIX}(.+):w(\\d+):r\\d+$`);

export function campaignOfReference(references: readonly string[]): { campaignId: string; waveNo: number } | null {
  for (const reference of references) {
    const match = CAMPAIGN_REFERENCE.exec(reference);
    if (match?.[1] !== undefined && match[2] !== undefined) return { campaignId: match[1], waveNo: Number(match[2]) };
  }
  return null;
}

/**
 * The messages of one account, built from the API's message log [ours] one page at a time. The
 * log has one line per status change, oldest first: the first line says when and what was
 * charged, the last line says where the message stands.
 */
export class AccountMessages {
  private readonly messages = new Map<string, MessageFacts>();
  /** The log cursor after the last line folded in; null before the first page. */
  cursor: string | null = null;

  get size(): number {
    return this.messages.size;
  }

  values(): IterableIterator<MessageFacts> {
    return this.messages.values();
  }

  fold(entries: readonly SmsLogEntry[]): void {
    for (const entry of entries) {
      const known = this.messages.get(entry.message_id);
      const chargedMinor = parseMajorToMinor(entry.charged, entry.currency);
      if (known) {
        known.status = entry.status;
        // The charge is the message's, repeated on every line: keep the largest seen in case a line lacks it.
        if (chargedMinor > known.chargedMinor) {
          known.chargedMinor = chargedMinor;
          known.units = entry.units;
        }
        continue;
      }
      const line = lineOf(entry);
      this.messages.set(entry.message_id, { ...line, units: chargedMinor > 0 ? line.units : 0 });
    }
  }
}

/** One log line as the spend store keeps it: its first line's time and charge stay, later lines move the status. */
export function lineOf(entry: SmsLogEntry): SpendMessageLine {
  const campaign = campaignOfReference(entry.ref_custom);
  return {
    messageId: entry.message_id,
    country: entry.country,
    acceptedAtMs: Date.parse(entry.at),
    status: entry.status,
    chargedMinor: parseMajorToMinor(entry.charged, entry.currency),
    units: entry.units,
    campaignId: campaign?.campaignId ?? null,
    waveNo: campaign?.waveNo ?? null,
  };
}

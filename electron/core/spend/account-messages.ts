import type { SmsLogEntry, SmsStatus } from '../../../shared/kaleyra/sms';
import { parseMajorToMinor } from '../../../shared/money';
import { REFERENCE_PREFIX } from '../outbox/references';

/** What the spend dashboard needs to know about one message, folded from its log lines. */
export interface MessageFacts {
  messageId: string;
  country: string | null;
  /** When the API accepted (and, if chargeable, charged) it: its first log line. */
  acceptedAtMs: number;
  status: SmsStatus;
  /** What the API charged when it accepted the message (a later refund does not change it). */
  chargedMinor: number;
  units: number;
  /** From our `ref_custom` reference; null for sends made outside Campaign Desk. */
  campaignId: string | null;
  waveNo: number | null;
}

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
      const campaign = campaignOfReference(entry.ref_custom);
      this.messages.set(entry.message_id, {
        messageId: entry.message_id,
        country: entry.country,
        acceptedAtMs: Date.parse(entry.at),
        status: entry.status,
        chargedMinor,
        units: chargedMinor > 0 ? entry.units : 0,
        campaignId: campaign?.campaignId ?? null,
        waveNo: campaign?.waveNo ?? null,
      });
    }
  }
}

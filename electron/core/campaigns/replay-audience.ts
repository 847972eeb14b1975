import { performance } from 'node:perf_hooks';
import type { AudienceReport, AudiencesRepository, MessagePosition, ZoneSource } from '../store/audiences-repository';
import type { SqliteDatabase } from '../store/database';
import { transactionWhenFree } from '../store/transaction-when-free';
import { SliceSizer, yieldToEvents } from '../time-slices';

export interface ReplaySource {
  audienceId: string;
  campaignId: string;
  statuses: readonly string[];
}

/**
 * Fills the `importing` audience `targetId` with the source campaign's recipients of the chosen
 * statuses, then gathers its report, a slice of a few milliseconds at a time with a yield between
 * slices: a million-recipient replay never holds the screens' calls. Each slice is one statement
 * in its own transaction, which waits for another connection's write lock off the thread; the
 * audience stays `importing` until the caller completes it, so a copy cut short by a crash is
 * marked failed on the next start like any interrupted import.
 * Returns how many recipients were copied and their report.
 */
export async function copyReplayAudience(
  db: SqliteDatabase,
  audiences: AudiencesRepository,
  targetId: string,
  source: ReplaySource,
): Promise<{ recipients: number; report: AudienceReport }> {
  let recipients = 0;
  const copySizer = new SliceSizer({ initial: 2_000, min: 200, max: 20_000 });
  for (let after: MessagePosition | null = null; ;) {
    const limit = copySizer.next();
    let elapsedMs = 0;
    const slice = await transactionWhenFree(db, () => {
      const started = performance.now();
      const copiedSlice = audiences.copyCampaignRecipientsSlice(targetId, source, after, limit);
      elapsedMs = performance.now() - started;
      return copiedSlice;
    });
    copySizer.record(limit, elapsedMs);
    recipients += slice.copied;
    if (slice.next === null) break;
    after = slice.next;
    await yieldToEvents();
  }

  const recipientsByZoneSource: Record<ZoneSource, number> = { column: 0, prefix: 0, country: 0, fallback: 0, unknown: 0 };
  const facets = new Map<string, { country: string | null; zone: string | null; recipients: number }>();
  const statsSizer = new SliceSizer({ initial: 5_000, min: 500, max: 50_000 });
  for (let afterRow = 0; recipients > 0;) {
    const started = performance.now();
    const limit = statsSizer.next();
    const slice = audiences.recipientStatsSlice(targetId, afterRow, limit);
    statsSizer.record(limit, performance.now() - started);
    for (const group of slice.groups) {
      recipientsByZoneSource[group.zoneSource] += group.recipients;
      const key = `${group.country ?? ''}\u0000${group.zone ?? ''}`;
      const facet = facets.get(key);
      if (facet) facet.recipients += group.recipients;
      else facets.set(key, { country: group.country, zone: group.zone, recipients: group.recipients });
    }
    if (slice.lastRow === null) break;
    afterRow = slice.lastRow;
    await yieldToEvents();
  }
  return {
    recipients,
    report: {
      // Every copied row was a checked recipient of the source: no issues.
      issuesByKind: { invalid: 0, duplicate: 0, opted_out: 0, zone_unknown: 0, zone_ambiguous: 0 },
      recipientsByZoneSource,
      facets: [...facets.values()].sort((a, b) => b.recipients - a.recipients),
    },
  };
}

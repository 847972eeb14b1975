import type { CampaignProgress, CampaignStatus } from '../../../shared/calls/campaigns';
import type { DeskEvent } from '../../../shared/contract';
import { performance } from 'node:perf_hooks';
import { csvLines, toCsv } from '../../../shared/csv-export';
import { minorToMajorString } from '../../../shared/money';
import type { CampaignProgressRepository, MessageTally, ReasonTally, RecipientResult } from '../store/campaign-progress-repository';
import type { CampaignRecord, CampaignsRepository, WaveRecord } from '../store/campaigns-repository';
import { isoAt, type Clock } from '../time';
import { SliceSizer, yieldToEvents } from '../time-slices';
import { variantPicker } from './audience-snapshot';
import { notFound } from './campaign-drafts';
import { campaignTimeline } from './campaign-timeline';
import type { CampaignTimeline } from '../../../shared/calls/campaign-timeline';
import type { LaunchedLeftOut } from './launched-left-out';
import { LEFT_OUT_LABELS } from '../../../shared/left-out';
import { assertNever } from '../../../shared/assert-never';
import { ledgerOnlySpend, type CampaignActualSpendReader } from '../spend/campaign-actual-spend';

/** Progress events are coalesced: at most one per campaign in this interval. */
export const PROGRESS_EVENT_INTERVAL_MS = 200;
const FAILURES_SHOWN = 20;

type Counts = Omit<CampaignProgress['totals'], 'reservedMinor'>;

const emptyCounts = (): Counts => ({
  recipients: 0,
  queued: 0,
  scheduled: 0,
  sent: 0,
  delivered: 0,
  undelivered: 0,
  notSent: 0,
  failed: 0,
  cancelled: 0,
  estimatedMinor: 0,
  chargedMinor: 0,
});

/**
 * Watches launched campaigns: computes their progress from the store, moves their status along
 * (scheduled → running → completed) as requests settle and statuses arrive, and tells the
 * renderer, at most every PROGRESS_EVENT_INTERVAL_MS per campaign.
 */
export class CampaignMonitor {
  private readonly pending = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly progressRepository: CampaignProgressRepository,
    private readonly clock: Clock,
    private readonly emit: (event: DeskEvent) => void,
    private readonly leftOut: LaunchedLeftOut = { counts: () => [], rows: () => [] },
    private readonly actualSpend: CampaignActualSpendReader | null = null,
  ) {}

  progress(record: CampaignRecord): CampaignProgress {
    const nowMs = this.clock();
    const waves = this.campaigns.waves(record.id);
    const byWave = new Map<number, Counts>(waves.map((wave) => [wave.waveNo, { ...emptyCounts(), estimatedMinor: wave.estimatedCostMinor }]));
    const sendAtOf = new Map(waves.map((wave) => [wave.waveNo, wave.sendAtMs]));
    const waiting = this.progressRepository.waitingByWave(record.id);
    const tallies = this.progressRepository.messages(record.id);
    for (const tally of tallies) {
      const counts = byWave.get(tally.waveNo);
      if (counts) addTally(counts, tally, waiting.get(tally.waveNo) ?? 0, (sendAtOf.get(tally.waveNo) ?? 0) > nowMs);
    }
    const totals = emptyCounts();
    for (const counts of byWave.values()) {
      for (const key of Object.keys(totals) as Array<keyof Counts>) totals[key] += counts[key];
    }
    const reasons = this.progressRepository.undeliveredReasons(record.id);
    const requests = { total: 0, pending: 0, accepted: 0, failed: 0, cancelled: 0 };
    for (const tally of this.progressRepository.requests(record.id)) {
      requests.total += tally.requests;
      switch (tally.state) {
        case 'pending':
        case 'in_flight':
          requests.pending += tally.requests;
          break;
        case 'accepted':
        case 'cancel_pending':
          requests.accepted += tally.requests;
          break;
        case 'failed':
          requests.failed += tally.requests;
          break;
        case 'cancelled':
          requests.cancelled += tally.requests;
          break;
        default:
          assertNever(tally.state);
      }
    }
    const chargesUnreported = this.progressRepository.chargesUnreported(record.id);
    const waveNos = waves.map((wave) => wave.waveNo);
    return {
      campaignId: record.id,
      status: record.status,
      blockedReason: record.blockedReason,
      currency: record.currency,
      launchedAt: record.launchedAtMs === null ? null : isoAt(record.launchedAtMs),
      totals: { ...totals, reservedMinor: this.progressRepository.reserved(record.id) },
      chargedUnavailable: chargesUnreported
        ? "This API does not report what each message cost (Kaleyra's documented send and status answers carry no charge), " +
          "so the amount charged is not known here. The account's own usage report has it."
        : null,
      actualSpend: this.actualSpend?.of(record.id, tallies, waveNos, chargesUnreported) ?? ledgerOnlySpend(tallies, waveNos, chargesUnreported),
      requests,
      waves: waves.map((wave: WaveRecord) => ({
        waveNo: wave.waveNo,
        status: wave.status,
        zone: wave.zone,
        localDate: wave.localDate,
        localTime: wave.localTime,
        utc: isoAt(wave.sendAtMs),
        ...(byWave.get(wave.waveNo) ?? emptyCounts()),
        undeliveredByReason: byReason(reasons.filter((tally) => tally.waveNo === wave.waveNo)),
      })),
      leftOut: this.leftOut.counts(record),
      undeliveredByReason: byReason(reasons),
      failures: this.progressRepository.failures(record.id, FAILURES_SHOWN),
      sendRules: this.progressRepository.sendRules(record.id),
    };
  }

  /**
   * One CSV line per recipient of the profile's own campaign (another profile's is "not found",
   * as for `campaigns.get`). Cells that a spreadsheet would run as a formula are neutralised.
   */
  async exportResults(profileId: string, campaignId: string): Promise<{ fileName: string; csv: string; rows: number }> {
    const record = this.campaigns.get(profileId, campaignId);
    if (!record) throw notFound();
    const pickVariant = variantPicker(record.variants);
    const header = ['phone', 'wave', 'variant', 'status', 'trace_reason', `charged${record.currency === null ? '' : `_${record.currency}`}`];
    // A million recipients are read and written a slice at a time, yielding between slices, so the
    // screens' calls never wait behind the export.
    const chunks = [toCsv(header, [])];
    const sizer = new SliceSizer({ initial: 2_000, min: 200, max: 20_000 });
    let rowCount = 0;
    for (let after: RecipientResult | null = null; ;) {
      const started = performance.now();
      const page = this.progressRepository.recipientResults(campaignId, after, sizer.next());
      if (page.length === 0) break;
      chunks.push(csvLines(page.map((result) => resultLine(result, record, pickVariant))));
      sizer.record(page.length, performance.now() - started);
      rowCount += page.length;
      after = page.at(-1) ?? null;
      await yieldToEvents();
    }
    // Everyone the file names who got no message is in the file too, with why.
    const leftOut = this.leftOut.rows(record).map((left) => [left.phone, null, null, 'Left out', LEFT_OUT_LABELS[left.reason], null]);
    chunks.push(csvLines(leftOut));
    rowCount += leftOut.length;
    return { fileName: `${fileSafe(record.name)}-results.csv`, csv: chunks.join(''), rows: rowCount };
  }

  /** The stored delivery timeline of a launched campaign, or of one of its waves. */
  timeline(record: CampaignRecord, waveNo: number | null): CampaignTimeline {
    return campaignTimeline(this.progressRepository, record, waveNo, this.clock());
  }

  /**
   * Moves a live campaign's status along: `scheduled` becomes `running` once its first wave is
   * due, and `running` becomes `completed` when no request waits and every message has a final
   * status. Paused and cancelled campaigns stay as they are.
   */
  refreshStatus(profileId: string, campaignId: string): CampaignRecord | undefined {
    const record = this.campaigns.get(profileId, campaignId);
    if (!record || (record.status !== 'scheduled' && record.status !== 'running')) return record;
    const open = this.progressRepository
      .requests(campaignId)
      .some((tally) => tally.state === 'pending' || tally.state === 'in_flight' || tally.state === 'cancel_pending');
    let next: CampaignStatus = record.status;
    // Open requests are cheap to see; only without any are the messages counted.
    if (!open && this.progressRepository.openMessages(campaignId) === 0) next = 'completed';
    else if (record.status === 'scheduled' && this.campaigns.waves(campaignId).some((wave) => wave.sendAtMs <= this.clock())) next = 'running';
    if (next === record.status) return record;
    this.campaigns.setStatus(campaignId, next, null, isoAt(this.clock()));
    this.emit({ name: 'campaigns.changed', payload: { profileId, campaignId } });
    return this.campaigns.get(profileId, campaignId);
  }

  /** Something changed for this campaign: refresh its status and tell the renderer soon. */
  touched(profileId: string, campaignId: string): void {
    this.pending.set(campaignId, profileId);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), PROGRESS_EVENT_INTERVAL_MS);
    this.timer.unref();
  }

  /** Emits whatever is pending now (tests and shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [campaignId, profileId] of batch) {
      const record = this.refreshStatus(profileId, campaignId);
      if (!record) continue;
      const requests = this.progressRepository.requests(campaignId);
      const recipientsIn = (...states: string[]) => requests.filter((tally) => states.includes(tally.state)).reduce((sum, tally) => sum + tally.recipients, 0);
      this.emit({
        name: 'campaigns.progress',
        payload: {
          profileId,
          campaignId,
          status: record.status,
          blocked: record.blockedReason !== null,
          queued: recipientsIn('pending', 'in_flight'),
          accepted: recipientsIn('accepted', 'cancel_pending'),
          failed: recipientsIn('failed'),
          recipients: recipientsIn('pending', 'in_flight', 'accepted', 'cancel_pending', 'failed', 'cancelled'),
        },
      });
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

/** Sums tallies per reason, most frequent first (then by name, so the order is stable). */
function byReason(tallies: readonly ReasonTally[]): Array<{ reason: string; count: number }> {
  const counts = new Map<string, number>();
  for (const tally of tallies) counts.set(tally.reason, (counts.get(tally.reason) ?? 0) + tally.messages);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** One CSV line of the results: the variant stored at launch, and the charge only where it was kept. */
function resultLine(result: RecipientResult, record: CampaignRecord, pickVariant: ReturnType<typeof variantPicker>): Array<string | number | null> {
  // Before the variant was stored at launch, it is derived from the audience row (unknown if deleted since).
  const derived = result.inAudience ? pickVariant(result.language) : undefined;
  const variant = result.variant ?? (derived === undefined ? null : (record.variants[derived]?.language ?? null));
  // As in the progress totals: only messages on their way or delivered stay charged (undelivered ones are refunded).
  const kept = result.status === 'Scheduled' || result.status === 'Sent' || result.status === 'Delivered' ? result.chargedMinor : 0;
  const charged = record.currency === null ? null : minorToMajorString(kept, record.currency);
  return [result.recipient, result.waveNo, variant, result.status, result.details, charged];
}

/** A campaign name as a file name: only characters every file system accepts. */
function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'campaign';
}

function addTally(counts: Counts, tally: MessageTally, waitingInWave: number, waveStillAhead: boolean): void {
  counts.recipients += tally.messages;
  switch (tally.status) {
    case 'queued': {
      // No status from the API yet: those whose request still waits are queued; the others were
      // accepted, so they are scheduled at the API if their time is ahead, else sent.
      const waiting = Math.min(waitingInWave, tally.messages);
      counts.queued += waiting;
      if (waveStillAhead) counts.scheduled += tally.messages - waiting;
      else counts.sent += tally.messages - waiting;
      return;
    }
    case 'Scheduled':
      counts.scheduled += tally.messages;
      counts.chargedMinor += tally.chargedMinor;
      return;
    case 'Sent':
      counts.sent += tally.messages;
      counts.chargedMinor += tally.chargedMinor;
      return;
    case 'Delivered':
      counts.delivered += tally.messages;
      counts.chargedMinor += tally.chargedMinor;
      return;
    case 'UnDelivered':
      // [ours] the sandbox refunds undelivered messages in full; their charge is not spend.
      counts.undelivered += tally.messages;
      return;
    case 'NotSent':
      if (tally.cancelledAtApi) counts.cancelled += tally.messages;
      else counts.notSent += tally.messages;
      return;
    case 'Failed':
    case 'rejected':
      counts.failed += tally.messages;
      return;
    case 'cancelled':
      counts.cancelled += tally.messages;
      return;
    default:
      assertNever(tally.status);
  }
}
